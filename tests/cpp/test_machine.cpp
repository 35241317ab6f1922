#define BOOST_TEST_MODULE machine
#include "driver.hpp"

using namespace authkit;
using authkit::testing::Driver;
using authkit::testing::sample_session;

BOOST_AUTO_TEST_SUITE(loading)

BOOST_AUTO_TEST_CASE(starts_closed_and_open_asks_for_a_token) {
    Driver d;
    BOOST_TEST(d.machine.view()["screen"] == "closed");
    d.send({{"type", "open"}});
    BOOST_TEST(d.screen() == "loading");
    BOOST_TEST(d.last.view["busy"] == true);
    BOOST_TEST(d.has_effect("fetch_token"));
    BOOST_TEST(!d.event("open").is_null());
}

BOOST_AUTO_TEST_CASE(token_then_session_reach_the_catalog) {
    Driver d;
    d.send({{"type", "open"}});
    d.send({{"type", "token_loaded"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"token", "tok"}});
    BOOST_TEST(d.screen() == "loading");
    BOOST_TEST(d.effect("fetch_session")["token"] == "tok");
    d.send({{"type", "session_loaded"}, {"requestId", d.effect("fetch_session")["requestId"]}, {"session", sample_session()}});
    BOOST_TEST(d.screen() == "catalog");
    BOOST_TEST(d.last.view["focus"] == "search");
    const json& items = d.last.view["catalog"]["items"];
    BOOST_TEST_REQUIRE(items.size() == 3u);  // the two malformed entries are dropped
    BOOST_TEST(items[1]["id"] == "beacon");
    BOOST_TEST(items[1]["connected"] == true);
    BOOST_TEST(items[0]["connected"] == false);
    BOOST_TEST(d.last.view["branding"]["companyName"] == "Acme");
    BOOST_TEST(d.event("view")["from"] == "loading");
}

BOOST_AUTO_TEST_CASE(a_second_open_is_ignored) {
    Driver d;
    d.send({{"type", "open"}});
    d.send({{"type", "open"}});
    BOOST_TEST(d.last.ignored == "already open");
    BOOST_TEST(d.last.effects.empty());
}

BOOST_AUTO_TEST_CASE(token_failure_shows_a_retryable_error_and_retry_reloads) {
    Driver d;
    d.send({{"type", "open"}});
    d.send({{"type", "token_failed"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"status", 500}});
    BOOST_TEST(d.screen() == "error");
    BOOST_TEST(d.last.view["error"]["code"] == "token_fetch_failed");
    BOOST_TEST(d.last.view["error"]["retryable"] == true);
    BOOST_TEST(d.callback("error")["code"] == "token_fetch_failed");
    BOOST_TEST(d.callback("error")["retryable"] == true);
    // Nothing was loaded, so there is nothing to go back to: retry and close only.
    const json& actions = d.last.view["error"]["actions"];
    BOOST_TEST_REQUIRE(actions.size() == 2u);
    BOOST_TEST(actions[0]["id"] == "retry");
    BOOST_TEST(actions[1]["id"] == "close");
    d.send({{"type", "retry"}});
    BOOST_TEST(d.screen() == "loading");
    BOOST_TEST(d.has_effect("fetch_token"));
}

BOOST_AUTO_TEST_CASE(empty_token_counts_as_failure) {
    Driver d;
    d.send({{"type", "open"}});
    d.send({{"type", "token_loaded"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"token", ""}});
    BOOST_TEST(d.last.view["error"]["code"] == "token_fetch_failed");
}

BOOST_AUTO_TEST_CASE(session_failure_maps_service_codes) {
    Driver d;
    d.send({{"type", "open"}});
    d.send({{"type", "token_loaded"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"token", "tok"}});
    d.send({{"type", "session_failed"}, {"requestId", d.effect("fetch_session")["requestId"]}, {"code", "token_expired"}});
    BOOST_TEST(d.last.view["error"]["code"] == "session_expired");
    d.send({{"type", "retry"}});
    d.send({{"type", "token_loaded"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"token", "tok2"}});
    d.send({{"type", "session_failed"}, {"requestId", d.effect("fetch_session")["requestId"]}, {"status", 0}});
    BOOST_TEST(d.last.view["error"]["code"] == "session_fetch_failed");
}

