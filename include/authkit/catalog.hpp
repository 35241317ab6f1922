// The integrations a session offers, and search over them.
#pragma once

#include "authkit/forms.hpp"
#include "authkit/json.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace authkit {

enum class AuthType { oauth2, api_key };

struct Integration {
    std::string id;
    std::string name;
    std::string category;
    std::string logo;
    AuthType auth_type = AuthType::api_key;
    std::vector<Field> fields;
};

// Reads the session's integration list; malformed entries are skipped, not fatal.
std::vector<Integration> parse_integrations(const json& list);

struct Match {
    std::size_t index;                                    // into the integration list
    std::vector<std::pair<std::size_t, std::size_t>> highlight;  // [begin, end) byte ranges in the name
};

// Integrations whose name, id or category contains the query (case-insensitive), in list order.
std::vector<Match> search(const std::vector<Integration>& integrations, const std::string& query);

const char* to_string(AuthType type);

}  // namespace authkit
