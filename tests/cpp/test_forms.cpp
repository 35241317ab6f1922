#define BOOST_TEST_MODULE forms
#include "authkit/forms.hpp"
#include "driver.hpp"

#include <boost/test/unit_test.hpp>

using namespace authkit;

namespace {
const Locale& english() { return *locales().front(); }

Field one_field(const json& schema) {
    auto fields = parse_fields(json::array({schema}));
    BOOST_TEST_REQUIRE(fields.size() == 1u);
    return fields.front();
}

std::string as_value(const json& value) {
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    return value.get<std::string>();
}
}  // namespace

// The same vectors run in the service's test suite: both sides must agree on every case.
BOOST_AUTO_TEST_CASE(shared_fixture_cases_agree) {
    const json fixture = json::parse(testing::read_source_file("tests/fixtures/field-rules.json"), nullptr, false);
    BOOST_TEST_REQUIRE(fixture.is_object());
    const json& cases = fixture["cases"];
    BOOST_TEST_REQUIRE(cases.size() >= 40u);
    for (const json& test_case : cases) {
        const Field field = one_field(test_case["field"]);
        const auto problem = validate_field(field, as_value(test_case["value"]), english());
        const std::string label = test_case.dump();
        BOOST_TEST(!problem.has_value() == test_case["valid"].get<bool>(), label);
        if (problem && test_case.contains("rule")) BOOST_TEST(problem->rule == test_case["rule"].get<std::string>(), label);
    }
}

BOOST_AUTO_TEST_CASE(messages_name_the_rule) {
    Field field = one_field({{"name", "k"}, {"label", "Key"}, {"required", true}, {"minLength", 3}});
    BOOST_TEST(validate_field(field, "", english())->message == "Key is required.");
    BOOST_TEST(validate_field(field, "ab", english())->message == "Use at least 3 characters.");
    field.min_length = 1;
    field.max_length = 1;
    BOOST_TEST(validate_field(field, "ab", english())->message == "Use at most 1 character.");
    const Field number = one_field({{"name", "n"}, {"type", "number"}, {"min", 1.5}, {"max", 10}});
    BOOST_TEST(validate_field(number, "1", english())->message == "Enter 1.5 or more.");
    BOOST_TEST(validate_field(number, "11", english())->message == "Enter 10 or less.");
    const Field custom = one_field({{"name", "p"}, {"pattern", "[0-9]+"}, {"patternMessage", "Digits only, please."}});
    BOOST_TEST(validate_field(custom, "x", english())->message == "Digits only, please.");
}

BOOST_AUTO_TEST_CASE(messages_follow_the_locale) {
    const Field field = one_field({{"name", "k"}, {"label", "Clé"}, {"required", true}, {"minLength", 2}});
    const auto french = testing::load_catalog("fr");
    const auto german = testing::load_catalog("de");
    BOOST_TEST(validate_field(field, "", french->locale())->message == "Clé est obligatoire.");
    BOOST_TEST(validate_field(field, "a", german->locale())->message == "Verwende mindestens 2 Zeichen.");
    // Before a catalog arrives the language falls back to English, never to a blank.
    BOOST_TEST(validate_field(field, "a", *find_locale("de"))->message == "Use at least 2 characters.");
}

BOOST_AUTO_TEST_CASE(parse_fields_reads_the_whole_schema) {
    const auto fields = parse_fields(json::parse(R"json([
        {"name": "apiKey", "label": "API key", "type": "secret", "required": true, "minLength": 8, "maxLength": 64,
         "placeholder": "sk-...", "help": "Find it in settings", "pattern": "sk-.*", "patternMessage": "Starts with sk-"},
        {"label": "no name"},
        {"name": "region", "type": "select", "default": "eu",
         "options": [{"value": "us", "label": "US"}, {"value": "eu"}, {"label": "no value"}]},
        {"name": "terms", "type": "checkbox", "default": true},
        {"name": "shop", "type": "subdomain", "prefix": "https://", "suffix": ".example.com"},
        {"name": "v", "hidden": true, "default": "2024"},
        {"name": "n", "minLength": -1, "pattern": "(?=lookahead)"}
    ])json"));
    BOOST_TEST_REQUIRE(fields.size() == 6u);
    BOOST_TEST(is_secret(fields[0]));
    BOOST_TEST(fields[0].min_length.value() == 8u);
    BOOST_TEST(fields[0].max_length.value() == 64u);
    BOOST_TEST(fields[0].help == "Find it in settings");
    BOOST_TEST(fields[0].pattern != nullptr);
    BOOST_TEST(fields[0].pattern_message == "Starts with sk-");
    BOOST_TEST_REQUIRE(fields[1].options.size() == 2u);  // an option without a value is dropped
    BOOST_TEST(fields[1].options[1].label == "eu");       // and a missing label falls back to the value
    BOOST_TEST(fields[1].default_value == "eu");
    BOOST_TEST(fields[2].default_value == "true");
    BOOST_TEST(fields[3].prefix == "https://");
    BOOST_TEST(fields[3].suffix == ".example.com");
    BOOST_TEST(fields[4].hidden);
    BOOST_TEST(fields[4].label == "v");  // the label falls back to the name
    BOOST_TEST(!fields[5].min_length.has_value());  // a negative length is ignored, not wrapped around
    BOOST_TEST(fields[5].pattern == nullptr);       // outside the subset: left to the service to refuse
    BOOST_TEST(parse_fields(json("not a list")).empty());
}

BOOST_AUTO_TEST_CASE(submitted_values_keep_their_types) {
    const Field checkbox = one_field({{"name", "c"}, {"type", "checkbox"}});
    const Field text = one_field({{"name", "t"}});
    BOOST_TEST(submitted_value(checkbox, "true") == json(true));
    BOOST_TEST(submitted_value(checkbox, "false") == json(false));
    BOOST_TEST(submitted_value(text, "true") == json("true"));
    BOOST_TEST(std::string(to_string(FieldType::subdomain)) == "subdomain");
}
