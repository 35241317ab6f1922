#define BOOST_TEST_MODULE machine_lifecycle
#include "authkit/errors.hpp"
#include "driver.hpp"

using namespace authkit;
using authkit::testing::Driver;

BOOST_AUTO_TEST_CASE(close_carries_the_reason_the_screen_implies) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "close"}});
    BOOST_TEST(d.callback("close")["reason"] == "user");
    BOOST_TEST(d.event("close")["reason"] == "user");
    BOOST_TEST(d.last.view["open"] == false);

    d.send({{"type", "open"}});
    d.send({{"type", "token_failed"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"status", 401}});
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
    d.submit_api_key("right-key-123");
    d.send({{"type", "connection_created"}, {"requestId", d.effect("create_connection")["requestId"]},
            {"connection", {{"key", "c"}}}});
    const json& actions = d.last.view["success"]["actions"];
    BOOST_TEST(actions[0]["id"] == "done");
    BOOST_TEST(actions[1]["id"] == "connect_another");
    d.send({{"type", "connect_another"}});
    BOOST_TEST(d.screen() == "catalog");
    BOOST_TEST(d.last.view["catalog"]["items"][1]["connected"] == true);
    d.submit_api_key("right-key-123");
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
    d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}, {"nonce", "n"}, {"authorizeUrl", "u"}});
    const json timer = d.effect("set_timer");
    d.send({{"type", "close"}});
    BOOST_TEST(d.has_effect("stop_flow"));
    d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "succeeded"}});
    BOOST_TEST(d.last.ignored == "no sign-in in progress");
    BOOST_TEST(d.callback("success").is_null());
    d.send({{"type", "timer"}, {"timer", "flow_timeout"}, {"id", timer["id"]}});
    BOOST_TEST(d.last.ignored == "stale timer");
}

BOOST_AUTO_TEST_CASE(events_outside_their_screen_are_ignored_with_a_reason) {
    Driver d;
    for (const char* type : {"search", "filter", "show_more", "key", "type_ahead", "select", "field_changed",
                             "field_blurred", "submit", "retry", "back", "done", "connect_another", "popup_opened",
                             "popup_closed", "popup_blocked", "popup_launch_failed", "page_hidden", "flow_result", "flow_status_failed", "timer",
                             "token_loaded", "token_failed", "session_loaded", "session_failed", "flow_created",
                             "flow_failed", "connection_created", "connection_failed"}) {
        d.send({{"type", type}});
        BOOST_TEST(!d.last.ignored.empty(), type);
        BOOST_TEST(d.last.effects.empty(), type);
    }
    d.send({{"type", "color_scheme"}, {"dark", true}});  // remembered for the next opening
    d.send({{"type", "open"}, {"options", {{"theme", {{"mode", "system"}}}}}});
    BOOST_TEST(d.last.view["theme"]["dark"] == false);  // the opening's own prefersDark wins
}

