// Connect: turns the machine's context into the view model the shell renders as is.
#include "authkit/errors.hpp"
#include "authkit/machine.hpp"
#include "authkit/messages.hpp"

namespace authkit::detail {
namespace {

// JavaScript indexes strings in UTF-16 code units; the core works in UTF-8 bytes.
std::size_t utf16_offset(const std::string& text, std::size_t byte_offset) {
    std::size_t units = 0;
    for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) continue;
        units += (c >= 0xF0) ? 2 : 1;  // four-byte sequences become surrogate pairs
    }
    return units;
}

json action(const char* id, std::string_view label_id, bool primary) {
    return {{"id", id}, {"label", message(label_id)}, {"primary", primary}};
}

const Integration* selected(const Context& ctx) {
    if (ctx.selected < 0 || static_cast<std::size_t>(ctx.selected) >= ctx.integrations.size()) return nullptr;
    return &ctx.integrations[static_cast<std::size_t>(ctx.selected)];
}

json integration_summary(const Integration& integration) {
    return {{"id", integration.id}, {"name", integration.name}, {"logo", integration.logo}};
}

json catalog_view(const Context& ctx) {
    json items = json::array();
    for (const Match& match : search(ctx.integrations, ctx.query)) {
        const Integration& integration = ctx.integrations[match.index];
        json highlight = json::array();
        for (const auto& [begin, end] : match.highlight)
            highlight.push_back({utf16_offset(integration.name, begin), utf16_offset(integration.name, end)});
        items.push_back({{"id", integration.id},
                         {"name", integration.name},
                         {"category", integration.category},
                         {"logo", integration.logo},
                         {"authType", to_string(integration.auth_type)},
                         {"authLabel", message(std::string("type.") + to_string(integration.auth_type))},
                         {"connected", ctx.connected.count(integration.id) > 0},
                         {"highlight", std::move(highlight)}});
    }
    std::string empty_text;
    if (ctx.integrations.empty()) empty_text = message("catalog.empty");
    else if (items.empty()) empty_text = format_message("catalog.no_results", {{"query", ctx.query}});
    return {{"query", ctx.query},
            {"searchLabel", message("catalog.search_label")},
            {"searchPlaceholder", message("catalog.search_placeholder")},
            {"connectedLabel", message("catalog.connected")},
            {"items", std::move(items)},
            {"emptyText", empty_text}};
}

json form_view(const Context& ctx, const Integration& integration) {
    json fields = json::array();
    for (const Field& field : integration.fields) {
        const auto value = ctx.values.find(field.name);
        const auto error = ctx.field_errors.find(field.name);
        fields.push_back({{"name", field.name},
                          {"label", field.label},
                          {"type", to_string(field.type)},
                          {"value", value == ctx.values.end() ? std::string() : value->second},
                          {"required", field.required},
                          {"optionalLabel", field.required ? std::string_view() : message("field.optional")},
                          {"placeholder", field.placeholder},
                          {"help", field.help},
                          {"error", error == ctx.field_errors.end() ? std::string() : error->second}});
    }
    const bool oauth = integration.auth_type == AuthType::oauth2;
    return {{"integration", integration_summary(integration)},
            {"fields", std::move(fields)},
            {"submitLabel", oauth ? format_message("action.continue_with", {{"name", integration.name}})
                                  : std::string(message("action.connect"))},
            {"submitting", ctx.submitting},
            {"submittingText", ctx.submitting ? format_message("form.submitting", {{"name", integration.name}})
                                              : std::string()}};
}

json error_view(const Context& ctx) {
    const ErrorSpec& spec = error_spec(ctx.error.code);
    json actions = json::array();
    if (ctx.error.retryable) actions.push_back(action("retry", "action.retry", true));
    if (spec.recovery == Recovery::back || ctx.error.back_to == Screen::form || !ctx.integrations.empty())
        actions.push_back(action("back", "action.back", actions.empty()));
    actions.push_back(action("close", "action.close", actions.empty()));
    return {{"code", ctx.error.code},
            {"message", ctx.error.message},
            {"retryable", ctx.error.retryable},
            {"actions", std::move(actions)}};
}

std::string title_of(const Context& ctx, const Integration* integration) {
    const std::string name = integration ? integration->name : std::string();
    switch (ctx.screen) {
        case Screen::closed:
        case Screen::loading: return std::string(message("loading.title"));
        case Screen::catalog: {
            const std::string custom = get_string(ctx.branding, "title");
            return custom.empty() ? std::string(message("catalog.title")) : custom;
        }
        case Screen::form: return format_message("form.title", {{"name", name}});
        case Screen::authorizing: return format_message("authorizing.title", {{"name", name}});
        case Screen::success: return std::string(message("success.title"));
        case Screen::error: return std::string(message("error.title"));
    }
    return {};
}

}  // namespace

json build_view(const Context& ctx) {
    const Integration* integration = selected(ctx);
    json view = {{"screen", to_string(ctx.screen)},
                 {"open", ctx.screen != Screen::closed},
                 {"locale", "en"},
                 {"dir", "ltr"},
                 {"title", title_of(ctx, integration)},
                 {"labels", {{"modal", message("modal.label")}, {"close", message("modal.close")}, {"back", message("action.back")}}},
                 {"canGoBack", false},
                 {"busy", false},
                 {"focus", ctx.focus},
                 {"announce", ctx.announce},
                 {"branding", ctx.branding}};
    const bool host_chose = !ctx.selected_option.empty();
    switch (ctx.screen) {
        case Screen::closed: break;
        case Screen::loading:
            view["busy"] = true;
            view["loading"] = {{"text", message("loading.body")}};
            break;
        case Screen::catalog: view["catalog"] = catalog_view(ctx); break;
        case Screen::form:
            view["canGoBack"] = !host_chose && !ctx.submitting;
            view["busy"] = ctx.submitting;
            view["form"] = form_view(ctx, *integration);
            break;
        case Screen::authorizing:
            view["canGoBack"] = true;
            view["busy"] = true;
            view["authorizing"] = {{"integration", integration_summary(*integration)},
                                   {"body", format_message("authorizing.body", {{"name", integration->name}})},
                                   {"busyText", message("authorizing.busy")}};
            break;
        case Screen::success: {
            json actions = json::array({action("done", "action.done", true)});
            if (!ctx.integrations.empty()) actions.push_back(action("connect_another", "action.connect_another", false));
            view["success"] = {{"integration", integration_summary(*integration)},
                               {"body", format_message("success.body", {{"name", integration->name}})},
                               {"connection", ctx.connection},
                               {"actions", std::move(actions)}};
            break;
        }
        case Screen::error: view["error"] = error_view(ctx); break;
    }
    return view;
}

}  // namespace authkit::detail
