#define BOOST_TEST_MODULE catalog
#include "authkit/catalog.hpp"

#include <boost/test/unit_test.hpp>

using namespace authkit;

namespace {
std::vector<Integration> sample() {
    return parse_integrations(json::parse(R"json([
        {"id": "github", "name": "GitHub", "category": "Developer tools", "authType": "oauth2"},
        {"id": "gitlab", "name": "GitLab", "category": "Developer tools", "authType": "oauth2"},
        {"id": "hubspot", "name": "HubSpot", "category": "CRM", "authType": "oauth2"},
        {"id": "slack", "name": "Slack", "category": "Chat", "authType": "oauth2"},
        {"id": "stripe", "name": "Stripe", "category": "Payments", "authType": "api_key", "description": "Card billing",
         "fields": [{"name": "apiKey", "type": "secret", "required": true}]},
        {"id": "zoho", "name": "Zöho Desk", "category": "Support", "authType": "oauth2"},
        {"id": "git", "name": "Git", "category": "Developer tools", "authType": "oauth2"},
        {"id": "digital", "name": "Digital Ocean", "category": "Cloud", "authType": "api_key"},
        {"id": "broken", "authType": "oauth2"},
        "not an object"
    ])json"));
}

std::vector<std::string> ids(const std::vector<Integration>& list, const SearchResult& result) {
    std::vector<std::string> out;
    for (const Match& match : result.matches) out.push_back(list[match.index].id);
    return out;
}

SearchResult find(const std::vector<Integration>& list, const std::string& query, const std::string& category = "",
                  std::size_t limit = 50) {
    return SearchIndex(list).search(normalize_query(query), category, limit);
}
}  // namespace

BOOST_AUTO_TEST_CASE(malformed_entries_are_skipped) {
    const auto list = sample();
    BOOST_TEST_REQUIRE(list.size() == 8u);
    BOOST_TEST(std::string(to_string(list[4].auth_type)) == "api_key");
    BOOST_TEST(list[4].fields.size() == 1u);
}

BOOST_AUTO_TEST_CASE(empty_query_lists_everything_in_order) {
    const auto list = sample();
    const auto result = find(list, "   ");
    BOOST_TEST(result.total == 8u);
    BOOST_TEST(ids(list, result).front() == "github");
    BOOST_TEST(result.matches.front().highlight.empty());
}

BOOST_AUTO_TEST_CASE(ranking_is_exact_then_prefix_then_word_start_then_substring_then_fuzzy) {
    const auto list = sample();
    // "git": exact Git, then the prefixes GitHub and GitLab (equal length: list order), then
    // "Digital", which only contains it mid-word.
    const auto result = find(list, "git");
    const std::vector<std::string> expected = {"git", "github", "gitlab", "digital"};
    BOOST_TEST(ids(list, result) == expected, boost::test_tools::per_element());
    BOOST_TEST(static_cast<int>(result.matches[0].tier) == static_cast<int>(MatchTier::exact));
    BOOST_TEST(static_cast<int>(result.matches[1].tier) == static_cast<int>(MatchTier::prefix));
    BOOST_TEST(static_cast<int>(result.matches[3].tier) == static_cast<int>(MatchTier::substring));

    // "spot" starts a word inside "HubSpot" (a capital inside the word), so it is a word start.
    const auto spot = find(list, "spot");
    BOOST_TEST_REQUIRE(spot.matches.size() == 1u);
    BOOST_TEST(static_cast<int>(spot.matches[0].tier) == static_cast<int>(MatchTier::word_start));

    // "ocean" starts the second word of "Digital Ocean".
    const auto ocean = find(list, "ocean");
    BOOST_TEST(static_cast<int>(ocean.matches[0].tier) == static_cast<int>(MatchTier::word_start));

    // "gthb" is only a subsequence of "GitHub".
    const auto fuzzy = find(list, "gthb");
    BOOST_TEST_REQUIRE(fuzzy.matches.size() == 1u);
    BOOST_TEST(static_cast<int>(fuzzy.matches[0].tier) == static_cast<int>(MatchTier::fuzzy));
    const std::vector<std::pair<std::size_t, std::size_t>> expected_ranges = {{0, 1}, {2, 4}, {5, 6}};
    BOOST_TEST((fuzzy.matches[0].highlight == expected_ranges));
}

