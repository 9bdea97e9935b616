// Normalizer: the folding index terms, queries and gazetteer names share.
#include "accord/analyzers/normalizer.hpp"

#include <gtest/gtest.h>

namespace accord::analyzers {
namespace {

TEST(Normalizer, LowerCasesAscii) {
    Normalizer normalizer;
    EXPECT_EQ(normalizer.fold("NATO"), "nato");
    EXPECT_EQ(normalizer.fold("Kyiv"), "kyiv");
    EXPECT_EQ(normalizer.fold("u.s."), "u.s.");
}

TEST(Normalizer, DropsThousandsSeparatorsOnlyInNumbers) {
    Normalizer normalizer;
    EXPECT_EQ(normalizer.fold("1,200"), "1200");
    EXPECT_EQ(normalizer.fold("2,000.50"), "2000.50");
    EXPECT_EQ(normalizer.fold("1\u00A0200"), "1200");  // no-break space, as in "1 200"
    EXPECT_EQ(normalizer.fold("1\u202F200"), "1200");  // narrow no-break space
    EXPECT_EQ(normalizer.fold("a,b"), "a,b");
}

TEST(Normalizer, FoldsLatinDiacritics) {
    Normalizer normalizer;
    EXPECT_EQ(normalizer.fold("Türkiye"), "turkiye");
    EXPECT_EQ(normalizer.fold("ERDOĞAN"), "erdogan");
    EXPECT_EQ(normalizer.fold("Élysée"), "elysee");
    EXPECT_EQ(normalizer.fold("António"), "antonio");
    EXPECT_EQ(normalizer.fold("Orbán"), "orban");
    EXPECT_EQ(normalizer.fold("İstanbul"), "istanbul");
}

TEST(Normalizer, FoldsLatinLettersWithoutDecomposition) {
    Normalizer normalizer;
    EXPECT_EQ(normalizer.fold("Łódź"), "lodz");
    EXPECT_EQ(normalizer.fold("Kırıkkale"), "kirikkale");
    EXPECT_EQ(normalizer.fold("Søren"), "soren");
    EXPECT_EQ(normalizer.fold("Đukanović"), "dukanovic");
    EXPECT_EQ(normalizer.fold("Ærø"), "aero");
}

TEST(Normalizer, AppliesCompatibilityAndCaseFolding) {
    Normalizer normalizer;
    EXPECT_EQ(normalizer.fold("Straße"), "strasse");
    EXPECT_EQ(normalizer.fold("ﬁnal"), "final");
    EXPECT_EQ(normalizer.fold("Ｋｙｉｖ"), "kyiv");
    EXPECT_EQ(normalizer.fold("２０２５"), "2025");
}

TEST(Normalizer, KeepsCyrillicLettersOfTheirOwn) {
    Normalizer normalizer;
    EXPECT_EQ(normalizer.fold("Київ"), "київ");          // ї is a letter, not і with a mark
    EXPECT_EQ(normalizer.fold("Йорданія"), "йорданія");  // й likewise
    EXPECT_EQ(normalizer.fold("Єрмак"), "єрмак");
    EXPECT_EQ(normalizer.fold("УКРАЇНА"), "україна");
}

TEST(Normalizer, FoldsYoAndGheWithUpturn) {
    Normalizer normalizer;
    EXPECT_EQ(normalizer.fold("Чёрное"), "черное");
    EXPECT_EQ(normalizer.fold("Ёлка"), "елка");
    EXPECT_EQ(normalizer.fold("Ґанок"), "ганок");
}

TEST(Normalizer, UnifiesApostrophesAndHyphens) {
    Normalizer normalizer;
    EXPECT_EQ(normalizer.fold("п’ять"), "п'ять");
    EXPECT_EQ(normalizer.fold("пʼять"), "п'ять");
    EXPECT_EQ(normalizer.fold("d‘Orsay"), "d'orsay");
    EXPECT_EQ(normalizer.fold("Minsk‐2"), "minsk-2");
    EXPECT_EQ(normalizer.fold("a−b"), "a-b");
}

TEST(Normalizer, IsStableAcrossRepeatedCalls) {
    Normalizer normalizer;
    const std::string first = normalizer.fold("Донецької");
    EXPECT_EQ(first, "донецької");
    EXPECT_EQ(normalizer.fold("Донецької"), first);  // served from the memo
    EXPECT_EQ(normalizer.fold("ДОНЕЦЬКОЇ"), first);
}

TEST(Normalizer, ReportsScriptOfFirstLetterOrDigit) {
    EXPECT_EQ(Normalizer::script_of("Kyiv"), Script::kLatin);
    EXPECT_EQ(Normalizer::script_of("Київ"), Script::kCyrillic);
    EXPECT_EQ(Normalizer::script_of("20"), Script::kNumber);
    EXPECT_EQ(Normalizer::script_of("'Київ"), Script::kCyrillic);
    EXPECT_EQ(Normalizer::script_of("Ελλάδα"), Script::kOther);
    EXPECT_EQ(Normalizer::script_of(""), Script::kOther);
}

TEST(Normalizer, DetectsAscii) {
    EXPECT_TRUE(is_ascii("Kyiv 2025"));
    EXPECT_TRUE(is_ascii(""));
    EXPECT_FALSE(is_ascii("Київ"));
    EXPECT_FALSE(is_ascii("Türkiye"));
}

}  // namespace
}  // namespace accord::analyzers
