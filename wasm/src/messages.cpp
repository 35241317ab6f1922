#include "authkit/messages.hpp"

#include <algorithm>
#include <array>

namespace authkit {
namespace {

struct Entry {
    std::string_view id;
    std::string_view text;
};

// English, sorted by id for binary search (checked at compile time below).
constexpr std::array<Entry, 58> kEnglish = {{
    {"action.back", "Back"},
    {"action.close", "Close"},
    {"action.connect", "Connect"},
    {"action.connect_another", "Connect another"},
    {"action.continue_with", "Continue with {name}"},
    {"action.done", "Done"},
    {"action.retry", "Try again"},
    {"announce.connected", "{name} is connected."},
    {"announce.form_invalid", "Please check the highlighted fields."},
    {"announce.results", "{count} integrations found."},
    {"announce.results_none", "No integrations match your search."},
    {"announce.results_one", "1 integration found."},
    {"authorizing.body", "Finish signing in to {name} in the window that opened. This screen updates by itself."},
    {"authorizing.busy", "Waiting for you to finish in the other window…"},
    {"authorizing.title", "Waiting for {name}"},
    {"catalog.connected", "Connected"},
    {"catalog.empty", "No integrations are available yet."},
    {"catalog.no_results", "No integrations match \"{query}\"."},
    {"catalog.search_label", "Search integrations"},
    {"catalog.search_placeholder", "Search"},
    {"catalog.title", "Connect an integration"},
    {"error.flow_start_failed", "We couldn't start signing in. Please try again."},
    {"error.integration_unavailable", "This integration isn't available for your account."},
    {"error.invalid_credentials", "{name} did not accept these credentials. Check them and try again."},
    {"error.invalid_fields", "Some details are missing or not valid."},
    {"error.network_error", "We couldn't reach the server. Check your connection and try again."},
    {"error.oauth_denied", "Access to {name} was not granted. You can try again whenever you're ready."},
    {"error.oauth_exchange_failed", "{name} approved the connection, but we couldn't finish it. Please try again."},
    {"error.oauth_failed", "Signing in to {name} failed. Please try again."},
    {"error.oauth_flow_expired", "Signing in took too long and expired. Please try again."},
    {"error.popup_blocked", "Your browser blocked the sign-in window. Allow pop-ups for this site, then try again."},
    {"error.popup_closed", "The sign-in window was closed before finishing."},
    {"error.provider_unreachable", "We couldn't reach {name} to check these credentials. Please try again."},
    {"error.rate_limited", "Too many attempts. Please wait a moment and try again."},
    {"error.service_error", "Something went wrong on our side. Please try again."},
    {"error.session_expired", "Your session expired. Try again to continue."},
    {"error.session_fetch_failed", "We couldn't load the available integrations."},
    {"error.title", "Something went wrong"},
    {"error.token_fetch_failed", "We couldn't start a secure session."},
    {"error.unexpected", "Something unexpected happened. Please close this window and start again."},
    {"field.email", "Enter a valid email address."},
    {"field.max_length", "Use at most {count} characters."},
    {"field.min_length", "Use at least {count} characters."},
    {"field.number", "Enter a number."},
    {"field.optional", "optional"},
    {"field.required", "{label} is required."},
    {"field.url", "Enter a full web address starting with https://."},
    {"form.submitting", "Checking with {name}…"},
    {"form.title", "Connect {name}"},
    {"loading.body", "Loading integrations…"},
    {"loading.title", "Connecting"},
    {"modal.close", "Close"},
    {"modal.label", "Connect your account"},
    {"popup.placeholder", "Connecting…"},
    {"success.body", "Your {name} account is connected."},
    {"success.title", "Connected"},
    {"type.api_key", "API key"},
    {"type.oauth2", "Sign in"},
}};

constexpr bool is_sorted_by_id() {
    for (std::size_t i = 1; i < kEnglish.size(); ++i)
        if (!(kEnglish[i - 1].id < kEnglish[i].id)) return false;
    return true;
}
static_assert(is_sorted_by_id(), "message table must stay sorted by id");

const Entry* find(std::string_view id) {
    auto it = std::lower_bound(kEnglish.begin(), kEnglish.end(), id,
                               [](const Entry& entry, std::string_view key) { return entry.id < key; });
    return it != kEnglish.end() && it->id == id ? &*it : nullptr;
}

}  // namespace

std::string_view message(std::string_view id) {
    const Entry* entry = find(id);
    return entry ? entry->text : id;
}

std::string format_message(std::string_view id,
                           std::initializer_list<std::pair<std::string_view, std::string_view>> args) {
    std::string text(message(id));
    for (const auto& [name, value] : args) {
        const std::string placeholder = "{" + std::string(name) + "}";
        for (std::size_t at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder, at + value.size()))
            text.replace(at, placeholder.size(), value);
    }
    return text;
}

}  // namespace authkit
