// Credential field schemas (docs/fields.md) and the rules that validate them. The service checks
// submissions with the same rules; tests/fixtures/field-rules.json keeps both sides in step.
#pragma once

#include "authkit/i18n.hpp"
#include "authkit/json.hpp"
#include "authkit/pattern.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace authkit {

enum class FieldType { text, secret, email, url, number, select, checkbox, textarea, subdomain };

struct FieldOption {
    std::string value;
    std::string label;
};

struct Field {
    std::string name;
    std::string label;
    FieldType type = FieldType::text;
    bool required = false;
    bool hidden = false;
    std::optional<std::size_t> min_length;
    std::optional<std::size_t> max_length;
    std::optional<double> min;
    std::optional<double> max;
    std::shared_ptr<const Pattern> pattern;  // null when absent or outside the supported subset
    std::string pattern_message;
    std::vector<FieldOption> options;
    std::string prefix;
    std::string suffix;
    std::string placeholder;
    std::string help;
    std::string default_value;  // checkboxes: "true" or "false"
};

// The first rule a value breaks: which rule (as in the shared fixtures) and what to tell the user.
struct FieldProblem {
    std::string rule;  // required, minLength, maxLength, format, min, max, options, pattern
    std::string message;
};

// Reads a field list from the session; entries without a usable name are dropped.
std::vector<Field> parse_fields(const json& fields);

// Values are strings; a checkbox's value is "true" or "false".
std::optional<FieldProblem> validate_field(const Field& field, const std::string& value, const Locale& locale);

// The value as the service expects it: a boolean for checkboxes, a string otherwise.
json submitted_value(const Field& field, const std::string& value);

const char* to_string(FieldType type);
inline bool is_secret(const Field& field) { return field.type == FieldType::secret; }

}  // namespace authkit
