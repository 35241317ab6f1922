#define BOOST_TEST_MODULE theme
#include "authkit/theme.hpp"

#include <boost/test/unit_test.hpp>

using namespace authkit;

namespace {
Rgb color(const json& tokens, const char* name) {
    const auto parsed = parse_hex_color(tokens[name].get<std::string>());
    BOOST_TEST_REQUIRE(parsed.has_value(), name);
    return *parsed;
}

// The guarantees, checked on whatever tokens come out.
void check_contrast(const json& tokens, const std::string& label) {
    const Rgb surface = color(tokens, "surface");
    BOOST_TEST(contrast_ratio(color(tokens, "text"), surface) >= 4.5, label);
    BOOST_TEST(contrast_ratio(color(tokens, "muted"), surface) >= 4.5, label);
    BOOST_TEST(contrast_ratio(color(tokens, "danger"), surface) >= 4.5, label);
    BOOST_TEST(contrast_ratio(color(tokens, "success"), color(tokens, "successSurface")) >= 4.5, label);
    BOOST_TEST(contrast_ratio(color(tokens, "danger"), color(tokens, "dangerSurface")) >= 4.5, label);
    BOOST_TEST(contrast_ratio(color(tokens, "text"), color(tokens, "highlight")) >= 4.5, label);
    BOOST_TEST(contrast_ratio(color(tokens, "onPrimary"), color(tokens, "primary")) >= 4.5, label);
    BOOST_TEST(contrast_ratio(color(tokens, "primary"), surface) >= 3.0, label);
    BOOST_TEST(contrast_ratio(color(tokens, "focus"), surface) >= 3.0, label);
    BOOST_TEST(contrast_ratio(color(tokens, "borderStrong"), surface) >= 3.0, label);
}
}  // namespace

BOOST_AUTO_TEST_CASE(contrast_math_matches_wcag) {
    BOOST_TEST(contrast_ratio(Rgb{0, 0, 0}, Rgb{1, 1, 1}) == 21.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(contrast_ratio(*parse_hex_color("#777"), Rgb{1, 1, 1}) == 4.48, boost::test_tools::tolerance(0.01));
    BOOST_TEST(to_hex(*parse_hex_color("#1D4ED8")) == "#1d4ed8");
    BOOST_TEST(to_hex(*parse_hex_color("#abc")) == "#aabbcc");
    for (const char* bad : {"", "1d4ed8", "#12", "#12345g", "#1234567", "red"}) BOOST_TEST(!parse_hex_color(bad), bad);
}

BOOST_AUTO_TEST_CASE(every_brand_colour_yields_accessible_tokens_in_both_modes) {
    int adjusted = 0;
    for (int r = 0; r < 256; r += 51)
        for (int g = 0; g < 256; g += 51)
            for (int b = 0; b < 256; b += 51) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "#%02x%02x%02x", r, g, b);
                for (const char* mode : {"light", "dark"}) {
                    std::vector<ThemeProblem> problems;
                    const Theme theme = build_theme({{"primaryColor", hex}, {"mode", mode}}, false, &problems);
                    BOOST_TEST(problems.empty());
                    check_contrast(theme.tokens, std::string(hex) + " " + mode);
                    adjusted += theme.adjustments.empty() ? 0 : 1;
                }
            }
    BOOST_TEST(adjusted > 0);  // the sweep does reach colours that need adjusting
}

BOOST_AUTO_TEST_CASE(a_failing_brand_colour_is_adjusted_and_reported) {
    std::vector<ThemeProblem> problems;
    const Theme light = build_theme({{"primaryColor", "#ffd700"}}, false, &problems);
    BOOST_TEST(light.tokens["primary"] != "#ffd700");
    BOOST_TEST_REQUIRE(light.adjustments.size() == 1u);
    BOOST_TEST(light.adjustments[0].find("#ffd700 was darkened") != std::string::npos);
    const Theme dark = build_theme({{"primaryColor", "#1e1b4b"}, {"mode", "dark"}}, false, &problems);
    BOOST_TEST(dark.adjustments.at(0).find("was lightened") != std::string::npos);
    const Theme fine = build_theme({{"primaryColor", "#1d4ed8"}}, false, &problems);
    BOOST_TEST(fine.tokens["primary"] == "#1d4ed8");
    BOOST_TEST(fine.adjustments.empty());
    BOOST_TEST(problems.empty());
}

BOOST_AUTO_TEST_CASE(system_mode_follows_the_browser) {
    std::vector<ThemeProblem> problems;
    BOOST_TEST(build_theme({{"mode", "system"}}, true, &problems).dark);
    BOOST_TEST(!build_theme({{"mode", "system"}}, false, &problems).dark);
    BOOST_TEST(!build_theme({{"mode", "light"}}, true, &problems).dark);
    BOOST_TEST(build_theme({{"mode", "dark"}}, false, &problems).tokens["surface"] == "#111827");
}

BOOST_AUTO_TEST_CASE(invalid_inputs_are_named_and_replaced_by_defaults) {
    std::vector<ThemeProblem> problems;
    const Theme theme = build_theme({{"primaryColor", "banana"},
                                     {"mode", "neon"},
                                     {"radius", 99},
                                     {"font", "x; } body { display: none"},
                                     {"logoUrl", "javascript:alert(1)"},
                                     {"companyName", 42},
                                     {"title", std::string(300, 'x')}},
                                    false, &problems);
    std::vector<std::string> options;
    for (const auto& problem : problems) options.push_back(problem.option);
    const std::vector<std::string> expected = {"theme.mode",    "theme.primaryColor", "theme.radius", "theme.font",
                                               "theme.logoUrl", "theme.companyName",  "theme.title"};
    BOOST_TEST(options == expected, boost::test_tools::per_element());
    BOOST_TEST(theme.tokens["primary"] == "#1d4ed8");
    BOOST_TEST(theme.tokens["radius"] == "12px");
    BOOST_TEST(theme.logo_url.empty());
    check_contrast(theme.tokens, "defaults");
}

BOOST_AUTO_TEST_CASE(valid_inputs_pass_through) {
    std::vector<ThemeProblem> problems;
    const Theme theme = build_theme({{"radius", 4},
                                     {"font", "\"Inter\", sans-serif"},
                                     {"logoUrl", "https://cdn.example.com/logo.svg"},
                                     {"companyName", "Acme"},
                                     {"title", "Connect your tools"}},
                                    false, &problems);
    BOOST_TEST(problems.empty());
    BOOST_TEST(theme.tokens["radius"] == "4px");
    BOOST_TEST(theme.tokens["font"] == "\"Inter\", sans-serif");
    BOOST_TEST(theme.logo_url == "https://cdn.example.com/logo.svg");
    BOOST_TEST(theme.company_name == "Acme");
    BOOST_TEST(theme.title == "Connect your tools");
}
