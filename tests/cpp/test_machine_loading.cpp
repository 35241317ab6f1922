#define BOOST_TEST_MODULE machine_loading
#include "driver.hpp"

using namespace authkit;
using authkit::testing::Driver;
using authkit::testing::sample_session;

BOOST_AUTO_TEST_CASE(starts_closed_and_open_asks_for_a_token) {
    Driver d;
    BOOST_TEST(d.machine.view()["screen"] == "closed");
    d.send({{"type", "open"}});
    BOOST_TEST(d.screen() == "loading");
    BOOST_TEST(d.last.view["busy"] == true);
    BOOST_TEST(d.has_effect("fetch_token"));
    BOOST_TEST(d.event("open")["locale"] == "en");
    BOOST_TEST(d.event("view")["from"] == "closed");
}

BOOST_AUTO_TEST_CASE(token_then_session_reach_the_catalog) {
    Driver d;
    d.send({{"type", "open"}});
    d.answer_token("tok");
    BOOST_TEST(d.screen() == "loading");
    BOOST_TEST(d.effect("fetch_session")["token"] == "tok");
    d.answer_session();
    BOOST_TEST(d.screen() == "catalog");
    BOOST_TEST(d.last.view["focus"] == "search");
    const json& items = d.last.view["catalog"]["items"];
    BOOST_TEST_REQUIRE(items.size() == 4u);  // the two malformed entries are dropped
    BOOST_TEST(items[1]["id"] == "beacon");
    BOOST_TEST(items[1]["connected"] == true);
    BOOST_TEST(items[0]["connected"] == false);
    BOOST_TEST(d.last.view["theme"]["companyName"] == "Acme");  // the service's branding
}

BOOST_AUTO_TEST_CASE(a_second_open_is_ignored) {
    Driver d;
    d.send({{"type", "open"}});
    d.send({{"type", "open"}});
    BOOST_TEST(d.last.ignored == "already open");
    BOOST_TEST(d.last.effects.empty());
}

BOOST_AUTO_TEST_CASE(transient_token_failures_retry_by_themselves_with_growing_pauses) {
    Driver d;
    d.send({{"type", "open"}});
    d.send({{"type", "token_failed"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"status", 503}});
    BOOST_TEST(d.screen() == "loading");
    const json first = d.effect("set_timer");
    BOOST_TEST(first["timer"] == "retry");
    BOOST_TEST(first["delayMs"] == 500);
    d.send({{"type", "timer"}, {"timer", "retry"}, {"id", first["id"]}});
    BOOST_TEST(d.has_effect("fetch_token"));
    d.send({{"type", "token_failed"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"status", 0}});
    const json second = d.effect("set_timer");
    BOOST_TEST(second["delayMs"] == 2000);
    d.send({{"type", "timer"}, {"timer", "retry"}, {"id", first["id"]}});  // the old timer no longer counts
    BOOST_TEST(d.last.ignored == "stale timer");
    d.send({{"type", "timer"}, {"timer", "retry"}, {"id", second["id"]}});
    d.send({{"type", "token_failed"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"status", 502}});
    BOOST_TEST(d.error_code() == "token_fetch_failed");  // two automatic retries, then the user decides
    BOOST_TEST(d.callback("error")["retryable"] == true);
    const json& actions = d.last.view["error"]["actions"];
    BOOST_TEST_REQUIRE(actions.size() == 2u);  // nothing loaded, so nothing to go back to
    BOOST_TEST(actions[0]["id"] == "retry");
    BOOST_TEST(actions[1]["id"] == "close");
    d.send({{"type", "retry"}});
    BOOST_TEST(d.screen() == "loading");
    BOOST_TEST(d.has_effect("fetch_token"));
    BOOST_TEST(d.event("retry")["code"] == "token_fetch_failed");
}

BOOST_AUTO_TEST_CASE(a_refused_token_request_fails_at_once) {
    Driver d;
    d.send({{"type", "open"}});
    d.send({{"type", "token_failed"}, {"requestId", d.effect("fetch_token")["requestId"]}, {"status", 401}});
    BOOST_TEST(d.error_code() == "token_fetch_failed");
    BOOST_TEST(!d.has_effect("set_timer"));
}

BOOST_AUTO_TEST_CASE(empty_token_counts_as_failure) {
    Driver d;
    d.send({{"type", "open"}});
    d.answer_token("");
    BOOST_TEST(d.error_code() == "token_fetch_failed");
}

