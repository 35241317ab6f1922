#define BOOST_TEST_MODULE machine_oauth
#include "driver.hpp"

using namespace authkit;
using authkit::testing::Driver;

namespace {
// From the catalog, pick the OAuth integration: returns the create_flow effect.
json start(Driver& d) {
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "acme-crm"}});
    return d.effect("create_flow");
}

void created(Driver& d, const json& create, const std::string& flow = "f", std::uint64_t expires_at = 0) {
    json answer = {{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", flow}, {"nonce", "n"},
                   {"authorizeUrl", "http://127.0.0.1:4200/v1/oauth/authorize/" + flow}};
    if (expires_at) answer["expiresAt"] = expires_at;
    d.send(answer);
}

// A sign-in whose window a person closed while the service still had the flow pending.
void closed_while_pending(Driver& d) {
    created(d, start(d));
    d.clock += 10'000;  // a person takes longer than that to close a window
    d.send({{"type", "popup_closed"}});
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "pending"}});
}
}  // namespace

BOOST_AUTO_TEST_CASE(select_opens_the_popup_first_then_creates_the_flow) {
    Driver d;
    const json create = start(d);
    BOOST_TEST(d.screen() == "authorizing");
    const std::vector<std::string> expected = {"open_popup", "create_flow"};  // the window opens inside the click
    BOOST_TEST(d.effect_types() == expected, boost::test_tools::per_element());
    BOOST_TEST(d.effect("open_popup")["placeholder"] == "Connecting…");
    BOOST_TEST(create["integration"] == "acme-crm");
    BOOST_TEST(!create.contains("fields"));
    BOOST_TEST(d.event("select")["timestamp"] == d.clock);
    BOOST_TEST(d.event("select")["sessionId"] == "sess_1");
    BOOST_TEST(d.last.view["focus"] == "heading");
}

BOOST_AUTO_TEST_CASE(flow_created_navigates_watches_and_times_the_flow) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "popup_opened"}});
    BOOST_TEST(!d.event("popup_opened").is_null());
    created(d, create, "flow_1", d.clock + 600'000);
    BOOST_TEST(d.effect("navigate_popup")["url"] == "http://127.0.0.1:4200/v1/oauth/authorize/flow_1");
    BOOST_TEST(d.effect("navigate_popup")["nonce"] == "n");
    BOOST_TEST(d.effect("watch_flow")["flowId"] == "flow_1");
    BOOST_TEST(d.effect("watch_flow")["nonce"] == "n");
    BOOST_TEST(d.effect("set_timer")["timer"] == "flow_timeout");
    BOOST_TEST(d.effect("set_timer")["delayMs"] == 600000);
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
    // The poller and the window's message can both deliver success: the second one changes nothing.
    d.send({{"type", "flow_result"}, {"flowId", "flow_1"}, {"status", "succeeded"}});
    BOOST_TEST(d.last.ignored == "no sign-in in progress");
    BOOST_TEST(d.callback("success").is_null());
}

BOOST_AUTO_TEST_CASE(failures_map_to_codes_and_retry_reopens_the_window) {
    for (const auto& [service, expected] : std::vector<std::pair<std::string, std::string>>{
             {"oauth_denied", "oauth_denied"},
             {"oauth_state_invalid", "oauth_state_mismatch"},
             {"oauth_browser_mismatch", "oauth_state_mismatch"},
             {"oauth_exchange_failed", "oauth_exchange_failed"},
             {"oauth_flow_expired", "oauth_flow_expired"},
             {"oauth_flow_used", "oauth_failed"},
             {"weird", "oauth_failed"}}) {
        Driver d;
        const json create = start(d);
        created(d, create);
        d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "failed"}, {"error", {{"code", service}}}});
        BOOST_TEST(d.error_code() == expected, service);
        BOOST_TEST(d.has_effect("stop_flow"), service);
        d.send({{"type", "retry"}});
        BOOST_TEST(d.effect_types().front() == "open_popup", service);
        BOOST_TEST(d.screen() == "authorizing", service);
    }
}

BOOST_AUTO_TEST_CASE(popup_blocked_offers_a_retry_and_ignores_the_late_flow) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "popup_blocked"}});
    BOOST_TEST(d.error_code() == "popup_blocked");
    BOOST_TEST(!d.event("popup_blocked").is_null());
    BOOST_TEST(d.last.view["error"]["actions"][0]["id"] == "retry");
    created(d, create);
    BOOST_TEST(d.last.ignored == "stale flow answer");
    d.send({{"type", "retry"}});
    BOOST_TEST(d.effect_types().front() == "open_popup");
}

