#include "authkit/machine.hpp"

#include "authkit/errors.hpp"
#include "authkit/messages.hpp"

namespace authkit {

using detail::Awaiting;
using detail::get_array;
using detail::get_object;
using detail::get_string;
using detail::get_uint;
using detail::RetryAction;

namespace {

constexpr std::size_t kMaxQueryBytes = 200;

// Cuts text to at most `limit` bytes without splitting a UTF-8 sequence.
std::string truncate_utf8(const std::string& text, std::size_t limit) {
    if (text.size() <= limit) return text;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

json effect(const char* type) { return json{{"type", type}}; }

}  // namespace

const char* to_string(Screen screen) {
    switch (screen) {
        case Screen::closed: return "closed";
        case Screen::loading: return "loading";
        case Screen::catalog: return "catalog";
        case Screen::form: return "form";
        case Screen::authorizing: return "authorizing";
        case Screen::success: return "success";
        case Screen::error: return "error";
    }
    return "closed";
}

json Output::to_json() const {
    json out = {{"effects", effects}, {"view", view}};
    if (!ignored.empty()) out["ignored"] = ignored;
    return out;
}

// The transition table: event type → handler. Which states accept an event is decided
// at the top of each handler, so this table stays readable in one screen.
const std::map<std::string, Machine::Handler>& Machine::transitions() {
    static const std::map<std::string, Handler> table = {
        {"open", &Machine::on_open},
        {"close", &Machine::on_close},
        {"token_loaded", &Machine::on_token_loaded},
        {"token_failed", &Machine::on_token_failed},
        {"session_loaded", &Machine::on_session_loaded},
        {"session_failed", &Machine::on_session_failed},
        {"search", &Machine::on_search},
        {"select", &Machine::on_select},
        {"field_changed", &Machine::on_field_changed},
        {"field_blurred", &Machine::on_field_blurred},
        {"submit", &Machine::on_submit},
        {"connection_created", &Machine::on_connection_created},
        {"connection_failed", &Machine::on_connection_failed},
        {"popup_opened", &Machine::on_popup_opened},
        {"popup_blocked", &Machine::on_popup_blocked},
        {"popup_closed", &Machine::on_popup_closed},
        {"flow_created", &Machine::on_flow_created},
        {"flow_failed", &Machine::on_flow_failed},
        {"flow_result", &Machine::on_flow_result},
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

    if (ctx_.screen != before && ctx_.screen != Screen::closed)
        emit("view", {{"from", to_string(before)}}, out);
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
    return out.to_json().dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Machine::view_text() const { return view().dump(-1, ' ', false, json::error_handler_t::replace); }

std::string Machine::event_log_text() const { return log_.dump(-1, ' ', false, json::error_handler_t::replace); }

// ---- handlers -------------------------------------------------------------------------------

void Machine::on_open(const json& event, Output& out) {
    if (ctx_.screen != Screen::closed) {
        out.ignored = "already open";
        return;
    }
    detail::Context fresh;
    fresh.last_request = ctx_.last_request;  // keeps answers to a previous opening recognisable as stale
    fresh.now = ctx_.now;
    fresh.selected_option = get_string(get_object(event, "options"), "selectedIntegration");
    ctx_ = std::move(fresh);
    load(out);
    emit("open", json::object(), out);
}

void Machine::on_close(const json& event, Output& out) {
    if (ctx_.screen == Screen::closed) {
        out.ignored = "already closed";
        return;
    }
    close(get_string(event, "reason") == "host" ? "host" : "", out);
}

void Machine::on_token_loaded(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::token, event)) {
        out.ignored = "stale token answer";
        return;
    }
    ctx_.token = get_string(event, "token");
    if (ctx_.token.empty()) {
        cancel_request();
        fail("token_fetch_failed", RetryAction::reload, Screen::catalog, out);
        return;
    }
    json fetch = effect("fetch_session");
    fetch["requestId"] = start_request(Awaiting::session);
    fetch["token"] = ctx_.token;
    out.effects.push_back(std::move(fetch));
}

void Machine::on_token_failed(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::token, event)) {
        out.ignored = "stale token answer";
        return;
    }
    cancel_request();
    fail("token_fetch_failed", RetryAction::reload, Screen::catalog, out);
}

