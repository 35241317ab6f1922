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

// What search reads, folded once per session and laid out contiguously: a keystroke over
// thousands of integrations then walks a few flat arrays instead of thousands of scattered strings.
class SearchIndex {
public:
    SearchIndex() = default;
    explicit SearchIndex(const std::vector<Integration>& integrations);

    // Ranks exact > prefix > word start > substring > fuzzy subsequence of the name, then matches in
    // id, category or description; ties go to the earlier match, the shorter name, then list order.
    // `within`, when given, limits the search to these indices: a query that extends the previous one
    // can only match what the previous one matched, so typing narrows instead of rescanning.
    SearchResult search(const std::u32string& query, const std::string& category, std::size_t limit,
                        const std::vector<std::size_t>* within = nullptr) const;

    std::u32string_view folded_name(std::size_t index) const;
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        std::uint64_t name_mask;   // which characters occur (hashed to 64 bits): a cheap "cannot match" test
        std::uint64_t other_mask;
        std::uint32_t name_begin;  // into names_ and starts_
        std::uint32_t name_length;
        std::uint32_t units_begin;  // into units_: UTF-16 offset of each code point, plus the end
        std::uint32_t other_begin;  // into others_
        std::uint32_t other_length;
        std::uint32_t category;     // into categories_
    };
    bool rank(const Entry& entry, const std::u32string& query, std::uint64_t query_mask, MatchTier* tier,
              std::size_t* position) const;
    std::vector<std::pair<std::size_t, std::size_t>> highlight(const Entry& entry, const std::u32string& query,
                                                               MatchTier tier, std::size_t rank) const;

    std::vector<Entry> entries_;
    std::u32string names_;
    std::vector<char> starts_;  // 1 where a word of the name starts
    std::vector<std::uint32_t> units_;
    std::u32string others_;     // id, category and description
    std::vector<std::string> categories_;  // in order of first appearance
};

const char* to_string(AuthType type);

}  // namespace authkit
