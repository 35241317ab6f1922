// Field schemas of an integration's credential form, and the rules that validate them.
// The service validates with the same schema format and the same rules.
#pragma once

#include "authkit/json.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace authkit {

enum class FieldType { text, secret, email, url, number };

struct Field {
    std::string name;
    std::string label;
    FieldType type = FieldType::text;
    bool required = false;
    std::optional<std::size_t> min_length;
    std::optional<std::size_t> max_length;
    std::string placeholder;
    std::string help;
};

// Reads a field list from the session; entries without a usable name are dropped.
std::vector<Field> parse_fields(const json& fields);

// The first rule a value breaks, as a user-facing message; nullopt when valid.
std::optional<std::string> validate_field(const Field& field, const std::string& value);

// Length in characters (UTF-8 code points), as a person counts them.
std::size_t utf8_length(const std::string& text);

const char* to_string(FieldType type);
bool is_secret(const Field& field);

}  // namespace authkit