void Machine::on_session_loaded(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::session, event)) {
        out.ignored = "stale session answer";
        return;
    }
    cancel_request();
    ctx_.session = get_object(event, "session");
    ctx_.integrations = parse_integrations(get_array(ctx_.session, "integrations"));
    ctx_.branding = get_object(ctx_.session, "branding");
    ctx_.connected.clear();
    for (const json& connection : get_array(ctx_.session, "connections"))
        if (get_string(connection, "status") == "active") ctx_.connected.insert(get_string(connection, "integration"));

    if (ctx_.selected_option.empty()) {
        show_catalog();
        return;
    }
    for (std::size_t i = 0; i < ctx_.integrations.size(); ++i) {
        if (ctx_.integrations[i].id == ctx_.selected_option) {
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
    const std::string_view code = error_from_service(get_string(event, "code"), "session_fetch_failed");
    fail(code, RetryAction::reload, Screen::catalog, out);
}

void Machine::on_search(const json& event, Output& out) {
    if (ctx_.screen != Screen::catalog) {
        out.ignored = "not on the catalog";
        return;
    }
    ctx_.query = truncate_utf8(get_string(event, "query"), kMaxQueryBytes);
    const std::size_t count = search(ctx_.integrations, ctx_.query).size();
    emit("search", {{"query", ctx_.query}, {"results", count}}, out);
    if (count == 0) ctx_.announce = message("announce.results_none");
    else if (count == 1) ctx_.announce = message("announce.results_one");
    else ctx_.announce = format_message("announce.results", {{"count", std::to_string(count)}});
}

void Machine::on_select(const json& event, Output& out) {
    if (ctx_.screen != Screen::catalog) {
        out.ignored = "not on the catalog";
        return;
    }
    const std::string id = get_string(event, "integration");
    for (std::size_t i = 0; i < ctx_.integrations.size(); ++i) {
        if (ctx_.integrations[i].id == id) {
            emit("select", {{"integration", id}}, out);
            choose(static_cast<int>(i), /*user_gesture=*/true, out);
            return;
        }
    }
    out.ignored = "unknown integration";
}

void Machine::on_field_changed(const json& event, Output& out) {
    const Integration* integration = selected_integration();
    if (ctx_.screen != Screen::form || !integration || ctx_.submitting) {
        out.ignored = "no editable form";
        return;
    }
    const std::string name = get_string(event, "name");
    for (const Field& field : integration->fields) {
        if (field.name != name) continue;
        ctx_.values[name] = get_string(event, "value");
        // Once a field has shown an error, it re-checks as the user types so the error clears promptly.
        if (ctx_.touched.count(name)) {
            if (auto problem = validate_field(field, ctx_.values[name])) ctx_.field_errors[name] = *problem;
            else ctx_.field_errors.erase(name);
        }
        return;
    }
    out.ignored = "unknown field";
}

void Machine::on_field_blurred(const json& event, Output& out) {
    const Integration* integration = selected_integration();
    if (ctx_.screen != Screen::form || !integration) {
        out.ignored = "no form";
        return;
    }
    const std::string name = get_string(event, "name");
    for (const Field& field : integration->fields) {
        if (field.name != name) continue;
        // An untouched empty field stays quiet on blur: tabbing through is not a mistake.
        const std::string& value = ctx_.values[name];
        if (value.empty() && !ctx_.touched.count(name)) return;
        ctx_.touched.insert(name);
        if (auto problem = validate_field(field, value)) ctx_.field_errors[name] = *problem;
        else ctx_.field_errors.erase(name);
        return;
    }
    out.ignored = "unknown field";
}

void Machine::on_submit(const json&, Output& out) {
    const Integration* integration = selected_integration();
    if (ctx_.screen != Screen::form || !integration) {
        out.ignored = "no form to submit";
        return;
    }
    if (ctx_.submitting) {
        out.ignored = "already submitting";
        return;
    }
    ctx_.field_errors.clear();
    for (const Field& field : integration->fields) {
        ctx_.touched.insert(field.name);
        if (auto problem = validate_field(field, ctx_.values[field.name])) {
            if (ctx_.field_errors.empty()) ctx_.focus = "field:" + field.name;
            ctx_.field_errors[field.name] = *problem;
        }
    }
    if (!ctx_.field_errors.empty()) {
        ctx_.announce = message("announce.form_invalid");
        return;
    }
    emit("submit", {{"integration", integration->id}}, out);
    if (integration->auth_type == AuthType::oauth2) start_oauth(out);
    else submit_credentials(out);
}

void Machine::on_connection_created(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::connection, event)) {
        out.ignored = "stale connection answer";
        return;
    }
    cancel_request();
    ctx_.submitting = false;
    succeed(get_object(event, "connection"), out);
}

