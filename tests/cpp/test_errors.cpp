#define BOOST_TEST_MODULE errors
#include "authkit/errors.hpp"
#include "authkit/events.hpp"
#include "authkit/i18n.hpp"
#include "driver.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace authkit;

BOOST_AUTO_TEST_CASE(codes_are_unique_and_each_has_a_message_in_every_locale) {
    std::set<std::string_view> seen;
    for (const ErrorSpec& spec : error_catalog()) {
        BOOST_TEST(seen.insert(spec.code).second, spec.code);
        const std::string id = "error." + std::string(spec.code);
        BOOST_TEST(translate(*locales().front(), id) != id, id);
        for (const Locale* base : locales()) {
            if (base->size) continue;
            const auto loaded = testing::load_catalog(std::string(base->tag));
            const std::string english = translate(*locales().front(), id);
            BOOST_TEST(translate(loaded->locale(), id) != english, base->tag << " " << id << " is not translated");
        }
    }
}

// docs/errors.md is the host developer's reference: a code the machine can show must be in it,
// with its recovery and whether it is retryable, as the catalog says.
BOOST_AUTO_TEST_CASE(every_code_is_documented_as_the_catalog_says) {
    const std::string doc = testing::read_source_file("docs/errors.md");
    BOOST_TEST_REQUIRE(!doc.empty());
    for (const ErrorSpec& spec : error_catalog()) {
        const std::string row = "| `" + std::string(spec.code) + "` | " + std::string(to_string(spec.recovery)) + " | " +
                                (spec.retryable ? "yes" : "no") + " |";
        BOOST_TEST(doc.find(row) != std::string::npos, "docs/errors.md lacks the row starting " << row);
    }
}

BOOST_AUTO_TEST_CASE(every_event_name_is_documented) {
    const std::string doc = testing::read_source_file("docs/events.md");
    BOOST_TEST_REQUIRE(!doc.empty());
    for (EventName name : all_event_names())
        BOOST_TEST(doc.find("| `" + std::string(to_string(name)) + "` |") != std::string::npos, to_string(name));
}

BOOST_AUTO_TEST_CASE(unknown_code_is_a_service_error) { BOOST_TEST(error_spec("made_up").code == "service_error"); }

BOOST_AUTO_TEST_CASE(service_codes_map_to_ours) {
    BOOST_TEST(error_from_service("invalid_credentials", "service_error") == "invalid_credentials");
    BOOST_TEST(error_from_service("token_expired", "service_error") == "session_expired");
    BOOST_TEST(error_from_service("token_wrong_environment", "service_error") == "session_expired");
    BOOST_TEST(error_from_service("integration_not_allowed", "service_error") == "integration_unavailable");
    BOOST_TEST(error_from_service("oauth_browser_mismatch", "oauth_failed") == "oauth_state_mismatch");
    BOOST_TEST(error_from_service("provider_timeout", "service_error") == "provider_unreachable");
    BOOST_TEST(error_from_service("some_new_code", "service_error") == "service_error");
    BOOST_TEST(error_from_service("", "oauth_failed") == "oauth_failed");
    BOOST_TEST(to_string(Recovery::back) == "back");
}
