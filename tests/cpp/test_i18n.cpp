#define BOOST_TEST_MODULE i18n
#include "authkit/i18n.hpp"
#include "driver.hpp"

#include <boost/test/unit_test.hpp>

#include <regex>
#include <set>
#include <string>

using namespace authkit;

namespace {

std::set<std::string> placeholders(std::string_view text) {
    static const std::regex placeholder("\\{[a-z]+\\}");
    std::set<std::string> found;
    const std::string copy(text);
    for (auto it = std::sregex_iterator(copy.begin(), copy.end(), placeholder); it != std::sregex_iterator(); ++it)
        found.insert(it->str());
    return found;
}

bool is_plural_id(std::string_view id) {
    for (const char* suffix : {".zero", ".one", ".two", ".few", ".many", ".other"}) {
        const std::string_view s(suffix);
        if (id.size() > s.size() && id.substr(id.size() - s.size()) == s) return true;
    }
    return false;
}

std::string_view base_of(std::string_view id) { return id.substr(0, id.rfind('.')); }

}  // namespace

BOOST_AUTO_TEST_CASE(six_locales_and_arabic_is_right_to_left) {
    BOOST_TEST(locales().size() == 6u);
    for (const char* tag : {"en", "es", "fr", "de", "ja", "ar"}) BOOST_TEST(find_locale(tag) != nullptr, tag);
    BOOST_TEST(find_locale("ar")->rtl);
    BOOST_TEST(!find_locale("en")->rtl);
}

// Every message English has, every other locale has, with the same placeholders; plural messages
// have every category the locale's rule can produce.
BOOST_AUTO_TEST_CASE(catalogs_are_complete) {
    const Locale& english = *locales().front();
    std::vector<std::shared_ptr<const LoadedLocale>> loaded;
    std::vector<const Locale*> complete = {&english};
    for (const Locale* base : locales()) {
        if (base == &english) continue;
        BOOST_TEST(base->size == 0u, base->tag << " should come as data, not built in");
        loaded.push_back(testing::load_catalog(std::string(base->tag)));
        BOOST_TEST_REQUIRE(loaded.back() != nullptr, "wasm/locales/" << base->tag << ".json");
        complete.push_back(&loaded.back()->locale());
    }
    for (const Locale* locale : complete) {
        std::set<std::string_view> ids;
        for (std::size_t i = 0; i < locale->size; ++i) ids.insert(locale->messages[i].id);
        for (std::size_t i = 0; i < english.size; ++i) {
            const MessageEntry& entry = english.messages[i];
            if (is_plural_id(entry.id)) {
                const std::string base(base_of(entry.id));
                for (std::uint64_t count = 0; count <= 250; ++count) {
                    const std::string wanted = base + "." + to_string(locale->plural(count));
                    BOOST_TEST(ids.count(wanted) == 1u, locale->tag << " lacks " << wanted);
                    if (!ids.count(wanted)) break;
                }
                continue;
            }
            BOOST_TEST(ids.count(entry.id) == 1u, locale->tag << " lacks " << entry.id);
            const std::string translated = translate(*locale, entry.id);
            BOOST_TEST((placeholders(translated) == placeholders(entry.text)), locale->tag << " " << entry.id);
        }
        // And nothing English does not know (a typo in an id would otherwise go unnoticed).
        for (std::size_t i = 0; i < locale->size; ++i) {
            const std::string_view id = locale->messages[i].id;
            const bool known = is_plural_id(id) ? translate(english, std::string(base_of(id)) + ".other") !=
                                                      std::string(base_of(id)) + ".other"
                                                : translate(english, id) != id;
            BOOST_TEST(known, locale->tag << " has unknown " << id);
        }
    }
}

BOOST_AUTO_TEST_CASE(plural_rules) {
    const Locale& ar = *find_locale("ar");
    BOOST_TEST(std::string(to_string(ar.plural(0))) == "zero");
    BOOST_TEST(std::string(to_string(ar.plural(1))) == "one");
    BOOST_TEST(std::string(to_string(ar.plural(2))) == "two");
    BOOST_TEST(std::string(to_string(ar.plural(5))) == "few");
    BOOST_TEST(std::string(to_string(ar.plural(105))) == "few");
    BOOST_TEST(std::string(to_string(ar.plural(11))) == "many");
    BOOST_TEST(std::string(to_string(ar.plural(100))) == "other");
    BOOST_TEST(std::string(to_string(find_locale("fr")->plural(0))) == "one");
    BOOST_TEST(std::string(to_string(find_locale("en")->plural(0))) == "other");
    BOOST_TEST(std::string(to_string(find_locale("ja")->plural(1))) == "other");
    BOOST_TEST(translate_plural(*find_locale("en"), "announce.results", 3) == "3 integrations found.");
    BOOST_TEST(translate_plural(*find_locale("en"), "announce.results", 1) == "1 integration found.");
    const auto arabic = testing::load_catalog("ar");
    BOOST_TEST(translate_plural(arabic->locale(), "announce.results", 2) == "تم العثور على تكاملين.");
}

BOOST_AUTO_TEST_CASE(locale_choice_prefers_the_option_then_the_browser_then_english) {
    BOOST_TEST(choose_locale("fr-CA", {"de-DE"}).tag == "fr");
    BOOST_TEST(choose_locale("", {"pt-BR", "DE-at", "en"}).tag == "de");
    BOOST_TEST(choose_locale("xx", {"zz"}).tag == "en");
    BOOST_TEST(choose_locale("", {}).tag == "en");
}

BOOST_AUTO_TEST_CASE(missing_messages_fall_back_visibly) {
    BOOST_TEST(translate(*find_locale("ja"), "no.such.message") == "no.such.message");
    BOOST_TEST(translate(testing::load_catalog("es")->locale(), "form.title", {{"name", "Slack"}}) == "Conecta Slack");
    BOOST_TEST(translate(*find_locale("es"), "form.title", {{"name", "Slack"}}) == "Connect Slack");  // not arrived yet
}

BOOST_AUTO_TEST_CASE(loaded_catalogs_are_checked) {
    BOOST_TEST(LoadedLocale::from_json(*find_locale("en"), json::object()) == nullptr);  // English is built in
    BOOST_TEST(LoadedLocale::from_json(*find_locale("es"), json::array()) == nullptr);
    const auto partial = LoadedLocale::from_json(*find_locale("es"), {{"action.back", "Atrás"}, {"action.close", 7}});
    BOOST_TEST_REQUIRE(partial != nullptr);
    BOOST_TEST(partial->locale().size == 1u);  // the number is left out
    BOOST_TEST(translate(partial->locale(), "action.close") == "Close");
    BOOST_TEST(partial->locale().tag == "es");
}

BOOST_AUTO_TEST_CASE(inserted_names_are_isolated_in_right_to_left_text) {
    const auto arabic = testing::load_catalog("ar");
    const std::string text = translate(arabic->locale(), "success.body", {{"name", "Acme CRM (sandbox)"}});
    BOOST_TEST(text.find("\u2068Acme CRM (sandbox)\u2069") != std::string::npos);
    BOOST_TEST(translate(*find_locale("en"), "success.body", {{"name", "Acme"}}) == "Your Acme account is connected.");
}