BOOST_AUTO_TEST_CASE(every_error_code_can_be_reached) {
    // Each scenario lands on one code; together they cover the whole catalog.
    std::set<std::string> reached;
    auto note = [&](const Driver& d) { reached.insert(d.error_code()); };
    {
        Driver d;
        d.send({{"type", "open"}});
        d.send({{"type", "token_failed"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"status", 400}});
        note(d);
    }
    for (const char* code : {"origin_not_allowed", "rate_limited", "network_error", "service_error", "token_expired"}) {
        Driver d;
        d.send({{"type", "open"}});
        d.answer_token();
        d.send({{"type", "session_failed"}, {"requestId", d.effect("fetch_session")["requestId"]}, {"status", 400},
                {"code", code}});
        if (d.has_effect("fetch_token")) {  // a refused token is renewed once first
            d.answer_token();
            d.send({{"type", "session_failed"}, {"requestId", d.effect("fetch_session")["requestId"]}, {"status", 400},
                    {"code", code}});
        }
        note(d);
    }
    {
        Driver d;
        d.send({{"type", "open"}});
        d.answer_token();
        d.send({{"type", "session_failed"}, {"requestId", d.effect("fetch_session")["requestId"]}, {"status", 404}});
        note(d);
    }
    for (const json& options : {json{{"selectedIntegration", "nope"}}, json{{"connectionKey", "nope"}}}) {
        Driver d;
        d.open_to_catalog(options);
        note(d);
    }
    for (const char* code : {"invalid_credentials", "invalid_fields", "provider_unreachable", "provider_error"}) {
        Driver d;
        d.open_to_catalog();
        d.submit_api_key("right-key-123");
        d.send({{"type", "connection_failed"}, {"requestId", d.effect("create_connection")["requestId"]},
                {"status", 422}, {"code", code}});
        note(d);
    }
    for (const char* code : {"oauth_denied", "oauth_state_invalid", "weird", "oauth_exchange_failed", "oauth_flow_expired"}) {
        Driver d;
        d.open_to_catalog();
        d.send({{"type", "select"}, {"integration", "acme-crm"}});
        d.send({{"type", "flow_created"}, {"requestId", d.effect("create_flow")["requestId"]}, {"flowId", "f"},
                {"nonce", "n"}, {"authorizeUrl", "u"}});
        d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "failed"}, {"error", {{"code", code}}}});
        note(d);
    }
    for (const char* event : {"popup_blocked", "popup_closed", "flow_failed", "timeout"}) {
        Driver d;
        d.open_to_catalog();
        d.send({{"type", "select"}, {"integration", "acme-crm"}});
        const json create = d.effect("create_flow");
        if (std::string(event) == "flow_failed") {
            d.send({{"type", "flow_failed"}, {"requestId", create["requestId"]}, {"status", 500}});
        } else if (std::string(event) == "timeout") {
            d.send({{"type", "flow_created"}, {"requestId", create["requestId"]}, {"flowId", "f"}, {"nonce", "n"}, {"authorizeUrl", "u"}});
            d.send({{"type", "timer"}, {"timer", "flow_timeout"}, {"id", d.effect("set_timer")["id"]}});
            d.send({{"type", "flow_result"}, {"flowId", "f"}, {"status", "pending"}});
        } else {
            d.send({{"type", event}});
        }
        note(d);
    }
    for (const ErrorSpec& spec : error_catalog()) BOOST_TEST(reached.count(std::string(spec.code)) == 1u, spec.code);
}

BOOST_AUTO_TEST_CASE(text_boundary_survives_garbage) {
    Machine machine;
    for (const char* text : {"", "{", "[]", "42", "null", "{\"type\": 7}", "{\"type\": \"open\", \"options\": 3}",
                             "{\"type\": \"token_loaded\", \"requestId\": \"1\"}", "{\"type\":\"open\",\"now\":-5}"}) {
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
    const std::string bad = std::string("{\"type\":\"search\",\"query\":\"") + "\xff" + "\"}";
    const json out = json::parse(machine.send_text(bad), nullptr, false);
    BOOST_TEST(out.is_object());  // the parser refuses it; the machine answers with its unchanged view
}

// The flight recorder: a log, secrets redacted, replays to the very same views.
BOOST_AUTO_TEST_CASE(the_event_log_replays_to_the_same_views) {
    Driver d;
    json views = json::array();
    auto step = [&](json event) { views.push_back(d.send(std::move(event)).view); };
    step({{"type", "open"}, {"options", {{"locale", "fr"}}}});
    step({{"type", "token_loaded"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"token", "secret-token"}});
    step({{"type", "session_loaded"}, {"requestId", d.effect("fetch_session")["requestId"]},
          {"session", authkit::testing::sample_session()}});
    step({{"type", "search"}, {"query", "bea"}});
    step({{"type", "key"}, {"key", "Enter"}});
    step({{"type", "field_changed"}, {"name", "apiKey"}, {"value", "short"}});
    step({{"type", "field_blurred"}, {"name", "apiKey"}});
    step({{"type", "field_changed"}, {"name", "apiKey"}, {"value", "long-enough-secret"}});
    step({{"type", "submit"}});
    step({{"type", "connection_failed"}, {"requestId", d.effect("create_connection")["requestId"]}, {"status", 422},
          {"code", "invalid_credentials"}, {"fields", {{"apiKey", "No."}}}});
    step({{"type", "back"}});
    step({{"type", "close"}});

    const std::string log = d.machine.event_log_text();
    BOOST_TEST(log.find("secret-token") == std::string::npos);
    BOOST_TEST(log.find("long-enough-secret") == std::string::npos);
    const json replayed = json::parse(Machine::replay_text(log));
    BOOST_TEST_REQUIRE(replayed.size() == views.size());
    for (std::size_t i = 0; i < views.size(); ++i) BOOST_TEST(replayed[i] == views[i], "view " << i);
    BOOST_TEST(json::parse(Machine::replay_text("not json")).empty());
}

// The shell keeps typed secrets per form id; a new opening must start a new form, never reuse an id.
BOOST_AUTO_TEST_CASE(a_new_opening_starts_a_new_form) {
    Driver d;
    d.open_to_catalog();
    d.fill_api_key("first-secret-value");
    const auto first = d.last.view["form"]["formId"].get<std::uint64_t>();
    d.send({{"type", "close"}});
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "beacon"}});
    BOOST_TEST(d.last.view["form"]["formId"].get<std::uint64_t>() > first);
    BOOST_TEST(d.field("apiKey")["filled"] == false);
}

