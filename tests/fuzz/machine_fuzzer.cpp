// Feeds arbitrary event sequences to the machine. Most events are well-formed JSON with
// fuzzer-chosen values, answering the machine's own request ids so that deep states are reached;
// some are raw text. The machine must never crash, leak, hit undefined behaviour or abort
// (under JSON_NOEXCEPTION a type error would abort), and every output must be valid JSON.
#include "authkit/machine.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace {

using authkit::json;

const char* const kTypes[] = {"open", "close", "color_scheme", "token_loaded", "token_failed", "session_loaded",
                              "session_failed", "search", "filter", "show_more", "key", "type_ahead", "select",
                              "field_changed", "field_blurred", "submit", "connection_created", "connection_failed",
                              "popup_opened", "popup_blocked", "popup_closed", "popup_launch_failed", "page_hidden", "flow_created", "flow_failed",
                              "flow_result", "flow_status_failed", "timer", "retry", "back", "done", "connect_another",
                              "messages_loaded"};
const char* const kFieldTypes[] = {"text", "secret", "email", "url", "number", "select", "checkbox", "textarea",
                                   "subdomain", "bogus"};
const char* const kCodes[] = {"token_expired", "invalid_credentials", "invalid_fields", "rate_limited",
                              "provider_unreachable", "oauth_denied", "origin_not_allowed", "network_error", "", "x"};
const char* const kKeys[] = {"ArrowDown", "ArrowUp", "Home", "End", "PageDown", "PageUp", "Enter", "Tab"};
const char* const kIds[] = {"a", "b", "c", "d"};
const char* const kLocales[] = {"en", "es", "fr", "de", "ja", "ar", "xx"};

template <typename T, std::size_t N>
const T& pick(FuzzedDataProvider& in, const T (&items)[N]) {
    return items[in.ConsumeIntegralInRange<std::size_t>(0, N - 1)];
}

std::string text(FuzzedDataProvider& in, std::size_t max = 40) { return in.ConsumeRandomLengthString(max); }

// A JSON value of any type, so type checks at the boundary are exercised too.
json any_value(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
        case 0: return text(in);
        case 1: return in.ConsumeIntegral<std::int64_t>();
        case 2: return in.ConsumeBool();
        case 3: return nullptr;
        case 4: return json::array({text(in)});
        default: return json::object({{"k", text(in)}});
    }
}

json field(FuzzedDataProvider& in) {
    json f = {{"name", in.ConsumeBool() ? std::string(pick(in, kIds)) : text(in, 8)},
              {"type", pick(in, kFieldTypes)},
              {"required", in.ConsumeBool()}};
    if (in.ConsumeBool()) f["minLength"] = in.ConsumeIntegralInRange<int>(-2, 20);
    if (in.ConsumeBool()) f["maxLength"] = in.ConsumeIntegralInRange<int>(-2, 40);
    if (in.ConsumeBool()) f["pattern"] = text(in, 30);
    if (in.ConsumeBool()) f["min"] = in.ConsumeFloatingPoint<double>();
    if (in.ConsumeBool()) f["options"] = json::array({{{"value", text(in, 5)}, {"label", text(in, 5)}}, any_value(in)});
    if (in.ConsumeBool()) f["default"] = any_value(in);
    if (in.ConsumeBool()) f["hidden"] = in.ConsumeBool();
    if (in.ConsumeBool()) f["label"] = any_value(in);
    return f;
}

json session(FuzzedDataProvider& in) {
    json integrations = json::array();
    const int count = in.ConsumeIntegralInRange<int>(0, 6);
    for (int i = 0; i < count; ++i) {
        json fields = json::array();
        for (int k = in.ConsumeIntegralInRange<int>(0, 3); k > 0; --k) fields.push_back(field(in));
        integrations.push_back({{"id", in.ConsumeBool() ? std::string(pick(in, kIds)) : text(in, 8)},
                                {"name", text(in, 30)},
                                {"category", in.ConsumeBool() ? std::string("Cat") : text(in, 8)},
                                {"logo", text(in, 20)},
                                {"authType", in.ConsumeBool() ? "oauth2" : "api_key"},
                                {"fields", fields}});
    }
    json connections = json::array({{{"key", "k1"}, {"integration", pick(in, kIds)}, {"status", "active"}}});
    return {{"sessionId", text(in, 8)}, {"integrations", integrations}, {"connections", connections},
            {"branding", {{"primaryColor", text(in, 8)}, {"companyName", any_value(in)}}}};
}