BOOST_AUTO_TEST_CASE(answers_with_the_wrong_request_id_are_ignored) {
    Driver d;
    d.send({{"type", "open"}});
    const auto id = d.effect("fetch_token")["requestId"].get<std::uint64_t>();
    d.send({{"type", "token_loaded"}, {"requestId", id + 7}, {"token", "tok"}});
    BOOST_TEST(d.last.ignored == "stale token answer");
    BOOST_TEST(d.screen() == "loading");
    d.send({{"type", "session_loaded"}, {"requestId", id}, {"session", sample_session()}});
    BOOST_TEST(d.last.ignored == "stale session answer");
}

BOOST_AUTO_TEST_CASE(late_answers_after_close_and_reopen_are_ignored) {
    Driver d;
    d.send({{"type", "open"}});
    const json old_request = d.effect("fetch_token")["requestId"];
    d.send({{"type", "close"}});
    d.send({{"type", "open"}});
    d.send({{"type", "token_loaded"}, {"requestId", old_request}, {"token", "stale"}});
    BOOST_TEST(d.last.ignored == "stale token answer");
}

BOOST_AUTO_TEST_CASE(host_selected_integration_skips_the_list) {
    Driver d;
    d.open_to_catalog({{"selectedIntegration", "beacon"}});
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(d.last.view["form"]["integration"]["id"] == "beacon");
    BOOST_TEST(d.last.view["canGoBack"] == false);
    d.send({{"type", "back"}});
    BOOST_TEST(d.last.ignored == "the host chose this integration");
}

BOOST_AUTO_TEST_CASE(host_selected_oauth_integration_waits_for_a_click) {
    Driver d;
    d.open_to_catalog({{"selectedIntegration", "acme-crm"}});
    // No click happened yet, so no popup may be opened: a button asks for it.
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(!d.has_effect("open_popup"));
    BOOST_TEST(d.last.view["form"]["submitLabel"] == "Continue with Acme CRM");
    BOOST_TEST(d.last.view["focus"] == "submit");
    d.send({{"type", "submit"}});
    BOOST_TEST(d.last.effects[1]["type"] == "open_popup");
}

BOOST_AUTO_TEST_CASE(unknown_selected_integration_is_an_error) {
    Driver d;
    d.open_to_catalog({{"selectedIntegration", "nope"}});
    BOOST_TEST(d.last.view["error"]["code"] == "integration_unavailable");
    BOOST_TEST(d.last.view["error"]["retryable"] == false);
    d.send({{"type", "retry"}});
    BOOST_TEST(d.last.ignored == "nothing to retry");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(catalog)

BOOST_AUTO_TEST_CASE(search_filters_highlights_and_announces) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "search"}, {"query", "mail"}});
    const json& items = d.last.view["catalog"]["items"];
    BOOST_TEST_REQUIRE(items.size() == 1u);
    BOOST_TEST(items[0]["highlight"] == json::parse("[[7, 11]]"));
    BOOST_TEST(d.last.view["announce"] == "1 integration found.");
    BOOST_TEST(d.event("search")["results"] == 1);
    d.send({{"type", "search"}, {"query", "zzz"}});
    BOOST_TEST(d.last.view["catalog"]["items"].empty());
    BOOST_TEST(d.last.view["catalog"]["emptyText"] == "No integrations match \"zzz\".");
    BOOST_TEST(d.last.view["announce"] == "No integrations match your search.");
    d.send({{"type", "search"}, {"query", ""}});
    BOOST_TEST(d.last.view["announce"] == "3 integrations found.");
}

BOOST_AUTO_TEST_CASE(highlight_is_in_utf16_units) {
    Driver d;
    json session = sample_session();
    session["integrations"] = json::parse(R"([{"id": "e", "name": "Écoute 😀 Mail", "authType": "api_key"}])");
    d.send({{"type", "open"}});
    d.send({{"type", "token_loaded"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"token", "t"}});
    d.send({{"type", "session_loaded"}, {"requestId", d.effect("fetch_session")["requestId"]}, {"session", session}});
    d.send({{"type", "search"}, {"query", "mail"}});
    // "Écoute 😀 " is 9 UTF-16 units (É is one, the emoji two) but 13 bytes.
    BOOST_TEST(d.last.view["catalog"]["items"][0]["highlight"] == json::parse("[[10, 14]]"));
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
    d.send({{"type", "open"}});
    d.send({{"type", "token_loaded"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"token", "t"}});
    d.send({{"type", "session_loaded"}, {"requestId", d.effect("fetch_session")["requestId"]}, {"session", session}});
    BOOST_TEST(d.last.view["catalog"]["emptyText"] == "No integrations are available yet.");
}

