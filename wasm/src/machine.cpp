#include "authkit/machine.hpp"

#include "authkit/errors.hpp"
#include "authkit/text.hpp"

#include <algorithm>

namespace authkit {

using detail::Action;
using detail::Awaiting;
using detail::get_array;
using detail::get_bool;
using detail::get_object;
using detail::get_string;
using detail::get_uint;
using detail::member;
using detail::RetryAction;

namespace {

constexpr std::size_t kMaxQueryBytes = 200;
constexpr std::size_t kMaxValueBytes = 10000;
// Rows shown before "Show more": a screenful and then some. Every keystroke rebuilds and sends them,
// so a long list costs typing speed on big catalogs, where refining the search is the better move.
constexpr std::size_t kPageSize = 30;
constexpr std::uint64_t kTokenMarginMs = 30000;     // a token this close to expiry is replaced first
constexpr std::uint64_t kTokenRefreshLeadMs = 60000;  // while waiting on a sign-in, renew this early
constexpr std::uint64_t kDefaultFlowLifetimeMs = 10 * 60 * 1000;
constexpr std::uint64_t kTypeAheadPauseMs = 700;
// A window that "closes" this soon after being sent to the service did not close: a
// Cross-Origin-Opener-Policy cut it off from this page. No person closes a window that fast.
constexpr std::uint64_t kDetachWindowMs = 3000;
constexpr std::uint64_t kMaxAutoRetryWaitS = 10;
constexpr std::uint64_t kMaxRetryAfterS = 24 * 60 * 60;  // a longer wait than a day is not a wait
constexpr std::uint64_t kMaxTimerMs = 2147483647;         // what a browser timer can hold (2^31 − 1 ms)
constexpr int kMaxAutoRetries = 2;
constexpr std::uint64_t kAutoRetryDelaysMs[kMaxAutoRetries] = {500, 2000};
const std::string kRedacted = "[redacted]";

json effect(const char* type) { return json{{"type", type}}; }

bool is_token_error(const json& failure) { return error_from_service(get_string(failure, "code"), "") == "session_expired"; }

// Where a failed token renewal leaves the user: the step it was fetched for decides the way back.
RetryAction retry_for(Action pending) {
    switch (pending) {
        case Action::create_flow:
        case Action::watch_flow: return RetryAction::restart_oauth;
        case Action::create_connection: return RetryAction::resubmit;
        default: return RetryAction::reload;
    }
}

Screen back_for(Action pending) { return pending == Action::create_connection ? Screen::form : Screen::catalog; }

}  // namespace

const char* to_string(Screen screen) {
    switch (screen) {
        case Screen::closed: return "closed";
        case Screen::loading: return "loading";
        case Screen::catalog: return "catalog";
        case Screen::form: return "form";
        case Screen::authorizing: return "authorizing";
        case Screen::verifying: return "verifying";
        case Screen::success: return "success";
        case Screen::error: return "error";
    }
    return "closed";
}

json Output::to_json() && {
    json out = json::object();
    out["effects"] = std::move(effects);
    out["view"] = std::move(view);
    if (!ignored.empty()) out["ignored"] = std::move(ignored);
    return out;
}

// The transition table: event type → handler. Which screens accept an event is decided at the top
// of each handler (its guard), so this table stays readable in one screen.
const std::map<std::string, Machine::Handler>& Machine::transitions() {
    static const std::map<std::string, Handler> table = {
        {"open", &Machine::on_open},
        {"close", &Machine::on_close},
        {"color_scheme", &Machine::on_color_scheme},
        {"messages_loaded", &Machine::on_messages_loaded},
        {"token_loaded", &Machine::on_token_loaded},
        {"token_failed", &Machine::on_token_failed},
        {"session_loaded", &Machine::on_session_loaded},
        {"session_failed", &Machine::on_session_failed},
        {"search", &Machine::on_search},
        {"filter", &Machine::on_filter},
        {"show_more", &Machine::on_show_more},
        {"key", &Machine::on_key},
        {"type_ahead", &Machine::on_type_ahead},
        {"select", &Machine::on_select},
        {"field_changed", &Machine::on_field_changed},
        {"field_blurred", &Machine::on_field_blurred},
        {"submit", &Machine::on_submit},
        {"connection_created", &Machine::on_connection_created},
        {"connection_failed", &Machine::on_connection_failed},
        {"popup_opened", &Machine::on_popup_opened},
        {"popup_blocked", &Machine::on_popup_blocked},
        {"popup_closed", &Machine::on_popup_closed},
        {"popup_launch_failed", &Machine::on_popup_launch_failed},
        {"page_hidden", &Machine::on_page_hidden},
        {"flow_created", &Machine::on_flow_created},
        {"flow_failed", &Machine::on_flow_failed},
        {"flow_result", &Machine::on_flow_result},
        {"flow_status_failed", &Machine::on_flow_status_failed},
        {"timer", &Machine::on_timer},
        {"retry", &Machine::on_retry},
        {"back", &Machine::on_back},
        {"done", &Machine::on_done},
        {"connect_another", &Machine::on_connect_another},
    };
    return table;
}

Output Machine::send(const json& event) {
    Output out;
    record(event);
    if (const std::uint64_t now = get_uint(event, "now")) ctx_.now = now;
    ctx_.focus.clear();
    ctx_.announce.clear();
    const Screen before = ctx_.screen;

    const auto& table = transitions();
    const auto handler = table.find(get_string(event, "type"));
    if (handler == table.end()) out.ignored = "unknown event type";
    else (this->*(handler->second))(event, out);

    if (ctx_.screen != before && ctx_.screen != Screen::closed) emit(EventName::view, {{"from", to_string(before)}}, out);
    // Every event of this step names the screen the step ended on.
    for (json& effect : out.effects)
        if (effect.value("type", "") == "event") effect["data"]["view"] = to_string(ctx_.screen);
    out.view = view();
    return out;
}

std::string Machine::send_text(const std::string& event_text) {
    const json event = json::parse(event_text, nullptr, /*allow_exceptions=*/false);
    Output out;
    if (event.is_discarded() || !event.is_object()) {
        out.ignored = "event is not a JSON object";
        out.view = view();
    } else {
        out = send(event);
    }
    return std::move(out).to_json().dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Machine::view_text() const { return view().dump(-1, ' ', false, json::error_handler_t::replace); }

std::string Machine::event_log_text() const { return log_.dump(-1, ' ', false, json::error_handler_t::replace); }

json Machine::replay(const json& log) {
    Machine machine;
    json views = json::array();
    if (!log.is_array()) return views;
    for (const json& event : log) views.push_back(machine.send(event).view);
    return views;
}

std::string Machine::replay_text(const std::string& log_text) {
    const json log = json::parse(log_text, nullptr, /*allow_exceptions=*/false);
    return replay(log.is_discarded() ? json::array() : log).dump(-1, ' ', false, json::error_handler_t::replace);
}

// ---- opening, closing, loading -----------------------------------------------------------------

void Machine::on_open(const json& event, Output& out) {
    if (ctx_.screen != Screen::closed) {
        out.ignored = "already open";
        return;
    }
    const json& options = get_object(event, "options");
    detail::Context fresh;
    // Ids keep counting across openings, so answers meant for an earlier one stay recognisably stale.
    fresh.last_request = ctx_.last_request;
    fresh.last_timer = ctx_.last_timer;
    fresh.form.form_id = ctx_.form.form_id;  // the shell drops secrets kept for an earlier form
    fresh.now = ctx_.now;
    fresh.selected_option = get_string(options, "selectedIntegration");
    fresh.connection_key = get_string(options, "connectionKey");
    fresh.service_origin = get_string(options, "serviceOrigin");
    std::vector<std::string> languages;
    for (const json& tag : get_array(options, "languages"))
        if (tag.is_string()) languages.push_back(tag.get<std::string>());
    const Locale& chosen = choose_locale(get_string(options, "locale"), languages);
    const auto loaded = loaded_locales_.find(chosen.tag);
    fresh.locale = loaded != loaded_locales_.end() ? &loaded->second->locale() : &chosen;
    fresh.theme_input = get_object(options, "theme");
    fresh.prefers_dark = get_bool(options, "prefersDark");
    ctx_ = std::move(fresh);
    apply_theme(out);
    // Until its catalog arrives a language shows in English: better than waiting on a blank screen.
    if (ctx_.locale->size == 0) out.effects.push_back({{"type", "load_messages"}, {"locale", ctx_.locale->tag}});
    load(out);
    emit(EventName::open, {{"locale", ctx_.locale->tag}}, out);
}

void Machine::on_messages_loaded(const json& event, Output& out) {
    const Locale* base = find_locale(get_string(event, "locale"));
    if (!base || base->size != 0 || loaded_locales_.count(base->tag)) {
        out.ignored = "no catalog expected for that locale";
        return;
    }
    const json* messages = member(event, "messages");
    auto loaded = messages ? LoadedLocale::from_json(*base, *messages) : nullptr;
    if (!loaded) {
        out.ignored = "messages are not an object";
        return;
    }
    if (ctx_.locale == base) ctx_.locale = &loaded->locale();
    loaded_locales_.emplace(std::string(base->tag), std::move(loaded));
}

void Machine::on_close(const json& event, Output& out) {
    if (ctx_.screen == Screen::closed) {
        out.ignored = "already closed";
        return;
    }
    close(get_string(event, "reason") == "host" ? "host" : "", out);
}

void Machine::on_color_scheme(const json& event, Output& out) {
    ctx_.prefers_dark = get_bool(event, "dark");
    if (ctx_.screen == Screen::closed) return;  // applied at the next opening
    apply_theme(out);
}

void Machine::on_token_loaded(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::token, event)) {
        out.ignored = "stale token answer";
        return;
    }
    cancel_request();
    ctx_.token = get_string(event, "token");
    ctx_.token_expires_at = get_uint(event, "expiresAt");
    if (ctx_.token.empty()) {
        give_up_token(out);
        return;
    }
    ctx_.transient_attempts = 0;
    const Action next = ctx_.resume != Action::none ? ctx_.resume
                        : ctx_.screen == Screen::loading ? Action::load_session
                                                        : Action::none;
    ctx_.resume = Action::none;
    perform(next, out);
}

