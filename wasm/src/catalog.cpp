#include "authkit/catalog.hpp"

#include "authkit/text.hpp"

#include <algorithm>

namespace authkit {
namespace {

using detail::get_array;
using detail::get_string;

// Logos come from catalog data we do not control: only https: or same-origin paths may load.
std::string safe_logo(const std::string& url) {
    const bool https = url.compare(0, 8, "https://") == 0 && url.size() > 8;
    const bool same_origin_path = url.size() > 1 && url[0] == '/' && url[1] != '/' && url[1] != '\\';
    return https || same_origin_path ? url : std::string();
}

bool is_word_char(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

bool is_upper(char32_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9) ||
           (c >= 0x400 && c <= 0x42F);
}

// Word starts: after a separator, and at a lower→upper change inside a word ("HubSpot" → "Spot").
std::vector<bool> word_starts(const std::u32string& name) {
    std::vector<bool> starts(name.size(), false);
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (!is_word_char(name[i])) continue;
        starts[i] = i == 0 || !is_word_char(name[i - 1]) || (is_upper(name[i]) && !is_upper(name[i - 1]));
    }
    return starts;
}

std::uint64_t mask_bit(char32_t c) { return std::uint64_t{1} << ((c * 2654435761u) >> 26 & 63); }

std::uint64_t mask_of(const std::u32string& text) {
    std::uint64_t mask = 0;
    for (char32_t c : text)
        if (c != ' ') mask |= mask_bit(c);
    return mask;
}

void prepare(Integration& integration) {
    const std::u32string name = decode_utf8(integration.name);
    integration.folded_name = fold(name);
    integration.word_start = word_starts(name);
    integration.name_utf16 = utf16_offsets(name);
    integration.folded_other =
        fold(decode_utf8(integration.id + " " + integration.category + " " + integration.description));
    integration.name_mask = mask_of(integration.folded_name);
    integration.other_mask = mask_of(integration.folded_other);
}

// Leftmost subsequence of the query's non-space characters in the name; span = last − first + 1.
bool fuzzy_positions(const std::u32string& name, const std::u32string& query, std::vector<std::size_t>* positions,
                     std::size_t* span) {
    std::size_t at = 0, first = 0, last = 0;
    bool started = false;
    for (char32_t c : query) {
        if (c == ' ') continue;
        while (at < name.size() && name[at] != c) ++at;
        if (at == name.size()) return false;
        if (!started) first = at, started = true;
        last = at;
        if (positions) positions->push_back(at);
        ++at;
    }
    if (!started) return false;
    *span = last - first + 1;
    return true;
}

// Tier and rank of one integration for a non-empty query; false when nothing matches.
// Every tier needs all of the query's characters, so the character masks rule most items out at once.
bool rank(const Integration& integration, const std::u32string& query, std::uint64_t query_mask, MatchTier* tier,
          std::size_t* position) {
    const std::u32string& name = integration.folded_name;
    if ((integration.name_mask & query_mask) == query_mask) {
        if (name == query) return *tier = MatchTier::exact, *position = 0, true;
        const std::size_t at = name.find(query);
        if (at == 0) return *tier = MatchTier::prefix, *position = 0, true;
        if (at != std::u32string::npos) {
            for (std::size_t hit = at; hit != std::u32string::npos; hit = name.find(query, hit + 1))
                if (integration.word_start[hit]) return *tier = MatchTier::word_start, *position = hit, true;
            return *tier = MatchTier::substring, *position = at, true;
        }
        std::size_t span = 0;
        if (fuzzy_positions(name, query, nullptr, &span)) return *tier = MatchTier::fuzzy, *position = span, true;
    }
    if ((integration.other_mask & query_mask) == query_mask && integration.folded_other.find(query) != std::u32string::npos)
        return *tier = MatchTier::other_field, *position = 0, true;
    return false;
}

std::vector<std::pair<std::size_t, std::size_t>> highlight_of(const Integration& integration,
                                                              const std::u32string& query, const Match& match) {
    const auto& units = integration.name_utf16;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    switch (match.tier) {
        case MatchTier::exact:
        case MatchTier::prefix:
        case MatchTier::word_start:
        case MatchTier::substring:
            ranges.push_back({units[match.rank], units[match.rank + query.size()]});
            break;
        case MatchTier::fuzzy: {
            std::vector<std::size_t> positions;
            std::size_t span = 0;
            fuzzy_positions(integration.folded_name, query, &positions, &span);
            for (std::size_t position : positions) {
                if (!ranges.empty() && ranges.back().second == units[position]) ranges.back().second = units[position + 1];
                else ranges.push_back({units[position], units[position + 1]});
            }
            break;
        }
        default: break;
    }
    return ranges;
}

}  // namespace