BOOST_AUTO_TEST_CASE(popup_closed_is_confirmed_by_the_service_before_failing) {
    Driver d;
    const json create = start(d);
    created(d, create);
    d.clock += 10'000;  // a person takes longer than that to close a window
    d.send({{"type", "popup_closed"}});
    BOOST_TEST(d.screen() == "authorizing");  // no false alarm yet
    BOOST_TEST(d.effect("check_flow")["flowId"] == "f");
    d.send({{"type", "popup_closed"}});
    BOOST_TEST(d.last.ignored == "no open sign-in window");
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "pending"}});
    BOOST_TEST(d.error_code() == "popup_closed");
    BOOST_TEST(d.last.view["error"]["actions"][0]["id"] == "retry");
    BOOST_TEST(!d.has_effect("stop_flow"));  // the status keeps being watched
    d.send({{"type", "retry"}});
    // The old watch stops before the new window opens, inside the same click.
    const std::vector<std::string> expected = {"stop_flow", "open_popup", "create_flow"};
    BOOST_TEST(d.effect_types() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_window_that_only_looked_closed_can_still_succeed) {
    Driver d;
    closed_while_pending(d);
    BOOST_TEST(d.screen() == "error");
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "pending"}});
    BOOST_TEST(d.last.ignored == "still pending");
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "succeeded"}, {"connection", {{"key", "k"}}}});
    BOOST_TEST(d.screen() == "success");
    BOOST_TEST(d.callback("success")["key"] == "k");
}

BOOST_AUTO_TEST_CASE(leaving_the_popup_closed_error_stops_watching) {
    Driver d;
    closed_while_pending(d);
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "catalog");
    BOOST_TEST(d.has_effect("stop_flow"));
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "succeeded"}});
    BOOST_TEST(d.last.ignored == "no sign-in in progress");
}

BOOST_AUTO_TEST_CASE(popup_closing_itself_after_success_is_not_an_error) {
    Driver d;
    const json create = start(d);
    created(d, create);
    d.clock += 10'000;  // a person takes longer than that to close a window
    d.send({{"type", "popup_closed"}});
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "succeeded"}, {"connection", {{"key", "k"}}}});
    BOOST_TEST(d.screen() == "success");
}

// Under a Cross-Origin-Opener-Policy the window looks closed the moment it leaves for the service.
// That is no reason to alarm anyone: the sign-in goes on, and the status will tell.
BOOST_AUTO_TEST_CASE(a_window_cut_off_right_after_navigation_keeps_waiting) {
    Driver d;
    const json create = start(d);
    created(d, create);
    d.clock += 200;
    d.send({{"type", "popup_closed"}});
    BOOST_TEST(d.screen() == "authorizing");
    BOOST_TEST(!d.has_effect("check_flow"));
    BOOST_TEST(d.last.view["authorizing"]["busyText"].get<std::string>().find("can't see the sign-in window") !=
               std::string::npos);
    BOOST_TEST(d.last.view["authorizing"]["actions"][0]["id"] == "retry");
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "pending"}});
    BOOST_TEST(d.last.ignored == "still pending");
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "succeeded"}, {"connection", {{"key", "k"}}}});
    BOOST_TEST(d.screen() == "success");
    BOOST_TEST(d.event("error").is_null());
}

BOOST_AUTO_TEST_CASE(a_detached_sign_in_can_be_started_again_or_times_out) {
    Driver d;
    const json create = start(d);
    created(d, create, "f", d.clock + 600'000);
    d.send({{"type", "popup_closed"}});
    d.send({{"type", "retry"}});
    const std::vector<std::string> restarted = {"stop_flow", "open_popup", "create_flow"};
    BOOST_TEST(d.effect_types() == restarted, boost::test_tools::per_element());

    Driver waiting;
    const json again = start(waiting);
    created(waiting, again, "f", waiting.clock + 600'000);
    const json timer = waiting.effect("set_timer");
    waiting.send({{"type", "popup_closed"}});
    waiting.clock += 600'000;
    waiting.send({{"type", "timer"}, {"timer", "flow_timeout"}, {"id", timer["id"]}});
    waiting.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "pending"}});
    BOOST_TEST(waiting.error_code() == "popup_timeout");
}

