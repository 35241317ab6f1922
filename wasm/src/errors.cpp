#include "authkit/errors.hpp"

#include <algorithm>

namespace authkit {

const std::vector<ErrorSpec>& error_catalog() {
    static const std::vector<ErrorSpec> catalog = {
        {"token_fetch_failed", true, Recovery::retry},
        {"session_fetch_failed", true, Recovery::retry},
        {"session_expired", true, Recovery::retry},
        {"integration_unavailable", false, Recovery::close},
        {"popup_blocked", true, Recovery::retry},
        {"popup_closed", true, Recovery::retry},
        {"flow_start_failed", true, Recovery::retry},
        {"oauth_denied", true, Recovery::retry},
        {"oauth_failed", true, Recovery::retry},
        {"oauth_exchange_failed", true, Recovery::retry},
        {"oauth_flow_expired", true, Recovery::retry},
        {"invalid_fields", false, Recovery::back},
        {"invalid_credentials", false, Recovery::back},
        {"provider_unreachable", true, Recovery::retry},
        {"rate_limited", true, Recovery::retry},
        {"network_error", true, Recovery::retry},
        {"service_error", true, Recovery::retry},
        {"unexpected", false, Recovery::close},
    };
    return catalog;
}

const ErrorSpec& error_spec(std::string_view code) {
    const auto& catalog = error_catalog();
    auto it = std::find_if(catalog.begin(), catalog.end(), [&](const ErrorSpec& spec) { return spec.code == code; });
    if (it != catalog.end()) return *it;
    return error_spec("unexpected");
}

std::string_view error_from_service(std::string_view service_code, std::string_view fallback) {
    if (service_code == "token_expired" || service_code == "token_invalid" || service_code == "token_missing")
        return "session_expired";
    if (service_code == "integration_not_allowed" || service_code == "not_found") return "integration_unavailable";
    // Returns the catalog's own string, never the argument: callers may pass a temporary.
    const auto& catalog = error_catalog();
    auto it = std::find_if(catalog.begin(), catalog.end(), [&](const ErrorSpec& spec) { return spec.code == service_code; });
    return it != catalog.end() && it->code != "unexpected" ? it->code : fallback;
}

std::string_view to_string(Recovery recovery) {
    switch (recovery) {
        case Recovery::retry: return "retry";
        case Recovery::back: return "back";
        case Recovery::close: return "close";
    }
    return "close";
}

}  // namespace authkit
