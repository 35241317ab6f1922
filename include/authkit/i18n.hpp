// Message catalogs and plural rules. Every word the modal shows comes from here, by message id,
// in the locale the machine chose: the host's option, else the browser's list, else English.
// English is built in; the other catalogs are data (wasm/locales/*.json) that the shell fetches
// for the one locale a page needs, so no page downloads the languages it does not show.
#pragma once

#include "authkit/json.hpp"

#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authkit {

enum class PluralCategory { zero, one, two, few, many, other };
const char* to_string(PluralCategory category);

struct MessageEntry {
    std::string_view id;
    std::string_view text;
};

struct Locale {
    std::string_view tag;  // "en", "ar", …
    bool rtl;
    PluralCategory (*plural)(std::uint64_t count);
    const MessageEntry* messages;  // sorted by id; empty until a catalog is loaded (English: built in)
    std::size_t size;
};

// A catalog that arrived as data. It owns its text; its locale() refers into it.
class LoadedLocale {
public:
    // `messages` is a JSON object of id → text; entries that are not strings are left out.
    // Returns null when `base` has its messages built in or `messages` is not an object.
    static std::shared_ptr<const LoadedLocale> from_json(const Locale& base, const json& messages);

    const Locale& locale() const { return locale_; }

    LoadedLocale(const LoadedLocale&) = delete;
    LoadedLocale& operator=(const LoadedLocale&) = delete;

private:
    LoadedLocale() = default;
    Locale locale_{};
    std::vector<std::string> text_;  // ids and texts, in pairs
    std::vector<MessageEntry> entries_;
};

using MessageArgs = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// All supported locales, English first (the fallback). Only English carries its messages here.
const std::vector<const Locale*>& locales();

// The locale for a BCP 47 tag ("fr-CA" → fr); nullptr when unsupported.
const Locale* find_locale(std::string_view tag);

// The host's choice if supported, else the first supported browser language, else English.
const Locale& choose_locale(std::string_view option, const std::vector<std::string>& browser_languages);

// The text for an id in this locale, with "{name}" placeholders filled; English when the locale
// lacks it (or its catalog has not arrived), and the id itself when nobody has it (visible, never blank).
std::string translate(const Locale& locale, std::string_view id, MessageArgs args = {});

// Picks "<id>.<category>" by the locale's plural rule for `count` (falling back to "<id>.other"),
// with "{count}" filled in as well as `args`.
std::string translate_plural(const Locale& locale, std::string_view id, std::uint64_t count, MessageArgs args = {});

namespace detail {

// A catalog must be sorted by id (binary search); each locale checks its own at compile time.
template <std::size_t N>
constexpr bool is_sorted_by_id(const MessageEntry (&entries)[N]) {
    for (std::size_t i = 1; i < N; ++i)
        if (!(entries[i - 1].id < entries[i].id)) return false;
    return true;
}

// The plural rules the supported languages use (CLDR cardinal rules for integers).
PluralCategory plural_one_other(std::uint64_t count);   // English, German, Spanish
PluralCategory plural_zero_one_as_one(std::uint64_t count);  // French
PluralCategory plural_other_only(std::uint64_t count);  // Japanese
PluralCategory plural_arabic(std::uint64_t count);

extern const Locale kEnglish;
extern const Locale kSpanish;
extern const Locale kFrench;
extern const Locale kGerman;
extern const Locale kJapanese;
extern const Locale kArabic;
}  // namespace detail

}  // namespace authkit