BOOST_AUTO_TEST_CASE(search_ignores_case_and_accents_and_highlights_in_utf16) {
    const auto list = sample();
    const auto result = find(list, "ZOHO desk");
    BOOST_TEST_REQUIRE(result.matches.size() == 1u);
    BOOST_TEST(static_cast<int>(result.matches[0].tier) == static_cast<int>(MatchTier::exact));
    const auto partial = find(list, "hub");
    BOOST_TEST_REQUIRE(partial.matches.size() == 2u);  // HubSpot by prefix, then GitHub by word start
    BOOST_TEST(list[partial.matches[0].index].id == "hubspot");
    BOOST_TEST(partial.matches[1].highlight.front().first == 3u);
    BOOST_TEST(partial.matches[1].highlight.front().second == 6u);
}

BOOST_AUTO_TEST_CASE(other_fields_match_last_without_highlight) {
    const auto list = sample();
    const auto result = find(list, "billing");
    BOOST_TEST_REQUIRE(result.matches.size() == 1u);
    BOOST_TEST(list[result.matches[0].index].id == "stripe");
    BOOST_TEST(static_cast<int>(result.matches[0].tier) == static_cast<int>(MatchTier::other_field));
    BOOST_TEST(result.matches[0].highlight.empty());
}

BOOST_AUTO_TEST_CASE(categories_count_matches_and_filter) {
    const auto list = sample();
    const auto all = find(list, "");
    BOOST_TEST_REQUIRE(!all.categories.empty());
    BOOST_TEST(all.categories.front().name == "Developer tools");
    BOOST_TEST(all.categories.front().count == 3u);
    const auto tools = find(list, "", "Developer tools");
    BOOST_TEST(tools.total == 3u);
    BOOST_TEST(tools.categories.front().count == 3u);  // counts ignore the chosen category
    BOOST_TEST(find(list, "git", "Cloud").total == 1u);
}

BOOST_AUTO_TEST_CASE(limit_keeps_the_best_and_counts_all) {
    const auto list = sample();
    const auto result = find(list, "", "", 3);
    BOOST_TEST(result.matches.size() == 3u);
    BOOST_TEST(result.total == 8u);
    BOOST_TEST(find(list, "xyzzy").total == 0u);
}

BOOST_AUTO_TEST_CASE(only_https_or_same_origin_logos_are_kept) {
    const auto list = parse_integrations(json::parse(R"json([
        {"id": "a", "name": "A", "authType": "oauth2", "logo": "https://cdn.example.com/a.svg"},
        {"id": "b", "name": "B", "authType": "oauth2", "logo": "/logos/b.svg"},
        {"id": "c", "name": "C", "authType": "oauth2", "logo": "javascript:alert(1)"},
        {"id": "d", "name": "D", "authType": "oauth2", "logo": "http://insecure.example.com/d.png"},
        {"id": "e", "name": "E", "authType": "oauth2", "logo": "//evil.example.com/e.png"},
        {"id": "f", "name": "F", "authType": "oauth2", "logo": "data:image/svg+xml,<svg/>"},
        {"id": "g", "name": "G", "authType": "oauth2", "logo": "/\\evil.example.com/g.png"},
        {"id": "h", "name": "H", "authType": "oauth2", "logo": "/\t/evil.example.com/h.png"},
        {"id": "i", "name": "I", "authType": "oauth2", "logo": "https://cdn.example.com/a b.png"}
    ])json"));
    BOOST_TEST_REQUIRE(list.size() == 9u);
    BOOST_TEST(list[0].logo == "https://cdn.example.com/a.svg");
    BOOST_TEST(list[1].logo == "/logos/b.svg");
    for (std::size_t i = 2; i < list.size(); ++i) BOOST_TEST(list[i].logo.empty(), list[i].id);
}

BOOST_AUTO_TEST_CASE(narrowing_from_earlier_matches_gives_the_same_answer) {
    const auto list = sample();
    const SearchIndex index(list);
    const auto broad = index.search(normalize_query("g"), "", 50);
    const auto narrowed = index.search(normalize_query("gi"), "", 50, &broad.matched);
    const auto fresh = index.search(normalize_query("gi"), "", 50);
    BOOST_TEST(ids(list, narrowed) == ids(list, fresh), boost::test_tools::per_element());
    BOOST_TEST(narrowed.total == fresh.total);
    BOOST_TEST((index.folded_name(5) == std::u32string_view(U"zoho desk")));  // folded: no case, no accent
}