BOOST_AUTO_TEST_CASE(a_refused_session_token_is_renewed_once) {
    Driver d;
    d.send({{"type", "open"}});
    d.answer_token("old");
    d.send({{"type", "session_failed"}, {"requestId", d.effect("fetch_session")["requestId"]}, {"status", 401},
            {"code", "token_expired"}});
    BOOST_TEST(d.screen() == "loading");
    BOOST_TEST(d.has_effect("fetch_token"));
    d.answer_token("new");
    BOOST_TEST(d.effect("fetch_session")["token"] == "new");
    d.send({{"type", "session_failed"}, {"requestId", d.effect("fetch_session")["requestId"]}, {"status", 401},
            {"code", "token_invalid"}});
    BOOST_TEST(d.error_code() == "session_expired");
}

BOOST_AUTO_TEST_CASE(session_failures_map_to_codes) {
    for (const auto& [code, status, expected] :
         std::vector<std::tuple<std::string, int, std::string>>{{"origin_not_allowed", 403, "origin_not_allowed"},
                                                                {"network_error", 0, "network_error"},
                                                                {"rate_limited", 429, "rate_limited"},
                                                                {"", 404, "session_fetch_failed"}}) {
        Driver d;
        d.send({{"type", "open"}});
        d.answer_token();
        json failure = {{"type", "session_failed"}, {"requestId", d.effect("fetch_session")["requestId"]},
                        {"status", status}, {"code", code}};
        if (status == 429) failure["retryAfter"] = 60;  // too long to wait for automatically
        // Transient failures are retried twice first.
        for (int attempt = 0; attempt < 3 && d.screen() == "loading"; ++attempt) {
            failure["requestId"] = d.effect("fetch_session")["requestId"];
            d.send(failure);
            if (d.has_effect("set_timer")) d.send({{"type", "timer"}, {"timer", "retry"}, {"id", d.effect("set_timer")["id"]}});
        }
        BOOST_TEST(d.error_code() == expected, code);
    }
}

BOOST_AUTO_TEST_CASE(rate_limit_blocks_retry_until_the_wait_is_over) {
    Driver d;
    d.send({{"type", "open"}});
    d.answer_token();
    d.send({{"type", "session_failed"}, {"requestId", d.effect("fetch_session")["requestId"]}, {"status", 429},
            {"code", "rate_limited"}, {"retryAfter", 30}});
    BOOST_TEST(d.error_code() == "rate_limited");
    BOOST_TEST(d.last.view["error"]["hint"] == "You can try again in 30 seconds.");
    BOOST_TEST(d.last.view["error"]["actions"][0]["enabled"] == false);
    const json timer = d.effect("set_timer");
    BOOST_TEST(timer["delayMs"] == 30000);
    d.send({{"type", "retry"}});
    BOOST_TEST(d.last.ignored == "nothing to retry");
    d.send({{"type", "timer"}, {"timer", "retry_after"}, {"id", timer["id"]}});
    BOOST_TEST(d.last.view["error"]["actions"][0]["enabled"] == true);
    BOOST_TEST(d.last.view["announce"] == "You can try again now.");
    d.send({{"type", "retry"}});
    BOOST_TEST(d.screen() == "loading");
}

BOOST_AUTO_TEST_CASE(short_rate_limits_are_waited_out_automatically) {
    Driver d;
    d.send({{"type", "open"}});
    d.answer_token();
    d.send({{"type", "session_failed"}, {"requestId", d.effect("fetch_session")["requestId"]}, {"status", 429},
            {"code", "rate_limited"}, {"retryAfter", 3}});
    BOOST_TEST(d.screen() == "loading");
    BOOST_TEST(d.effect("set_timer")["delayMs"] == 3000);
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
    d.send({{"type", "token_failed"}, {"requestId", id + 7}});
    BOOST_TEST(d.last.ignored == "stale token answer");
    d.send({{"type", "session_failed"}, {"requestId", id}});
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
    BOOST_TEST(d.effect_types().front() == "open_popup");
}

BOOST_AUTO_TEST_CASE(unknown_selected_integration_is_an_error) {
    Driver d;
    d.open_to_catalog({{"selectedIntegration", "nope"}});
    BOOST_TEST(d.error_code() == "integration_unavailable");
    BOOST_TEST(d.last.view["error"]["retryable"] == false);
    d.send({{"type", "retry"}});
    BOOST_TEST(d.last.ignored == "nothing to retry");
    d.send({{"type", "back"}});  // the list exists, so there is a way on
    BOOST_TEST(d.screen() == "catalog");
}

