#include "authkit/text.hpp"

#include <array>

namespace authkit {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Base letters of U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A), lower case.
// '\0' marks code points that are not letters with a plain base (×, ÷, ß, Æ …): they fold to themselves,
// lower-cased where they have a lower case.
constexpr std::array<char, 192> kLatinBase = {
    // U+00C0 ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ
    'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    // U+00D0 ÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 0, 0,
    // U+00E0 àáâãäåæçèéêëìíîï
    'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    // U+00F0 ðñòóôõö÷øùúûüýþÿ
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 0, 'y',
    // U+0100 ĀāĂăĄąĆćĈĉĊċČčĎď
    'a', 'a', 'a', 'a', 'a', 'a', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'd', 'd',
    // U+0110 ĐđĒēĔĕĖėĘęĚěĜĝĞğ
    'd', 'd', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'g', 'g', 'g', 'g',
    // U+0120 ĠġĢģĤĥĦħĨĩĪīĬĭĮį
    'g', 'g', 'g', 'g', 'h', 'h', 'h', 'h', 'i', 'i', 'i', 'i', 'i', 'i', 'i', 'i',
    // U+0130 İıĲĳĴĵĶķĸĹĺĻļĽľĿ
    'i', 'i', 0, 0, 'j', 'j', 'k', 'k', 'k', 'l', 'l', 'l', 'l', 'l', 'l', 'l',
    // U+0140 ŀŁłŃńŅņŇňŉŊŋŌōŎŏ
    'l', 'l', 'l', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 0, 0, 'o', 'o', 'o', 'o',
    // U+0150 ŐőŒœŔŕŖŗŘřŚśŜŝŞş
    'o', 'o', 0, 0, 'r', 'r', 'r', 'r', 'r', 'r', 's', 's', 's', 's', 's', 's',
    // U+0160 ŠšŢţŤťŦŧŨũŪūŬŭŮů
    's', 's', 't', 't', 't', 't', 't', 't', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    // U+0170 ŰűŲųŴŵŶŷŸŹźŻżŽžſ
    'u', 'u', 'u', 'u', 'w', 'w', 'y', 'y', 'y', 'z', 'z', 'z', 'z', 'z', 'z', 's',
};

char32_t fold_latin_special(char32_t c) {
    switch (c) {
        case 0xC6: return 0xE6;    // Æ → æ
        case 0xDE: return 0xFE;    // Þ → þ
        case 0x132: return 0x133;  // Ĳ → ĳ
        case 0x14A: return 0x14B;  // Ŋ → ŋ
        case 0x152: return 0x153;  // Œ → œ
        default: return c;
    }
}

char32_t fold_greek(char32_t c) {
    // Accented vowels first, to their plain lower-case letter.
    switch (c) {
        case 0x386: case 0x3AC: return 0x3B1;  // Ά ά → α
        case 0x388: case 0x3AD: return 0x3B5;  // Έ έ → ε
        case 0x389: case 0x3AE: return 0x3B7;  // Ή ή → η
        case 0x38A: case 0x3AF: case 0x3AA: case 0x3CA: case 0x390: return 0x3B9;  // ι
        case 0x38C: case 0x3CC: return 0x3BF;  // Ό ό → ο
        case 0x38E: case 0x3CD: case 0x3AB: case 0x3CB: case 0x3B0: return 0x3C5;  // υ
        case 0x38F: case 0x3CE: return 0x3C9;  // Ώ ώ → ω
        case 0x3C2: return 0x3C3;  // final sigma matches sigma
        default: break;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;
    return c;
}

char32_t fold_cyrillic(char32_t c) {
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;  // А..Я
    if (c >= 0x400 && c <= 0x40F) {
        if (c == 0x401) return 0x435;  // Ё → е, as people type it
        return c + 0x50;               // Ѐ..Џ → ѐ..џ
    }
    if (c == 0x451) return 0x435;  // ё → е
    return c;
}

}  // namespace

std::u32string decode_utf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) {
            out.push_back(kReplacement);
            ++i;
            continue;
        }
        char32_t c = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
        bool valid = true;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) {
                valid = false;
                break;
            }
            c = (c << 6) | (next & 0x3F);
        }
        // Overlong forms, surrogates and out-of-range values are invalid, like any other bad byte.
        static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (!valid || c < kMinimum[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
            out.push_back(kReplacement);
            ++i;
            continue;
        }
        out.push_back(c);
        i += length;
    }
    return out;
}

std::string encode_utf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char32_t c : text) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

char32_t fold(char32_t c) {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0xC0 && c <= 0x17F) {
        const char base = kLatinBase[c - 0xC0];
        return base ? static_cast<char32_t>(base) : fold_latin_special(c);
    }
    if (c >= 0x370 && c <= 0x3FF) return fold_greek(c);
    if (c >= 0x400 && c <= 0x45F) return fold_cyrillic(c);
    return c;
}

std::u32string fold(std::u32string_view text) {
    std::u32string out(text);
    for (char32_t& c : out) c = fold(c);
    return out;
}

std::vector<std::size_t> utf16_offsets(std::u32string_view text) {
    std::vector<std::size_t> offsets;
    offsets.reserve(text.size() + 1);
    std::size_t units = 0;
    for (char32_t c : text) {
        offsets.push_back(units);
        units += c >= 0x10000 ? 2 : 1;
    }
    offsets.push_back(units);
    return offsets;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

std::string truncate_utf8(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) return std::string(text);
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end));
}

// The characters JavaScript's trim() and \s treat as space, so both sides of a form agree.
bool is_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_safe_image_url(std::string_view url) {
    for (unsigned char c : url)
        if (c <= 0x20 || c == 0x7F || c == '\\') return false;
    const bool https = url.size() > 8 && url.compare(0, 8, "https://") == 0;
    const bool same_origin_path = url.size() > 1 && url[0] == '/' && url[1] != '/';
    return https || same_origin_path;
}

}  // namespace authkit