void Machine::on_connection_failed(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::connection, event)) {
        out.ignored = "stale connection answer";
        return;
    }
    cancel_request();
    ctx_.submitting = false;
    const std::string_view code = error_from_service(get_string(event, "code"), "service_error");
    const json& fields = get_object(event, "fields");
    for (const Field& field : selected_integration()->fields) {
        const std::string problem = get_string(fields, field.name.c_str());
        if (!problem.empty()) ctx_.field_errors[field.name] = problem;
    }
    fail(code, RetryAction::resubmit, Screen::form, out);
}

void Machine::on_popup_opened(const json&, Output& out) {
    if (ctx_.screen != Screen::authorizing) {
        out.ignored = "no sign-in in progress";
        return;
    }
    emit("popup_opened", {{"integration", selected_integration()->id}}, out);
}

void Machine::on_popup_blocked(const json&, Output& out) {
    if (ctx_.screen != Screen::authorizing) {
        out.ignored = "no sign-in in progress";
        return;
    }
    cancel_request();
    emit("popup_blocked", {{"integration", selected_integration()->id}}, out);
    stop_flow(out);
    fail("popup_blocked", RetryAction::restart_oauth, Screen::catalog, out);
}

void Machine::on_popup_closed(const json&, Output& out) {
    if (ctx_.screen != Screen::authorizing || ctx_.flow.popup_closed) {
        out.ignored = "no open sign-in window";
        return;
    }
    emit("popup_closed", {{"integration", selected_integration()->id}}, out);
    if (ctx_.flow.id.empty()) {
        // Closed before the flow existed: nothing on the service can have succeeded.
        cancel_request();
        stop_flow(out);
        fail("popup_closed", RetryAction::restart_oauth, Screen::catalog, out);
        return;
    }
    // The window also closes itself after success; only the service's status can tell which it was.
    ctx_.flow.popup_closed = true;
    out.effects.push_back({{"type", "check_flow"}, {"flowId", ctx_.flow.id}, {"token", ctx_.token}});
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
    if (ctx_.flow.id.empty() || url.empty()) {
        stop_flow(out);
        fail("flow_start_failed", RetryAction::restart_oauth, Screen::catalog, out);
        return;
    }
    ctx_.flow.watching = true;
    out.effects.push_back({{"type", "navigate_popup"}, {"url", url}});
    out.effects.push_back(
        {{"type", "watch_flow"}, {"flowId", ctx_.flow.id}, {"nonce", ctx_.flow.nonce}, {"token", ctx_.token}});
}

void Machine::on_flow_failed(const json& event, Output& out) {
    if (!is_answer_to(Awaiting::flow, event)) {
        out.ignored = "stale flow answer";
        return;
    }
    cancel_request();
    stop_flow(out);
    fail(error_from_service(get_string(event, "code"), "flow_start_failed"), RetryAction::restart_oauth,
         Screen::catalog, out);
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
    const std::string status = get_string(event, "status");
    if (status == "succeeded") {
        stop_flow(out);
        succeed(get_object(event, "connection"), out);
    } else if (status == "failed") {
        stop_flow(out);
        const std::string code = get_string(get_object(event, "error"), "code");
        fail(error_from_service(code, "oauth_failed"), RetryAction::restart_oauth, Screen::catalog, out);
    } else if (ctx_.flow.popup_closed && ctx_.screen == Screen::authorizing) {
        fail("popup_closed", RetryAction::restart_oauth, Screen::catalog, out);
    } else {
        out.ignored = "still pending";
    }
}

