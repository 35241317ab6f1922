#include "authkit/forms.hpp"

#include "authkit/messages.hpp"

#include <cctype>

namespace authkit {
namespace {

using detail::get_bool;
using detail::get_string;
using detail::member;

FieldType parse_type(const std::string& type) {
    if (type == "secret") return FieldType::secret;
    if (type == "email") return FieldType::email;
    if (type == "url") return FieldType::url;
    if (type == "number") return FieldType::number;
    return FieldType::text;
}

std::optional<std::size_t> optional_size(const json& object, const char* key) {
    const json* value = member(object, key);
    if (value && value->is_number_unsigned()) return value->get<std::size_t>();
    if (value && value->is_number_integer() && value->get<long long>() >= 0)
        return static_cast<std::size_t>(value->get<long long>());
    return std::nullopt;
}

bool is_blank(const std::string& value) {
    for (unsigned char c : value)
        if (!std::isspace(c)) return false;
    return true;
}

// A deliberately loose check: one '@', something before it, a dot in the domain, no spaces.
bool looks_like_email(const std::string& value) {
    const auto at = value.find('@');
    if (at == std::string::npos || at == 0 || value.find('@', at + 1) != std::string::npos) return false;
    const auto dot = value.find('.', at + 2);
    if (dot == std::string::npos || dot + 1 >= value.size()) return false;
    for (unsigned char c : value)
        if (std::isspace(c)) return false;
    return true;
}

bool looks_like_url(const std::string& value) {
    const std::string scheme = "https://";
    if (value.compare(0, scheme.size(), scheme) != 0 || value.size() <= scheme.size()) return false;
    for (unsigned char c : value)
        if (std::isspace(c)) return false;
    const char first = value[scheme.size()];
    return first != '/' && first != '.';
}

bool looks_like_number(const std::string& value) {
    std::size_t i = 0;
    if (value[i] == '-' || value[i] == '+') ++i;
    bool digits = false, dot = false;
    for (; i < value.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(value[i]))) digits = true;
        else if (value[i] == '.' && !dot) dot = true;
        else return false;
    }
    return digits;
}

}  // namespace

std::vector<Field> parse_fields(const json& fields) {
    std::vector<Field> parsed;
    if (!fields.is_array()) return parsed;
    for (const json& entry : fields) {
        Field field;
        field.name = get_string(entry, "name");
        if (field.name.empty()) continue;
        field.label = get_string(entry, "label", field.name);
        field.type = parse_type(get_string(entry, "type"));
        field.required = get_bool(entry, "required");
        field.min_length = optional_size(entry, "minLength");
        field.max_length = optional_size(entry, "maxLength");
        field.placeholder = get_string(entry, "placeholder");
        field.help = get_string(entry, "help");
        parsed.push_back(std::move(field));
    }
    return parsed;
}

std::size_t utf8_length(const std::string& text) {
    std::size_t count = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

std::optional<std::string> validate_field(const Field& field, const std::string& value) {
    if (is_blank(value)) {
        if (field.required) return format_message("field.required", {{"label", field.label}});
        return std::nullopt;
    }
    const std::size_t length = utf8_length(value);
    if (field.min_length && length < *field.min_length)
        return format_message("field.min_length", {{"count", std::to_string(*field.min_length)}});
    if (field.max_length && length > *field.max_length)
        return format_message("field.max_length", {{"count", std::to_string(*field.max_length)}});
    if (field.type == FieldType::email && !looks_like_email(value)) return std::string(message("field.email"));
    if (field.type == FieldType::url && !looks_like_url(value)) return std::string(message("field.url"));
    if (field.type == FieldType::number && !looks_like_number(value)) return std::string(message("field.number"));
    return std::nullopt;
}

const char* to_string(FieldType type) {
    switch (type) {
        case FieldType::text: return "text";
        case FieldType::secret: return "secret";
        case FieldType::email: return "email";
        case FieldType::url: return "url";
        case FieldType::number: return "number";
    }
    return "text";
}

bool is_secret(const Field& field) { return field.type == FieldType::secret; }

}  // namespace authkit
