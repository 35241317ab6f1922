// The stable names of the events a host receives through onEvent (docs/events.md).
#pragma once

#include <string_view>
#include <vector>

namespace authkit {

enum class EventName {
    open,
    close,
    view,
    search,
    filter,
    select,
    submit,
    popup_opened,
    popup_blocked,
    popup_closed,
    retry,
    success,
    error,
    config_error,
    theme_adjusted,
};

std::string_view to_string(EventName name);
const std::vector<EventName>& all_event_names();

}  // namespace authkit
