#define BOOST_TEST_MODULE pattern
#include "authkit/pattern.hpp"
#include "authkit/text.hpp"

#include <boost/test/unit_test.hpp>

using namespace authkit;

namespace {
bool matches(const char* pattern, const char* value) {
    std::string error;
    const auto compiled = Pattern::compile(pattern, &error);
    BOOST_TEST_REQUIRE(compiled.has_value(), pattern << ": " << error);
    return compiled->matches(decode_utf8(value));
}
}  // namespace

BOOST_AUTO_TEST_CASE(whole_value_must_match) {
    BOOST_TEST(matches("abc", "abc"));
    BOOST_TEST(!matches("abc", "abcd"));
    BOOST_TEST(!matches("abc", "xabc"));
    BOOST_TEST(matches("^abc$", "abc"));
    BOOST_TEST(matches("a\\$", "a$"));  // an escaped dollar is a character, not an anchor
}

BOOST_AUTO_TEST_CASE(classes_quantifiers_groups_and_alternation) {
    BOOST_TEST(matches("sk-[A-Za-z0-9]{8,}", "sk-abcdEFGH1234"));
    BOOST_TEST(!matches("sk-[A-Za-z0-9]{8,}", "sk-short"));
    BOOST_TEST(matches("(?:us|eu)-\\d{2,3}", "eu-123"));
    BOOST_TEST(!matches("(?:us|eu)-\\d{2,3}", "eu-1234"));
    BOOST_TEST(matches("[^@\\s]+", "plain"));
    BOOST_TEST(!matches("[^@\\s]+", "has space"));
    BOOST_TEST(matches("(ab)+c?", "ababab"));
    BOOST_TEST(matches("x{0}y", "y"));
    BOOST_TEST(matches("a?b*c+", "c"));
    BOOST_TEST(matches("[a-c\\-]+", "a-b-c"));
    BOOST_TEST(matches("[-a]+", "-a-"));
    BOOST_TEST(matches("\\w+\\.\\w+", "file.txt"));
    BOOST_TEST(matches("\\D\\W\\S", "a-b"));
    BOOST_TEST(matches("(a|ab)(c|bcd)(d*)", "abcd"));
}

BOOST_AUTO_TEST_CASE(dot_skips_line_breaks_and_counts_code_points) {
    BOOST_TEST(!matches("a.c", "a\nc"));
    BOOST_TEST(matches("a.c", "a😀c"));
    BOOST_TEST(matches(".{3}", "日本語"));
    BOOST_TEST(matches("[a-c]+é", "abcé"));
    BOOST_TEST(matches("\\s", "\xe3\x80\x80"));  // U+3000 is a space, as in JavaScript
}

BOOST_AUTO_TEST_CASE(catastrophic_patterns_stay_linear) {
    std::string value(5000, 'a');
    value += 'c';
    BOOST_TEST(!matches("(a*)*b", value.c_str()));
    BOOST_TEST(!matches("(a|aa)+b", value.c_str()));
}

BOOST_AUTO_TEST_CASE(patterns_outside_the_subset_are_refused_with_a_reason) {
    for (const char* bad : {"(?=a)", "(?!a)", "(?<x>a)", "(?<=a)b", "a*?", "a+?", "\\1", "\\b", "\\p{L}", "\\u0041",
                            "\\n", "[", "(", "a)", "*a", "a{", "a{2,1}", "a{1001}", "[]", "[z-a]", "[\\d-z]", "a^",
                            "$a", "a**", "}", "]", "\\"}) {
        std::string error;
        BOOST_TEST(!Pattern::compile(bad, &error).has_value(), bad);
        BOOST_TEST(!error.empty(), bad);
    }
}

BOOST_AUTO_TEST_CASE(oversized_programs_are_refused) {
    std::string error;
    BOOST_TEST(!Pattern::compile("((a{1000}){1000}){1000}", &error).has_value());
    BOOST_TEST(error == "pattern is too large");
}
