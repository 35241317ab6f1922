// The modal's state machine: events in, effects and a view model out.
// It performs no I/O, reads no clock and draws no randomness: time comes in on events (`now`),
// so the same events always give the same output, and a recorded log replays to the same views.
#pragma once

#include "authkit/catalog.hpp"
#include "authkit/events.hpp"
#include "authkit/i18n.hpp"
#include "authkit/json.hpp"
#include "authkit/theme.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace authkit {

enum class Screen { closed, loading, catalog, form, authorizing, verifying, success, error };
const char* to_string(Screen screen);

// What a single event produced. `ignored` names why an event changed nothing (stray, late, duplicate).
struct Output {
    json effects = json::array();
    json view;
    std::string ignored;
    json to_json() &&;  // moves the parts out: a view can be large, and is not copied
};

namespace detail {

// Which asynchronous answer the machine is waiting for; answers carry the request id back,
// so a late or stray answer (after close, retry or back) is recognised and ignored.
enum class Awaiting { nothing, token, session, flow, connection };

// Work that needs a valid session token; kept while a fresh token is fetched, then resumed.
enum class Action { none, load_session, create_flow, create_connection, watch_flow };

// What the retry button of the current error screen does.
enum class RetryAction { none, reload, restart_oauth, resubmit };

struct ErrorState {
    std::string code;
    bool retryable = false;
    bool retry_blocked = false;      // rate limited: the retry button waits for the timer
    std::uint64_t retry_after_s = 0;
    RetryAction retry = RetryAction::none;
    Screen back_to = Screen::catalog;
};

struct FlowState {
    std::string id;
    std::string nonce;
    bool popup_closed = false;  // the window is gone (or unreadable); the service's status decides
    bool timed_out = false;     // the flow's lifetime passed; one last status check decides
    bool watching = false;      // the shell is polling this flow's status
    bool detached = false;      // the window vanished from view as it left for the service: an opener
                                // policy cut the link; the sign-in may well go on, so only the status counts
    std::uint64_t navigated_at = 0;
    bool cancelled = false;     // the shell was told to cancel it on the service
};

struct CatalogState {
    std::string query;
    std::u32string folded_query;
    std::string category;       // "" for all
    std::size_t limit = 0;      // how many results are shown
    int active = -1;            // index into results.matches
    std::u32string typeahead;
    std::uint64_t typeahead_at = 0;
    SearchResult results;       // kept in step with query, category, limit and the list
    std::u32string searched;    // the query `results.matched` answers, to narrow from as the user types
};

struct FormState {
    std::map<std::string, std::string> values;
    std::map<std::string, std::string> errors;
    std::set<std::string> touched;
    // Replay only: the recorded verdict for a secret whose value the log does not hold.
    std::map<std::string, json> verdicts;
    std::uint64_t form_id = 0;  // changes whenever the form starts afresh
};

struct Context {
    Screen screen = Screen::closed;
    std::uint64_t now = 0;  // the host clock, from the latest event that carried one (ms)
    std::uint64_t last_request = 0;
    Awaiting awaiting = Awaiting::nothing;
    std::uint64_t last_timer = 0;
    std::map<std::string, std::uint64_t> timers;  // name → id of the timer that counts

    // From the host's options.
    std::string selected_option;  // selectedIntegration: skips the list
    std::string connection_key;   // reconnect this connection in place
    std::string service_origin;   // sign-in windows may only be sent to this origin
    const Locale* locale = &kEnglish;
    json theme_input = json::object();
    bool prefers_dark = false;
    Theme theme;
    std::set<std::string> reported_problems;  // each invalid option or adjustment is reported once per opening

    // Session.
    std::string token;
    std::uint64_t token_expires_at = 0;  // ms; 0 when unknown
    Action resume = Action::none;
    bool token_retry_used = false;  // one fresh token per failed request, not a loop
    int transient_attempts = 0;     // automatic retries of the current load step
    Awaiting retrying = Awaiting::nothing;
    json session = json::object();
    std::vector<Integration> integrations;
    SearchIndex index;  // of `integrations`
    std::set<std::string> connected;

