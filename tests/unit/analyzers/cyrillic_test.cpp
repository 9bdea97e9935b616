// Cyrillic light stemming and the Latin phonetic key (transliteration fallback).
#include "accord/analyzers/cyrillic.hpp"

#include <gtest/gtest.h>

#include "accord/analyzers/normalizer.hpp"

namespace accord::analyzers {
namespace {

TEST(CyrillicStem, UkrainianCaseFormsOfANameMeet) {
    EXPECT_EQ(cyrillic_light_stem("донецька"), "донецьк");
    EXPECT_EQ(cyrillic_light_stem("донецької"), "донецьк");
    EXPECT_EQ(cyrillic_light_stem("донецькою"), "донецьк");
    EXPECT_EQ(cyrillic_light_stem("києві"), "києв");
    EXPECT_EQ(cyrillic_light_stem("москва"), "москв");
    EXPECT_EQ(cyrillic_light_stem("москві"), "москв");
    EXPECT_EQ(cyrillic_light_stem("москвою"), "москв");
    EXPECT_EQ(cyrillic_light_stem("україна"), "україн");
    EXPECT_EQ(cyrillic_light_stem("україни"), "україн");
    EXPECT_EQ(cyrillic_light_stem("україною"), "україн");
}

TEST(CyrillicStem, NounsInSoftSignMeetTheirCaseForms) {
    // "область" must not lose "ть" like an infinitive.
    EXPECT_EQ(cyrillic_light_stem("область"), "област");
    EXPECT_EQ(cyrillic_light_stem("області"), "област");
    EXPECT_EQ(cyrillic_light_stem("областю"), "област");
    EXPECT_EQ(cyrillic_light_stem("областях"), "област");
    EXPECT_EQ(cyrillic_light_stem("маріуполь"), "маріупол");
    EXPECT_EQ(cyrillic_light_stem("маріуполя"), "маріупол");
}

TEST(CyrillicStem, RussianCaseFormsOfANameMeet) {
    EXPECT_EQ(cyrillic_light_stem("донецкая"), "донецк");
    EXPECT_EQ(cyrillic_light_stem("донецкой"), "донецк");
    EXPECT_EQ(cyrillic_light_stem("киеве"), "киев");
    EXPECT_EQ(cyrillic_light_stem("россией"), "росси");
    EXPECT_EQ(cyrillic_light_stem("россии"), "росси");
}

TEST(CyrillicStem, KeepsAtLeastThreeLetters) {
    EXPECT_EQ(cyrillic_light_stem("київ"), "київ");  // "ів" would leave two letters
    EXPECT_EQ(cyrillic_light_stem("суми"), "сум");
    EXPECT_EQ(cyrillic_light_stem("рим"), "рим");
    EXPECT_EQ(cyrillic_light_stem("у"), "у");
}

TEST(CyrillicStem, LeavesOtherScriptsAlone) {
    EXPECT_EQ(cyrillic_light_stem("kyiv"), "kyiv");
    EXPECT_EQ(cyrillic_light_stem("ukraine"), "ukraine");
    EXPECT_EQ(cyrillic_light_stem("2025"), "2025");
    EXPECT_EQ(cyrillic_light_stem(""), "");
}

TEST(LatinKey, TransliterationVariantsMeet) {
    EXPECT_EQ(latin_key("zelenskyy"), "zelenski");
    EXPECT_EQ(latin_key("zelensky"), "zelenski");
    EXPECT_EQ(latin_key("zelenskiy"), "zelenski");
    EXPECT_EQ(latin_key("zelenskyi"), "zelenski");
    EXPECT_EQ(latin_key("zaporizhzhia"), "zaporizia");
    EXPECT_EQ(latin_key("zaporizhia"), "zaporizia");
    EXPECT_EQ(latin_key("zaporizhzhya"), "zaporizia");
}

TEST(LatinKey, DifferentNamesStayApart) {
    EXPECT_NE(latin_key("kyiv"), latin_key("kiev"));
    EXPECT_NE(latin_key("kharkiv"), latin_key("kharkov"));
    EXPECT_NE(latin_key("russia"), latin_key("prussia"));
}

TEST(LatinKey, DropsNonLettersAndFoldsCase) {
    EXPECT_EQ(latin_key("Putin's"), "putins");
    EXPECT_EQ(latin_key("2025"), "");
}

TEST(LatinKeyMaker, CyrillicAndLatinSpellingsOfZelenskyyMeet) {
    LatinKeyMaker keys;
    const std::string latin = keys.key("zelenskyy");
    EXPECT_EQ(latin, "zelenski");
    EXPECT_EQ(keys.key("зеленський"), latin);  // Ukrainian, BGN/PCGN
    EXPECT_EQ(keys.key("зеленский"), latin);   // Russian, BGN/PCGN
}

TEST(LatinKeyMaker, UsesUkrainianRulesForUkrainianWords) {
    LatinKeyMaker keys;
    Normalizer normalizer;
    EXPECT_EQ(keys.key(normalizer.fold("Київ")), latin_key("kyiv"));
    EXPECT_EQ(keys.key(normalizer.fold("Киев")), latin_key("kiev"));
    EXPECT_EQ(keys.key(normalizer.fold("Харків")), latin_key("kharkiv"));
    EXPECT_EQ(keys.key(normalizer.fold("Харьков")), latin_key("kharkov"));
    EXPECT_EQ(keys.key(normalizer.fold("Запоріжжя")), latin_key("zaporizhzhia"));
    EXPECT_EQ(keys.key(normalizer.fold("Шойгу")), latin_key("shoigu"));
}

TEST(LatinKeyMaker, IsStableAcrossRepeatedCalls) {
    LatinKeyMaker keys;
    const std::string first = keys.key("путін");
    EXPECT_EQ(first, "putin");
    EXPECT_EQ(keys.key("путін"), first);
    EXPECT_EQ(keys.key("путин"), first);
}

}  // namespace
}  // namespace accord::analyzers
