// Connect: turns the machine's context into the view model the shell renders as is.
#include "authkit/errors.hpp"
#include "authkit/machine.hpp"

#include <algorithm>

namespace authkit::detail {
namespace {

std::string t(const Context& ctx, std::string_view id, MessageArgs args = {}) { return translate(*ctx.locale, id, args); }

json action(const Context& ctx, const char* id, std::string_view label_id, bool primary, bool enabled = true) {
    return {{"id", id}, {"label", t(ctx, label_id)}, {"primary", primary}, {"enabled", enabled}};
}

const Integration* selected(const Context& ctx) {
    if (ctx.selected < 0 || static_cast<std::size_t>(ctx.selected) >= ctx.integrations.size()) return nullptr;
    return &ctx.integrations[static_cast<std::size_t>(ctx.selected)];
}

json integration_summary(const Integration& integration) {
    return {{"id", integration.id}, {"name", integration.name}, {"logo", integration.logo}};
}

json catalog_view(const Context& ctx) {
    const auto& state = ctx.catalog;
    const auto& results = state.results;
    json items = json::array();
    for (std::size_t i = 0; i < results.matches.size(); ++i) {
        const Match& match = results.matches[i];
        const Integration& integration = ctx.integrations[match.index];
        json highlight = json::array();
        for (const auto& [begin, end] : match.highlight) highlight.push_back({begin, end});
        // Kept lean: this list is rebuilt on every keystroke. Labels shared by items live once, below.
        items.push_back({{"id", integration.id},
                         {"name", integration.name},
                         {"category", integration.category},
                         {"logo", integration.logo},
                         {"authType", to_string(integration.auth_type)},
                         {"connected", ctx.connected.count(integration.id) > 0},
                         {"active", static_cast<int>(i) == state.active},
                         {"highlight", std::move(highlight)}});
    }
    // Filters only when there is something to choose between: two named categories or more.
    json categories = json::array();
    std::size_t all = 0, named = 0;
    for (const CategoryCount& entry : results.categories) {
        all += entry.count;
        named += entry.name.empty() ? 0 : 1;
    }
    if (named >= 2 || !state.category.empty()) {
        categories.push_back(
            {{"id", ""}, {"label", t(ctx, "catalog.all")}, {"count", all}, {"selected", state.category.empty()}});
        for (const CategoryCount& entry : results.categories) {
            if (entry.name.empty()) continue;
            categories.push_back({{"id", entry.name},
                                  {"label", entry.name},
                                  {"count", entry.count},
                                  {"selected", entry.name == state.category}});
        }
    }
    std::string empty_text;
    if (ctx.integrations.empty()) empty_text = t(ctx, "catalog.empty");
    else if (items.empty()) empty_text = t(ctx, "catalog.no_results", {{"query", state.query}});
    const std::size_t hidden = results.total - results.matches.size();
    const std::string active_id = state.active >= 0 && static_cast<std::size_t>(state.active) < results.matches.size()
                                      ? ctx.integrations[results.matches[static_cast<std::size_t>(state.active)].index].id
                                      : std::string();
    return {{"query", state.query},
            {"searchLabel", t(ctx, "catalog.search_label")},
            {"searchPlaceholder", t(ctx, "catalog.search_placeholder")},
            {"listLabel", t(ctx, "catalog.list_label")},
            {"categoriesLabel", t(ctx, "catalog.categories_label")},
            {"connectedLabel", t(ctx, "catalog.connected")},
            {"metaSeparator", t(ctx, "catalog.meta_separator")},
            {"authLabels", {{"oauth2", t(ctx, "type.oauth2")}, {"api_key", t(ctx, "type.api_key")}}},
            {"categories", std::move(categories)},
            {"category", state.category},
            {"items", std::move(items)},
            {"activeId", active_id},
            {"total", results.total},
            {"moreText", hidden ? translate_plural(*ctx.locale, "catalog.more", hidden) : std::string()},
            {"showMoreLabel", t(ctx, "action.show_more")},
            {"emptyText", empty_text}};
}

json field_view(const Context& ctx, const Field& field) {
    const auto value = ctx.form.values.find(field.name);
    const std::string current = value == ctx.form.values.end() ? std::string() : value->second;
    const auto error = ctx.form.errors.find(field.name);
    json view = {{"name", field.name},
                 {"label", field.label},
                 {"type", to_string(field.type)},
                 {"required", field.required},
                 // A checkbox is a choice, not an input one may leave out: no "optional" beside it.
                 {"optionalLabel", field.required || field.type == FieldType::checkbox ? std::string()
                                                                                      : t(ctx, "field.optional")},
                 {"placeholder", field.placeholder},
                 {"help", field.help},
                 {"prefix", field.prefix},
                 {"suffix", field.suffix},
                 {"error", error == ctx.form.errors.end() ? std::string() : error->second}};
    // A secret never travels in the view (nor in the event log): the shell keeps what was typed.
    if (is_secret(field)) view["filled"] = !current.empty();
    else if (field.type == FieldType::checkbox) view["checked"] = current == "true";
    else view["value"] = current;
    if (field.max_length) view["maxLength"] = *field.max_length;
    if (field.type == FieldType::select) {
        json options = json::array();
        for (const FieldOption& option : field.options) options.push_back({{"value", option.value}, {"label", option.label}});
        view["options"] = std::move(options);
        view["selectPlaceholder"] = t(ctx, "form.select_placeholder");
    }
    return view;
}

json form_view(const Context& ctx, const Integration& integration) {
    json fields = json::array();
    for (const Field& field : integration.fields)
        if (!field.hidden) fields.push_back(field_view(ctx, field));
    const bool oauth = integration.auth_type == AuthType::oauth2;
    return {{"formId", ctx.form.form_id},
            {"integration", integration_summary(integration)},
            {"reconnect", !ctx.connection_key.empty()},
            {"fields", std::move(fields)},
            {"submitLabel", oauth ? t(ctx, "action.continue_with", {{"name", integration.name}}) : t(ctx, "action.connect")}};
}

json error_view(const Context& ctx) {
    const ErrorSpec& spec = error_spec(ctx.error.code);
    const bool back_possible = ctx.error.back_to == Screen::form ? selected(ctx) != nullptr : !ctx.integrations.empty();
    json actions = json::array();
    // The spec's recovery comes first when it is possible here; close always remains. The primary
    // action (the one focused) is the first that can be pressed: a retry waiting out a rate limit is not.
    if (spec.recovery == Recovery::back && back_possible) actions.push_back(action(ctx, "back", "action.back", false));
    if (ctx.error.retryable) actions.push_back(action(ctx, "retry", "action.retry", false, !ctx.error.retry_blocked));
    if (spec.recovery != Recovery::back && back_possible) actions.push_back(action(ctx, "back", "action.back", false));
    actions.push_back(action(ctx, "close", "action.close", false));
    for (json& candidate : actions) {
        if (candidate["enabled"] == true) {
            candidate["primary"] = true;
            break;
        }
    }
    const Integration* integration = selected(ctx);
    const std::string name = integration ? integration->name : std::string();
    json view = {{"code", ctx.error.code},
                 {"message", t(ctx, "error." + ctx.error.code, {{"name", name}})},
                 {"retryable", ctx.error.retryable},
                 {"actions", std::move(actions)}};
    if (ctx.error.retry_after_s) {
        view["retryAfter"] = ctx.error.retry_after_s;
        view["hint"] = ctx.error.retry_blocked ? translate_plural(*ctx.locale, "error.retry_after", ctx.error.retry_after_s)
                                               : t(ctx, "error.retry_ready");
    }
    return view;
}

std::string title_of(const Context& ctx, const Integration* integration) {
    const std::string integration_name = integration ? integration->name : std::string();
    const MessageArgs name = {{"name", integration_name}};
    switch (ctx.screen) {
        case Screen::closed:
        case Screen::loading: return t(ctx, "loading.title");
        case Screen::catalog: return ctx.theme.title.empty() ? t(ctx, "catalog.title") : ctx.theme.title;
        case Screen::form: return t(ctx, ctx.connection_key.empty() ? "form.title" : "form.reconnect_title", name);
        case Screen::authorizing: return t(ctx, "authorizing.title", name);
        case Screen::verifying: return t(ctx, "verifying.title", name);
        case Screen::success: return t(ctx, "success.title");
        case Screen::error: return t(ctx, "error.title");
    }
    return {};
}

json theme_view(const Theme& theme) {
    return {{"mode", theme.mode},
            {"dark", theme.dark},
            {"tokens", theme.tokens},
            {"logoUrl", theme.logo_url},
            {"companyName", theme.company_name},
            {"adjustments", theme.adjustments}};
}

}  // namespace

json build_view(const Context& c) {
    const Integration* integration = selected(c);
    const bool host_chose = !c.selected_option.empty() || !c.connection_key.empty();
    json view = {{"screen", to_string(c.screen)},
                 {"open", c.screen != Screen::closed},
                 {"locale", c.locale->tag},
                 {"dir", c.locale->rtl ? "rtl" : "ltr"},
                 {"title", title_of(c, integration)},
                 {"labels", {{"close", t(c, "modal.close")}, {"back", t(c, "action.back")}}},
                 {"canGoBack", false},
                 {"busy", false},
                 {"focus", c.focus},
                 {"announce", c.announce},
                 {"theme", theme_view(c.theme)}};
    switch (c.screen) {
        case Screen::closed: break;
        case Screen::loading:
            view["busy"] = true;
            view["loading"] = {{"text", t(c, "loading.body")}};
            break;
        case Screen::catalog: view["catalog"] = catalog_view(c); break;
        case Screen::form:
            view["canGoBack"] = !host_chose;
            view["form"] = form_view(c, *integration);
            break;
        case Screen::verifying:
            view["busy"] = true;
            view["verifying"] = {{"integration", integration_summary(*integration)},
                                 {"text", t(c, "verifying.body", {{"name", integration->name}})}};
            break;
        case Screen::authorizing:
            view["canGoBack"] = true;
            view["busy"] = true;
            view["authorizing"] = {{"integration", integration_summary(*integration)},
                                   {"body", t(c, "authorizing.body", {{"name", integration->name}})},
                                   {"busyText", t(c, c.flow.detached ? "authorizing.detached" : "authorizing.busy")},
                                   {"actions", c.flow.detached ? json::array({action(c, "retry", "action.retry", false)})
                                                               : json::array()}};
            break;
        case Screen::success: {
            json actions = json::array({action(c, "done", "action.done", true)});
            if (!c.integrations.empty()) actions.push_back(action(c, "connect_another", "action.connect_another", false));
            view["success"] = {{"integration", integration_summary(*integration)},
                               {"body", t(c, "success.body", {{"name", integration->name}})},
                               {"connection", c.connection},
                               {"actions", std::move(actions)}};
            break;
        }
        case Screen::error: view["error"] = error_view(c); break;
    }
    return view;
}

}  // namespace authkit::detail