json event(FuzzedDataProvider& in, const json& effects) {
    json e = {{"type", pick(in, kTypes)}};
    if (in.ConsumeBool()) e["now"] = in.ConsumeIntegral<std::uint32_t>();
    // Answer one of the machine's own requests most of the time, a made-up one sometimes.
    for (const json& effect : effects) {
        if (effect.contains("requestId") && in.ConsumeBool()) e["requestId"] = effect["requestId"];
        if (effect.contains("flowId") && in.ConsumeBool()) e["flowId"] = effect["flowId"];
        if (effect.value("type", "") == "set_timer" && in.ConsumeBool()) {
            e["type"] = "timer";
            e["timer"] = effect["timer"];
            e["id"] = effect["id"];
        }
    }
    if (!e.contains("requestId") && in.ConsumeBool()) e["requestId"] = in.ConsumeIntegralInRange<int>(0, 50);
    const std::string type = e["type"];
    if (type == "open") {
        e["options"] = {{"selectedIntegration", in.ConsumeBool() ? std::string(pick(in, kIds)) : std::string()},
                        {"locale", text(in, 6)},
                        {"languages", json::array({text(in, 6), any_value(in)})},
                        {"theme", {{"primaryColor", text(in, 8)}, {"mode", text(in, 6)}, {"radius", any_value(in)}}},
                        {"connectionKey", in.ConsumeBool() ? "k1" : ""},
                        {"serviceOrigin", in.ConsumeBool() ? "http://s" : ""}};
    } else if (type == "messages_loaded") {
        e["locale"] = pick(in, kLocales);
        e["messages"] = in.ConsumeBool() ? json{{"error.title", text(in, 20)}, {"catalog.more.few", any_value(in)},
                                                 {text(in, 12), text(in, 12)}}
                                         : any_value(in);
    } else if (type == "token_loaded") {
        e["token"] = text(in, 10);
        e["expiresAt"] = in.ConsumeIntegral<std::uint32_t>();
    } else if (type == "session_loaded") {
        e["session"] = session(in);
    } else if (type == "field_changed" || type == "field_blurred") {
        e["name"] = in.ConsumeBool() ? std::string(pick(in, kIds)) : text(in, 6);
        e["value"] = in.ConsumeBool() ? json(text(in, 60)) : any_value(in);
    } else if (type == "key") {
        e["key"] = pick(in, kKeys);
    } else if (type == "flow_created") {
        e["flowId"] = text(in, 6);
        e["nonce"] = text(in, 6);
        e["authorizeUrl"] = text(in, 20);
        e["expiresAt"] = in.ConsumeIntegral<std::uint32_t>();
    } else if (type == "flow_result") {
        e["status"] = in.ConsumeBool() ? "succeeded" : in.ConsumeBool() ? "failed" : "pending";
        e["error"] = {{"code", pick(in, kCodes)}};
        e["connection"] = {{"key", text(in, 6)}};
    } else {
        e["query"] = text(in, 30);
        e["text"] = text(in, 3);
        e["integration"] = in.ConsumeBool() ? std::string(pick(in, kIds)) : text(in, 6);
        e["category"] = in.ConsumeBool() ? "Cat" : "";
        e["code"] = pick(in, kCodes);
        e["status"] = in.ConsumeIntegralInRange<int>(0, 600);
        e["retryAfter"] = in.ConsumeIntegralInRange<int>(0, 100);
        e["dark"] = in.ConsumeBool();
        if (in.ConsumeBool()) e["fields"] = {{pick(in, kIds), any_value(in)}};
    }
    return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    authkit::Machine machine;
    json effects = json::array();
    for (int step = 0; step < 64 && in.remaining_bytes() > 0; ++step) {
        const std::string text = in.ConsumeBool() && in.ConsumeBool() && in.ConsumeBool()
                                     ? in.ConsumeRandomLengthString(200)
                                     : event(in, effects).dump(-1, ' ', false, json::error_handler_t::replace);
        const json output = json::parse(machine.send_text(text), nullptr, false);
        if (output.is_discarded() || !output.is_object() || !output.contains("view")) std::abort();
        effects = output["effects"];
    }
    // The flight recorder must replay whatever happened.
    const json views = json::parse(authkit::Machine::replay_text(machine.event_log_text()), nullptr, false);
    if (views.is_discarded()) std::abort();
    return 0;
}
