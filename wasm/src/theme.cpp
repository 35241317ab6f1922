#include "authkit/theme.hpp"

#include "authkit/text.hpp"

#include <cmath>

namespace authkit {
namespace {

using detail::get_string;
using detail::member;

constexpr double kTextContrast = 4.5;
constexpr double kControlContrast = 3.0;
constexpr const char* kDefaultPrimary = "#1d4ed8";
constexpr double kDefaultRadius = 12;

struct Palette {
    const char* surface;
    const char* text;
    const char* muted;
    const char* border;
    const char* border_strong;
    const char* hover;
    const char* danger;
    const char* danger_surface;
    const char* success;
    const char* success_surface;
    const char* highlight;
    const char* backdrop;
};

// Fixed neutrals, each checked against its surface by the tests.
constexpr Palette kLight = {"#ffffff", "#111827", "#4b5563", "#e5e7eb", "#6b7280", "#f3f4f6",
                            "#b91c1c", "#fee2e2", "#15803d", "#dcfce7", "#fde68a", "rgb(15 23 42 / 0.55)"};
constexpr Palette kDark = {"#111827", "#f9fafb", "#9ca3af", "#374151", "#9ca3af", "#1f2937",
                           "#fca5a5", "#450a0a", "#86efac", "#052e16", "#854d0e", "rgb(0 0 0 / 0.7)"};

const Rgb kWhite{1, 1, 1};
const Rgb kNearBlack{17 / 255.0, 24 / 255.0, 39 / 255.0};

double channel(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

Rgb mix(Rgb a, Rgb b, double amount) {
    return {a.r + (b.r - a.r) * amount, a.g + (b.g - a.g) * amount, a.b + (b.b - a.b) * amount};
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Text on the primary colour: white or near-black, whichever reads better.
Rgb on_color(Rgb background) {
    return contrast_ratio(kWhite, background) >= contrast_ratio(kNearBlack, background) ? kWhite : kNearBlack;
}

bool primary_passes(Rgb primary, Rgb surface) {
    return contrast_ratio(primary, surface) >= kControlContrast &&
           contrast_ratio(on_color(primary), primary) >= kTextContrast;
}

// Moves the brand colour toward black (light mode) or white (dark mode) in small steps until it
// passes: the smallest change that keeps the hue recognisable.
Rgb accessible_primary(Rgb brand, Rgb surface, bool dark) {
    const Rgb target = dark ? kWhite : Rgb{0, 0, 0};
    for (int step = 0; step <= 100; ++step) {
        // Judged as it will be written (#rrggbb), so rounding cannot push it back under the line.
        const Rgb candidate = *parse_hex_color(to_hex(mix(brand, target, step / 100.0)));
        if (primary_passes(candidate, surface)) return candidate;
    }
    return target;
}

bool is_safe_font(const std::string& font) {
    if (font.empty() || font.size() > 200) return false;
    for (char c : font) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
                        c == ',' || c == '-' || c == '\'' || c == '"' || c == '_';
        if (!ok) return false;
    }
    return true;
}

// A string option: absent or a string of at most `limit` bytes.
std::string text_option(const json& input, const char* key, std::size_t limit, std::vector<ThemeProblem>* problems) {
    const json* value = member(input, key);
    if (!value || value->is_null()) return {};
    if (!value->is_string() || value->get<std::string>().size() > limit) {
        problems->push_back({std::string("theme.") + key, "must be text of at most " + std::to_string(limit) + " characters"});
        return {};
    }
    return value->get<std::string>();
}

}  // namespace

std::optional<Rgb> parse_hex_color(std::string_view text) {
    if (text.size() != 4 && text.size() != 7) return std::nullopt;
    if (text[0] != '#') return std::nullopt;
    int digits[6];
    const bool short_form = text.size() == 4;
    for (std::size_t i = 1; i < text.size(); ++i)
        if ((digits[i - 1] = hex_digit(text[i])) < 0) return std::nullopt;
    auto value = [&](int index) {
        return short_form ? digits[index] * 17 / 255.0 : (digits[index * 2] * 16 + digits[index * 2 + 1]) / 255.0;
    };
    return Rgb{value(0), value(1), value(2)};
}

std::string to_hex(Rgb color) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex = "#";
    for (double channel : {color.r, color.g, color.b}) {
        const auto byte = static_cast<int>(std::lround(std::fmin(1.0, std::fmax(0.0, channel)) * 255));
        hex += kDigits[byte >> 4];
        hex += kDigits[byte & 15];
    }
    return hex;
}

double relative_luminance(Rgb color) {
    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b);
}

