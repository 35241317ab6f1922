#include "authkit/catalog.hpp"

#include "authkit/text.hpp"

#include <algorithm>

namespace authkit {
namespace {

using detail::get_array;
using detail::get_string;

bool is_word_char(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

bool is_upper(char32_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9) ||
           (c >= 0x400 && c <= 0x42F);
}

std::uint64_t mask_bit(char32_t c) { return std::uint64_t{1} << ((c * 2654435761u) >> 26 & 63); }

std::uint64_t mask_of(std::u32string_view text) {
    std::uint64_t mask = 0;
    for (char32_t c : text)
        if (c != ' ') mask |= mask_bit(c);
    return mask;
}

// Leftmost subsequence of the query's non-space characters in the name; span = last − first + 1.
bool fuzzy_positions(std::u32string_view name, const std::u32string& query, std::vector<std::size_t>* positions,
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
        integration.logo = get_string(entry, "logo");
        if (!is_safe_image_url(integration.logo)) integration.logo.clear();
        integration.fields = parse_fields(get_array(entry, "fields"));
        parsed.push_back(std::move(integration));
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

SearchIndex::SearchIndex(const std::vector<Integration>& integrations) {
    entries_.reserve(integrations.size());
    for (const Integration& integration : integrations) {
        Entry entry{};
        const std::u32string name = decode_utf8(integration.name);
        const std::u32string folded = fold(name);
        entry.name_begin = static_cast<std::uint32_t>(names_.size());
        entry.name_length = static_cast<std::uint32_t>(folded.size());
        entry.name_mask = mask_of(folded);
        names_ += folded;
        // Word starts: after a separator, and at a lower→upper change inside a word ("HubSpot" → "Spot").
        for (std::size_t i = 0; i < name.size(); ++i) {
            const bool start = is_word_char(name[i]) &&
                               (i == 0 || !is_word_char(name[i - 1]) || (is_upper(name[i]) && !is_upper(name[i - 1])));
            starts_.push_back(start ? 1 : 0);
        }
        entry.units_begin = static_cast<std::uint32_t>(units_.size());
        for (std::size_t offset : utf16_offsets(name)) units_.push_back(static_cast<std::uint32_t>(offset));
        const std::u32string other =
            fold(decode_utf8(integration.id + " " + integration.category + " " + integration.description));
        entry.other_begin = static_cast<std::uint32_t>(others_.size());
        entry.other_length = static_cast<std::uint32_t>(other.size());
        entry.other_mask = mask_of(other);
        others_ += other;
        const auto known = std::find(categories_.begin(), categories_.end(), integration.category);
        entry.category = static_cast<std::uint32_t>(known - categories_.begin());
        if (known == categories_.end()) categories_.push_back(integration.category);
        entries_.push_back(entry);
    }
}

std::u32string_view SearchIndex::folded_name(std::size_t index) const {
    const Entry& entry = entries_[index];
    return std::u32string_view(names_).substr(entry.name_begin, entry.name_length);
}

// Tier and rank of one entry for a non-empty query; false when nothing matches.
// Every tier needs all of the query's characters, so the character masks rule most entries out at once.
bool SearchIndex::rank(const Entry& entry, const std::u32string& query, std::uint64_t query_mask, MatchTier* tier,
                       std::size_t* position) const {
    if ((entry.name_mask & query_mask) == query_mask) {
        const std::u32string_view name = std::u32string_view(names_).substr(entry.name_begin, entry.name_length);
        if (name == query) return *tier = MatchTier::exact, *position = 0, true;
        const std::size_t at = name.find(query);
        if (at == 0) return *tier = MatchTier::prefix, *position = 0, true;
        if (at != std::u32string_view::npos) {
            const char* starts = starts_.data() + entry.name_begin;
            for (std::size_t hit = at; hit != std::u32string_view::npos; hit = name.find(query, hit + 1))
                if (starts[hit]) return *tier = MatchTier::word_start, *position = hit, true;
            return *tier = MatchTier::substring, *position = at, true;
        }
        std::size_t span = 0;
        if (fuzzy_positions(name, query, nullptr, &span)) return *tier = MatchTier::fuzzy, *position = span, true;
    }
    if ((entry.other_mask & query_mask) == query_mask &&
        std::u32string_view(others_).substr(entry.other_begin, entry.other_length).find(query) != std::u32string_view::npos)
        return *tier = MatchTier::other_field, *position = 0, true;
    return false;
}

std::vector<std::pair<std::size_t, std::size_t>> SearchIndex::highlight(const Entry& entry, const std::u32string& query,
                                                                        MatchTier tier, std::size_t rank) const {
    const std::uint32_t* units = units_.data() + entry.units_begin;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    switch (tier) {
        case MatchTier::exact:
        case MatchTier::prefix:
        case MatchTier::word_start:
        case MatchTier::substring: ranges.push_back({units[rank], units[rank + query.size()]}); break;
        case MatchTier::fuzzy: {
            std::vector<std::size_t> positions;
            std::size_t span = 0;
            fuzzy_positions(std::u32string_view(names_).substr(entry.name_begin, entry.name_length), query, &positions,
                            &span);
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

SearchResult SearchIndex::search(const std::u32string& query, const std::string& category, std::size_t limit,
                                 const std::vector<std::size_t>* within) const {
    struct Candidate {
        std::uint32_t index;
        std::uint32_t name_length;
        MatchTier tier;
        std::size_t rank;
    };
    SearchResult result;
    std::vector<Candidate> candidates;
    std::vector<std::size_t> per_category(categories_.size(), 0);
    const auto wanted = std::find(categories_.begin(), categories_.end(), category);
    const std::uint32_t wanted_index = static_cast<std::uint32_t>(wanted - categories_.begin());
    const std::uint64_t query_mask = mask_of(query);
    const std::size_t count = within ? within->size() : entries_.size();
    candidates.reserve(count);
    result.matched.reserve(count);
    for (std::size_t n = 0; n < count; ++n) {
        const std::size_t i = within ? (*within)[n] : n;
        const Entry& entry = entries_[i];
        MatchTier tier = MatchTier::everything;
        std::size_t position = 0;
        if (!query.empty() && !rank(entry, query, query_mask, &tier, &position)) continue;
        result.matched.push_back(i);
        ++per_category[entry.category];
        if (!category.empty() && entry.category != wanted_index) continue;
        candidates.push_back({static_cast<std::uint32_t>(i), entry.name_length, tier, position});
    }
    result.total = candidates.size();
    for (std::size_t c = 0; c < categories_.size(); ++c)
        if (per_category[c]) result.categories.push_back({categories_[c], per_category[c]});

    const bool ranked = !query.empty();
    const auto better = [ranked](const Candidate& a, const Candidate& b) {
        if (a.tier != b.tier) return a.tier < b.tier;
        if (a.rank != b.rank) return a.rank < b.rank;
        if (ranked && a.name_length != b.name_length) return a.name_length < b.name_length;
        return a.index < b.index;
    };
    const std::size_t shown = std::min(limit, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(shown), candidates.end(),
                      better);
    result.matches.reserve(shown);
    for (std::size_t k = 0; k < shown; ++k) {
        const Candidate& candidate = candidates[k];
        result.matches.push_back({candidate.index, candidate.tier, candidate.rank,
                                  highlight(entries_[candidate.index], query, candidate.tier, candidate.rank)});
    }
    return result;
}

const char* to_string(AuthType type) { return type == AuthType::oauth2 ? "oauth2" : "api_key"; }

}  // namespace authkit