BOOST_AUTO_TEST_CASE(a_cleared_secret_replays_as_empty) {
    Driver d;
    d.open_to_catalog();
    d.fill_api_key("some-secret-value");
    d.send({{"type", "field_changed"}, {"name", "apiKey"}, {"value", ""}});
    d.send({{"type", "field_blurred"}, {"name", "apiKey"}});
    const json original = d.last.view;
    const json replayed = Machine::replay(d.machine.event_log());
    BOOST_TEST(replayed.back() == original);
    BOOST_TEST(replayed.back()["form"]["fields"][0]["filled"] == false);
}

namespace {

// Every number anywhere in a JSON value, to look for a count or a time however it was stored.
void collect_numbers(const json& value, std::vector<double>& numbers) {
    if (value.is_number()) numbers.push_back(value.get<double>());
    else if (value.is_structured())
        for (const json& item : value) collect_numbers(item, numbers);
}

}  // namespace

// attack: a bug report's event log gives away a secret's length and typing rhythm
BOOST_AUTO_TEST_CASE(attack_secret_rhythm_not_recorded) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "beacon"}});
    d.send({{"type", "submit"}});  // marks the field as checked, so every keystroke re-checks it
    BOOST_TEST_REQUIRE(d.field("apiKey")["error"] != "");
    const std::size_t before = d.machine.event_log().size();

    const std::string secret = "Zq7-pW2!kM9x";
    BOOST_TEST_REQUIRE(secret.size() == 12u);
    const std::uint64_t pauses_ms[] = {173, 61, 248, 95, 310, 77, 142, 199, 54, 388, 121, 66};
    std::vector<std::uint64_t> keystroke_times;
    for (std::size_t typed = 1; typed <= secret.size(); ++typed) {
        d.clock += pauses_ms[typed - 1];
        keystroke_times.push_back(d.clock);
        d.send({{"type", "field_changed"}, {"name", "apiKey"}, {"value", secret.substr(0, typed)}});
    }
    const json typed_view = d.last.view;
    BOOST_TEST(typed_view["form"]["fields"][0]["error"] == "");  // 12 characters pass minLength 8
    d.clock = 5'000'000;
    d.send({{"type", "field_blurred"}, {"name", "apiKey"}});
    d.send({{"type", "submit"}});
    BOOST_TEST_REQUIRE(d.screen() == "verifying");

    const json& log = d.machine.event_log();
    BOOST_TEST(log.size() == before + 3);  // one entry for the whole edit, then blur and submit
    const json& edit = log[before];
    BOOST_TEST(edit == json({{"type", "field_changed"}, {"name", "apiKey"}, {"value", "[redacted]"},
                             {"verdict", {{"message", ""}}}}));

    const std::string text = d.machine.event_log_text();
    for (std::uint64_t time : keystroke_times) BOOST_TEST(text.find(std::to_string(time)) == std::string::npos, time);
    for (std::size_t start = 0; start + 3 <= secret.size(); ++start)
        BOOST_TEST(text.find(secret.substr(start, 3)) == std::string::npos);
    std::vector<double> numbers;
    collect_numbers(json::parse(text), numbers);
    for (double number : numbers) BOOST_TEST((number != 12 && number != 11), "a keystroke count: " << number);

    const json replayed = json::parse(Machine::replay_text(text));
    BOOST_TEST_REQUIRE(replayed.size() == log.size());
    BOOST_TEST(replayed[before] == typed_view);
    BOOST_TEST(replayed.back() == d.last.view);

    // A keystroke that lands after submit changes nothing, and is no more readable in the log.
    d.send({{"type", "field_changed"}, {"name", "apiKey"}, {"value", secret + "!"}});
    BOOST_TEST(d.last.ignored == "no editable form");
    BOOST_TEST(d.machine.event_log_text().find(secret) == std::string::npos);
}

