#define BOOST_TEST_MODULE errors
#include "authkit/errors.hpp"
#include "authkit/messages.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace authkit;

BOOST_AUTO_TEST_CASE(codes_are_unique_and_each_has_a_message) {
    std::set<std::string_view> seen;
    for (const ErrorSpec& spec : error_catalog()) {
        BOOST_TEST(seen.insert(spec.code).second, spec.code);
        const std::string id = "error." + std::string(spec.code);
        BOOST_TEST(message(id) != id, "no message for " << spec.code);
    }
}

BOOST_AUTO_TEST_CASE(unknown_code_becomes_unexpected) {
    BOOST_TEST(error_spec("made_up").code == "unexpected");
    BOOST_TEST(!error_spec("made_up").retryable);
}

BOOST_AUTO_TEST_CASE(service_codes_map_to_ours) {
    BOOST_TEST(error_from_service("invalid_credentials", "service_error") == "invalid_credentials");
    BOOST_TEST(error_from_service("token_expired", "service_error") == "session_expired");
    BOOST_TEST(error_from_service("integration_not_allowed", "service_error") == "integration_unavailable");
    BOOST_TEST(error_from_service("some_new_code", "service_error") == "service_error");
    BOOST_TEST(error_from_service("", "oauth_failed") == "oauth_failed");
    BOOST_TEST(error_from_service("unexpected", "oauth_failed") == "oauth_failed");
}

BOOST_AUTO_TEST_CASE(messages_fill_placeholders_and_show_gaps) {
    BOOST_TEST(format_message("form.title", {{"name", "Slack"}}) == "Connect Slack");
    BOOST_TEST(message("no.such.id") == "no.such.id");
    BOOST_TEST(to_string(Recovery::back) == "back");
}
