// Native machine throughput: a full API-key session (open → catalog → search → form → success → close)
// replayed many times. Prints "name: value unit" lines; the median of several runs is reported.
#include "authkit/machine.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using authkit::json;
using authkit::Machine;

namespace {

json session_with(int count) {
    json integrations = json::array();
    for (int i = 0; i < count; ++i)
        integrations.push_back({{"id", "app-" + std::to_string(i)},
                                {"name", "App " + std::to_string(i)},
                                {"category", i % 3 ? "Tools" : "CRM"},
                                {"authType", "api_key"},
                                {"fields", {{{"name", "apiKey"}, {"label", "API key"}, {"type", "secret"},
                                             {"required", true}, {"minLength", 8}}}}});
    return {{"sessionId", "s"}, {"integrations", integrations}, {"connections", json::array()}};
}

std::uint64_t request_id(const std::string& output, const char* effect) {
    const json parsed = json::parse(output);
    for (const json& e : parsed["effects"])
        if (e["type"] == effect) return e["requestId"].get<std::uint64_t>();
    return 0;
}

// One session through the text boundary, as the browser drives it; returns how many events it sent.
int round(Machine& machine, const std::string& session_text) {
    int events = 0;
    auto send = [&](const std::string& text) {
        ++events;
        return machine.send_text(text);
    };
    std::string out = send(R"({"type":"open","now":1})");
    out = send(R"({"type":"token_loaded","token":"t","requestId":)" + std::to_string(request_id(out, "fetch_token")) + "}");
    send(R"({"type":"session_loaded","requestId":)" + std::to_string(request_id(out, "fetch_session")) +
         R"(,"session":)" + session_text + "}");
    send(R"({"type":"search","query":"app 4"})");
    send(R"({"type":"key","key":"ArrowDown"})");
    send(R"({"type":"search","query":""})");
    send(R"({"type":"select","integration":"app-7"})");
    send(R"({"type":"field_changed","name":"apiKey","value":"abcdefgh12"})");
    out = send(R"({"type":"submit"})");
    send(R"({"type":"connection_created","connection":{"key":"k"},"requestId":)" +
         std::to_string(request_id(out, "create_connection")) + "}");
    send(R"({"type":"done"})");
    return events;
}

}  // namespace

int main() {
    const std::string session_text = session_with(50).dump();
    std::vector<double> rates;
    for (int run = 0; run < 7; ++run) {
        Machine machine;
        int events = 0;
        const auto start = std::chrono::steady_clock::now();
        double elapsed = 0;
        while (elapsed < 0.2) {
            events += round(machine, session_text);
            elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
        rates.push_back(events / elapsed);
    }
    std::sort(rates.begin(), rates.end());
    std::printf("native_machine_throughput_median: %.0f events/s\n", rates[rates.size() / 2]);
    return 0;
}
