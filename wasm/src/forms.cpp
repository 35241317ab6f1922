#include "authkit/forms.hpp"

#include "authkit/text.hpp"

#include <cmath>
#include <cstdlib>

namespace authkit {
namespace {

using detail::get_bool;
using detail::get_string;
using detail::member;

FieldType parse_type(const std::string& type) {
    static const std::pair<const char*, FieldType> kTypes[] = {
        {"secret", FieldType::secret},     {"email", FieldType::email},       {"url", FieldType::url},
        {"number", FieldType::number},     {"select", FieldType::select},     {"checkbox", FieldType::checkbox},
        {"textarea", FieldType::textarea}, {"subdomain", FieldType::subdomain}};
    for (const auto& [name, value] : kTypes)
        if (type == name) return value;
    return FieldType::text;
}

std::optional<std::size_t> optional_size(const json& object, const char* key) {
    const json* value = member(object, key);
    if (value && value->is_number_unsigned()) return value->get<std::size_t>();
    if (value && value->is_number_integer() && value->get<long long>() >= 0)
        return static_cast<std::size_t>(value->get<long long>());
    return std::nullopt;
}

std::optional<double> optional_number(const json& object, const char* key) {
    const json* value = member(object, key);
    if (value && value->is_number()) return value->get<double>();
    return std::nullopt;
}

bool is_blank(const std::string& value) {
    for (char32_t c : decode_utf8(value))
        if (!is_space(c)) return false;
    return true;
}

bool has_space(const std::string& value) {
    for (char32_t c : decode_utf8(value))
        if (is_space(c)) return true;
    return false;
}

// One '@', something before it, a dot after at least one character of domain, a non-empty last label.
bool looks_like_email(const std::string& value) {
    const auto at = value.find('@');
    if (at == std::string::npos || at == 0 || value.find('@', at + 1) != std::string::npos) return false;
    const auto dot = value.find('.', at + 2);
    return dot != std::string::npos && value.back() != '.' && !has_space(value);
}

bool looks_like_url(const std::string& value) {
    const std::string scheme = "https://";
    if (value.compare(0, scheme.size(), scheme) != 0 || value.size() <= scheme.size() || has_space(value)) return false;
    const char first = value[scheme.size()];
    return first != '/' && first != '.';
}

// Optional sign, digits, at most one '.', at least one digit.
std::optional<double> parse_number(const std::string& value) {
    std::size_t i = (value[0] == '-' || value[0] == '+') ? 1 : 0;
    bool digits = false, dot = false;
    for (; i < value.size(); ++i) {
        if (value[i] >= '0' && value[i] <= '9') digits = true;
        else if (value[i] == '.' && !dot) dot = true;
        else return std::nullopt;
    }
    if (!digits) return std::nullopt;
    return std::strtod(value.c_str(), nullptr);
}

// A DNS label: letters, digits and '-', 1 to 63 characters, no '-' at either end.
bool is_dns_label(const std::string& value) {
    if (value.empty() || value.size() > 63 || value.front() == '-' || value.back() == '-') return false;
    for (char c : value) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) return false;
    }
    return true;
}

