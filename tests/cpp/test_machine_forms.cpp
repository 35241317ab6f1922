#define BOOST_TEST_MODULE machine_forms
#include "driver.hpp"

using namespace authkit;
using authkit::testing::Driver;
using authkit::testing::sample_session;

BOOST_AUTO_TEST_CASE(select_shows_the_form_focused_on_the_first_field) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "beacon"}});
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(d.last.view["focus"] == "field:apiKey");
    BOOST_TEST(d.last.view["canGoBack"] == true);
    const json field = d.field("apiKey");
    BOOST_TEST(field["type"] == "secret");
    BOOST_TEST(field["error"] == "");
    BOOST_TEST(field["filled"] == false);
    BOOST_TEST(!field.contains("value"));  // a secret never travels in the view
    BOOST_TEST(d.last.view["form"]["submitLabel"] == "Connect");
    BOOST_TEST(d.last.view["title"] == "Connect Beacon Mail");
}

BOOST_AUTO_TEST_CASE(every_field_type_is_described_for_the_shell) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "regional"}});
    const json& fields = d.last.view["form"]["fields"];
    BOOST_TEST_REQUIRE(fields.size() == 3u);  // the hidden field is not shown
    BOOST_TEST(fields[0]["type"] == "select");
    BOOST_TEST(fields[0]["value"] == "eu");  // preset
    BOOST_TEST(fields[0]["options"].size() == 2u);
    BOOST_TEST(fields[0]["selectPlaceholder"] == "Choose…");
    BOOST_TEST(fields[2]["type"] == "checkbox");
    BOOST_TEST(fields[2]["checked"] == false);
    d.send({{"type", "field_changed"}, {"name", "apiVersion"}, {"value", "x"}});
    BOOST_TEST(d.last.ignored == "unknown field");  // hidden fields cannot be changed

    Driver shop;
    shop.open_to_catalog();
    shop.send({{"type", "select"}, {"integration", "shopfront"}});
    BOOST_TEST(shop.field("shop")["prefix"] == "https://");
    BOOST_TEST(shop.field("shop")["suffix"] == ".shopfront.example");
}

BOOST_AUTO_TEST_CASE(submit_with_errors_stays_and_focuses_the_first_invalid_field) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "regional"}});
    d.send({{"type", "submit"}});
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(!d.has_effect("create_connection"));
    BOOST_TEST(d.field("region")["error"] == "");
    BOOST_TEST(d.field("token")["error"] == "Token is required.");
    BOOST_TEST(d.field("terms")["error"] == "Please check this box to continue.");
    BOOST_TEST(d.last.view["focus"] == "field:token");
    BOOST_TEST(d.last.view["announce"] == "2 fields need your attention.");
    // Typing a valid value clears the error at once, since the field was already checked.
    d.send({{"type", "field_changed"}, {"name", "token"}, {"value", "t0ken"}});
    BOOST_TEST(d.field("token")["error"] == "");
    d.send({{"type", "field_changed"}, {"name", "terms"}, {"value", true}});
    BOOST_TEST(d.field("terms")["checked"] == true);
    d.send({{"type", "field_changed"}, {"name", "region"}, {"value", "mars"}});
    BOOST_TEST(d.field("region")["error"] == "Choose one of the options.");
    d.send({{"type", "field_changed"}, {"name", "region"}, {"value", "us"}});
    d.send({{"type", "submit"}});
    const json request = d.effect("create_connection");
    BOOST_TEST(request["fields"]["region"] == "us");
    BOOST_TEST(request["fields"]["token"] == "t0ken");
    BOOST_TEST(request["fields"]["terms"] == true);  // a checkbox is a boolean on the wire
    BOOST_TEST(request["fields"]["apiVersion"] == "2024-01");  // the hidden preset is sent
}

BOOST_AUTO_TEST_CASE(blur_checks_a_field_but_not_an_untouched_empty_one) {
    Driver d;
    d.open_to_catalog();
    d.send({{"type", "select"}, {"integration", "beacon"}});
    d.send({{"type", "field_blurred"}, {"name", "apiKey"}});
    BOOST_TEST(d.field("apiKey")["error"] == "");
    d.send({{"type", "field_changed"}, {"name", "apiKey"}, {"value", "abc"}});
    BOOST_TEST(d.field("apiKey")["error"] == "");  // no nagging while typing the first time
    BOOST_TEST(d.field("apiKey")["filled"] == true);
    d.send({{"type", "field_blurred"}, {"name", "apiKey"}});
    BOOST_TEST(d.field("apiKey")["error"] == "Use at least 8 characters.");
    d.send({{"type", "field_blurred"}, {"name", "nope"}});
    BOOST_TEST(d.last.ignored == "unknown field");
}