// Only secrets are folded: a plain field keeps each change and its time, as a bug report wants.
BOOST_AUTO_TEST_CASE(a_plain_field_keeps_every_change_in_the_log) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "shopfront"}});
    const std::size_t before = d.machine.event_log().size();
    for (const char* typed : {"m", "my", "my-"}) {
        d.clock += 100;
        d.send({{"type", "field_changed"}, {"name", "shop"}, {"value", typed}});
    }
    const json& log = d.machine.event_log();
    BOOST_TEST_REQUIRE(log.size() == before + 3);
    BOOST_TEST(log[before + 2]["value"] == "my-");
    BOOST_TEST(log[before + 2]["now"] == d.clock);
    BOOST_TEST(Machine::replay(log).back() == d.last.view);
}

BOOST_AUTO_TEST_CASE(events_name_the_screen_their_step_ended_on) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "beacon"}});
    BOOST_TEST(d.event("select")["view"] == "form");
    d.send({{"type", "field_changed"}, {"name", "apiKey"}, {"value", "right-key-123"}});
    d.send({{"type", "submit"}});
    BOOST_TEST(d.event("submit")["view"] == "verifying");
    d.send({{"type", "close"}});
    BOOST_TEST(d.event("close")["view"] == "closed");
}

BOOST_AUTO_TEST_CASE(huge_numbers_from_outside_are_harmless) {
    Driver d;
    d.send({{"type", "open"}});
    d.send({{"type", "token_loaded"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"token", "t"},
            {"expiresAt", 1e300}});
    d.answer_session();
    d.submit_api_key("right-key-123");
    d.fail_connection(429, "rate_limited", {{"retryAfter", 1e12}});  // capped at a day
    BOOST_TEST(d.error_code() == "rate_limited");
    const json& retry = d.last.view["error"]["actions"][0];
    BOOST_TEST(retry["id"] == "retry");
    BOOST_TEST(retry["enabled"] == false);
    BOOST_TEST(retry["primary"] == false);  // the focus goes to something that can be pressed
    BOOST_TEST(d.last.view["error"]["actions"][1]["primary"] == true);
    BOOST_TEST(d.last.view["error"]["retryAfter"] == 86400);
}

BOOST_AUTO_TEST_CASE(loading_puts_the_focus_in_the_dialog) {
    Driver d;
    d.send({{"type", "open"}});
    BOOST_TEST(d.last.view["focus"] == "heading");
}

BOOST_AUTO_TEST_CASE(the_flow_nonce_is_not_in_the_log) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "acme-crm"}});
    d.send({{"type", "flow_created"}, {"requestId", d.effect("create_flow")["requestId"]}, {"flowId", "f"},
            {"nonce", "nonce-value-123"}, {"authorizeUrl", "u"}});
    BOOST_TEST(d.machine.event_log_text().find("nonce-value-123") == std::string::npos);
}
