// The closed list of error codes the modal can show, with what each one lets the user do.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace authkit {

// What the primary button of an error screen does.
enum class Recovery { retry, back, close };

struct ErrorSpec {
    std::string_view code;
    bool retryable;
    Recovery recovery;
};

// Every code the machine can emit; docs/errors.md lists the same codes.
const std::vector<ErrorSpec>& error_catalog();

// The spec for a code; an unknown code is treated as "service_error".
const ErrorSpec& error_spec(std::string_view code);

// Maps an error code reported by the service to one of ours (a view of static storage, or `fallback`).
std::string_view error_from_service(std::string_view service_code, std::string_view fallback);

std::string_view to_string(Recovery recovery);

}  // namespace authkit