std::vector<Integration> parse_integrations(const json& list) {
    std::vector<Integration> parsed;
    if (!list.is_array()) return parsed;
    for (const json& entry : list) {
        Integration integration;
        integration.id = get_string(entry, "id");
        integration.name = get_string(entry, "name");
        const std::string auth_type = get_string(entry, "authType");
        if (integration.id.empty() || integration.name.empty()) continue;
        if (auth_type == "oauth2") integration.auth_type = AuthType::oauth2;
        else if (auth_type == "api_key") integration.auth_type = AuthType::api_key;
        else continue;
        integration.category = get_string(entry, "category");
        integration.description = get_string(entry, "description");
        integration.logo = safe_logo(get_string(entry, "logo"));
        integration.fields = parse_fields(get_array(entry, "fields"));
        prepare(integration);
        parsed.push_back(std::move(integration));
    }
    std::vector<const std::string*> seen;
    for (Integration& integration : parsed) {
        auto known = std::find_if(seen.begin(), seen.end(), [&](const std::string* name) { return *name == integration.category; });
        integration.category_index = static_cast<std::size_t>(known - seen.begin());
        if (known == seen.end()) seen.push_back(&integration.category);
    }
    return parsed;
}

std::u32string normalize_query(const std::string& query) {
    std::u32string out;
    for (char32_t c : decode_utf8(query)) {
        if (is_space(c)) {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
        } else {
            out.push_back(fold(c));
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

SearchResult search(const std::vector<Integration>& integrations, const std::u32string& query,
                    const std::string& category, std::size_t limit, const std::vector<std::size_t>* within) {
    struct Candidate {
        std::size_t index;
        MatchTier tier;
        std::size_t rank;
    };
    SearchResult result;
    std::vector<Candidate> candidates;
    std::vector<std::size_t> per_category;
    const std::uint64_t query_mask = mask_of(query);
    const std::size_t count = within ? within->size() : integrations.size();
    candidates.reserve(count);
    result.matched.reserve(count);
    for (std::size_t n = 0; n < count; ++n) {
        const std::size_t i = within ? (*within)[n] : n;
        const Integration& integration = integrations[i];
        MatchTier tier = MatchTier::everything;
        std::size_t position = 0;
        if (!query.empty() && !rank(integration, query, query_mask, &tier, &position)) continue;
        result.matched.push_back(i);
        if (integration.category_index >= per_category.size()) per_category.resize(integration.category_index + 1, 0);
        ++per_category[integration.category_index];
        if (!category.empty() && integration.category != category) continue;
        candidates.push_back({i, tier, position});
    }
    result.total = candidates.size();

    // Categories in the list's order, each named by its first integration.
    std::vector<bool> named(per_category.size(), false);
    result.categories.resize(per_category.size());
    for (const Integration& integration : integrations) {
        const std::size_t c = integration.category_index;
        if (c < named.size() && !named[c]) {
            named[c] = true;
            result.categories[c] = {integration.category, per_category[c]};
        }
    }
    result.categories.erase(std::remove_if(result.categories.begin(), result.categories.end(),
                                           [](const CategoryCount& entry) { return entry.count == 0; }),
                            result.categories.end());

    const auto better = [&](const Candidate& a, const Candidate& b) {
        if (a.tier != b.tier) return a.tier < b.tier;
        if (a.rank != b.rank) return a.rank < b.rank;
        const std::size_t length_a = integrations[a.index].folded_name.size();
        const std::size_t length_b = integrations[b.index].folded_name.size();
        if (length_a != length_b && !query.empty()) return length_a < length_b;
        return a.index < b.index;
    };
    const std::size_t shown = std::min(limit, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(shown), candidates.end(),
                      better);
    result.matches.reserve(shown);
    for (std::size_t k = 0; k < shown; ++k) {
        Match match{candidates[k].index, candidates[k].tier, candidates[k].rank, {}};
        match.highlight = highlight_of(integrations[match.index], query, match);
        result.matches.push_back(std::move(match));
    }
    return result;
}

const char* to_string(AuthType type) { return type == AuthType::oauth2 ? "oauth2" : "api_key"; }

}  // namespace authkit
