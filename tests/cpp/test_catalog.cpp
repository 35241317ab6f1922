#define BOOST_TEST_MODULE catalog
#include "authkit/catalog.hpp"

#include <boost/test/unit_test.hpp>

using namespace authkit;

namespace {
std::vector<Integration> sample() {
    return parse_integrations(json::parse(R"([
        {"id": "github", "name": "GitHub", "category": "Developer tools", "authType": "oauth2"},
        {"id": "slack", "name": "Slack", "category": "Chat", "authType": "oauth2"},
        {"id": "stripe", "name": "Stripe", "category": "Payments", "authType": "api_key",
         "fields": [{"name": "apiKey", "type": "secret", "required": true}]},
        {"id": "zoho", "name": "Zöho Desk", "category": "Support", "authType": "oauth2"},
        {"id": "broken", "authType": "oauth2"},
        "not an object"
    ])"));
}
}  // namespace

BOOST_AUTO_TEST_CASE(malformed_entries_are_skipped) {
    const auto list = sample();
    BOOST_TEST_REQUIRE(list.size() == 4u);
    BOOST_TEST(to_string(list[2].auth_type) == std::string("api_key"));
    BOOST_TEST(list[2].fields.size() == 1u);
}

BOOST_AUTO_TEST_CASE(empty_query_lists_everything_in_order) {
    const auto matches = search(sample(), "");
    BOOST_TEST_REQUIRE(matches.size() == 4u);
    BOOST_TEST(matches[0].index == 0u);
    BOOST_TEST(matches[0].highlight.empty());
}

BOOST_AUTO_TEST_CASE(name_match_is_case_insensitive_with_highlight) {
    const auto matches = search(sample(), "HUB");
    BOOST_TEST_REQUIRE(matches.size() == 1u);
    BOOST_TEST(matches[0].index == 0u);
    BOOST_TEST_REQUIRE(matches[0].highlight.size() == 1u);
    BOOST_TEST(matches[0].highlight[0].first == 3u);
    BOOST_TEST(matches[0].highlight[0].second == 6u);
}

BOOST_AUTO_TEST_CASE(category_and_id_match_without_highlight) {
    const auto matches = search(sample(), "payments");
    BOOST_TEST_REQUIRE(matches.size() == 1u);
    BOOST_TEST(matches[0].index == 2u);
    BOOST_TEST(matches[0].highlight.empty());
}

BOOST_AUTO_TEST_CASE(no_match_gives_nothing) { BOOST_TEST(search(sample(), "xyzzy").empty()); }

BOOST_AUTO_TEST_CASE(only_https_or_same_origin_logos_are_kept) {
    const auto list = parse_integrations(json::parse(R"json([
        {"id": "a", "name": "A", "authType": "oauth2", "logo": "https://cdn.example.com/a.svg"},
        {"id": "b", "name": "B", "authType": "oauth2", "logo": "/logos/b.svg"},
        {"id": "c", "name": "C", "authType": "oauth2", "logo": "javascript:alert(1)"},
        {"id": "d", "name": "D", "authType": "oauth2", "logo": "http://insecure.example.com/d.png"},
        {"id": "e", "name": "E", "authType": "oauth2", "logo": "//evil.example.com/e.png"},
        {"id": "f", "name": "F", "authType": "oauth2", "logo": "data:image/svg+xml,<svg/>"},
        {"id": "g", "name": "G", "authType": "oauth2", "logo": "/\\evil.example.com/g.png"}
    ])json"));
    BOOST_TEST_REQUIRE(list.size() == 7u);
    BOOST_TEST(list[0].logo == "https://cdn.example.com/a.svg");
    BOOST_TEST(list[1].logo == "/logos/b.svg");
    for (std::size_t i = 2; i < list.size(); ++i) BOOST_TEST(list[i].logo.empty(), list[i].id);
}