void Machine::on_token_failed(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::token, event)) {
        out.ignored = "stale token answer";
        return;
    }
    cancel_request();
    if (retry_later(Awaiting::token, event, out)) return;
    give_up_token(out, get_uint(event, "retryAfter"));
}

// No token: the step that needed one cannot go on. A sign-in window left open would wait forever.
void Machine::give_up_token(Output& out, std::uint64_t retry_after_s) {
    const Action pending = ctx_.resume;
    ctx_.resume = Action::none;
    if (pending == Action::create_flow || pending == Action::watch_flow) stop_flow(out);
    fail("token_fetch_failed", retry_for(pending), back_for(pending), out, retry_after_s);
}

void Machine::on_session_loaded(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::session, event)) {
        out.ignored = "stale session answer";
        return;
    }
    cancel_request();
    ctx_.transient_attempts = 0;
    ctx_.token_retry_used = false;
    ctx_.session = get_object(event, "session");
    ctx_.integrations = parse_integrations(get_array(ctx_.session, "integrations"));
    ctx_.index = SearchIndex(ctx_.integrations);
    ctx_.catalog.searched.clear();  // earlier matches index a list that is gone
    ctx_.connected.clear();
    std::string reconnect_integration;
    for (const json& connection : get_array(ctx_.session, "connections")) {
        if (get_string(connection, "status") == "active") ctx_.connected.insert(get_string(connection, "integration"));
        if (!ctx_.connection_key.empty() && get_string(connection, "key") == ctx_.connection_key)
            reconnect_integration = get_string(connection, "integration");
    }
    apply_theme(out);  // the service's branding may fill what the host left out

    if (!ctx_.connection_key.empty() && reconnect_integration.empty()) {
        fail("connection_not_found", RetryAction::none, Screen::catalog, out);
        return;
    }
    const std::string wanted = reconnect_integration.empty() ? ctx_.selected_option : reconnect_integration;
    if (wanted.empty()) {
        show_catalog();
        return;
    }
    for (std::size_t i = 0; i < ctx_.integrations.size(); ++i) {
        if (ctx_.integrations[i].id == wanted) {
            choose(static_cast<int>(i), /*user_gesture=*/false, out);
            return;
        }
    }
    fail("integration_unavailable", RetryAction::none, Screen::catalog, out);
}

