// Drives a Machine the way the shell does, for tests.
#pragma once

#include "authkit/machine.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace authkit::testing {

inline std::string read_source_file(const std::string& relative) {
    std::ifstream file(std::string(AUTHKIT_SOURCE_DIR) + "/" + relative);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

// A language's catalog as the shell fetches it (wasm/locales/<tag>.json).
inline json catalog_json(const std::string& tag) {
    return json::parse(read_source_file("wasm/locales/" + tag + ".json"), nullptr, false);
}

inline std::shared_ptr<const LoadedLocale> load_catalog(const std::string& tag) {
    return LoadedLocale::from_json(*find_locale(tag), catalog_json(tag));
}

inline json sample_session() {
    return json::parse(R"json({
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
         "fields": [{"name": "shop", "label": "Shop name", "type": "subdomain", "required": true,
                     "prefix": "https://", "suffix": ".shopfront.example"}]},
        {"id": "regional", "name": "Regional API", "category": "Email", "authType": "api_key",
         "fields": [{"name": "region", "label": "Region", "type": "select", "required": true, "default": "eu",
                     "options": [{"value": "us", "label": "United States"}, {"value": "eu", "label": "Europe"}]},
                    {"name": "token", "label": "Token", "type": "secret", "required": true},
                    {"name": "terms", "label": "I accept the terms", "type": "checkbox", "required": true},
                    {"name": "apiVersion", "type": "text", "hidden": true, "default": "2024-01"}]},
        {"id": "", "name": "nameless id is dropped", "authType": "oauth2"},
        {"id": "bad-type", "name": "Unknown auth type is dropped", "authType": "carrier-pigeon"}
      ]
    })json");
}

class Driver {
public:
    Output send(json event) {
        if (!event.contains("now")) event["now"] = clock;
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

    // The effect types of the last output, events left out, in order.
    std::vector<std::string> effect_types() const {
        std::vector<std::string> types;
        for (const json& effect : last.effects)
            if (effect["type"] != "event") types.push_back(effect["type"]);
        return types;
    }

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
    std::string error_code() const { return last.view.contains("error") ? last.view["error"].value("code", "") : ""; }

    void answer_token(const std::string& token = "tok_abc", std::uint64_t expires_at = 0) {
        json answer = {{"type", "token_loaded"}, {"requestId", effect("fetch_token")["requestId"]}, {"token", token}};
        if (expires_at) answer["expiresAt"] = expires_at;
        send(answer);
    }

    void answer_session(json session = sample_session()) {
        send({{"type", "session_loaded"}, {"requestId", effect("fetch_session")["requestId"]}, {"session", session}});
    }

    // open → (catalog) → token → session: ends on the catalog (or wherever options lead).
    void open_to_catalog(json options = json::object(), json session = sample_session()) {
        send({{"type", "open"}, {"options", options}});
        if (json load = effect("load_messages"); !load.is_null()) {
            const json token_request = effect("fetch_token");
            const std::string tag = load["locale"];
            send({{"type", "messages_loaded"}, {"locale", tag}, {"messages", catalog_json(tag)}});
            last.effects.push_back(token_request);  // answered below as if it came from the opening
        }
        answer_token();
        answer_session(session);
    }

    // From the catalog, pick the API-key integration and type a key.
    void fill_api_key(const std::string& key) {
        send({{"type", "select"}, {"integration", "beacon"}});
        send({{"type", "field_changed"}, {"name", "apiKey"}, {"value", key}});
    }

    // From the catalog: pick the API-key integration, type a key and submit it.
    void submit_api_key(const std::string& key) {
        fill_api_key(key);
        send({{"type", "submit"}});
    }

    // Answers the pending create_connection with a failure.
    void fail_connection(int status, const std::string& code, json extra = json::object()) {
        json answer = {{"type", "connection_failed"}, {"requestId", effect("create_connection")["requestId"]},
                       {"status", status}, {"code", code}};
        answer.update(extra);
        send(answer);
    }

    json field(const std::string& name) const {
        for (const json& field : last.view["form"]["fields"])
            if (field["name"] == name) return field;
        return nullptr;
    }

    Machine machine;
    Output last;
    std::uint64_t clock = 1'000'000;
};

}  // namespace authkit::testing
