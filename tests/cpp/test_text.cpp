#define BOOST_TEST_MODULE text
#include "authkit/text.hpp"

#include <boost/test/unit_test.hpp>

using namespace authkit;

BOOST_AUTO_TEST_CASE(utf8_round_trips) {
    const std::string text = "aé日😀";
    const std::u32string decoded = decode_utf8(text);
    BOOST_TEST(decoded.size() == 4u);
    BOOST_TEST(static_cast<unsigned>(decoded[3]) == 0x1F600u);
    BOOST_TEST(encode_utf8(decoded) == text);
}

BOOST_AUTO_TEST_CASE(invalid_bytes_become_replacement_characters) {
    for (const std::string& bad : {std::string("\xff"), std::string("\xc3"), std::string("\xc0\xaf"),
                                  std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80")}) {
        const std::u32string decoded = decode_utf8(bad);
        BOOST_TEST_REQUIRE(!decoded.empty());
        for (char32_t c : decoded) BOOST_TEST(static_cast<unsigned>(c) == 0xFFFDu);
    }
    BOOST_TEST(decode_utf8("a\xff" "b").size() == 3u);
}

BOOST_AUTO_TEST_CASE(folding_removes_case_and_accents) {
    BOOST_TEST(encode_utf8(fold(decode_utf8("ÉCOLE Zürich ÅSA Łódź"))) == "ecole zurich asa lodz");
    BOOST_TEST(encode_utf8(fold(decode_utf8("ΑΘΉΝΑ"))) == "αθηνα");
    BOOST_TEST(encode_utf8(fold(decode_utf8("МОСКВА Ёлка"))) == "москва елка");
    BOOST_TEST(encode_utf8(fold(decode_utf8("Æther ß 日本"))) == "æther ß 日本");  // no plain base: lower case only
}

BOOST_AUTO_TEST_CASE(utf16_offsets_count_surrogate_pairs) {
    const auto offsets = utf16_offsets(decode_utf8("a😀b"));
    BOOST_TEST_REQUIRE(offsets.size() == 4u);
    BOOST_TEST(offsets[1] == 1u);
    BOOST_TEST(offsets[2] == 3u);
    BOOST_TEST(offsets[3] == 4u);
}

BOOST_AUTO_TEST_CASE(truncation_never_splits_a_character) {
    BOOST_TEST(truncate_utf8("abc", 5) == "abc");
    BOOST_TEST(truncate_utf8("aé", 2) == "a");
    BOOST_TEST(truncate_utf8("😀😀", 5) == "😀");
    BOOST_TEST(utf8_length("日本語") == 3u);
}