void Machine::on_session_failed(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::session, event)) {
        out.ignored = "stale session answer";
        return;
    }
    cancel_request();
    if (refresh_token_for(Action::load_session, event, out)) return;
    if (retry_later(Awaiting::session, event, out)) return;
    fail(error_from_service(get_string(event, "code"), "session_fetch_failed"), RetryAction::reload, Screen::catalog, out,
         get_uint(event, "retryAfter"));
}

// ---- the catalog --------------------------------------------------------------------------------

void Machine::on_search(const json& event, Output& out) {
    if (ctx_.screen != Screen::catalog) {
        out.ignored = "not on the catalog";
        return;
    }
    ctx_.catalog.query = truncate_utf8(get_string(event, "query"), kMaxQueryBytes);
    ctx_.catalog.folded_query = normalize_query(ctx_.catalog.query);
    ctx_.catalog.limit = kPageSize;
    refresh_results();
    const std::size_t total = ctx_.catalog.results.total;
    emit(EventName::search, {{"query", ctx_.catalog.query}, {"results", total}}, out);
    ctx_.announce = total == 0 ? translate(*ctx_.locale, "announce.results_none")
                               : translate_plural(*ctx_.locale, "announce.results", total);
}

void Machine::on_filter(const json& event, Output& out) {
    if (ctx_.screen != Screen::catalog) {
        out.ignored = "not on the catalog";
        return;
    }
    const std::string category = get_string(event, "category");
    const bool known = category.empty() || std::any_of(ctx_.integrations.begin(), ctx_.integrations.end(),
                                                       [&](const Integration& i) { return i.category == category; });
    if (!known) {
        out.ignored = "unknown category";
        return;
    }
    ctx_.catalog.category = category;
    ctx_.catalog.limit = kPageSize;
    refresh_results();
    const std::size_t total = ctx_.catalog.results.total;
    emit(EventName::filter, {{"category", category}, {"results", total}}, out);
    ctx_.announce = total == 0 ? translate(*ctx_.locale, "announce.results_none")
                               : translate_plural(*ctx_.locale, "announce.results", total);
}

void Machine::on_show_more(const json&, Output& out) {
    if (ctx_.screen != Screen::catalog || ctx_.catalog.limit >= ctx_.catalog.results.total) {
        out.ignored = "nothing more to show";
        return;
    }
    const std::size_t first_new = ctx_.catalog.limit;
    ctx_.catalog.limit += kPageSize;
    refresh_results();
    ctx_.catalog.active = static_cast<int>(first_new);
    ctx_.focus = "search";
}

void Machine::on_key(const json& event, Output& out) {
    const int count = static_cast<int>(ctx_.catalog.results.matches.size());
    if (ctx_.screen != Screen::catalog || count == 0) {
        out.ignored = "no list to move in";
        return;
    }
    const std::string key = get_string(event, "key");
    int& active = ctx_.catalog.active;
    if (key == "ArrowDown") active = (active + 1) % count;  // wraps to the top
    else if (key == "ArrowUp") active = active <= 0 ? count - 1 : active - 1;
    else if (key == "Home") active = 0;
    else if (key == "End") active = count - 1;
    else if (key == "PageDown") active = std::min(std::max(active, 0) + 10, count - 1);
    else if (key == "PageUp") active = std::max(active - 10, 0);
    else if (key == "Enter" && active >= 0) {
        const std::size_t index = ctx_.catalog.results.matches[static_cast<std::size_t>(active)].index;
        emit(EventName::select, {{"integration", ctx_.integrations[index].id}, {"by", "keyboard"}}, out);
        choose(static_cast<int>(index), /*user_gesture=*/true, out);
    } else {
        out.ignored = "key not handled";
    }
}

void Machine::on_type_ahead(const json& event, Output& out) {
    const auto& matches = ctx_.catalog.results.matches;
    const std::u32string typed = normalize_query(get_string(event, "text"));
    if (ctx_.screen != Screen::catalog || matches.empty() || typed.empty()) {
        out.ignored = "nothing to jump to";
        return;
    }
    auto& state = ctx_.catalog;
    if (ctx_.now - state.typeahead_at > kTypeAheadPauseMs) state.typeahead.clear();
    state.typeahead += typed;
    state.typeahead_at = ctx_.now;
    // Pressing one letter repeatedly cycles through the items starting with it.
    const bool repeated = std::all_of(state.typeahead.begin(), state.typeahead.end(),
                                      [&](char32_t c) { return c == state.typeahead.front(); });
    const std::u32string prefix = repeated ? state.typeahead.substr(0, 1) : state.typeahead;
    const int count = static_cast<int>(matches.size());
    const int start = repeated ? state.active + 1 : std::max(state.active, 0);
    for (int step = 0; step < count; ++step) {
        const int candidate = (start + step) % count;
        const std::u32string_view name = ctx_.index.folded_name(matches[static_cast<std::size_t>(candidate)].index);
        if (name.compare(0, prefix.size(), prefix) == 0) {
            state.active = candidate;
            return;
        }
    }
    out.ignored = "no item starts with that";
}

void Machine::on_select(const json& event, Output& out) {
    if (ctx_.screen != Screen::catalog) {
        out.ignored = "not on the catalog";
        return;
    }
    const std::string id = get_string(event, "integration");
    for (std::size_t i = 0; i < ctx_.integrations.size(); ++i) {
        if (ctx_.integrations[i].id == id) {
            emit(EventName::select, {{"integration", id}, {"by", "pointer"}}, out);
            choose(static_cast<int>(i), /*user_gesture=*/true, out);
            return;
        }
    }
    out.ignored = "unknown integration";
}

// ---- the form -----------------------------------------------------------------------------------

