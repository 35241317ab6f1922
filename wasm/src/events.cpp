#include "authkit/events.hpp"

namespace authkit {

std::string_view to_string(EventName name) {
    switch (name) {
        case EventName::open: return "open";
        case EventName::close: return "close";
        case EventName::view: return "view";
        case EventName::search: return "search";
        case EventName::filter: return "filter";
        case EventName::select: return "select";
        case EventName::submit: return "submit";
        case EventName::popup_opened: return "popup_opened";
        case EventName::popup_blocked: return "popup_blocked";
        case EventName::popup_closed: return "popup_closed";
        case EventName::retry: return "retry";
        case EventName::success: return "success";
        case EventName::error: return "error";
        case EventName::config_error: return "config_error";
        case EventName::theme_adjusted: return "theme_adjusted";
    }
    return "error";
}

const std::vector<EventName>& all_event_names() {
    static const std::vector<EventName> names = {
        EventName::open,         EventName::close,         EventName::view,         EventName::search,
        EventName::filter,       EventName::select,        EventName::submit,       EventName::popup_opened,
        EventName::popup_blocked, EventName::popup_closed, EventName::retry,        EventName::success,
        EventName::error,        EventName::config_error,  EventName::theme_adjusted};
    return names;
}

}  // namespace authkit
