#define BOOST_TEST_MODULE forms
#include "authkit/forms.hpp"

#include <boost/test/unit_test.hpp>

using namespace authkit;

namespace {
Field make(FieldType type, bool required = true) {
    Field field;
    field.name = "f";
    field.label = "Field";
    field.type = type;
    field.required = required;
    return field;
}
}  // namespace

BOOST_AUTO_TEST_CASE(required_field_rejects_empty_and_blank) {
    const Field field = make(FieldType::text);
    BOOST_TEST(validate_field(field, "").value() == "Field is required.");
    BOOST_TEST(validate_field(field, "  \t").has_value());
    BOOST_TEST(!validate_field(field, "x").has_value());
}

BOOST_AUTO_TEST_CASE(optional_field_accepts_empty_but_checks_content) {
    Field field = make(FieldType::email, false);
    BOOST_TEST(!validate_field(field, "").has_value());
    BOOST_TEST(validate_field(field, "not-an-email").has_value());
}

BOOST_AUTO_TEST_CASE(lengths_count_characters_not_bytes) {
    Field field = make(FieldType::text);
    field.min_length = 3;
    field.max_length = 4;
    BOOST_TEST(validate_field(field, "ab").value() == "Use at least 3 characters.");
    BOOST_TEST(!validate_field(field, "äöü").has_value());  // 6 bytes, 3 characters
    BOOST_TEST(validate_field(field, "abcde").value() == "Use at most 4 characters.");
    BOOST_TEST(utf8_length("日本語") == 3u);
}

BOOST_AUTO_TEST_CASE(email_format) {
    const Field field = make(FieldType::email);
    BOOST_TEST(!validate_field(field, "ana@example.com").has_value());
    for (const char* bad : {"@example.com", "ana@", "ana@example", "ana@@example.com", "ana @example.com", "ana@example."})
        BOOST_TEST(validate_field(field, bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(url_format_requires_https) {
    const Field field = make(FieldType::url);
    BOOST_TEST(!validate_field(field, "https://acme.example.com/x").has_value());
    for (const char* bad : {"http://acme.example.com", "https://", "acme.example.com", "https:// x", "javascript:alert(1)"})
        BOOST_TEST(validate_field(field, bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(number_format) {
    const Field field = make(FieldType::number);
    for (const char* good : {"42", "-3", "+1.5", "0.25"}) BOOST_TEST(!validate_field(field, good).has_value(), good);
    for (const char* bad : {"4x", "1.2.3", "-", "."}) BOOST_TEST(validate_field(field, bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(parse_fields_reads_schema_and_drops_nameless) {
    const auto fields = parse_fields(json::parse(R"([
        {"name": "apiKey", "label": "API key", "type": "secret", "required": true, "minLength": 8, "maxLength": 64,
         "placeholder": "sk-...", "help": "Find it in settings"},
        {"label": "no name"},
        {"name": "region", "type": "unheard-of"},
        {"name": "n", "minLength": -1}
    ])"));
    BOOST_TEST_REQUIRE(fields.size() == 3u);
    BOOST_TEST(fields[0].name == "apiKey");
    BOOST_TEST(is_secret(fields[0]));
    BOOST_TEST(fields[0].min_length.value() == 8u);
    BOOST_TEST(fields[0].max_length.value() == 64u);
    BOOST_TEST(fields[0].help == "Find it in settings");
    BOOST_TEST(fields[1].label == "region");  // label falls back to the name
    BOOST_TEST(to_string(fields[1].type) == std::string("text"));
    BOOST_TEST(!fields[2].min_length.has_value());  // a negative length is ignored, not wrapped around
    BOOST_TEST(parse_fields(json("not a list")).empty());
}
