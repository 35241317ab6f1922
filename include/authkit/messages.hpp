// User-visible strings. Every word the modal shows comes from here, by id.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace authkit {

// The text for a message id; an unknown id returns the id itself so a gap is visible, not blank.
std::string_view message(std::string_view id);

// message(id) with "{name}" placeholders replaced.
std::string format_message(std::string_view id,
                           std::initializer_list<std::pair<std::string_view, std::string_view>> args);

}  // namespace authkit
