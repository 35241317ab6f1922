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

// Fills "{name}" placeholders. In right-to-left text a Latin value ("Acme CRM (sandbox)") would pull
// the punctuation around it to the wrong side, so there each value is isolated
// (U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE).
std::string fill(std::string_view text, MessageArgs args, bool isolate = false) {
    std::string out(text);
    for (const auto& [name, raw] : args) {
        const std::string value = isolate ? "\u2068" + std::string(raw) + "\u2069" : std::string(raw);
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

// The languages with catalogs in wasm/locales/: known here by tag, direction and plural rule only.
const Locale kSpanish = {"es", false, &plural_one_other, nullptr, 0};
const Locale kFrench = {"fr", false, &plural_zero_one_as_one, nullptr, 0};
const Locale kGerman = {"de", false, &plural_one_other, nullptr, 0};
const Locale kJapanese = {"ja", false, &plural_other_only, nullptr, 0};
const Locale kArabic = {"ar", true, &plural_arabic, nullptr, 0};

}  // namespace detail

std::shared_ptr<const LoadedLocale> LoadedLocale::from_json(const Locale& base, const json& messages) {
    if (base.size != 0 || !messages.is_object()) return nullptr;
    std::shared_ptr<LoadedLocale> loaded(new LoadedLocale());
    for (const auto& [id, text] : messages.items()) {
        if (!text.is_string()) continue;
        loaded->text_.push_back(id);
        loaded->text_.push_back(text.get<std::string>());
    }
    // Views into text_ are taken only now that it has stopped growing.
    for (std::size_t i = 0; i < loaded->text_.size(); i += 2)
        loaded->entries_.push_back({loaded->text_[i], loaded->text_[i + 1]});
    // nlohmann's objects iterate in key order, which is the order lookups need.
    loaded->locale_ = {base.tag, base.rtl, base.plural, loaded->entries_.data(), loaded->entries_.size()};
    return loaded;
}

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
    return fill(entry ? entry->text : id, args, locale.rtl);
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