BOOST_AUTO_TEST_CASE(select_outside_the_catalog_or_unknown_is_ignored) {
    Driver d;
    d.send({{"type", "select"}, {"integration", "beacon"}});
    BOOST_TEST(d.last.ignored == "not on the catalog");
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "nope"}});
    BOOST_TEST(d.last.ignored == "unknown integration");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(api_key)

BOOST_AUTO_TEST_CASE(select_shows_the_form_focused_on_the_first_field) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "beacon"}});
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(d.last.view["focus"] == "field:apiKey");
    BOOST_TEST(d.last.view["canGoBack"] == true);
    const json& field = d.last.view["form"]["fields"][0];
    BOOST_TEST(field["type"] == "secret");
    BOOST_TEST(field["error"] == "");
    BOOST_TEST(d.last.view["form"]["submitLabel"] == "Connect");
}

BOOST_AUTO_TEST_CASE(submit_with_errors_stays_and_focuses_the_first_invalid_field) {
    Driver d;
    d.open_to_catalog();
    d.fill_api_key("short");
    d.send({{"type", "submit"}});
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(!d.has_effect("create_connection"));
    BOOST_TEST(d.last.view["form"]["fields"][0]["error"] == "Use at least 8 characters.");
    BOOST_TEST(d.last.view["focus"] == "field:apiKey");
    BOOST_TEST(d.last.view["announce"] == "Please check the highlighted fields.");
    // Typing a valid value clears the error at once, since the field was already checked.
    d.send({{"type", "field_changed"}, {"name", "apiKey"}, {"value", "long-enough-key"}});
    BOOST_TEST(d.last.view["form"]["fields"][0]["error"] == "");
}

BOOST_AUTO_TEST_CASE(blur_checks_a_field_but_not_an_untouched_empty_one) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "beacon"}});
    d.send({{"type", "field_blurred"}, {"name", "apiKey"}});
    BOOST_TEST(d.last.view["form"]["fields"][0]["error"] == "");
    d.send({{"type", "field_changed"}, {"name", "apiKey"}, {"value", "abc"}});
    BOOST_TEST(d.last.view["form"]["fields"][0]["error"] == "");  // no nagging while typing the first time
    d.send({{"type", "field_blurred"}, {"name", "apiKey"}});
    BOOST_TEST(d.last.view["form"]["fields"][0]["error"] == "Use at least 8 characters.");
    d.send({{"type", "field_changed"}, {"name", "nope"}, {"value", "x"}});
    BOOST_TEST(d.last.ignored == "unknown field");
}

BOOST_AUTO_TEST_CASE(valid_submit_sends_once_and_success_calls_back) {
    Driver d;
    d.open_to_catalog();
    d.fill_api_key("right-key-123");
    d.send({{"type", "submit"}});
    const json request = d.effect("create_connection");
    BOOST_TEST(request["integration"] == "beacon");
    BOOST_TEST(request["fields"]["apiKey"] == "right-key-123");
    BOOST_TEST(request["token"] == "tok_abc");
    BOOST_TEST(d.last.view["busy"] == true);
    BOOST_TEST(d.last.view["form"]["submitting"] == true);
    BOOST_TEST(d.last.view["canGoBack"] == false);
    d.send({{"type", "submit"}});
    BOOST_TEST(d.last.ignored == "already submitting");
    BOOST_TEST(d.last.effects.empty());
    d.send({{"type", "field_changed"}, {"name", "apiKey"}, {"value", "changed"}});
    BOOST_TEST(d.last.ignored == "no editable form");

    d.send({{"type", "connection_created"}, {"requestId", request["requestId"]},
            {"connection", {{"key", "conn_1"}, {"integration", "beacon"}}}});
    BOOST_TEST(d.screen() == "success");
    BOOST_TEST(d.callback("success")["key"] == "conn_1");
    BOOST_TEST(d.event("success")["connectionKey"] == "conn_1");
    BOOST_TEST(d.last.view["announce"] == "Beacon Mail is connected.");
    // A duplicate answer does not call onSuccess twice.
    d.send({{"type", "connection_created"}, {"requestId", request["requestId"]}, {"connection", {{"key", "conn_1"}}}});
    BOOST_TEST(d.last.ignored == "stale connection answer");
    BOOST_TEST(d.callback("success").is_null());
}

