// Unicode helpers the core needs and nothing more: UTF-8 decoding, folding for search
// (case and accents), and UTF-16 offsets for the JavaScript side.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace authkit {

// Decodes UTF-8; each invalid byte becomes U+FFFD, so the result is never shorter than the input's
// valid part and decoding never fails.
std::u32string decode_utf8(std::string_view text);

std::string encode_utf8(std::u32string_view text);

// Lower case without accents for Latin, Greek and Cyrillic letters ("É" → "e", "Ω" → "ω").
// One code point in, one out, so positions in the folded text are positions in the original.
char32_t fold(char32_t c);
std::u32string fold(std::u32string_view text);

// For each code point of `text`, its offset in UTF-16 code units; one extra entry holds the total.
std::vector<std::size_t> utf16_offsets(std::u32string_view text);

// Length in code points of UTF-8 text, as a person counts characters.
std::size_t utf8_length(std::string_view text);

// Cuts UTF-8 text to at most `limit` bytes without splitting a character.
std::string truncate_utf8(std::string_view text, std::size_t limit);

// Whitespace as JavaScript defines it (trim, \s).
bool is_space(char32_t c);

// An image address from data we do not control that may load: https:, or a path on the page's own
// site. Browsers drop tabs and line breaks inside URLs ("/\t/evil.example" becomes "//evil.example"),
// so any whitespace, control character or backslash makes it unsafe.
bool is_safe_image_url(std::string_view url);

}  // namespace authkit