BOOST_AUTO_TEST_CASE(valid_submit_verifies_once_and_success_calls_back_once) {
    Driver d;
    d.open_to_catalog();
    d.submit_api_key("right-key-123");
    const json request = d.effect("create_connection");
    BOOST_TEST(request["integration"] == "beacon");
    BOOST_TEST(request["fields"]["apiKey"] == "right-key-123");
    BOOST_TEST(request["token"] == "tok_abc");
    BOOST_TEST(!request.contains("connectionKey"));
    BOOST_TEST(d.screen() == "verifying");
    BOOST_TEST(d.last.view["busy"] == true);
    BOOST_TEST(d.last.view["verifying"]["text"] == "Checking your details with Beacon Mail…");
    BOOST_TEST(d.event("submit")["integration"] == "beacon");
    d.send({{"type", "submit"}});
    BOOST_TEST(d.last.ignored == "already submitting");
    BOOST_TEST(d.last.effects.empty());
    d.send({{"type", "field_changed"}, {"name", "apiKey"}, {"value", "changed"}});
    BOOST_TEST(d.last.ignored == "no editable form");
    d.send({{"type", "back"}});
    BOOST_TEST(d.last.ignored == "no way back from here");

    d.send({{"type", "connection_created"}, {"requestId", request["requestId"]},
            {"connection", {{"key", "conn_1"}, {"integration", "beacon"}}}});
    BOOST_TEST(d.screen() == "success");
    BOOST_TEST(d.callback("success")["key"] == "conn_1");
    BOOST_TEST(d.event("success")["connectionKey"] == "conn_1");
    BOOST_TEST(d.last.view["announce"] == "Beacon Mail is connected.");
    d.send({{"type", "connection_created"}, {"requestId", request["requestId"]}, {"connection", {{"key", "conn_1"}}}});
    BOOST_TEST(d.last.ignored == "stale connection answer");
    BOOST_TEST(d.callback("success").is_null());
}

BOOST_AUTO_TEST_CASE(invalid_credentials_show_an_error_then_back_keeps_the_input) {
    Driver d;
    d.open_to_catalog();
    d.submit_api_key("wrong-key-000");
    d.fail_connection(422, "invalid_credentials", {{"fields", {{"apiKey", "The provider did not accept this key."}}}});
    BOOST_TEST(d.error_code() == "invalid_credentials");
    BOOST_TEST(d.last.view["error"]["retryable"] == false);
    BOOST_TEST(d.last.view["error"]["actions"][0]["id"] == "back");
    BOOST_TEST(d.last.view["error"]["message"] == "Beacon Mail did not accept these details. Check them and try again.");
    BOOST_TEST(d.callback("error")["integration"] == "beacon");
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(d.field("apiKey")["filled"] == true);  // what was typed is still there
    // The service's English words are not shown as such: the machine says it in the modal's language.
    BOOST_TEST(d.field("apiKey")["error"] == "API key was not accepted. Check it and try again.");
    BOOST_TEST(d.last.view["focus"] == "field:apiKey");
    BOOST_TEST(d.last.view["form"]["formId"] == 1);  // the same form, not a fresh one
}

BOOST_AUTO_TEST_CASE(service_field_errors_land_on_their_fields) {
    Driver d;
    d.open_to_catalog();
    d.submit_api_key("right-key-123");
    d.fail_connection(422, "invalid_fields", {{"fields", {{"apiKey", "Must start with bk_."}, {"unknown", "ignored"}}}});
    BOOST_TEST(d.error_code() == "invalid_fields");
    d.send({{"type", "back"}});
    BOOST_TEST(d.field("apiKey")["error"] == "API key was not accepted. Check it and try again.");
}