void Machine::on_field_changed(const json& event, Output& out) {
    if (ctx_.screen != Screen::form || !selected_integration()) {
        out.ignored = "no editable form";
        return;
    }
    const std::string name = get_string(event, "name");
    const Field* field = find_field(name);
    if (!field || field->hidden) {
        out.ignored = "unknown field";
        return;
    }
    const json* raw = member(event, "value");
    std::string value = raw && raw->is_boolean() ? (raw->get<bool>() ? "true" : "false") : get_string(event, "value");
    ctx_.form.values[name] = truncate_utf8(value, kMaxValueBytes);
    // A replayed log holds no secret, only what validation said about it.
    if (value == kRedacted && member(event, "verdict")) ctx_.form.verdicts[name] = *member(event, "verdict");
    else ctx_.form.verdicts.erase(name);
    // Once a field has been checked, it re-checks as the user types so its error clears promptly.
    if (ctx_.form.touched.count(name)) check_field(*field);
}

void Machine::on_field_blurred(const json& event, Output& out) {
    if (ctx_.screen != Screen::form || !selected_integration()) {
        out.ignored = "no form";
        return;
    }
    const std::string name = get_string(event, "name");
    const Field* field = find_field(name);
    if (!field || field->hidden) {
        out.ignored = "unknown field";
        return;
    }
    // Tabbing through an empty field is not a mistake: it stays quiet until the user typed or submitted.
    const std::string& value = ctx_.form.values[name];
    const bool untouched_empty = (value.empty() || value == "false") && !ctx_.form.touched.count(name);
    if (untouched_empty) return;
    ctx_.form.touched.insert(name);
    check_field(*field);
}

void Machine::on_submit(const json&, Output& out) {
    const Integration* integration = selected_integration();
    if (ctx_.screen != Screen::form || !integration) {
        out.ignored = ctx_.screen == Screen::verifying ? "already submitting" : "no form to submit";
        return;
    }
    std::string first_invalid;
    for (const Field& field : integration->fields) {
        if (field.hidden) continue;
        ctx_.form.touched.insert(field.name);
        check_field(field);
        if (first_invalid.empty() && ctx_.form.errors.count(field.name)) first_invalid = field.name;
    }
    if (!first_invalid.empty()) {
        ctx_.focus = "field:" + first_invalid;
        ctx_.announce = translate_plural(*ctx_.locale, "announce.form_invalid", ctx_.form.errors.size());
        return;
    }
    emit(EventName::submit, {{"integration", integration->id}}, out);
    if (integration->auth_type == AuthType::oauth2) start_oauth(out);
    else submit_credentials(out);
}

void Machine::on_connection_created(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::connection, event)) {
        out.ignored = "stale connection answer";
        return;
    }
    cancel_request();
    succeed(get_object(event, "connection"), out);
}

void Machine::on_connection_failed(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::connection, event)) {
        out.ignored = "stale connection answer";
        return;
    }
    cancel_request();
    if (refresh_token_for(Action::create_connection, event, out)) return;
    // The service names the fields it refused, in English. What the user reads comes from the
    // catalogs: the rule this value breaks if the machine can tell, else that it was not accepted.
    const json& fields = get_object(event, "fields");
    for (const Field& field : selected_integration()->fields) {
        if (!detail::member(fields, field.name.c_str())) continue;
        const auto problem = validate_field(field, ctx_.form.values[field.name], *ctx_.locale);
        ctx_.form.errors[field.name] =
            problem ? problem->message : translate(*ctx_.locale, "field.not_accepted", {{"label", field.label}});
        ctx_.form.touched.insert(field.name);
    }
    fail(error_from_service(get_string(event, "code"), "service_error"), RetryAction::resubmit, Screen::form, out,
         get_uint(event, "retryAfter"));
}

// ---- the OAuth window ---------------------------------------------------------------------------

void Machine::on_popup_opened(const json&, Output& out) {
    if (ctx_.screen != Screen::authorizing) {
        out.ignored = "no sign-in in progress";
        return;
    }
    emit(EventName::popup_opened, json::object(), out);
}

void Machine::on_popup_blocked(const json&, Output& out) {
    if (ctx_.screen != Screen::authorizing) {
        out.ignored = "no sign-in in progress";
        return;
    }
    cancel_request();
    ctx_.resume = Action::none;
    emit(EventName::popup_blocked, json::object(), out);
    stop_flow(out);
    fail("popup_blocked", RetryAction::restart_oauth, Screen::catalog, out);
}

void Machine::on_popup_closed(const json&, Output& out) {
    if (ctx_.screen != Screen::authorizing || ctx_.flow.popup_closed) {
        out.ignored = "no open sign-in window";
        return;
    }
    emit(EventName::popup_closed, json::object(), out);
    if (ctx_.flow.id.empty()) {
        // Closed before the flow existed: nothing on the service can have succeeded.
        cancel_request();
        ctx_.resume = Action::none;
        stop_flow(out);
        fail("popup_closed", RetryAction::restart_oauth, Screen::catalog, out);
        return;
    }
    if (ctx_.now && ctx_.now - ctx_.flow.navigated_at <= kDetachWindowMs) {
        ctx_.flow.detached = true;
        ctx_.flow.popup_closed = true;
        ctx_.announce = translate(*ctx_.locale, "authorizing.detached");
        return;
    }
    // The window also closes itself after success; only the service's status can tell which it was.
    ctx_.flow.popup_closed = true;
    out.effects.push_back({{"type", "check_flow"}, {"flowId", ctx_.flow.id}, {"token", ctx_.token}});
}

// The window could not be sent to the service (the host page's CSP form-action refused it): it
// stays blank, and no sign-in can start from it.
void Machine::on_popup_launch_failed(const json&, Output& out) {
    if (ctx_.screen != Screen::authorizing || ctx_.flow.id.empty()) {
        out.ignored = "no sign-in in progress";
        return;
    }
    stop_flow(out);
    fail("flow_start_failed", RetryAction::restart_oauth, Screen::catalog, out);
}

// The host page is going away (or into the back-forward cache) with a sign-in under way.
void Machine::on_page_hidden(const json&, Output& out) {
    if (!ctx_.flow.watching && !(ctx_.screen == Screen::authorizing && !ctx_.flow.id.empty())) {
        out.ignored = "no sign-in in progress";
        return;
    }
    const bool authorizing = ctx_.screen == Screen::authorizing;
    stop_flow(out);
    if (authorizing) fail("popup_closed", RetryAction::restart_oauth, Screen::catalog, out);
}