// Whole numbers without a decimal point; others in the shortest form that reads back the same.
std::string format_number(double value) {
    if (std::floor(value) == value && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
    return json(value).dump();
}

std::string format_message(const Field& field, const Locale& locale) {
    switch (field.type) {
        case FieldType::email: return translate(locale, "field.email");
        case FieldType::url: return translate(locale, "field.url");
        case FieldType::number: return translate(locale, "field.number");
        case FieldType::subdomain: return translate(locale, "field.subdomain");
        default: return translate(locale, "field.pattern");
    }
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
        field.hidden = get_bool(entry, "hidden");
        field.min_length = optional_size(entry, "minLength");
        field.max_length = optional_size(entry, "maxLength");
        field.min = optional_number(entry, "min");
        field.max = optional_number(entry, "max");
        // A pattern outside the subset is left out here; the service refuses such definitions anyway.
        if (auto pattern = Pattern::compile(get_string(entry, "pattern")); pattern && member(entry, "pattern"))
            field.pattern = std::make_shared<const Pattern>(std::move(*pattern));
        field.pattern_message = get_string(entry, "patternMessage");
        for (const json& option : detail::get_array(entry, "options")) {
            const std::string value = get_string(option, "value");
            if (!value.empty() || member(option, "value")) field.options.push_back({value, get_string(option, "label", value)});
        }
        field.prefix = get_string(entry, "prefix");
        field.suffix = get_string(entry, "suffix");
        field.placeholder = get_string(entry, "placeholder");
        field.help = get_string(entry, "help");
        if (const json* preset = member(entry, "default")) {
            if (preset->is_boolean()) field.default_value = preset->get<bool>() ? "true" : "false";
            else if (preset->is_string()) field.default_value = preset->get<std::string>();
        }
        if (field.type == FieldType::checkbox && field.default_value != "true") field.default_value = "false";
        parsed.push_back(std::move(field));
    }
    return parsed;
}

std::optional<FieldProblem> validate_field(const Field& field, const std::string& value, const Locale& locale) {
    const bool empty = field.type == FieldType::checkbox ? value != "true" : is_blank(value);
    if (empty) {
        if (!field.required) return std::nullopt;
        if (field.type == FieldType::checkbox) return FieldProblem{"required", translate(locale, "field.checkbox_required")};
        return FieldProblem{"required", translate(locale, "field.required", {{"label", field.label}})};
    }
    if (field.type == FieldType::checkbox) return std::nullopt;

    const std::size_t length = utf8_length(value);
    if (field.min_length && length < *field.min_length)
        return FieldProblem{"minLength", translate_plural(locale, "field.min_length", *field.min_length)};
    if (field.max_length && length > *field.max_length)
        return FieldProblem{"maxLength", translate_plural(locale, "field.max_length", *field.max_length)};

    switch (field.type) {
        case FieldType::email:
            if (!looks_like_email(value)) return FieldProblem{"format", format_message(field, locale)};
            break;
        case FieldType::url:
            if (!looks_like_url(value)) return FieldProblem{"format", format_message(field, locale)};
            break;
        case FieldType::subdomain:
            if (!is_dns_label(value)) return FieldProblem{"format", format_message(field, locale)};
            break;
        case FieldType::number: {
            const auto number = parse_number(value);
            if (!number) return FieldProblem{"format", format_message(field, locale)};
            if (field.min && *number < *field.min)
                return FieldProblem{"min", translate(locale, "field.min", {{"min", format_number(*field.min)}})};
            if (field.max && *number > *field.max)
                return FieldProblem{"max", translate(locale, "field.max", {{"max", format_number(*field.max)}})};
            break;
        }
        case FieldType::select: {
            bool known = false;
            for (const FieldOption& option : field.options) known = known || option.value == value;
            if (!known) return FieldProblem{"options", translate(locale, "field.options")};
            break;
        }
        default: break;
    }

    if (field.pattern && !field.pattern->matches(decode_utf8(value))) {
        return FieldProblem{"pattern",
                            field.pattern_message.empty() ? translate(locale, "field.pattern") : field.pattern_message};
    }
    return std::nullopt;
}

json submitted_value(const Field& field, const std::string& value) {
    if (field.type == FieldType::checkbox) return value == "true";
    return value;
}

const char* to_string(FieldType type) {
    switch (type) {
        case FieldType::text: return "text";
        case FieldType::secret: return "secret";
        case FieldType::email: return "email";
        case FieldType::url: return "url";
        case FieldType::number: return "number";
        case FieldType::select: return "select";
        case FieldType::checkbox: return "checkbox";
        case FieldType::textarea: return "textarea";
        case FieldType::subdomain: return "subdomain";
    }
    return "text";
}

}  // namespace authkit