void Machine::on_retry(const json&, Output& out) {
    if (ctx_.screen != Screen::error || !ctx_.error.retryable) {
        out.ignored = "nothing to retry";
        return;
    }
    switch (ctx_.error.retry) {
        case RetryAction::reload: load(out); break;
        case RetryAction::restart_oauth: start_oauth(out); break;
        case RetryAction::resubmit: submit_credentials(out); break;
        case RetryAction::none: out.ignored = "nothing to retry"; break;
    }
}

void Machine::on_back(const json&, Output& out) {
    switch (ctx_.screen) {
        case Screen::error:
            if (ctx_.flow.watching) stop_flow(out);
            if (ctx_.error.back_to == Screen::form && selected_integration()) {
                show_form();
            } else if (!ctx_.selected_option.empty() && selected_integration()) {
                choose(ctx_.selected, /*user_gesture=*/false, out);
            } else if (ctx_.integrations.empty()) {
                out.ignored = "nothing to go back to";
            } else {
                show_catalog();
            }
            return;
        case Screen::form:
            if (!ctx_.selected_option.empty()) {
                out.ignored = "the host chose this integration";
                return;
            }
            show_catalog();
            return;
        case Screen::authorizing: {
            cancel_request();
            stop_flow(out);
            const Integration* integration = selected_integration();
            if (!integration->fields.empty() || !ctx_.selected_option.empty()) {
                show_form();
            } else {
                show_catalog();
            }
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
    show_catalog();
}

// ---- guards ---------------------------------------------------------------------------------

bool Machine::is_answer_to(Awaiting kind, const json& event) const {
    return ctx_.awaiting == kind && get_uint(event, "requestId") == ctx_.last_request;
}

const Integration* Machine::selected_integration() const {
    if (ctx_.selected < 0 || static_cast<std::size_t>(ctx_.selected) >= ctx_.integrations.size()) return nullptr;
    return &ctx_.integrations[static_cast<std::size_t>(ctx_.selected)];
}

// ---- actions --------------------------------------------------------------------------------

std::uint64_t Machine::start_request(Awaiting kind) {
    ctx_.awaiting = kind;
    return ++ctx_.last_request;
}

void Machine::cancel_request() { ctx_.awaiting = Awaiting::nothing; }

void Machine::load(Output& out) {
    ctx_.screen = Screen::loading;
    ctx_.token.clear();
    out.effects.push_back({{"type", "fetch_token"}, {"requestId", start_request(Awaiting::token)}});
}

void Machine::show_catalog() {
    ctx_.screen = Screen::catalog;
    ctx_.selected = -1;
    ctx_.values.clear();
    ctx_.field_errors.clear();
    ctx_.touched.clear();
    ctx_.focus = "search";
}

void Machine::choose(int index, bool user_gesture, Output& out) {
    ctx_.selected = index;
    ctx_.values.clear();
    ctx_.field_errors.clear();
    ctx_.touched.clear();
    ctx_.submitting = false;
    const Integration& integration = *selected_integration();
    for (const Field& field : integration.fields) ctx_.values[field.name] = "";
    // A popup may only open inside the user's click; without one, a button asks for it first.
    if (integration.auth_type == AuthType::oauth2 && integration.fields.empty() && user_gesture) {
        start_oauth(out);
        return;
    }
    show_form();
}

void Machine::show_form() {
    ctx_.screen = Screen::form;
    const Integration& integration = *selected_integration();
    // Focus goes where the user has work to do: the first field in error, else the first field.
    ctx_.focus = integration.fields.empty() ? "submit" : "field:" + integration.fields.front().name;
    for (const Field& field : integration.fields) {
        if (ctx_.field_errors.count(field.name)) {
            ctx_.focus = "field:" + field.name;
            break;
        }
    }
}

void Machine::start_oauth(Output& out) {
    const Integration& integration = *selected_integration();
    if (ctx_.flow.watching) stop_flow(out);
    ctx_.screen = Screen::authorizing;
    ctx_.flow = {};
    ctx_.focus = "heading";
    ctx_.announce = format_message("authorizing.title", {{"name", integration.name}});
    json fields = json::object();
    for (const auto& [name, value] : ctx_.values) fields[name] = value;
    // open_popup comes first: the shell runs it synchronously, still inside the click.
    out.effects.push_back({{"type", "open_popup"}, {"placeholder", message("popup.placeholder")}});
    json create = {{"type", "create_flow"},
                   {"requestId", start_request(Awaiting::flow)},
                   {"token", ctx_.token},
                   {"integration", integration.id}};
    if (!fields.empty()) create["fields"] = std::move(fields);
    out.effects.push_back(std::move(create));
}

void Machine::submit_credentials(Output& out) {
    const Integration& integration = *selected_integration();
    ctx_.screen = Screen::form;
    ctx_.submitting = true;
    ctx_.announce = format_message("form.submitting", {{"name", integration.name}});
    json fields = json::object();
    for (const auto& [name, value] : ctx_.values) fields[name] = value;
    out.effects.push_back({{"type", "create_connection"},
                           {"requestId", start_request(Awaiting::connection)},
                           {"token", ctx_.token},
                           {"integration", integration.id},
                           {"fields", std::move(fields)}});
}

void Machine::succeed(const json& connection, Output& out) {
    const Integration& integration = *selected_integration();
    ctx_.screen = Screen::success;
    ctx_.connection = connection;
    ctx_.connected.insert(integration.id);
    ctx_.focus = "primary";
    ctx_.announce = format_message("announce.connected", {{"name", integration.name}});
    emit("success", {{"integration", integration.id}, {"connectionKey", get_string(connection, "key")}}, out);
    out.effects.push_back({{"type", "callback"}, {"name", "success"}, {"payload", connection}});
}

void Machine::fail(std::string_view code, RetryAction retry, Screen back_to, Output& out) {
    const ErrorSpec& spec = error_spec(code);
    const Integration* integration = selected_integration();
    const std::string name = integration ? integration->name : std::string();
    ctx_.screen = Screen::error;
    ctx_.error.code = std::string(spec.code);
    ctx_.error.message = format_message("error." + std::string(spec.code), {{"name", name}});
    ctx_.error.retryable = spec.retryable && retry != RetryAction::none;
    ctx_.error.retry = retry;
    ctx_.error.back_to = back_to;
    ctx_.focus = "primary";
    ctx_.announce = ctx_.error.message;
    json payload = {{"code", ctx_.error.code}, {"message", ctx_.error.message}, {"retryable", ctx_.error.retryable}};
    if (integration) payload["integration"] = integration->id;
    emit("error", {{"code", ctx_.error.code}}, out);
    out.effects.push_back({{"type", "callback"}, {"name", "error"}, {"payload", std::move(payload)}});
}

void Machine::close(std::string reason, Output& out) {
    if (reason.empty())
        reason = ctx_.screen == Screen::success ? "success" : ctx_.screen == Screen::error ? "error" : "user";
    if (ctx_.screen == Screen::authorizing || ctx_.flow.watching) stop_flow(out);
    cancel_request();
    ctx_.screen = Screen::closed;
    ctx_.token.clear();
    emit("close", {{"reason", reason}}, out);
    out.effects.push_back({{"type", "callback"}, {"name", "close"}, {"payload", {{"reason", reason}}}});
}

void Machine::stop_flow(Output& out) {
    ctx_.flow.watching = false;
    out.effects.push_back(effect("stop_flow"));
}

void Machine::emit(const char* name, json data, Output& out) const {
    data["sessionId"] = get_string(ctx_.session, "sessionId");
    data["view"] = to_string(ctx_.screen);
    if (const Integration* integration = selected_integration(); integration && !data.contains("integration"))
        data["integration"] = integration->id;
    if (ctx_.now) data["timestamp"] = ctx_.now;
    out.effects.push_back({{"type", "event"}, {"name", name}, {"data", std::move(data)}});
}

void Machine::record(const json& event) {
    json entry = event;
    if (entry.contains("token")) entry["token"] = "[redacted]";
    if (get_string(event, "type") == "field_changed") {
        if (const Integration* integration = selected_integration()) {
            for (const Field& field : integration->fields)
                if (field.name == get_string(event, "name") && is_secret(field)) entry["value"] = "[redacted]";
        }
    }
    log_.push_back(std::move(entry));
}

}  // namespace authkit