void Machine::on_flow_created(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::flow, event)) {
        out.ignored = "stale flow answer";
        return;
    }
    cancel_request();
    ctx_.flow.id = get_string(event, "flowId");
    ctx_.flow.nonce = get_string(event, "nonce");
    const std::string url = get_string(event, "authorizeUrl");
    // The window shares the host's origin until it leaves: it may only go to the service itself.
    const bool trusted_url = ctx_.service_origin.empty() || url.rfind(ctx_.service_origin + "/", 0) == 0;
    // The nonce is what the window posts to launch the flow: without it no sign-in can start.
    if (ctx_.flow.id.empty() || ctx_.flow.nonce.empty() || url.empty() || !trusted_url) {
        stop_flow(out);
        fail("flow_start_failed", RetryAction::restart_oauth, Screen::catalog, out);
        return;
    }
    ctx_.flow.navigated_at = ctx_.now;
    out.effects.push_back({{"type", "navigate_popup"}, {"url", url}, {"nonce", ctx_.flow.nonce}});
    perform(Action::watch_flow, out);
    const std::uint64_t expires_at = get_uint(event, "expiresAt");
    const std::uint64_t lifetime = expires_at > ctx_.now && ctx_.now ? expires_at - ctx_.now : kDefaultFlowLifetimeMs;
    set_timer("flow_timeout", lifetime, out);
}

void Machine::on_flow_failed(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::flow, event)) {
        out.ignored = "stale flow answer";
        return;
    }
    cancel_request();
    if (refresh_token_for(Action::create_flow, event, out)) return;  // the window stays open meanwhile
    stop_flow(out);
    fail(error_from_service(get_string(event, "code"), "flow_start_failed"), RetryAction::restart_oauth, Screen::catalog,
         out, get_uint(event, "retryAfter"));
}

void Machine::on_flow_result(const json& event, Output& out) {
    // After "window closed" the flow is still watched: a window that only looked closed (a provider
    // page whose opener policy cuts the link) can still finish, and then the error gives way to success.
    const bool still_watched = ctx_.screen == Screen::error && ctx_.error.code == "popup_closed" && ctx_.flow.watching;
    if ((ctx_.screen != Screen::authorizing && !still_watched) || ctx_.flow.id.empty()) {
        out.ignored = "no sign-in in progress";
        return;
    }
    if (get_string(event, "flowId") != ctx_.flow.id) {
        out.ignored = "result for another flow";
        return;
    }
    ctx_.token_retry_used = false;  // the token works again: a later refusal may renew it once more
    const std::string status = get_string(event, "status");
    if (status == "succeeded") {
        stop_flow(out, true);
        succeed(get_object(event, "connection"), out);
    } else if (status == "failed") {
        stop_flow(out, true);
        const std::string code = get_string(get_object(event, "error"), "code");
        fail(error_from_service(code, "oauth_failed"), RetryAction::restart_oauth, Screen::catalog, out);
    } else if (ctx_.screen == Screen::authorizing && ctx_.flow.timed_out) {
        stop_flow(out);
        fail("popup_timeout", RetryAction::restart_oauth, Screen::catalog, out);
    } else if (ctx_.screen == Screen::authorizing && ctx_.flow.popup_closed && !ctx_.flow.detached) {
        fail("popup_closed", RetryAction::restart_oauth, Screen::catalog, out);
    } else {
        out.ignored = "still pending";
    }
}

void Machine::on_flow_status_failed(const json& event, Output& out) {
    if (!ctx_.flow.watching || get_string(event, "flowId") != ctx_.flow.id) {
        out.ignored = "no sign-in being watched";
        return;
    }
    // A poll refused for an old token: renew it and watch on. Anything else: the next poll asks again.
    if (is_token_error(event) && !ctx_.token_retry_used && ctx_.resume == Action::none &&
        ctx_.awaiting == Awaiting::nothing) {
        ctx_.token_retry_used = true;
        ctx_.resume = Action::watch_flow;
        request_token(out);
        return;
    }
    out.ignored = "the next poll will ask again";
}

// ---- timers, retries and navigation -------------------------------------------------------------

void Machine::on_timer(const json& event, Output& out) {
    const std::string name = get_string(event, "timer");
    const auto timer = ctx_.timers.find(name);
    if (timer == ctx_.timers.end() || timer->second != get_uint(event, "id") || ctx_.screen == Screen::closed) {
        out.ignored = "stale timer";
        return;
    }
    ctx_.timers.erase(timer);
    if (name == "retry") {
        // Only while the step it repeats is still wanted: loading, or a token some request waits for.
        if (ctx_.retrying == Awaiting::token && (ctx_.screen == Screen::loading || ctx_.resume != Action::none))
            request_token(out);
        else if (ctx_.retrying == Awaiting::session && ctx_.screen == Screen::loading)
            perform(Action::load_session, out);
        else
            out.ignored = "retry no longer wanted";
        ctx_.retrying = Awaiting::nothing;
    } else if (name == "flow_timeout" && ctx_.screen == Screen::authorizing && !ctx_.flow.id.empty()) {
        ctx_.flow.timed_out = true;
        out.effects.push_back({{"type", "check_flow"}, {"flowId", ctx_.flow.id}, {"token", ctx_.token}});
    } else if (name == "token_refresh" && ctx_.flow.watching && ctx_.resume == Action::none &&
               ctx_.awaiting == Awaiting::nothing) {
        ctx_.resume = Action::watch_flow;
        request_token(out);
    } else if (name == "retry_after" && ctx_.screen == Screen::error) {
        ctx_.error.retry_blocked = false;
        ctx_.announce = translate(*ctx_.locale, "error.retry_ready");
    } else {
        out.ignored = "timer no longer relevant";
    }
}

