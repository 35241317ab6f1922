// The integrations a session offers, and ranked search over them.
#pragma once

#include "authkit/forms.hpp"
#include "authkit/json.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace authkit {

enum class AuthType { oauth2, api_key };

struct Integration {
    std::string id;
    std::string name;
    std::string category;
    std::string description;
    std::string logo;  // https: or same-origin path, else empty
    AuthType auth_type = AuthType::api_key;
    std::vector<Field> fields;

    // Precomputed for search: folded text and where each code point of the name starts in UTF-16.
    std::u32string folded_name;
    std::vector<bool> word_start;
    std::vector<std::size_t> name_utf16;
    std::u32string folded_other;  // id, category and description, space-separated
    std::uint64_t name_mask = 0;  // which characters occur (hashed to 64 bits): a cheap "cannot match" test
    std::uint64_t other_mask = 0;
    std::size_t category_index = 0;  // position of its category in the list's order of first appearance
};

// Reads the session's integration list; malformed entries are skipped, not fatal.
std::vector<Integration> parse_integrations(const json& list);

// How well a name matched, best first.
enum class MatchTier { exact, prefix, word_start, substring, fuzzy, other_field, everything };

struct Match {
    std::size_t index;  // into the integration list
    MatchTier tier;
    std::size_t rank;   // position of the match, or span of a fuzzy match: smaller is better
    std::vector<std::pair<std::size_t, std::size_t>> highlight;  // [begin, end) in UTF-16 units of the name
};

struct CategoryCount {
    std::string name;
    std::size_t count;
};

struct SearchResult {
    std::vector<Match> matches;  // the best `limit`, best first
    std::size_t total = 0;       // all matches in the chosen category
    std::vector<CategoryCount> categories;  // matches per category, ignoring the chosen category
    std::vector<std::size_t> matched;       // every match in any category, in list order
};

// Lower case, accents removed, whitespace trimmed and collapsed: the form queries are compared in.
std::u32string normalize_query(const std::string& query);

// Ranks exact > prefix > word start > substring > fuzzy subsequence of the name, then matches in
// id, category or description; ties go to the earlier match, the shorter name, then list order.
// `within`, when given, limits the search to these indices: a query that extends the previous one
// can only match what the previous one matched, so typing narrows instead of rescanning.
SearchResult search(const std::vector<Integration>& integrations, const std::u32string& query,
                    const std::string& category, std::size_t limit,
                    const std::vector<std::size_t>* within = nullptr);

const char* to_string(AuthType type);

}  // namespace authkit