    CatalogState catalog;
    int selected = -1;  // index into integrations
    FormState form;
    FlowState flow;
    json connection = json::object();
    ErrorState error;

    std::string focus;     // the part that should take focus after this render
    std::string announce;  // what a screen reader should hear after this render
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

    // The events received so far, with tokens and secret values redacted; each run of changes to a
    // secret field is one entry, with no time, so the log tells neither its length nor its rhythm.
    const json& event_log() const { return log_; }
    std::string event_log_text() const;

    // Feeds a recorded log to a new machine: the views it renders, in order.
    static json replay(const json& log);
    static std::string replay_text(const std::string& log_text);

private:
    using Handler = void (Machine::*)(const json&, Output&);
    static const std::map<std::string, Handler>& transitions();

    void on_open(const json&, Output&);
    void on_close(const json&, Output&);
    void on_color_scheme(const json&, Output&);
    void on_messages_loaded(const json&, Output&);
    void on_token_loaded(const json&, Output&);
    void on_token_failed(const json&, Output&);
    void on_session_loaded(const json&, Output&);
    void on_session_failed(const json&, Output&);
    void on_search(const json&, Output&);
    void on_filter(const json&, Output&);
    void on_show_more(const json&, Output&);
    void on_key(const json&, Output&);
    void on_type_ahead(const json&, Output&);
    void on_select(const json&, Output&);
    void on_field_changed(const json&, Output&);
    void on_field_blurred(const json&, Output&);
    void on_submit(const json&, Output&);
    void on_connection_created(const json&, Output&);
    void on_connection_failed(const json&, Output&);
    void on_popup_opened(const json&, Output&);
    void on_popup_blocked(const json&, Output&);
    void on_popup_launch_failed(const json&, Output&);
    void on_page_hidden(const json&, Output&);
    void on_popup_closed(const json&, Output&);
    void on_flow_created(const json&, Output&);
    void on_flow_failed(const json&, Output&);
    void on_flow_result(const json&, Output&);
    void on_flow_status_failed(const json&, Output&);
    void on_timer(const json&, Output&);
    void on_retry(const json&, Output&);
    void on_back(const json&, Output&);
    void on_done(const json&, Output&);
    void on_connect_another(const json&, Output&);

    // guards
    bool is_answer_to(detail::Awaiting kind, const json& event) const;
    bool is_token_stale() const;
    bool is_transient(const json& failure) const;
    const Integration* selected_integration() const;
    const Field* find_field(const std::string& name) const;

    // actions
    std::uint64_t start_request(detail::Awaiting kind);
    void cancel_request();
    void abandon_pending();
    void set_timer(const std::string& name, std::uint64_t delay_ms, Output& out);
    void load(Output& out);
    void request_token(Output& out);
    void with_token(detail::Action action, Output& out);
    void perform(detail::Action action, Output& out);
    bool refresh_token_for(detail::Action action, const json& failure, Output& out);
    bool retry_later(detail::Awaiting step, const json& failure, Output& out);
    void apply_theme(Output& out);
    void show_catalog();
    void refresh_results();
    void show_form();
    void choose(int index, bool user_gesture, Output& out);
    void start_oauth(Output& out);
    void submit_credentials(Output& out);
    void succeed(const json& connection, Output& out);
    void fail(std::string_view code, detail::RetryAction retry, Screen back_to, Output& out,
              std::uint64_t retry_after_s = 0);
    void give_up_token(Output& out, std::uint64_t retry_after_s = 0);
    void close(std::string reason, Output& out);
    // ended: the service's status said the flow finished; otherwise it is abandoned and cancelled.
    void stop_flow(Output& out, bool ended = false);
    void check_field(const Field& field);
    void emit(EventName name, json data, Output& out) const;
    void record(const json& event);
    void record_secret_edit(const Field& field, json entry);

    detail::Context ctx_;
    json log_ = json::array();
    // Catalogs that arrived as data, kept across openings; ctx_.locale may point into one of them.
    std::map<std::string, std::shared_ptr<const LoadedLocale>, std::less<>> loaded_locales_;
};

}  // namespace authkit