BOOST_AUTO_TEST_CASE(invalid_credentials_show_an_error_then_back_keeps_the_input) {
    Driver d;
    d.open_to_catalog();
    d.fill_api_key("wrong-key-000");
    d.send({{"type", "submit"}});
    d.send({{"type", "connection_failed"}, {"requestId", d.effect("create_connection")["requestId"]},
            {"status", 422}, {"code", "invalid_credentials"},
            {"fields", {{"apiKey", "The provider did not accept this key."}}}});
    BOOST_TEST(d.screen() == "error");
    BOOST_TEST(d.last.view["error"]["code"] == "invalid_credentials");
    BOOST_TEST(d.last.view["error"]["retryable"] == false);
    BOOST_TEST(d.last.view["error"]["actions"][0]["id"] == "back");
    BOOST_TEST(d.last.view["error"]["message"] ==
               "Beacon Mail did not accept these credentials. Check them and try again.");
    BOOST_TEST(d.callback("error")["integration"] == "beacon");
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(d.last.view["form"]["fields"][0]["value"] == "wrong-key-000");
    BOOST_TEST(d.last.view["form"]["fields"][0]["error"] == "The provider did not accept this key.");
    BOOST_TEST(d.last.view["focus"] == "field:apiKey");
}

BOOST_AUTO_TEST_CASE(provider_unreachable_retry_resubmits_the_same_values) {
    Driver d;
    d.open_to_catalog();
    d.fill_api_key("right-key-123");
    d.send({{"type", "submit"}});
    d.send({{"type", "connection_failed"}, {"requestId", d.effect("create_connection")["requestId"]},
            {"status", 502}, {"code", "provider_unreachable"}});
    BOOST_TEST(d.last.view["error"]["retryable"] == true);
    d.send({{"type", "retry"}});
    BOOST_TEST(d.effect("create_connection")["fields"]["apiKey"] == "right-key-123");
    BOOST_TEST(d.last.view["form"]["submitting"] == true);
}

BOOST_AUTO_TEST_CASE(unknown_service_code_becomes_service_error) {
    Driver d;
    d.open_to_catalog();
    d.fill_api_key("right-key-123");
    d.send({{"type", "submit"}});
    d.send({{"type", "connection_failed"}, {"requestId", d.effect("create_connection")["requestId"]},
            {"status", 500}, {"code", "db_on_fire"}});
    BOOST_TEST(d.last.view["error"]["code"] == "service_error");
}

BOOST_AUTO_TEST_CASE(back_from_form_returns_to_the_catalog) {
    Driver d;
    d.open_to_catalog();
    d.fill_api_key("abc");
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "catalog");
    d.send({{"type", "select"}, {"integration", "beacon"}});
    BOOST_TEST(d.last.view["form"]["fields"][0]["value"] == "");  // a fresh form, not the abandoned one
}

BOOST_AUTO_TEST_CASE(secret_values_and_tokens_never_reach_the_event_log) {
    Driver d;
    d.open_to_catalog();
    d.fill_api_key("super-secret-value");
    const std::string log = d.machine.event_log_text();
    BOOST_TEST(log.find("super-secret-value") == std::string::npos);
    BOOST_TEST(log.find("tok_abc") == std::string::npos);
    BOOST_TEST(log.find("[redacted]") != std::string::npos);
    BOOST_TEST(d.machine.event_log().size() == 5u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(oauth)

namespace {
// From the catalog, pick the OAuth integration: returns the create_flow effect.
json start(Driver& d) {
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "acme-crm"}, {"now", 5000}});
    return d.effect("create_flow");
}
}  // namespace

