#define BOOST_TEST_MODULE machine_catalog
#include "driver.hpp"

using namespace authkit;
using authkit::testing::Driver;
using authkit::testing::sample_session;

namespace {
// A session with many integrations, to page through.
json big_session(int count) {
    json session = sample_session();
    json list = json::array();
    for (int i = 0; i < count; ++i)
        list.push_back({{"id", "app-" + std::to_string(i)}, {"name", "App " + std::to_string(i)},
                        {"category", i % 2 ? "Odd" : "Even"}, {"authType", "api_key"}});
    session["integrations"] = list;
    return session;
}
}  // namespace

BOOST_AUTO_TEST_CASE(search_ranks_highlights_and_announces) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "search"}, {"query", "mail"}});
    const json& items = d.last.view["catalog"]["items"];
    BOOST_TEST_REQUIRE(items.size() == 2u);
    BOOST_TEST(items[0]["id"] == "beacon");  // the name matches
    BOOST_TEST(items[0]["highlight"] == json::parse("[[7, 11]]"));
    BOOST_TEST(items[1]["id"] == "regional");  // only its category ("Email") matches: last, unhighlighted
    BOOST_TEST(items[1]["highlight"].empty());
    BOOST_TEST(d.last.view["announce"] == "2 integrations found.");
    BOOST_TEST(d.event("search")["results"] == 2);
    BOOST_TEST(d.event("search")["query"] == "mail");
    d.send({{"type", "search"}, {"query", "beacon"}});
    BOOST_TEST(d.last.view["announce"] == "1 integration found.");
    d.send({{"type", "search"}, {"query", "zzz"}});
    BOOST_TEST(d.last.view["catalog"]["items"].empty());
    BOOST_TEST(d.last.view["catalog"]["emptyText"] == "No integrations match “zzz”.");
    BOOST_TEST(d.last.view["announce"] == "No integrations match your search.");
    d.send({{"type", "search"}, {"query", ""}});
    BOOST_TEST(d.last.view["announce"] == "4 integrations found.");
}

BOOST_AUTO_TEST_CASE(highlight_is_in_utf16_units) {
    Driver d;
    json session = sample_session();
    session["integrations"] = json::parse(R"([{"id": "e", "name": "Écoute 😀 Mail", "authType": "api_key"}])");
    d.open_to_catalog(json::object(), session);
    d.send({{"type", "search"}, {"query", "mail"}});
    // "Écoute 😀 " is 9 UTF-16 units (É is one, the emoji two) but 13 bytes.
    BOOST_TEST(d.last.view["catalog"]["items"][0]["highlight"] == json::parse("[[10, 14]]"));
    d.send({{"type", "search"}, {"query", "ecoute"}});  // accents do not matter
    BOOST_TEST(d.last.view["catalog"]["items"][0]["highlight"] == json::parse("[[0, 6]]"));
}

BOOST_AUTO_TEST_CASE(overlong_query_is_cut_at_a_character_boundary) {
    Driver d;
    d.open_to_catalog();
    std::string query(199, 'a');
    query += "é";  // a two-byte character crossing the 200-byte limit
    d.send({{"type", "search"}, {"query", query}});
    BOOST_TEST(d.last.view["catalog"]["query"].get<std::string>().size() == 199u);
}

BOOST_AUTO_TEST_CASE(empty_catalog_says_so) {
    Driver d;
    json session = sample_session();
    session["integrations"] = json::array();
    d.open_to_catalog(json::object(), session);
    BOOST_TEST(d.last.view["catalog"]["emptyText"] == "No integrations are available yet.");
    d.send({{"type", "key"}, {"key", "ArrowDown"}});
    BOOST_TEST(d.last.ignored == "no list to move in");
}

BOOST_AUTO_TEST_CASE(categories_have_counts_and_filter_the_list) {
    Driver d;
    d.open_to_catalog();
    const json& categories = d.last.view["catalog"]["categories"];
    BOOST_TEST_REQUIRE(categories.size() == 4u);  // All, CRM, Email, Commerce
    BOOST_TEST(categories[0]["label"] == "All");
    BOOST_TEST(categories[0]["count"] == 4);
    BOOST_TEST(categories[0]["selected"] == true);
    BOOST_TEST(categories[2]["id"] == "Email");
    BOOST_TEST(categories[2]["count"] == 2);
    d.send({{"type", "filter"}, {"category", "Email"}});
    BOOST_TEST(d.last.view["catalog"]["items"].size() == 2u);
    BOOST_TEST(d.last.view["catalog"]["category"] == "Email");
    BOOST_TEST(d.event("filter")["results"] == 2);
    BOOST_TEST(d.last.view["announce"] == "2 integrations found.");
    d.send({{"type", "search"}, {"query", "beacon"}});  // search within the category
    BOOST_TEST(d.last.view["catalog"]["items"].size() == 1u);
    BOOST_TEST(d.last.view["catalog"]["categories"].size() == 2u);  // the chosen filter stays visible
    d.send({{"type", "filter"}, {"category", "Nope"}});
    BOOST_TEST(d.last.ignored == "unknown category");
    d.send({{"type", "filter"}, {"category", ""}});
    // Every match is in one category now: a filter would have nothing to choose between.
    BOOST_TEST(d.last.view["catalog"]["categories"].empty());
    d.send({{"type", "search"}, {"query", ""}});
    BOOST_TEST(d.last.view["catalog"]["categories"][0]["selected"] == true);
}

