#include "authkit/catalog.hpp"

#include <cctype>

namespace authkit {
namespace {

using detail::get_array;
using detail::get_string;

// ASCII case folding only; accent folding and ranking come with the full search.
std::string fold(const std::string& text) {
    std::string folded = text;
    for (char& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return folded;
}

// Logos come from catalog data we do not control: only https: or same-origin paths may load.
std::string safe_logo(const std::string& url) {
    const bool https = url.compare(0, 8, "https://") == 0 && url.size() > 8;
    const bool same_origin_path = url.size() > 1 && url[0] == '/' && url[1] != '/' && url[1] != '\\';
    return https || same_origin_path ? url : std::string();
}

}  // namespace

std::vector<Integration> parse_integrations(const json& list) {
    std::vector<Integration> parsed;
    if (!list.is_array()) return parsed;
    for (const json& entry : list) {
        Integration integration;
        integration.id = get_string(entry, "id");
        integration.name = get_string(entry, "name");
        const std::string auth_type = get_string(entry, "authType");
        if (integration.id.empty() || integration.name.empty()) continue;
        if (auth_type == "oauth2") integration.auth_type = AuthType::oauth2;
        else if (auth_type == "api_key") integration.auth_type = AuthType::api_key;
        else continue;
        integration.category = get_string(entry, "category");
        integration.logo = safe_logo(get_string(entry, "logo"));
        integration.fields = parse_fields(get_array(entry, "fields"));
        parsed.push_back(std::move(integration));
    }
    return parsed;
}

std::vector<Match> search(const std::vector<Integration>& integrations, const std::string& query) {
    std::vector<Match> matches;
    const std::string needle = fold(query);
    for (std::size_t i = 0; i < integrations.size(); ++i) {
        const Integration& integration = integrations[i];
        if (needle.empty()) {
            matches.push_back({i, {}});
            continue;
        }
        const auto at = fold(integration.name).find(needle);
        if (at != std::string::npos) {
            matches.push_back({i, {{at, at + needle.size()}}});
        } else if (fold(integration.id).find(needle) != std::string::npos ||
                   fold(integration.category).find(needle) != std::string::npos) {
            matches.push_back({i, {}});
        }
    }
    return matches;
}

const char* to_string(AuthType type) { return type == AuthType::oauth2 ? "oauth2" : "api_key"; }

}  // namespace authkit