BOOST_AUTO_TEST_CASE(an_authorize_url_off_the_service_is_refused) {
    Driver d;
    d.open_to_catalog({{"serviceOrigin", "http://127.0.0.1:4200"}});
    d.send({{"type", "select"}, {"integration", "acme-crm"}});
    const json create = d.effect("create_flow");
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"},
            {"authorizeUrl", "javascript:alert(1)//http://127.0.0.1:4200/"}});
    BOOST_TEST(d.error_code() == "flow_start_failed");
    BOOST_TEST(!d.has_effect("navigate_popup"));
    BOOST_TEST(d.has_effect("stop_flow"));
    d.send({{"type", "retry"}});
    d.send({{"type", "flow_created"}, {"requestId", d.effect("create_flow")["requestId"]}, {"flowId", "g"},
            {"authorizeUrl", "http://127.0.0.1:4200.evil.example/v1/oauth/authorize/g"}});
    BOOST_TEST(d.error_code() == "flow_start_failed");
    d.send({{"type", "retry"}});
    // Without its nonce the window could not launch the flow.
    d.send({{"type", "flow_created"}, {"requestId", d.effect("create_flow")["requestId"]}, {"flowId", "h"},
            {"authorizeUrl", "http://127.0.0.1:4200/v1/oauth/authorize/h"}});
    BOOST_TEST(d.error_code() == "flow_start_failed");
    d.send({{"type", "retry"}});
    d.send({{"type", "flow_created"}, {"requestId", d.effect("create_flow")["requestId"]}, {"flowId", "h"},
            {"nonce", "n"}, {"authorizeUrl", "http://127.0.0.1:4200/v1/oauth/authorize/h"}});
    BOOST_TEST(d.effect("navigate_popup")["url"] == "http://127.0.0.1:4200/v1/oauth/authorize/h");
    BOOST_TEST(d.effect("navigate_popup")["nonce"] == "n");
}

BOOST_AUTO_TEST_CASE(popup_closed_before_the_flow_exists_fails_at_once) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "popup_closed"}});
    BOOST_TEST(d.error_code() == "popup_closed");
    created(d, create);
    BOOST_TEST(d.last.ignored == "stale flow answer");
}

BOOST_AUTO_TEST_CASE(a_flow_that_outlives_its_lifetime_times_out) {
    Driver d;
    const json create = start(d);
    created(d, create, "f", d.clock + 600'000);
    const json timer = d.effect("set_timer");
    d.clock += 600'000;
    d.send({{"type", "timer"}, {"timer", "flow_timeout"}, {"id", timer["id"]}});
    BOOST_TEST(d.effect("check_flow")["flowId"] == "f");  // one last look before giving up
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "pending"}});
    BOOST_TEST(d.error_code() == "popup_timeout");
    BOOST_TEST(d.has_effect("stop_flow"));
}

BOOST_AUTO_TEST_CASE(flow_creation_failure_closes_the_popup) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "flow_failed"}, {"requestId", create["requestId"]}, {"status", 500}});
    BOOST_TEST(d.error_code() == "flow_start_failed");
    BOOST_TEST(d.has_effect("stop_flow"));
    d.send({{"type", "flow_failed"}, {"requestId", create["requestId"]}, {"status", 500}});
    BOOST_TEST(d.last.ignored == "stale flow answer");
}

BOOST_AUTO_TEST_CASE(a_window_that_cannot_be_launched_fails_the_start_with_a_way_back) {
    Driver d;
    created(d, start(d));
    d.send({{"type", "popup_launch_failed"}});
    BOOST_TEST(d.error_code() == "flow_start_failed");
    BOOST_TEST(d.has_effect("stop_flow"));
    d.send({{"type", "popup_launch_failed"}});
    BOOST_TEST(d.last.ignored == "no sign-in in progress");
}

BOOST_AUTO_TEST_CASE(a_flow_given_up_on_is_cancelled_on_the_service_once) {
    Driver d;
    created(d, start(d));
    d.send({{"type", "close"}});
    const json stop = d.effect("stop_flow");
    BOOST_TEST(stop["cancelFlowId"] == "f");
    BOOST_TEST(!stop["token"].get<std::string>().empty());
}

BOOST_AUTO_TEST_CASE(a_flow_that_ended_is_not_cancelled) {
    for (const char* status : {"succeeded", "failed"}) {
        Driver d;
        created(d, start(d));
        d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", status}, {"connection", {{"key", "c"}}}});
        BOOST_TEST(d.has_effect("stop_flow"), status);
        BOOST_TEST(!d.effect("stop_flow").contains("cancelFlowId"), status);
    }
}

