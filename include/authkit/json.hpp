// The one JSON type of the core, and tolerant readers for untrusted input.
// The core is built with JSON_NOEXCEPTION (a throw would abort), so every read
// of data that crossed the boundary goes through these helpers, which check types.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace authkit {

using json = nlohmann::json;

namespace detail {

inline const json* member(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

inline std::string get_string(const json& object, const char* key, std::string fallback = {}) {
    const json* value = member(object, key);
    return value && value->is_string() ? value->get<std::string>() : fallback;
}

inline bool get_bool(const json& object, const char* key, bool fallback = false) {
    const json* value = member(object, key);
    return value && value->is_boolean() ? value->get<bool>() : fallback;
}

inline std::uint64_t get_uint(const json& object, const char* key, std::uint64_t fallback = 0) {
    const json* value = member(object, key);
    if (!value) return fallback;
    if (value->is_number_unsigned()) return value->get<std::uint64_t>();
    if (value->is_number_integer() && value->get<std::int64_t>() >= 0)
        return static_cast<std::uint64_t>(value->get<std::int64_t>());
    // Only doubles that fit: converting a larger one (1e300) is undefined behaviour.
    if (value->is_number_float() && value->get<double>() >= 0 && value->get<double>() < 18446744073709551616.0)
        return static_cast<std::uint64_t>(value->get<double>());
    return fallback;
}

inline const json& get_object(const json& object, const char* key) {
    static const json empty = json::object();
    const json* value = member(object, key);
    return value && value->is_object() ? *value : empty;
}

inline const json& get_array(const json& object, const char* key) {
    static const json empty = json::array();
    const json* value = member(object, key);
    return value && value->is_array() ? *value : empty;
}

}  // namespace detail
}  // namespace authkit
