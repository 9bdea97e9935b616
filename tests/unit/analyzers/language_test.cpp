// LanguageDetector: libexttextcat n-grams for real text, the script for short text.
#include "accord/analyzers/language.hpp"

#include <gtest/gtest.h>

#include "accord/analyzers/errors.hpp"

#include "test_support.hpp"

namespace accord::analyzers {
namespace {

constexpr const char* kEnglish =
    "The United States is prepared to give Ukraine security guarantees that would stop short of "
    "membership, two officials familiar with the talks said on Wednesday, as negotiators worked "
    "to close the remaining gaps in a peace framework.";
constexpr const char* kUkrainian =
    "Зеленський заявив, що Україна ніколи не визнає окупацію своїх територій, а переговори щодо "
    "гарантій безпеки тривають у Женеві вже третій день поспіль за участю європейських партнерів.";
constexpr const char* kRussian =
    "Песков заявил, что Кремль пока не получил новую редакцию плана от Вашингтона, и добавил, "
    "что Москва готова продолжать переговоры, если её интересы будут учтены в полном объёме.";
constexpr const char* kGerman =
    "Die Bundesregierung hat am Mittwoch erklärt, dass sie die Verhandlungen über einen "
    "Waffenstillstand unterstützt und weitere Hilfe für die Ukraine bereitstellen wird.";

TEST(LanguageDetector, RecognisesEnglishUkrainianAndRussianText) {
    LanguageDetector detector;
    EXPECT_EQ(detector.detect(kEnglish), "en");
    EXPECT_EQ(detector.detect(kUkrainian), "uk");
    EXPECT_EQ(detector.detect(kRussian), "ru");
}

TEST(LanguageDetector, RecognisesOtherConfiguredLanguages) {
    LanguageDetector detector;
    EXPECT_EQ(detector.detect(kGerman), "de");
}

TEST(LanguageDetector, InvalidUtf8NeverReachesTheNgramLibraryRaw) {
    // A fuzzer finding: lead bytes without their continuation bytes made libexttextcat read
    // past its buffer. Run under ASan (the asan preset) this test is what would catch it.
    LanguageDetector detector;
    std::string text = "Ceasefire talks continue in Istanbul this week ";
    for (int i = 0; i < 6; ++i) {
        text += "\x91\x44\x9b\xdf\x90\x99\xa3ussia-Ukraine k\xf0\x9f talks ";
    }
    text += "and more talks\xdf";
    const std::string language = detector.detect(text);
    EXPECT_FALSE(language.empty());
    EXPECT_EQ(language, detector.detect(text));  // and deterministic
}

TEST(LanguageDetector, ShortTextFallsBackToScript) {
    LanguageDetector detector;
    EXPECT_EQ(detector.detect("Kyiv talks"), "en");
    EXPECT_EQ(detector.detect("Переговори у Києві"), "uk");   // і, ї: only Ukrainian
    EXPECT_EQ(detector.detect("Переговоры в Москве"), "ru");  // ы: only Russian
    EXPECT_EQ(detector.detect(""), "und");
    EXPECT_EQ(detector.detect("2025 — 28"), "und");
}

TEST(LanguageDetector, ScriptGuessUsesLettersOnlyOneLanguageHas) {
    EXPECT_EQ(LanguageDetector::detect_by_script("Україна"), "uk");      // ї
    EXPECT_EQ(LanguageDetector::detect_by_script("Європа"), "uk");       // є
    EXPECT_EQ(LanguageDetector::detect_by_script("ґанок"), "uk");        // ґ
    EXPECT_EQ(LanguageDetector::detect_by_script("Россия"), "ru");       // no Ukrainian letter
    EXPECT_EQ(LanguageDetector::detect_by_script("объём"), "ru");        // ъ, ё
    EXPECT_EQ(LanguageDetector::detect_by_script("Москва"), "ru");       // shared letters only
    EXPECT_EQ(LanguageDetector::detect_by_script("Kyiv і Київ"), "uk");  // Cyrillic majority
    EXPECT_EQ(LanguageDetector::detect_by_script("NATO and the EU, ЄС"), "en");
}

TEST(LanguageDetector, CloseCyrillicLanguagesFollowTheLetters) {
    // A Ukrainian text with Russian-looking n-grams: letters only Ukrainian has decide.
    LanguageDetector detector;
    const std::string text =
        "Посадовці повідомили, що делегація прибуде до Стамбула в понеділок, а переговори "
        "продовжаться щонайменше два дні, якщо сторони погодять порядок денний зустрічі.";
    EXPECT_EQ(detector.detect(text), "uk");
}

TEST(LanguageDetector, LooksOnlyAtTheStartOfLongTexts) {
    LanguageDetector detector;
    std::string text;
    while (text.size() < 8000) {
        text += kEnglish;
        text += ' ';
    }
    text += kRussian;  // past the sampled prefix
    EXPECT_EQ(detector.detect(text), "en");
}

TEST(LanguageDetector, MissingConfigurationIsAResourceError) {
    accord::testing::TempDir dir;
    EXPECT_THROW(LanguageDetector(dir.path() / "none.conf"), ResourceError);
}

TEST(LanguageDetector, DefaultConfigurationIsInTheSourceTree) {
    EXPECT_EQ(LanguageDetector::default_config().filename(), "accord.conf");
    EXPECT_TRUE(std::filesystem::exists(LanguageDetector::default_config()));
}

}  // namespace
}  // namespace accord::analyzers