BOOST_AUTO_TEST_CASE(a_refused_field_is_explained_by_its_own_rule_when_the_machine_knows_it) {
    Driver d;
    d.open_to_catalog({{"locale", "de"}});
    d.send({{"type", "select"}, {"integration", "regional"}});
    d.send({{"type", "field_changed"}, {"name", "token"}, {"value", "t"}});
    d.send({{"type", "field_changed"}, {"name", "terms"}, {"value", true}});
    d.send({{"type", "submit"}});
    // The region is valid here; had the service refused it for a rule the machine knows, that rule's
    // message would show. It refuses the token, which passes every local rule: the generic message.
    d.fail_connection(422, "invalid_credentials", {{"fields", {{"token", "Token rejected"}}}});
    d.send({{"type", "back"}});
    BOOST_TEST(d.field("token")["error"] == "Token wurde nicht akzeptiert. Prüfe die Angabe und versuche es erneut.");
    BOOST_TEST(d.field("region")["error"] == "");
}

BOOST_AUTO_TEST_CASE(retryable_failures_resubmit_the_same_values) {
    for (const auto& [status, code, expected] : std::vector<std::tuple<int, std::string, std::string>>{
             {502, "provider_unreachable", "provider_unreachable"},
             {504, "provider_timeout", "provider_unreachable"},
             {502, "provider_error", "provider_error"},
             {0, "network_error", "network_error"},
             {500, "internal_error", "service_error"}}) {
        Driver d;
        d.open_to_catalog();
        d.submit_api_key("right-key-123");
        d.send({{"type", "connection_failed"}, {"requestId", d.effect("create_connection")["requestId"]},
                {"status", status}, {"code", code}});
        BOOST_TEST(d.error_code() == expected, code);
        BOOST_TEST(d.last.view["error"]["actions"][0]["id"] == "retry", code);
        d.send({{"type", "retry"}});
        BOOST_TEST(d.effect("create_connection")["fields"]["apiKey"] == "right-key-123", code);
        BOOST_TEST(d.screen() == "verifying", code);
    }
}

BOOST_AUTO_TEST_CASE(rate_limited_submission_shows_the_wait) {
    Driver d;
    d.open_to_catalog();
    d.submit_api_key("right-key-123");
    d.fail_connection(429, "rate_limited", {{"retryAfter", 1}});
    BOOST_TEST(d.error_code() == "rate_limited");
    BOOST_TEST(d.last.view["error"]["hint"] == "You can try again in 1 second.");
    BOOST_TEST(d.last.view["error"]["retryAfter"] == 1);
}

BOOST_AUTO_TEST_CASE(an_expired_token_is_renewed_before_submitting) {
    Driver d;
    d.send({{"type", "open"}});
    d.answer_token("short-lived", d.clock + 60'000);
    d.answer_session();
    d.clock += 45'000;  // within 30 s of expiry
    d.submit_api_key("right-key-123");
    BOOST_TEST(d.screen() == "verifying");
    BOOST_TEST(!d.has_effect("create_connection"));
    BOOST_TEST(d.has_effect("fetch_token"));
    d.answer_token("fresh", d.clock + 300'000);
    BOOST_TEST(d.effect("create_connection")["token"] == "fresh");
    BOOST_TEST(d.screen() == "verifying");  // the user's place is kept
}

BOOST_AUTO_TEST_CASE(a_token_refused_mid_session_is_renewed_once_and_the_request_repeated) {
    Driver d;
    d.open_to_catalog();
    d.submit_api_key("right-key-123");
    d.fail_connection(401, "token_expired");
    BOOST_TEST(d.has_effect("fetch_token"));
    d.answer_token("fresh");
    BOOST_TEST(d.effect("create_connection")["token"] == "fresh");
    d.fail_connection(401, "token_expired");
    BOOST_TEST(d.error_code() == "session_expired");
    d.send({{"type", "retry"}});
    BOOST_TEST(d.has_effect("create_connection"));  // a retry gets a new chance
}

BOOST_AUTO_TEST_CASE(a_failed_renewal_returns_to_the_form_with_a_retry) {
    Driver d;
    d.open_to_catalog();
    d.submit_api_key("right-key-123");
    d.fail_connection(401, "token_expired");
    d.send({{"type", "token_failed"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"status", 403}});
    BOOST_TEST(d.error_code() == "token_fetch_failed");
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "form");
}

BOOST_AUTO_TEST_CASE(back_from_form_returns_to_the_catalog_and_a_new_form_starts_empty) {
    Driver d;
    d.open_to_catalog();
    d.fill_api_key("abc");
    d.send({{"type", "back"}});
    BOOST_TEST(d.screen() == "catalog");
    d.send({{"type", "select"}, {"integration", "beacon"}});
    BOOST_TEST(d.field("apiKey")["filled"] == false);
    BOOST_TEST(d.last.view["form"]["formId"] == 2);  // the shell drops what it kept for the old form
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