void Machine::on_retry(const json&, Output& out) {
    // A detached sign-in can be started afresh from its waiting screen: the old window is out of reach.
    if (ctx_.screen == Screen::authorizing && ctx_.flow.detached) {
        emit(EventName::retry, {{"code", "popup_detached"}}, out);
        start_oauth(out);
        return;
    }
    if (ctx_.screen != Screen::error || !ctx_.error.retryable || ctx_.error.retry_blocked) {
        out.ignored = "nothing to retry";
        return;
    }
    emit(EventName::retry, {{"code", ctx_.error.code}}, out);
    ctx_.token_retry_used = false;
    switch (ctx_.error.retry) {
        case RetryAction::reload: load(out); break;
        case RetryAction::restart_oauth: start_oauth(out); break;
        case RetryAction::resubmit: submit_credentials(out); break;
        case RetryAction::none: break;
    }
}

void Machine::on_back(const json&, Output& out) {
    switch (ctx_.screen) {
        case Screen::error:
            if (ctx_.flow.watching) stop_flow(out);
            abandon_pending();
            if (ctx_.error.back_to == Screen::form && selected_integration()) show_form();
            else if ((!ctx_.selected_option.empty() || !ctx_.connection_key.empty()) && selected_integration())
                show_form();
            else if (ctx_.integrations.empty()) out.ignored = "nothing to go back to";
            else show_catalog();
            return;
        case Screen::form:
            if (!ctx_.selected_option.empty() || !ctx_.connection_key.empty()) {
                out.ignored = "the host chose this integration";
                return;
            }
            show_catalog();
            return;
        case Screen::authorizing: {
            abandon_pending();
            stop_flow(out);
            const Integration* integration = selected_integration();
            const bool has_form = std::any_of(integration->fields.begin(), integration->fields.end(),
                                              [](const Field& field) { return !field.hidden; });
            if (has_form || !ctx_.selected_option.empty() || !ctx_.connection_key.empty()) show_form();
            else show_catalog();
            return;
        }
        default: out.ignored = "no way back from here"; return;
    }
}

void Machine::on_done(const json&, Output& out) {
    if (ctx_.screen != Screen::success) {
        out.ignored = "not finished";
        return;
    }
    close("success", out);
}

void Machine::on_connect_another(const json&, Output& out) {
    if (ctx_.screen != Screen::success || ctx_.integrations.empty()) {
        out.ignored = "not finished";
        return;
    }
    ctx_.selected_option.clear();
    ctx_.connection_key.clear();
    show_catalog();
}

// ---- guards -------------------------------------------------------------------------------------

bool Machine::is_answer_to(Awaiting kind, const json& event) const {
    return ctx_.awaiting == kind && get_uint(event, "requestId") == ctx_.last_request;
}

bool Machine::is_token_stale() const {
    if (ctx_.token.empty()) return true;
    return ctx_.token_expires_at && ctx_.now && ctx_.now + kTokenMarginMs >= ctx_.token_expires_at;
}

// Worth an automatic retry: the network, the server's own trouble, or a short rate limit.
bool Machine::is_transient(const json& failure) const {
    const std::uint64_t status = get_uint(failure, "status");
    if (status == 429) return get_uint(failure, "retryAfter") <= kMaxAutoRetryWaitS;
    return status == 0 || status == 408 || status >= 500;
}

const Integration* Machine::selected_integration() const {
    if (ctx_.selected < 0 || static_cast<std::size_t>(ctx_.selected) >= ctx_.integrations.size()) return nullptr;
    return &ctx_.integrations[static_cast<std::size_t>(ctx_.selected)];
}

const Field* Machine::find_field(const std::string& name) const {
    const Integration* integration = selected_integration();
    if (!integration) return nullptr;
    for (const Field& field : integration->fields)
        if (field.name == name) return &field;
    return nullptr;
}

// ---- actions ------------------------------------------------------------------------------------

std::uint64_t Machine::start_request(Awaiting kind) {
    ctx_.awaiting = kind;
    return ++ctx_.last_request;
}

void Machine::cancel_request() { ctx_.awaiting = Awaiting::nothing; }

void Machine::set_timer(const std::string& name, std::uint64_t delay_ms, Output& out) {
    // A timer longer than a browser can hold would fire at once; nothing here needs one that long.
    if (delay_ms > kMaxTimerMs) return;
    const std::uint64_t id = ++ctx_.last_timer;
    ctx_.timers[name] = id;
    out.effects.push_back({{"type", "set_timer"}, {"timer", name}, {"id", id}, {"delayMs", delay_ms}});
}

void Machine::load(Output& out) {
    ctx_.screen = Screen::loading;
    ctx_.focus = "heading";  // inside the dialog at once, even before there is anything to press
    ctx_.resume = Action::none;
    ctx_.transient_attempts = 0;
    ctx_.token_retry_used = false;
    request_token(out);
}

void Machine::request_token(Output& out) {
    ctx_.token.clear();
    out.effects.push_back({{"type", "fetch_token"}, {"requestId", start_request(Awaiting::token)}});
}

void Machine::with_token(Action action, Output& out) {
    if (is_token_stale()) {
        ctx_.resume = action;
        request_token(out);
    } else {
        perform(action, out);
    }
}

void Machine::perform(Action action, Output& out) {
    const Integration* integration = selected_integration();
    json fields = json::object();
    if (integration) {
        for (const Field& field : integration->fields) {
            const auto value = ctx_.form.values.find(field.name);
            if (value != ctx_.form.values.end() && (!value->second.empty() || field.type == FieldType::checkbox))
                fields[field.name] = submitted_value(field, value->second);
        }
    }
    switch (action) {
        case Action::load_session:
            out.effects.push_back(
                {{"type", "fetch_session"}, {"requestId", start_request(Awaiting::session)}, {"token", ctx_.token}});
            break;
        case Action::create_flow: {
            json create = {{"type", "create_flow"},
                           {"requestId", start_request(Awaiting::flow)},
                           {"token", ctx_.token},
                           {"integration", integration->id}};
            if (!fields.empty()) create["fields"] = std::move(fields);
            if (!ctx_.connection_key.empty()) create["connectionKey"] = ctx_.connection_key;
            out.effects.push_back(std::move(create));
            break;
        }
        case Action::create_connection: {
            json create = {{"type", "create_connection"},
                           {"requestId", start_request(Awaiting::connection)},
                           {"token", ctx_.token},
                           {"integration", integration->id},
                           {"fields", std::move(fields)}};
            if (!ctx_.connection_key.empty()) create["connectionKey"] = ctx_.connection_key;
            out.effects.push_back(std::move(create));
            break;
        }
        case Action::watch_flow:
            ctx_.flow.watching = true;
            out.effects.push_back(
                {{"type", "watch_flow"}, {"flowId", ctx_.flow.id}, {"nonce", ctx_.flow.nonce}, {"token", ctx_.token}});
            // A sign-in can outlast a session token: renew it shortly before it runs out.
            if (ctx_.token_expires_at > ctx_.now + kTokenRefreshLeadMs && ctx_.now)
                set_timer("token_refresh", ctx_.token_expires_at - ctx_.now - kTokenRefreshLeadMs, out);
            break;
        case Action::none: break;
    }
}