BOOST_AUTO_TEST_CASE(leaving_the_host_page_mid_flow_cancels_it) {
    Driver d;
    created(d, start(d));
    d.send({{"type", "page_hidden"}});
    BOOST_TEST(d.effect("stop_flow")["cancelFlowId"] == "f");
    BOOST_TEST(d.error_code() == "popup_closed");
    d.send({{"type", "page_hidden"}});
    BOOST_TEST(d.last.ignored == "no sign-in in progress");
    d.send({{"type", "close"}});
    BOOST_TEST(!d.has_effect("stop_flow"));
}

BOOST_AUTO_TEST_CASE(flow_created_without_url_is_a_failure) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}});
    BOOST_TEST(d.error_code() == "flow_start_failed");
}

BOOST_AUTO_TEST_CASE(a_refused_token_while_starting_keeps_the_window_and_renews) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "flow_failed"}, {"requestId", create["requestId"]}, {"status", 401}, {"code", "token_expired"}});
    BOOST_TEST(d.screen() == "authorizing");
    BOOST_TEST(!d.has_effect("stop_flow"));
    d.answer_token("fresh");
    BOOST_TEST(d.effect("create_flow")["token"] == "fresh");
}

BOOST_AUTO_TEST_CASE(a_slow_sign_in_renews_the_token_before_it_expires) {
    Driver d;
    d.send({{"type", "open"}});
    d.answer_token("first", d.clock + 300'000);
    d.answer_session();
    d.send({{"type", "select"}, {"integration", "acme-crm"}});
    created(d, d.effect("create_flow"));
    json refresh;
    for (const json& effect : d.last.effects)
        if (effect.value("timer", "") == "token_refresh") refresh = effect;
    BOOST_TEST_REQUIRE(!refresh.is_null());
    BOOST_TEST(refresh["delayMs"] == 240000);  // a minute before expiry
    d.clock += 240'000;
    d.send({{"type", "timer"}, {"timer", "token_refresh"}, {"id", refresh["id"]}});
    BOOST_TEST(d.has_effect("fetch_token"));
    BOOST_TEST(d.screen() == "authorizing");
    d.answer_token("second", d.clock + 300'000);
    BOOST_TEST(d.effect("watch_flow")["token"] == "second");
}

BOOST_AUTO_TEST_CASE(a_poll_refused_for_its_token_renews_it) {
    Driver d;
    const json create = start(d);
    created(d, create);
    d.send({{"type", "flow_status_failed"}, {"flowId", "f"}, {"status", 401}, {"code", "token_expired"}});
    BOOST_TEST(d.has_effect("fetch_token"));
    d.answer_token("renewed");
    BOOST_TEST(d.effect("watch_flow")["token"] == "renewed");
    d.send({{"type", "flow_status_failed"}, {"flowId", "f"}, {"status", 0}, {"code", "network_error"}});
    BOOST_TEST(d.last.ignored == "the next poll will ask again");
    d.send({{"type", "flow_status_failed"}, {"flowId", "other"}, {"status", 401}, {"code", "token_expired"}});
    BOOST_TEST(d.last.ignored == "no sign-in being watched");
}

BOOST_AUTO_TEST_CASE(a_failed_renewal_during_sign_in_closes_the_window) {
    Driver d;
    const json create = start(d);
    created(d, create);
    d.send({{"type", "flow_status_failed"}, {"flowId", "f"}, {"status", 401}, {"code", "token_expired"}});
    d.send({{"type", "token_failed"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"status", 401}});
    BOOST_TEST(d.error_code() == "token_fetch_failed");
    BOOST_TEST(d.has_effect("stop_flow"));
    d.send({{"type", "retry"}});
    BOOST_TEST(d.effect_types().front() == "open_popup");  // retrying starts a fresh sign-in in the click
}

BOOST_AUTO_TEST_CASE(back_while_authorizing_cancels_the_flow) {
    Driver d;
    const json create = start(d);
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "catalog");
    BOOST_TEST(d.has_effect("stop_flow"));
    created(d, create);
    BOOST_TEST(d.last.ignored == "stale flow answer");
}

BOOST_AUTO_TEST_CASE(oauth_with_fields_asks_for_them_before_the_popup) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "shopfront"}});
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(!d.has_effect("open_popup"));
    BOOST_TEST(d.last.view["form"]["submitLabel"] == "Continue with Shopfront");
    d.send({{"type", "submit"}});
    BOOST_TEST(!d.has_effect("open_popup"));  // the shop name is required
    d.send({{"type", "field_changed"}, {"name", "shop"}, {"value", "my shop"}});
    BOOST_TEST(d.field("shop")["error"] == "Use only letters, digits and hyphens, not starting or ending with a hyphen.");
    d.send({{"type", "field_changed"}, {"name", "shop"}, {"value", "my-shop"}});
    d.send({{"type", "submit"}});
    BOOST_TEST(d.effect("create_flow")["fields"]["shop"] == "my-shop");
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "form");  // back from the window returns to the fields, not the list
    BOOST_TEST(d.field("shop")["value"] == "my-shop");
}