BOOST_AUTO_TEST_CASE(reconnect_mode_goes_straight_to_the_connection_s_integration) {
    Driver d;
    d.open_to_catalog({{"connectionKey", "conn_old"}});
    BOOST_TEST(d.screen() == "form");
    BOOST_TEST(d.last.view["title"] == "Reconnect Beacon Mail");
    BOOST_TEST(d.last.view["form"]["reconnect"] == true);
    d.send({{"type", "field_changed"}, {"name", "apiKey"}, {"value", "new-key-12345"}});
    d.send({{"type", "submit"}});
    BOOST_TEST(d.effect("create_connection")["connectionKey"] == "conn_old");

    Driver missing;
    missing.open_to_catalog({{"connectionKey", "conn_gone"}});
    BOOST_TEST(missing.error_code() == "connection_not_found");
}

BOOST_AUTO_TEST_CASE(locale_comes_from_the_option_then_the_browser) {
    Driver d;
    d.open_to_catalog({{"locale", "es-MX"}, {"languages", {"fr"}}});
    BOOST_TEST(d.last.view["locale"] == "es");
    BOOST_TEST(d.last.view["title"] == "Conecta una integración");
    Driver arabic;
    arabic.open_to_catalog({{"languages", {"ar-EG", "en"}}});
    BOOST_TEST(arabic.last.view["dir"] == "rtl");
    BOOST_TEST(arabic.last.view["catalog"]["searchLabel"] == "البحث في التكاملات");
}

BOOST_AUTO_TEST_CASE(theme_options_are_applied_and_problems_reported) {
    Driver d;
    d.send({{"type", "open"},
            {"options", {{"theme", {{"primaryColor", "#1e1b4b"}, {"mode", "system"}, {"radius", "big"}}}, {"prefersDark", true}}}});
    BOOST_TEST(d.last.view["theme"]["dark"] == true);
    BOOST_TEST(!d.last.view["theme"]["adjustments"].empty());  // too dark to read on a dark surface
    BOOST_TEST(d.event("theme_adjusted")["adjustments"].size() == 1u);  // and the host is told
    BOOST_TEST(d.effect("config_error")["problems"][0]["option"] == "theme.radius");
    BOOST_TEST(d.event("config_error")["problems"].size() == 1u);
    d.answer_token();
    d.answer_session();
    BOOST_TEST(d.last.view["theme"]["companyName"] == "Acme");  // branding fills what the host left out
    BOOST_TEST(!d.has_effect("config_error"));                  // a problem is reported once
    d.send({{"type", "color_scheme"}, {"dark", false}});
    BOOST_TEST(d.last.view["theme"]["dark"] == false);
    BOOST_TEST(d.last.view["theme"]["adjustments"].empty());
}

BOOST_AUTO_TEST_CASE(a_language_shows_in_english_until_its_catalog_arrives) {
    Driver d;
    d.send({{"type", "open"}, {"options", {{"languages", {"fr-FR"}}}}});
    BOOST_TEST(d.effect("load_messages")["locale"] == "fr");
    BOOST_TEST(d.has_effect("fetch_token"));  // loading does not wait for the catalog
    BOOST_TEST(d.last.view["locale"] == "fr");
    BOOST_TEST(d.last.view["loading"]["text"] == "Loading integrations…");
    d.send({{"type", "messages_loaded"}, {"locale", "fr"}, {"messages", authkit::testing::catalog_json("fr")}});
    BOOST_TEST(d.last.view["loading"]["text"] == "Chargement des intégrations…");
    d.send({{"type", "messages_loaded"}, {"locale", "fr"}, {"messages", {{"x", "y"}}}});
    BOOST_TEST(d.last.ignored == "no catalog expected for that locale");
    d.send({{"type", "messages_loaded"}, {"locale", "en"}, {"messages", json::object()}});
    BOOST_TEST(d.last.ignored == "no catalog expected for that locale");
    d.send({{"type", "messages_loaded"}, {"locale", "de"}, {"messages", "nope"}});
    BOOST_TEST(d.last.ignored == "messages are not an object");
    // A catalog that arrives for a language not shown is kept for later, not applied.
    d.send({{"type", "messages_loaded"}, {"locale", "es"}, {"messages", authkit::testing::catalog_json("es")}});
    BOOST_TEST(d.last.view["locale"] == "fr");
    d.send({{"type", "close"}});
    d.send({{"type", "open"}, {"options", {{"locale", "es"}}}});
    BOOST_TEST(!d.has_effect("load_messages"));  // already here
    BOOST_TEST(d.last.view["loading"]["text"] == "Cargando integraciones…");
    d.send({{"type", "close"}});
    d.send({{"type", "open"}, {"options", {{"locale", "fr"}}}});
    BOOST_TEST(!d.has_effect("load_messages"));
    BOOST_TEST(d.last.view["title"] == "Connexion");
}