// A request refused for its token gets one fresh token and one more try; true when that started.
bool Machine::refresh_token_for(Action action, const json& failure, Output& out) {
    if (!is_token_error(failure) || ctx_.token_retry_used) return false;
    ctx_.token_retry_used = true;
    ctx_.resume = action;
    request_token(out);
    return true;
}

// Loading steps retry by themselves after transient failures, a few times, with growing pauses.
bool Machine::retry_later(Awaiting step, const json& failure, Output& out) {
    if (!is_transient(failure) || ctx_.transient_attempts >= kMaxAutoRetries) return false;
    const std::uint64_t wait_s = get_uint(failure, "retryAfter");
    const std::uint64_t delay = wait_s ? wait_s * 1000 : kAutoRetryDelaysMs[ctx_.transient_attempts];
    ++ctx_.transient_attempts;
    ctx_.retrying = step;
    set_timer("retry", delay, out);
    return true;
}

void Machine::apply_theme(Output& out) {
    // The host's options win over the service's branding, key by key.
    json input = get_object(ctx_.session, "branding");
    for (const auto& [key, value] : ctx_.theme_input.items()) input[key] = value;
    std::vector<ThemeProblem> problems;
    ctx_.theme = build_theme(input, ctx_.prefers_dark, &problems);
    // A changed brand colour is news to the host too (a playground, a design review), once per change.
    json adjusted = json::array();
    for (const std::string& adjustment : ctx_.theme.adjustments)
        if (ctx_.reported_problems.insert(adjustment).second) adjusted.push_back(adjustment);
    if (!adjusted.empty()) emit(EventName::theme_adjusted, {{"adjustments", std::move(adjusted)}}, out);
    json list = json::array();
    for (const ThemeProblem& problem : problems) {
        if (ctx_.reported_problems.insert(problem.option + ": " + problem.message).second)
            list.push_back({{"option", problem.option}, {"message", problem.message}});
    }
    if (list.empty()) return;
    out.effects.push_back({{"type", "config_error"}, {"problems", list}});
    emit(EventName::config_error, {{"problems", std::move(list)}}, out);
}

void Machine::show_catalog() {
    ctx_.screen = Screen::catalog;
    ctx_.selected = -1;
    const std::uint64_t form_id = ctx_.form.form_id;
    ctx_.form = {};
    ctx_.form.form_id = form_id;
    if (ctx_.catalog.limit == 0) ctx_.catalog.limit = kPageSize;
    refresh_results();
    ctx_.focus = "search";
}

void Machine::refresh_results() {
    auto& catalog = ctx_.catalog;
    // A query that extends the last one can only match a subset of what that one matched.
    const bool narrowing = !catalog.searched.empty() &&
                           catalog.folded_query.compare(0, catalog.searched.size(), catalog.searched) == 0;
    std::vector<std::size_t> previous;
    if (narrowing) previous = std::move(catalog.results.matched);
    catalog.results =
        ctx_.index.search(catalog.folded_query, catalog.category, catalog.limit, narrowing ? &previous : nullptr);
    catalog.searched = catalog.folded_query;
    catalog.active = catalog.results.matches.empty() ? -1 : 0;
}

void Machine::show_form() {
    ctx_.screen = Screen::form;
    const Integration& integration = *selected_integration();
    // Focus goes where the user has work to do: the first field in error, else the first field.
    ctx_.focus = "submit";
    for (const Field& field : integration.fields) {
        if (field.hidden) continue;
        if (ctx_.focus == "submit") ctx_.focus = "field:" + field.name;
        if (ctx_.form.errors.count(field.name)) {
            ctx_.focus = "field:" + field.name;
            break;
        }
    }
}

void Machine::choose(int index, bool user_gesture, Output& out) {
    ctx_.selected = index;
    const std::uint64_t next_form = ctx_.form.form_id + 1;
    ctx_.form = {};
    ctx_.form.form_id = next_form;
    const Integration& integration = *selected_integration();
    bool visible_fields = false;
    for (const Field& field : integration.fields) {
        ctx_.form.values[field.name] = field.default_value;
        visible_fields = visible_fields || !field.hidden;
    }
    // A popup may only open inside the user's click; without one, a button asks for it first.
    if (integration.auth_type == AuthType::oauth2 && !visible_fields && user_gesture) {
        start_oauth(out);
        return;
    }
    show_form();
}

void Machine::start_oauth(Output& out) {
    const Integration& integration = *selected_integration();
    if (ctx_.flow.watching) stop_flow(out);
    ctx_.screen = Screen::authorizing;
    ctx_.flow = {};
    ctx_.focus = "heading";
    ctx_.announce = translate(*ctx_.locale, "authorizing.title", {{"name", integration.name}});
    // open_popup comes first: the shell runs it synchronously, still inside the click.
    out.effects.push_back({{"type", "open_popup"}, {"placeholder", translate(*ctx_.locale, "popup.placeholder")}});
    with_token(Action::create_flow, out);
}

void Machine::submit_credentials(Output& out) {
    const Integration& integration = *selected_integration();
    ctx_.screen = Screen::verifying;
    ctx_.focus = "heading";
    ctx_.announce = translate(*ctx_.locale, "verifying.body", {{"name", integration.name}});
    with_token(Action::create_connection, out);
}

