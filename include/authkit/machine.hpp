// The modal's state machine: events in, effects and a view model out.
// It performs no I/O, reads no clock and draws no randomness: the same events give the same output.
#pragma once

#include "authkit/catalog.hpp"
#include "authkit/json.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace authkit {

enum class Screen { closed, loading, catalog, form, authorizing, success, error };
const char* to_string(Screen screen);

// What a single event produced. `ignored` names why an event changed nothing (stray, late, duplicate).
struct Output {
    json effects = json::array();
    json view;
    std::string ignored;
    json to_json() const;
};

namespace detail {

// Which asynchronous answer the machine is waiting for; answers carry the request id back,
// so a late or stray answer (after close, retry or back) is recognised and ignored.
enum class Awaiting { nothing, token, session, flow, connection };

// What the retry button of the current error screen does.
enum class RetryAction { none, reload, restart_oauth, resubmit };

struct ErrorState {
    std::string code;
    std::string message;
    bool retryable = false;
    RetryAction retry = RetryAction::none;
    Screen back_to = Screen::catalog;
};

struct FlowState {
    std::string id;
    std::string nonce;
    bool popup_closed = false;   // the window is gone (or unreadable); the service's status decides
    bool watching = false;       // the shell is polling this flow's status
};

struct Context {
    Screen screen = Screen::closed;
    std::uint64_t last_request = 0;
    Awaiting awaiting = Awaiting::nothing;

    std::uint64_t now = 0;         // the host clock, from the latest event that carried one (ms)
    std::string token;
    std::string selected_option;   // the host's selectedIntegration: skips the list
    json session = json::object();
    std::vector<Integration> integrations;
    std::set<std::string> connected;
    json branding = json::object();

    std::string query;
    int selected = -1;             // index into integrations
    std::map<std::string, std::string> values;
    std::map<std::string, std::string> field_errors;
    std::set<std::string> touched;
    bool submitting = false;
    std::string focus;             // the part that should take focus after this render
    std::string announce;          // what a screen reader should hear after this render

    FlowState flow;
    json connection = json::object();
    ErrorState error;
};

json build_view(const Context& context);

}  // namespace detail

class Machine {
public:
    Output send(const json& event);

    // The boundary form: one JSON event in, {effects, view, ignored?} out, as text.
    std::string send_text(const std::string& event_text);

    json view() const { return detail::build_view(ctx_); }
    std::string view_text() const;
    Screen screen() const { return ctx_.screen; }

    // The events received so far, with tokens and secret field values redacted.
    const json& event_log() const { return log_; }
    std::string event_log_text() const;

private:
    using Handler = void (Machine::*)(const json&, Output&);
    static const std::map<std::string, Handler>& transitions();

    void on_open(const json&, Output&);
    void on_close(const json&, Output&);
    void on_token_loaded(const json&, Output&);
    void on_token_failed(const json&, Output&);
    void on_session_loaded(const json&, Output&);
    void on_session_failed(const json&, Output&);
    void on_search(const json&, Output&);
    void on_select(const json&, Output&);
    void on_field_changed(const json&, Output&);
    void on_field_blurred(const json&, Output&);
    void on_submit(const json&, Output&);
    void on_connection_created(const json&, Output&);
    void on_connection_failed(const json&, Output&);
    void on_popup_blocked(const json&, Output&);
    void on_popup_closed(const json&, Output&);
    void on_popup_opened(const json&, Output&);
    void on_flow_created(const json&, Output&);
    void on_flow_failed(const json&, Output&);
    void on_flow_result(const json&, Output&);
    void on_retry(const json&, Output&);
    void on_back(const json&, Output&);
    void on_done(const json&, Output&);
    void on_connect_another(const json&, Output&);

    // guards
    bool is_answer_to(detail::Awaiting kind, const json& event) const;
    const Integration* selected_integration() const;

    // actions
    std::uint64_t start_request(detail::Awaiting kind);
    void cancel_request();
    void load(Output& out);
    void show_catalog();
    void show_form();
    void choose(int index, bool user_gesture, Output& out);
    void start_oauth(Output& out);
    void submit_credentials(Output& out);
    void succeed(const json& connection, Output& out);
    void fail(std::string_view code, detail::RetryAction retry, Screen back_to, Output& out);
    void close(std::string reason, Output& out);
    void stop_flow(Output& out);
    void emit(const char* name, json data, Output& out) const;
    void record(const json& event);

    detail::Context ctx_;
    json log_ = json::array();
};

}  // namespace authkit