double contrast_ratio(Rgb a, Rgb b) {
    const double la = relative_luminance(a), lb = relative_luminance(b);
    return (std::fmax(la, lb) + 0.05) / (std::fmin(la, lb) + 0.05);
}

Theme build_theme(const json& input, bool prefers_dark, std::vector<ThemeProblem>* problems) {
    Theme theme;
    const std::string mode = get_string(input, "mode", "light");
    if (mode == "light" || mode == "dark" || mode == "system") theme.mode = mode;
    else problems->push_back({"theme.mode", "must be \"light\", \"dark\" or \"system\""});
    theme.dark = theme.mode == "dark" || (theme.mode == "system" && prefers_dark);
    const Palette& palette = theme.dark ? kDark : kLight;
    const Rgb surface = *parse_hex_color(palette.surface);

    Rgb brand = *parse_hex_color(kDefaultPrimary);
    const std::string requested = get_string(input, "primaryColor");
    if (member(input, "primaryColor") && !member(input, "primaryColor")->is_null()) {
        if (auto parsed = parse_hex_color(requested)) brand = *parsed;
        else problems->push_back({"theme.primaryColor", "must be a hex colour like #1d4ed8"});
    }
    const Rgb primary = accessible_primary(brand, surface, theme.dark);
    if (to_hex(primary) != to_hex(brand)) {
        theme.adjustments.push_back("primaryColor " + to_hex(brand) + (theme.dark ? " was lightened to " : " was darkened to ") +
                                    to_hex(primary) + " so that text and controls on it meet WCAG 2.2 AA contrast in " +
                                    (theme.dark ? "dark" : "light") + " mode");
    }

    double radius = kDefaultRadius;
    if (const json* value = member(input, "radius"); value && !value->is_null()) {
        if (value->is_number() && value->get<double>() >= 0 && value->get<double>() <= 32) radius = value->get<double>();
        else problems->push_back({"theme.radius", "must be a number of pixels from 0 to 32"});
    }
    std::string font = text_option(input, "font", 200, problems);
    if (!font.empty() && !is_safe_font(font)) {
        problems->push_back({"theme.font", "must be a CSS font-family list (letters, digits, spaces, commas, quotes, hyphens)"});
        font.clear();
    }
    theme.logo_url = text_option(input, "logoUrl", 2048, problems);
    if (!theme.logo_url.empty() && !is_safe_image_url(theme.logo_url)) {
        problems->push_back({"theme.logoUrl", "must be an https: URL or a path on this site"});
        theme.logo_url.clear();
    }
    theme.company_name = text_option(input, "companyName", 100, problems);
    theme.title = text_option(input, "title", 100, problems);

    const Rgb focus = primary;  // already ≥ 3:1 against the surface
    const std::string radius_text =
        (std::floor(radius) == radius ? std::to_string(static_cast<int>(radius)) : json(radius).dump()) + "px";
    theme.tokens = {{"primary", to_hex(primary)},
                    {"onPrimary", to_hex(on_color(primary))},
                    {"focus", to_hex(focus)},
                    {"surface", palette.surface},
                    {"text", palette.text},
                    {"muted", palette.muted},
                    {"border", palette.border},
                    {"borderStrong", palette.border_strong},
                    {"hover", palette.hover},
                    {"danger", palette.danger},
                    {"dangerSurface", palette.danger_surface},
                    {"success", palette.success},
                    {"successSurface", palette.success_surface},
                    {"highlight", palette.highlight},
                    {"backdrop", palette.backdrop},
                    {"radius", radius_text},
                    {"font", font.empty() ? "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif" : font}};
    return theme;
}

}  // namespace authkit
