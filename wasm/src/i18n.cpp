#include "authkit/i18n.hpp"

#include <algorithm>

namespace authkit {
namespace {

const MessageEntry* lookup(const Locale& locale, std::string_view id) {
    const MessageEntry* end = locale.messages + locale.size;
    const MessageEntry* it = std::lower_bound(locale.messages, end, id,
                                              [](const MessageEntry& entry, std::string_view key) { return entry.id < key; });
    return it != end && it->id == id ? it : nullptr;
}

std::string fill(std::string_view text, MessageArgs args) {
    std::string out(text);
    for (const auto& [name, value] : args) {
        const std::string placeholder = "{" + std::string(name) + "}";
        for (std::size_t at = out.find(placeholder); at != std::string::npos; at = out.find(placeholder, at + value.size()))
            out.replace(at, placeholder.size(), value);
    }
    return out;
}

std::string_view language_of(std::string_view tag) {
    const auto dash = tag.find_first_of("-_");
    return dash == std::string_view::npos ? tag : tag.substr(0, dash);
}

bool same_ascii_text(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

}  // namespace

const char* to_string(PluralCategory category) {
    switch (category) {
        case PluralCategory::zero: return "zero";
        case PluralCategory::one: return "one";
        case PluralCategory::two: return "two";
        case PluralCategory::few: return "few";
        case PluralCategory::many: return "many";
        case PluralCategory::other: return "other";
    }
    return "other";
}

namespace detail {

PluralCategory plural_one_other(std::uint64_t count) { return count == 1 ? PluralCategory::one : PluralCategory::other; }

PluralCategory plural_zero_one_as_one(std::uint64_t count) {
    return count <= 1 ? PluralCategory::one : PluralCategory::other;
}

PluralCategory plural_other_only(std::uint64_t) { return PluralCategory::other; }

// Zero, one, two, few (3–10) and many (11–99), by the last two digits.
PluralCategory plural_arabic(std::uint64_t count) {
    const std::uint64_t last_two = count % 100;
    if (count == 0) return PluralCategory::zero;
    if (count == 1) return PluralCategory::one;
    if (count == 2) return PluralCategory::two;
    if (last_two >= 3 && last_two <= 10) return PluralCategory::few;
    if (last_two >= 11) return PluralCategory::many;
    return PluralCategory::other;
}

}  // namespace detail

const std::vector<const Locale*>& locales() {
    static const std::vector<const Locale*> all = {&detail::kEnglish, &detail::kSpanish, &detail::kFrench,
                                                   &detail::kGerman,  &detail::kJapanese, &detail::kArabic};
    return all;
}

const Locale* find_locale(std::string_view tag) {
    const std::string_view language = language_of(tag);
    for (const Locale* locale : locales())
        if (same_ascii_text(locale->tag, language)) return locale;
    return nullptr;
}

const Locale& choose_locale(std::string_view option, const std::vector<std::string>& browser_languages) {
    if (const Locale* chosen = find_locale(option)) return *chosen;
    for (const std::string& tag : browser_languages)
        if (const Locale* chosen = find_locale(tag)) return *chosen;
    return *locales().front();
}

std::string translate(const Locale& locale, std::string_view id, MessageArgs args) {
    const MessageEntry* entry = lookup(locale, id);
    if (!entry) entry = lookup(*locales().front(), id);
    return fill(entry ? entry->text : id, args);
}

std::string translate_plural(const Locale& locale, std::string_view id, std::uint64_t count, MessageArgs args) {
    const std::string number = std::to_string(count);
    const std::string base(id);
    std::string chosen = base + "." + to_string(locale.plural(count));
    if (!lookup(locale, chosen)) chosen = base + ".other";
    std::string text = translate(locale, chosen, args);
    return fill(text, {{"count", number}});
}

}  // namespace authkit