BOOST_AUTO_TEST_CASE(select_opens_the_popup_first_then_creates_the_flow) {
    Driver d;
    const json create = start(d);
    BOOST_TEST(d.screen() == "authorizing");
    std::vector<std::string> order;
    for (const json& effect : d.last.effects)
        if (effect["type"] != "event") order.push_back(effect["type"]);
    BOOST_TEST_REQUIRE(order.size() == 2u);
    BOOST_TEST(order[0] == "open_popup");  // must run synchronously inside the click
    BOOST_TEST(order[1] == "create_flow");
    BOOST_TEST(create["integration"] == "acme-crm");
    BOOST_TEST(d.event("select")["timestamp"] == 5000);
    BOOST_TEST(d.event("select")["sessionId"] == "sess_1");
}

BOOST_AUTO_TEST_CASE(flow_created_navigates_and_watches) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "popup_opened"}});
    BOOST_TEST(!d.event("popup_opened").is_null());
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "flow_1"}, {"nonce", "n1"},
            {"authorizeUrl", "http://127.0.0.1:4200/v1/oauth/authorize/flow_1"}});
    BOOST_TEST(d.effect("navigate_popup")["url"] == "http://127.0.0.1:4200/v1/oauth/authorize/flow_1");
    BOOST_TEST(d.effect("watch_flow")["flowId"] == "flow_1");
    BOOST_TEST(d.effect("watch_flow")["nonce"] == "n1");
    d.send({{"type", "flow_result"}, {"flowId", "flow_1"}, {"status", "pending"}});
    BOOST_TEST(d.last.ignored == "still pending");
    d.send({{"type", "flow_result"}, {"flowId", "flow_other"}, {"status", "succeeded"}});
    BOOST_TEST(d.last.ignored == "result for another flow");
    BOOST_TEST(d.screen() == "authorizing");
    d.send({{"type", "flow_result"}, {"flowId", "flow_1"}, {"status", "succeeded"},
            {"connection", {{"key", "conn_9"}, {"integration", "acme-crm"}}}});
    BOOST_TEST(d.screen() == "success");
    BOOST_TEST(d.has_effect("stop_flow"));
    BOOST_TEST(d.callback("success")["key"] == "conn_9");
    // The poller and the popup message can both deliver success: the second one changes nothing.
    d.send({{"type", "flow_result"}, {"flowId", "flow_1"}, {"status", "succeeded"}});
    BOOST_TEST(d.last.ignored == "no sign-in in progress");
    BOOST_TEST(d.callback("success").is_null());
}

BOOST_AUTO_TEST_CASE(denied_maps_to_oauth_denied_and_retry_reopens_the_popup) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}, {"nonce", "n"},
            {"authorizeUrl", "http://x/a"}});
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "failed"}, {"error", {{"code", "oauth_denied"}}}});
    BOOST_TEST(d.last.view["error"]["code"] == "oauth_denied");
    BOOST_TEST(d.has_effect("stop_flow"));
    d.send({{"type", "retry"}});
    BOOST_TEST(d.last.effects[0]["type"] == "open_popup");
    BOOST_TEST(d.screen() == "authorizing");
}

BOOST_AUTO_TEST_CASE(unknown_flow_failure_code_becomes_oauth_failed) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}, {"authorizeUrl", "u"}});
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "failed"}, {"error", {{"code", "weird"}}}});
    BOOST_TEST(d.last.view["error"]["code"] == "oauth_failed");
    BOOST_TEST(d.last.view["error"]["message"] == "Signing in to Acme CRM failed. Please try again.");
}

BOOST_AUTO_TEST_CASE(popup_blocked_offers_a_retry_and_ignores_the_late_flow) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "popup_blocked"}});
    BOOST_TEST(d.last.view["error"]["code"] == "popup_blocked");
    BOOST_TEST(!d.event("popup_blocked").is_null());
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}, {"authorizeUrl", "u"}});
    BOOST_TEST(d.last.ignored == "stale flow answer");
    d.send({{"type", "retry"}});
    BOOST_TEST(d.last.effects[0]["type"] == "open_popup");
}