BOOST_AUTO_TEST_CASE(long_lists_show_a_page_and_more_on_demand) {
    Driver d;
    d.open_to_catalog(json::object(), big_session(80));
    BOOST_TEST(d.last.view["catalog"]["items"].size() == 30u);
    BOOST_TEST(d.last.view["catalog"]["total"] == 80);
    BOOST_TEST(d.last.view["catalog"]["moreText"] == "50 more integrations. Refine your search or show more.");
    d.send({{"type", "show_more"}});
    BOOST_TEST(d.last.view["catalog"]["items"].size() == 60u);
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "app-30");  // the first new item
    d.send({{"type", "show_more"}});
    BOOST_TEST(d.last.view["catalog"]["items"].size() == 80u);
    BOOST_TEST(d.last.view["catalog"]["moreText"] == "");
    d.send({{"type", "show_more"}});
    BOOST_TEST(d.last.ignored == "nothing more to show");
}

BOOST_AUTO_TEST_CASE(arrow_keys_move_with_wrap_and_enter_selects) {
    Driver d;
    d.open_to_catalog();
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "acme-crm");
    d.send({{"type", "key"}, {"key", "ArrowUp"}});  // wraps to the bottom
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "regional");
    d.send({{"type", "key"}, {"key", "ArrowDown"}});  // and back to the top
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "acme-crm");
    d.send({{"type", "key"}, {"key", "End"}});
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "regional");
    d.send({{"type", "key"}, {"key", "Home"}});
    d.send({{"type", "key"}, {"key", "PageDown"}});
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "regional");
    d.send({{"type", "key"}, {"key", "PageUp"}});
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "acme-crm");
    d.send({{"type", "key"}, {"key", "ArrowDown"}});
    BOOST_TEST(d.last.view["catalog"]["items"][1]["active"] == true);
    d.send({{"type", "key"}, {"key", "Tab"}});
    BOOST_TEST(d.last.ignored == "key not handled");
    d.send({{"type", "key"}, {"key", "Enter"}});
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(d.event("select")["by"] == "keyboard");
    BOOST_TEST(d.event("select")["integration"] == "beacon");
}

BOOST_AUTO_TEST_CASE(typing_a_query_makes_the_best_match_active) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "search"}, {"query", "shop"}});
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "shopfront");
    d.send({{"type", "key"}, {"key", "Enter"}});
    BOOST_TEST(d.last.view["form"]["integration"]["id"] == "shopfront");
}

BOOST_AUTO_TEST_CASE(type_ahead_jumps_and_cycles) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "type_ahead"}, {"text", "r"}});
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "regional");
    d.clock += 100;
    d.send({{"type", "type_ahead"}, {"text", "b"}});  // "rb" matches nothing
    BOOST_TEST(d.last.ignored == "no item starts with that");
    d.clock += 1000;  // a pause starts a new word
    d.send({{"type", "type_ahead"}, {"text", "B"}});
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "beacon");
    d.clock += 1000;
    d.send({{"type", "type_ahead"}, {"text", "a"}});
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "acme-crm");
    d.clock += 100;
    d.send({{"type", "type_ahead"}, {"text", "c"}});  // "ac" still Acme
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "acme-crm");
    d.clock += 1000;
    d.send({{"type", "type_ahead"}, {"text", " "}});
    BOOST_TEST(d.last.ignored == "nothing to jump to");
}

BOOST_AUTO_TEST_CASE(repeating_a_letter_cycles_through_items_with_it) {
    Driver d;
    json session = sample_session();
    session["integrations"] = json::parse(R"([
        {"id": "s1", "name": "Slack", "authType": "oauth2"}, {"id": "x", "name": "Xero", "authType": "oauth2"},
        {"id": "s2", "name": "Stripe", "authType": "api_key"}, {"id": "s3", "name": "Shopify", "authType": "oauth2"}])");
    d.open_to_catalog(json::object(), session);
    d.send({{"type", "type_ahead"}, {"text", "s"}});
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "s2");  // starts after the active item (Slack)
    d.clock += 100;
    d.send({{"type", "type_ahead"}, {"text", "s"}});
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "s3");
    d.clock += 100;
    d.send({{"type", "type_ahead"}, {"text", "s"}});
    BOOST_TEST(d.last.view["catalog"]["activeId"] == "s1");
}

BOOST_AUTO_TEST_CASE(select_outside_the_catalog_or_unknown_is_ignored) {
    Driver d;
    d.send({{"type", "select"}, {"integration", "beacon"}});
    BOOST_TEST(d.last.ignored == "not on the catalog");
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "nope"}});
    BOOST_TEST(d.last.ignored == "unknown integration");
    d.send({{"type", "select"}, {"integration", "beacon"}});
    BOOST_TEST(d.event("select")["by"] == "pointer");
    for (const char* type : {"search", "filter", "show_more", "type_ahead"}) {
        d.send({{"type", type}, {"text", "a"}});
        BOOST_TEST(!d.last.ignored.empty(), type);
    }
}
