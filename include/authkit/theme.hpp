// Brand inputs → the design tokens the shell turns into CSS custom properties, with WCAG 2.2 AA
// contrast guaranteed: text ≥ 4.5:1, controls and focus rings ≥ 3:1. A brand colour that would fail
// is darkened (light mode) or lightened (dark mode) until it passes, and the view says so.
#pragma once

#include "authkit/json.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit {

struct Rgb {
    double r, g, b;  // 0..1, sRGB
};

std::optional<Rgb> parse_hex_color(std::string_view text);
std::string to_hex(Rgb color);
double relative_luminance(Rgb color);
double contrast_ratio(Rgb a, Rgb b);

struct ThemeProblem {
    std::string option;   // e.g. "theme.primaryColor"
    std::string message;  // for the developer, in English
};

struct Theme {
    std::string mode = "light";  // the mode the host asked for: light, dark or system
    bool dark = false;           // what is shown now
    json tokens = json::object();
    std::string logo_url;
    std::string company_name;
    std::string title;
    std::vector<std::string> adjustments;  // what was changed for contrast, for the developer
};

// `input` is the host's theme option merged over the service's branding. Invalid values are
// reported in `problems` and replaced by defaults, so the modal still opens.
Theme build_theme(const json& input, bool prefers_dark, std::vector<ThemeProblem>* problems);

}  // namespace authkit