BOOST_AUTO_TEST_CASE(popup_closed_is_confirmed_by_the_service_before_failing) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}, {"authorizeUrl", "u"}});
    d.send({{"type", "popup_closed"}});
    BOOST_TEST(d.screen() == "authorizing");  // no false alarm yet
    BOOST_TEST(d.effect("check_flow")["flowId"] == "f");
    d.send({{"type", "popup_closed"}});
    BOOST_TEST(d.last.ignored == "no open sign-in window");
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "pending"}});
    BOOST_TEST(d.last.view["error"]["code"] == "popup_closed");
    BOOST_TEST(d.last.view["error"]["actions"][0]["id"] == "retry");
    BOOST_TEST(!d.has_effect("stop_flow"));  // the status keeps being watched
    d.send({{"type", "retry"}});
    // The old watch stops before the new window opens, inside the same click.
    std::vector<std::string> order;
    for (const json& effect : d.last.effects)
        if (effect["type"] != "event") order.push_back(effect["type"]);
    BOOST_TEST_REQUIRE(order.size() == 3u);
    BOOST_TEST(order[0] == "stop_flow");
    BOOST_TEST(order[1] == "open_popup");
    BOOST_TEST(order[2] == "create_flow");
}

BOOST_AUTO_TEST_CASE(a_window_that_only_looked_closed_can_still_succeed) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}, {"authorizeUrl", "u"}});
    d.send({{"type", "popup_closed"}});
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "pending"}});
    BOOST_TEST(d.screen() == "error");
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "pending"}});
    BOOST_TEST(d.last.ignored == "still pending");
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "succeeded"}, {"connection", {{"key", "k"}}}});
    BOOST_TEST(d.screen() == "success");
    BOOST_TEST(d.callback("success")["key"] == "k");
}

BOOST_AUTO_TEST_CASE(leaving_the_popup_closed_error_stops_watching) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}, {"authorizeUrl", "u"}});
    d.send({{"type", "popup_closed"}});
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "pending"}});
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "catalog");
    BOOST_TEST(d.has_effect("stop_flow"));
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "succeeded"}});
    BOOST_TEST(d.last.ignored == "no sign-in in progress");
}

BOOST_AUTO_TEST_CASE(popup_closing_itself_after_success_is_not_an_error) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}, {"authorizeUrl", "u"}});
    d.send({{"type", "popup_closed"}});
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "succeeded"}, {"connection", {{"key", "k"}}}});
    BOOST_TEST(d.screen() == "success");
}

BOOST_AUTO_TEST_CASE(popup_closed_before_the_flow_exists_fails_at_once) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "popup_closed"}});
    BOOST_TEST(d.last.view["error"]["code"] == "popup_closed");
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}, {"authorizeUrl", "u"}});
    BOOST_TEST(d.last.ignored == "stale flow answer");
}

BOOST_AUTO_TEST_CASE(flow_creation_failure_closes_the_popup) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "flow_failed"}, {"requestId", create["requestId"]}, {"status", 500}});
    BOOST_TEST(d.last.view["error"]["code"] == "flow_start_failed");
    BOOST_TEST(d.has_effect("stop_flow"));
}

BOOST_AUTO_TEST_CASE(flow_created_without_url_is_a_failure) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}});
    BOOST_TEST(d.last.view["error"]["code"] == "flow_start_failed");
}

BOOST_AUTO_TEST_CASE(back_while_authorizing_cancels_the_flow) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "catalog");
    BOOST_TEST(d.has_effect("stop_flow"));
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}, {"authorizeUrl", "u"}});
    BOOST_TEST(d.last.ignored == "stale flow answer");
}

BOOST_AUTO_TEST_CASE(oauth_with_fields_asks_for_them_before_the_popup) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "shopfront"}});
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(!d.has_effect("open_popup"));
    d.send({{"type", "submit"}});
    BOOST_TEST(!d.has_effect("open_popup"));  // the shop name is required
    d.send({{"type", "field_changed"}, {"name", "shop"}, {"value", "my-shop"}});
    d.send({{"type", "submit"}});
    BOOST_TEST(d.effect("create_flow")["fields"]["shop"] == "my-shop");
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "form");  // back from the popup returns to the fields, not the list
    BOOST_TEST(d.last.view["form"]["fields"][0]["value"] == "my-shop");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(closing)

