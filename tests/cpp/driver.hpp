// Drives a Machine through its boundary the way the shell does, for tests.
#pragma once

#include "authkit/machine.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace authkit::testing {

inline json sample_session() {
    return json::parse(R"({
      "sessionId": "sess_1",
      "identity": "user-42",
      "identityType": "user",
      "branding": {"companyName": "Acme"},
      "connections": [{"key": "conn_old", "integration": "beacon", "status": "active"}],
      "integrations": [
        {"id": "acme-crm", "name": "Acme CRM", "category": "CRM", "logo": "", "authType": "oauth2", "fields": []},
        {"id": "beacon", "name": "Beacon Mail", "category": "Email", "logo": "", "authType": "api_key",
         "fields": [{"name": "apiKey", "label": "API key", "type": "secret", "required": true, "minLength": 8}]},
        {"id": "shopfront", "name": "Shopfront", "category": "Commerce", "authType": "oauth2",
         "fields": [{"name": "shop", "label": "Shop name", "type": "text", "required": true}]},
        {"id": "", "name": "nameless id is dropped", "authType": "oauth2"},
        {"id": "bad-type", "name": "Unknown auth type is dropped", "authType": "carrier-pigeon"}
      ]
    })");
}

class Driver {
public:
    Output send(json event) {
        last = machine.send(event);
        return last;
    }

    // The first effect of a type in the last output, or null.
    json effect(const std::string& type) const {
        for (const json& effect : last.effects)
            if (effect.value("type", "") == type) return effect;
        return nullptr;
    }

    bool has_effect(const std::string& type) const { return !effect(type).is_null(); }

    json callback(const std::string& name) const {
        for (const json& effect : last.effects)
            if (effect.value("type", "") == "callback" && effect.value("name", "") == name) return effect["payload"];
        return nullptr;
    }

    json event(const std::string& name) const {
        for (const json& effect : last.effects)
            if (effect.value("type", "") == "event" && effect.value("name", "") == name) return effect["data"];
        return nullptr;
    }

    std::string screen() const { return last.view.value("screen", ""); }

    // open → token → session: ends on the catalog (or wherever options lead).
    void open_to_catalog(json options = json::object()) {
        send({{"type", "open"}, {"options", options}, {"now", 1000}});
        const auto token_request = effect("fetch_token")["requestId"];
        send({{"type", "token_loaded"}, {"requestId", token_request}, {"token", "tok_abc"}});
        const auto session_request = effect("fetch_session")["requestId"];
        send({{"type", "session_loaded"}, {"requestId", session_request}, {"session", sample_session()}});
    }

    // From the catalog, pick the API-key integration and type a key.
    void fill_api_key(const std::string& key) {
        send({{"type", "select"}, {"integration", "beacon"}});
        send({{"type", "field_changed"}, {"name", "apiKey"}, {"value", key}});
    }

    Machine machine;
    Output last;
};

}  // namespace authkit::testing
