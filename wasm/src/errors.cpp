#include "authkit/errors.hpp"

#include <algorithm>

namespace authkit {

const std::vector<ErrorSpec>& error_catalog() {
    static const std::vector<ErrorSpec> catalog = {
        {"token_fetch_failed", true, Recovery::retry},
        {"session_fetch_failed", true, Recovery::retry},
        {"session_expired", true, Recovery::retry},
        {"origin_not_allowed", false, Recovery::close},
        {"integration_unavailable", false, Recovery::close},
        {"connection_not_found", false, Recovery::close},
        {"popup_blocked", true, Recovery::retry},
        {"popup_closed", true, Recovery::retry},
        {"popup_timeout", true, Recovery::retry},
        {"flow_start_failed", true, Recovery::retry},
        {"oauth_denied", true, Recovery::retry},
        {"oauth_state_mismatch", true, Recovery::retry},
        {"oauth_failed", true, Recovery::retry},
        {"oauth_exchange_failed", true, Recovery::retry},
        {"oauth_flow_expired", true, Recovery::retry},
        {"invalid_fields", false, Recovery::back},
        {"invalid_credentials", false, Recovery::back},
        {"provider_unreachable", true, Recovery::retry},
        {"provider_error", true, Recovery::retry},
        {"rate_limited", true, Recovery::retry},
        {"network_error", true, Recovery::retry},
        {"service_error", true, Recovery::retry},
    };
    return catalog;
}

const ErrorSpec& error_spec(std::string_view code) {
    const auto& catalog = error_catalog();
    auto it = std::find_if(catalog.begin(), catalog.end(), [&](const ErrorSpec& spec) { return spec.code == code; });
    if (it != catalog.end()) return *it;
    return error_spec("service_error");
}

std::string_view error_from_service(std::string_view service_code, std::string_view fallback) {
    // Service codes that mean the same thing to the person in front of the modal.
    static const std::pair<std::string_view, std::string_view> kAliases[] = {
        {"token_expired", "session_expired"},          {"token_invalid", "session_expired"},
        {"token_missing", "session_expired"},          {"token_wrong_environment", "session_expired"},
        {"integration_not_allowed", "integration_unavailable"},
        {"oauth_state_invalid", "oauth_state_mismatch"}, {"oauth_state_used", "oauth_state_mismatch"},
        {"oauth_browser_mismatch", "oauth_state_mismatch"}, {"oauth_issuer_mismatch", "oauth_state_mismatch"},
        {"oauth_issuer_missing", "oauth_state_mismatch"},
        {"oauth_flow_unknown", "oauth_failed"},        {"oauth_flow_used", "oauth_failed"},
        {"provider_timeout", "provider_unreachable"},
        {"too_many_pending_flows", "rate_limited"},
    };
    for (const auto& [from, to] : kAliases)
        if (service_code == from) return to;
    // Returns the catalog's own string, never the argument: callers may pass a temporary.
    const auto& catalog = error_catalog();
    auto it = std::find_if(catalog.begin(), catalog.end(), [&](const ErrorSpec& spec) { return spec.code == service_code; });
    return it != catalog.end() ? it->code : fallback;
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