void Machine::succeed(const json& connection, Output& out) {
    const Integration& integration = *selected_integration();
    ctx_.screen = Screen::success;
    ctx_.connection = connection;
    ctx_.connected.insert(integration.id);
    ctx_.focus = "primary";
    ctx_.announce = translate(*ctx_.locale, "announce.connected", {{"name", integration.name}});
    emit(EventName::success, {{"integration", integration.id}, {"connectionKey", get_string(connection, "key")}}, out);
    out.effects.push_back({{"type", "callback"}, {"name", "success"}, {"payload", connection}});
}

void Machine::fail(std::string_view code, RetryAction retry, Screen back_to, Output& out, std::uint64_t retry_after_s) {
    const ErrorSpec& spec = error_spec(code);
    const Integration* integration = selected_integration();
    const std::string name = integration ? integration->name : std::string();
    auto& error = ctx_.error;
    const std::uint64_t retry_after = spec.code == "rate_limited" ? std::min(retry_after_s, kMaxRetryAfterS) : 0;
    error = {};
    ctx_.timers.erase("retry_after");  // a wait belongs to the error that set it
    error.code = std::string(spec.code);
    const std::string message = translate(*ctx_.locale, "error." + error.code, {{"name", name}});
    error.retryable = spec.retryable && retry != RetryAction::none;
    error.retry = retry;
    error.back_to = back_to;
    error.retry_after_s = retry_after;
    if (retry_after > 0) {
        error.retry_blocked = true;
        set_timer("retry_after", retry_after * 1000, out);
    }
    ctx_.screen = Screen::error;
    ctx_.focus = "primary";
    ctx_.announce = message;
    json payload = {{"code", error.code}, {"message", message}, {"retryable", error.retryable}};
    if (integration) payload["integration"] = integration->id;
    emit(EventName::error, {{"code", error.code}}, out);
    out.effects.push_back({{"type", "callback"}, {"name", "error"}, {"payload", std::move(payload)}});
}

void Machine::close(std::string reason, Output& out) {
    if (reason.empty())
        reason = ctx_.screen == Screen::success ? "success" : ctx_.screen == Screen::error ? "error" : "user";
    if (ctx_.screen == Screen::authorizing || ctx_.flow.watching) stop_flow(out);
    cancel_request();
    ctx_.timers.clear();
    ctx_.screen = Screen::closed;
    ctx_.token.clear();
    emit(EventName::close, {{"reason", reason}}, out);
    out.effects.push_back({{"type", "callback"}, {"name", "close"}, {"payload", {{"reason", reason}}}});
}

void Machine::stop_flow(Output& out, bool ended) {
    ctx_.flow.watching = false;
    ctx_.timers.erase("flow_timeout");
    ctx_.timers.erase("token_refresh");
    // A token being renewed for this sign-in is no longer wanted: its late answer must change nothing.
    if (ctx_.resume == Action::create_flow || ctx_.resume == Action::watch_flow) abandon_pending();
    json stop = effect("stop_flow");
    // A flow given up on is cancelled on the service: its window is out of this page's reach once it
    // has left for the provider, and must not finish a sign-in nobody waits for.
    if (!ended && !ctx_.flow.id.empty() && !ctx_.flow.cancelled) {
        ctx_.flow.cancelled = true;
        stop["cancelFlowId"] = ctx_.flow.id;
        stop["token"] = ctx_.token;
    }
    out.effects.push_back(std::move(stop));
}

void Machine::abandon_pending() {
    cancel_request();
    ctx_.resume = Action::none;
    ctx_.retrying = Awaiting::nothing;
    ctx_.timers.erase("retry");
}

void Machine::check_field(const Field& field) {
    const auto verdict = ctx_.form.verdicts.find(field.name);
    if (verdict != ctx_.form.verdicts.end()) {
        const std::string message = get_string(verdict->second, "message");
        if (message.empty()) ctx_.form.errors.erase(field.name);
        else ctx_.form.errors[field.name] = message;
        return;
    }
    if (auto problem = validate_field(field, ctx_.form.values[field.name], *ctx_.locale))
        ctx_.form.errors[field.name] = problem->message;
    else
        ctx_.form.errors.erase(field.name);
}

void Machine::emit(EventName name, json data, Output& out) const {
    data["sessionId"] = get_string(ctx_.session, "sessionId");
    if (const Integration* integration = selected_integration(); integration && !data.contains("integration"))
        data["integration"] = integration->id;
    if (ctx_.now) data["timestamp"] = ctx_.now;
    out.effects.push_back({{"type", "event"}, {"name", to_string(name)}, {"data", std::move(data)}});
}

// The flight recorder: every event, minus what must never leave the browser in a bug report.
// A secret's value is replaced by what validation said about it, so a replay shows the same views.
void Machine::record(const json& event) {
    json entry = event;
    if (entry.contains("token")) entry["token"] = kRedacted;
    if (entry.contains("nonce")) entry["nonce"] = kRedacted;
    // On any screen: a keystroke that lands just after submit is ignored, but still recorded.
    if (get_string(event, "type") == "field_changed") {
        const Field* field = find_field(get_string(event, "name"));
        if (field && is_secret(*field)) {
            record_secret_edit(*field, std::move(entry));
            return;
        }
    }
    log_.push_back(std::move(entry));
}

// One keystroke, one entry, one time would tell a reader the secret's length and the typing rhythm.
// So a run of changes to one secret field is a single entry, without a time, holding the latest
// verdict: each change sets the field's whole state, so the run's last change is all a replay needs.
void Machine::record_secret_edit(const Field& field, json entry) {
    entry.erase("now");
    const std::string value = get_string(entry, "value");
    // An empty value is no secret, and keeping it lets a replay show the field as empty.
    if (!value.empty() && value != kRedacted) {
        const auto problem = validate_field(field, truncate_utf8(value, kMaxValueBytes), *ctx_.locale);
        entry["value"] = kRedacted;
        entry["verdict"] = {{"message", problem ? problem->message : std::string()}};
    }
    // Nothing came between, so the previous entry is the same field of the same form.
    const bool same_edit = !log_.empty() && get_string(log_.back(), "type") == "field_changed" &&
                           get_string(log_.back(), "name") == field.name;
    if (same_edit) log_.back() = std::move(entry);
    else log_.push_back(std::move(entry));
}

}  // namespace authkit