BOOST_AUTO_TEST_CASE(close_carries_the_reason_the_screen_implies) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "close"}});
    BOOST_TEST(d.callback("close")["reason"] == "user");
    BOOST_TEST(d.last.view["open"] == false);

    d.send({{"type", "open"}});
    d.send({{"type", "token_failed"}, {"requestId", d.effect("fetch_token")["requestId"]}});
    d.send({{"type", "close"}});
    BOOST_TEST(d.callback("close")["reason"] == "error");

    d.send({{"type", "open"}});
    d.send({{"type", "close"}, {"reason", "host"}});
    BOOST_TEST(d.callback("close")["reason"] == "host");
    d.send({{"type", "close"}});
    BOOST_TEST(d.last.ignored == "already closed");
}

BOOST_AUTO_TEST_CASE(done_closes_with_success_and_connect_another_returns_to_the_list) {
    Driver d;
    d.open_to_catalog();
    d.fill_api_key("right-key-123");
    d.send({{"type", "submit"}});
    d.send({{"type", "connection_created"}, {"requestId", d.effect("create_connection")["requestId"]},
            {"connection", {{"key", "c"}}}});
    d.send({{"type", "connect_another"}});
    BOOST_TEST(d.screen() == "catalog");
    BOOST_TEST(d.last.view["catalog"]["items"][1]["connected"] == true);
    d.fill_api_key("right-key-123");
    d.send({{"type", "submit"}});
    d.send({{"type", "connection_created"}, {"requestId", d.effect("create_connection")["requestId"]},
            {"connection", {{"key", "c"}}}});
    d.send({{"type", "done"}});
    BOOST_TEST(d.callback("close")["reason"] == "success");
    BOOST_TEST(d.screen() == "closed");
}

BOOST_AUTO_TEST_CASE(closing_while_authorizing_stops_the_flow_and_ignores_late_results) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "acme-crm"}});
    const json create = d.effect("create_flow");
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}, {"authorizeUrl", "u"}});
    d.send({{"type", "close"}});
    BOOST_TEST(d.has_effect("stop_flow"));
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "succeeded"}});
    BOOST_TEST(d.last.ignored == "no sign-in in progress");
    BOOST_TEST(d.callback("success").is_null());
}

BOOST_AUTO_TEST_CASE(events_outside_their_screen_are_ignored_with_a_reason) {
    Driver d;
    for (const char* type : {"search", "submit", "retry", "back", "done", "connect_another", "popup_closed",
                             "popup_blocked", "popup_opened", "flow_result", "field_blurred"}) {
        d.send({{"type", type}});
        BOOST_TEST(!d.last.ignored.empty(), type);
        BOOST_TEST(d.last.effects.empty(), type);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(boundary)

BOOST_AUTO_TEST_CASE(text_boundary_survives_garbage) {
    Machine machine;
    for (const char* text : {"", "{", "[]", "42", "null", "{\"type\": 7}", "{\"type\": \"open\", \"options\": 3}",
                             "{\"type\": \"token_loaded\", \"requestId\": \"1\"}"}) {
        const json out = json::parse(machine.send_text(text), nullptr, false);
        BOOST_TEST_REQUIRE(!out.is_discarded(), text);
        BOOST_TEST(out.contains("view"), text);
    }
    BOOST_TEST(json::parse(machine.send_text("{")).value("ignored", "") == "event is not a JSON object");
    BOOST_TEST(json::parse(machine.send_text("{\"type\":\"warp\"}")).value("ignored", "") == "unknown event type");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_replaced_not_fatal) {
    Machine machine;
    machine.send_text(R"({"type":"open"})");
    const std::string bad = std::string("{\"type\":\"token_failed\",\"requestId\":1,\"message\":\"") + "\xff" + "\"}";
    const json out = json::parse(machine.send_text(bad), nullptr, false);
    BOOST_TEST(out.is_object());  // the parser rejects it; the machine answers with its unchanged view
}

BOOST_AUTO_TEST_CASE(same_events_give_the_same_outputs) {
    Driver a, b;
    a.open_to_catalog();
    a.fill_api_key("abc");
    for (const json& event : a.machine.event_log()) {
        if (event.value("type", "") == "field_changed") continue;  // the redacted value differs by design
        b.send(event);
    }
    BOOST_TEST(b.screen() == "form");
    BOOST_TEST(b.last.view["form"]["integration"]["id"] == "beacon");
}

BOOST_AUTO_TEST_SUITE_END()