BOOST_AUTO_TEST_CASE(reconnect_sends_the_connection_key) {
    Driver d;
    json session = authkit::testing::sample_session();
    session["connections"].push_back({{"key", "conn_crm"}, {"integration", "acme-crm"}, {"status", "needs_reauth"}});
    d.open_to_catalog({{"connectionKey", "conn_crm"}}, session);
    BOOST_TEST(d.last.view["title"] == "Reconnect Acme CRM");
    d.send({{"type", "submit"}});
    BOOST_TEST(d.effect("create_flow")["connectionKey"] == "conn_crm");
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "form");  // there is no list to go back to
}

// A token renewal still on its way when the sign-in succeeds must not undo the success.
BOOST_AUTO_TEST_CASE(a_late_token_answer_after_success_changes_nothing) {
    for (const bool renewal_fails : {true, false}) {
        Driver d;
        const json create = start(d);
        created(d, create);
        d.send({{"type", "flow_status_failed"}, {"flowId", "f"}, {"status", 401}, {"code", "token_expired"}});
        const json renewal = d.effect("fetch_token");
        BOOST_TEST_REQUIRE(!renewal.is_null());
        d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "succeeded"}, {"connection", {{"key", "k"}}}});
        BOOST_TEST(d.screen() == "success");
        if (renewal_fails) d.send({{"type", "token_failed"}, {"requestId", renewal["requestId"]}, {"status", 401}});
        else d.send({{"type", "token_loaded"}, {"requestId", renewal["requestId"]}, {"token", "late"}});
        BOOST_TEST(d.last.ignored == "stale token answer");
        BOOST_TEST(d.screen() == "success");
        BOOST_TEST(d.last.effects.empty());  // no error callback, no new watch
    }
}

BOOST_AUTO_TEST_CASE(a_retry_timer_set_during_a_sign_in_does_nothing_after_going_back) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "shopfront"}});
    d.send({{"type", "field_changed"}, {"name", "shop"}, {"value", "my-shop"}});
    d.send({{"type", "submit"}});
    d.send({{"type", "flow_created"}, {"requestId", d.effect("create_flow")["requestId"]}, {"flowId", "f"},
            {"nonce", "n"}, {"authorizeUrl", "u"}});
    d.send({{"type", "flow_status_failed"}, {"flowId", "f"}, {"status", 401}, {"code", "token_expired"}});
    d.send({{"type", "token_failed"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"status", 503}});
    const json timer = d.effect("set_timer");
    BOOST_TEST_REQUIRE(timer["timer"] == "retry");
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "form");
    d.send({{"type", "timer"}, {"timer", "retry"}, {"id", timer["id"]}});
    BOOST_TEST(d.last.ignored == "stale timer");
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(d.field("shop")["value"] == "my-shop");  // the user's place is kept
}

BOOST_AUTO_TEST_CASE(polls_refused_again_and_again_renew_the_token_once) {
    Driver d;
    const json create = start(d);
    created(d, create);
    d.send({{"type", "flow_status_failed"}, {"flowId", "f"}, {"status", 401}, {"code", "token_wrong_environment"}});
    d.answer_token("second");
    d.send({{"type", "flow_status_failed"}, {"flowId", "f"}, {"status", 401}, {"code", "token_wrong_environment"}});
    BOOST_TEST(!d.has_effect("fetch_token"));
    BOOST_TEST(d.last.ignored == "the next poll will ask again");
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "pending"}});  // a poll that worked
    d.send({{"type", "flow_status_failed"}, {"flowId", "f"}, {"status", 401}, {"code", "token_expired"}});
    BOOST_TEST(d.has_effect("fetch_token"));
}
