// Tokenizer: ICU word breaking plus Accord's rules (docs/analysis.md, "Text pipeline").
#include "accord/analyzers/tokenizer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace accord::analyzers {
namespace {

using Texts = std::vector<std::string>;

Texts texts(std::string_view text) {
    Tokenizer tokenizer;
    Texts out;
    for (const Token& token : tokenizer.tokenize(text)) {
        out.push_back(token.text);
    }
    return out;
}

std::vector<std::uint32_t> sentences(std::string_view text) {
    Tokenizer tokenizer;
    std::vector<std::uint32_t> out;
    for (const Token& token : tokenizer.tokenize(text)) {
        out.push_back(token.sentence);
    }
    return out;
}

std::string_view surface(std::string_view text, const Token& token) {
    return text.substr(token.start, token.end - token.start);
}

TEST(Tokenizer, SplitsWordsAndFoldsCase) {
    EXPECT_EQ(texts("Kyiv and MOSCOW talk"), (Texts{"kyiv", "and", "moscow", "talk"}));
}

TEST(Tokenizer, EmptyAndPunctuationOnlyTextsHaveNoTokens) {
    EXPECT_EQ(texts(""), Texts{});
    EXPECT_EQ(texts(" \n\t— … ,;"), Texts{});
}

TEST(Tokenizer, KeepsDottedAbbreviationWhole) {
    const std::string text = "The U.S. and the E.U. agreed.";
    Tokenizer tokenizer;
    const auto tokens = tokenizer.tokenize(text);
    ASSERT_EQ(tokens.size(), 6U);
    EXPECT_EQ(tokens[1].text, "u.s");
    EXPECT_EQ(surface(text, tokens[1]), "U.S.");
    EXPECT_TRUE(tokens[1].has(kAbbreviation));
    EXPECT_TRUE(tokens[1].has(kAllCaps));
    EXPECT_EQ(tokens[4].text, "e.u");
    EXPECT_EQ(surface(text, tokens[4]), "E.U.");
    // The abbreviation's dot does not end the sentence.
    EXPECT_EQ(tokens[5].sentence, 0U);
    EXPECT_FALSE(tokens[2].has(kSentenceStart));
}

TEST(Tokenizer, LowerCaseDottedAbbreviationsStayWhole) {
    EXPECT_EQ(texts("the u.s. side, e.g. this, i.e. that"),
              (Texts{"the", "u.s", "side", "e.g", "this", "i.e", "that"}));
}

TEST(Tokenizer, KeepsInitialsAndTitleAbbreviationsInTheirSentence) {
    const std::string text = "Gov. Brian Kemp, Donald J. Trump and St. Petersburg.";
    EXPECT_EQ(texts(text),
              (Texts{"gov", "brian", "kemp", "donald", "j", "trump", "and", "st", "petersburg"}));
    EXPECT_EQ(sentences(text), (std::vector<std::uint32_t>(9, 0)));
    Tokenizer tokenizer;
    const auto tokens = tokenizer.tokenize(text);
    EXPECT_EQ(surface(text, tokens[4]), "J.");
    EXPECT_TRUE(tokens[4].has(kAbbreviation));
    EXPECT_EQ(surface(text, tokens[0]), "Gov.");
}

TEST(Tokenizer, TitleAbbreviationsInCapitalsStayWhole) {
    EXPECT_EQ(sentences("GOV. KEMP OF GEORGIA"), (std::vector<std::uint32_t>{0, 0, 0, 0}));
}

TEST(Tokenizer, CyrillicInitialAndArticleAbbreviationStayInTheSentence) {
    EXPECT_EQ(sentences("В. Путін послався на ст. 5 договору."),
              (std::vector<std::uint32_t>{0, 0, 0, 0, 0, 0, 0}));
}

TEST(Tokenizer, OrdinaryWordBeforeFullStopEndsTheSentence) {
    // "no." and "art." in lower case are words, not abbreviations.
    EXPECT_EQ(sentences("They said no. Then art. Then more"),
              (std::vector<std::uint32_t>{0, 0, 0, 1, 1, 2, 2}));
}

TEST(Tokenizer, EndsSentencesAtTerminalPunctuationAndBlankLines) {
    const std::string text =
        "One. Two! Three? Four; five… Six\n\nSeven\n# Heading\n- item\n* star\nwrapped line";
    EXPECT_EQ(texts(text), (Texts{"one", "two", "three", "four", "five", "six", "seven", "heading",
                                  "item", "star", "wrapped", "line"}));
    EXPECT_EQ(sentences(text), (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9}));
    Tokenizer tokenizer;
    const auto tokens = tokenizer.tokenize(text);
    EXPECT_TRUE(tokens[0].has(kSentenceStart));
    EXPECT_TRUE(tokens[1].has(kSentenceStart));
    EXPECT_FALSE(tokens[11].has(kSentenceStart));  // a single newline only wraps the line
}

TEST(Tokenizer, RemovesPossessiveFromWordAndSpan) {
    for (const std::string text : {"Kyiv's plan", "Kyiv’s plan", "Kyivʼs plan", "KYIV'S plan",
                                   "Kyiv‘s plan", "Kyiv＇s plan", "Kyivʹs plan", "KYIV’S plan"}) {
        Tokenizer tokenizer;
        const auto tokens = tokenizer.tokenize(text);
        ASSERT_EQ(tokens.size(), 2U) << text;
        EXPECT_EQ(tokens[0].text, "kyiv") << text;
        EXPECT_EQ(surface(text, tokens[0]), text.substr(0, 4)) << text;
        EXPECT_TRUE(tokens[0].has(kPossessive)) << text;
        EXPECT_FALSE(tokens[1].has(kPossessive)) << text;
    }
}

TEST(Tokenizer, KeepsApostropheInsideAWord) {
    // Only a final 's is a possessive: Ukrainian apostrophes inside words stay.
    EXPECT_EQ(texts("п’ять м'ясо Мар’їнка"), (Texts{"п'ять", "м'ясо", "мар'їнка"}));
    EXPECT_EQ(texts("O’Brien’s"), (Texts{"o'brien"}));
}

TEST(Tokenizer, RemovesPossessiveAfterShortWordsAndAbbreviations) {
    EXPECT_EQ(texts("US's UN's it's"), (Texts{"us", "un", "it"}));
}

TEST(Tokenizer, SplitsHyphenatedCompoundAndFlagsSecondPart) {
    const std::string text = "a 20-point plan and Russian-speaking people";
    Tokenizer tokenizer;
    const auto tokens = tokenizer.tokenize(text);
    EXPECT_EQ(texts(text),
              (Texts{"a", "20", "point", "plan", "and", "russian", "speaking", "people"}));
    EXPECT_EQ(tokens[1].script, Script::kNumber);
    EXPECT_TRUE(tokens[2].has(kHyphenJoined));
    EXPECT_FALSE(tokens[3].has(kHyphenJoined));
    EXPECT_TRUE(tokens[6].has(kHyphenJoined));
    // "20" and "point" stay adjacent for phrase queries.
    EXPECT_EQ(tokens[2].position, tokens[1].position + 1);
}

TEST(Tokenizer, UnicodeHyphensJoinLikeHyphenMinus) {
    Tokenizer tokenizer;
    const auto tokens = tokenizer.tokenize("Minsk\u20102 and Minsk\u20112");
    ASSERT_EQ(tokens.size(), 5U);
    EXPECT_TRUE(tokens[1].has(kHyphenJoined));
    EXPECT_TRUE(tokens[4].has(kHyphenJoined));
}

TEST(Tokenizer, FlagsPercentAndFoldsNumbers) {
    const std::string text = "5% of 1,200 troops and 3.5% of 2,000.50";
    Tokenizer tokenizer;
    const auto tokens = tokenizer.tokenize(text);
    EXPECT_EQ(texts(text), (Texts{"5", "of", "1200", "troops", "and", "3.5", "of", "2000.50"}));
    EXPECT_TRUE(tokens[0].has(kPercent));
    EXPECT_FALSE(tokens[2].has(kPercent));
    EXPECT_TRUE(tokens[5].has(kPercent));
    EXPECT_EQ(surface(text, tokens[2]), "1,200");
}

TEST(Tokenizer, FoldsLatinDiacriticsButKeepsCyrillicLetters) {
    EXPECT_EQ(texts("Türkiye Erdoğan Élysée Łódź"),
              (Texts{"turkiye", "erdogan", "elysee", "lodz"}));
    EXPECT_EQ(texts("Київ Їжак Йорданія Єрмак Ґданськ Ёлка"),
              (Texts{"київ", "їжак", "йорданія", "єрмак", "гданськ", "елка"}));
}

TEST(Tokenizer, FoldsCompatibilityForms) {
    EXPECT_EQ(texts("Ｋｙｉｖ ﬁnal Straße"), (Texts{"kyiv", "final", "strasse"}));
}

TEST(Tokenizer, UnifiesApostrophesInsideWords) {
    EXPECT_EQ(texts("п’ять Прем'єр d’Orsay"), (Texts{"п'ять", "прем'єр", "d'orsay"}));
}

TEST(Tokenizer, OffsetsAreBytesOfTheInput) {
    const std::string text = "KYIV, Dec 10 — The United States";
    Tokenizer tokenizer;
    const auto tokens = tokenizer.tokenize(text);
    ASSERT_EQ(tokens.size(), 6U);
    EXPECT_EQ(tokens[4].start, 21U);  // the em dash is three bytes
    EXPECT_EQ(tokens[4].end, 27U);
    EXPECT_EQ(surface(text, tokens[5]), "States");
    const std::string cyrillic = "у Києві";
    const auto cyr = tokenizer.tokenize(cyrillic);
    ASSERT_EQ(cyr.size(), 2U);
    EXPECT_EQ(cyr[1].start, 3U);
    EXPECT_EQ(cyr[1].end, 13U);
}

TEST(Tokenizer, RecordsCaseShapeAndScript) {
    const std::string text = "NATO Nato nato Київ 2025 US";
    Tokenizer tokenizer;
    const auto tokens = tokenizer.tokenize(text);
    ASSERT_EQ(tokens.size(), 6U);
    EXPECT_TRUE(tokens[0].has(kCapitalised));
    EXPECT_TRUE(tokens[0].has(kAllCaps));
    EXPECT_TRUE(tokens[1].has(kCapitalised));
    EXPECT_FALSE(tokens[1].has(kAllCaps));
    EXPECT_FALSE(tokens[2].has(kCapitalised));
    EXPECT_EQ(tokens[3].script, Script::kCyrillic);
    EXPECT_TRUE(tokens[3].has(kCapitalised));
    EXPECT_EQ(tokens[4].script, Script::kNumber);
    EXPECT_EQ(tokens[0].script, Script::kLatin);
    EXPECT_TRUE(tokens[5].has(kAllCaps));
}

TEST(Tokenizer, NumbersPositionsFromGivenStartAndContinuesSentences) {
    Tokenizer tokenizer;
    std::vector<Token> tokens;
    tokenizer.tokenize("Title here", tokens, 0);
    tokenizer.tokenize("Body text", tokens, 100);
    ASSERT_EQ(tokens.size(), 4U);
    EXPECT_EQ(tokens[1].position, 1U);
    EXPECT_EQ(tokens[2].position, 100U);
    EXPECT_EQ(tokens[3].position, 101U);
    // The appended text starts a new sentence: names never run from a title into the body.
    EXPECT_EQ(tokens[1].sentence, 0U);
    EXPECT_EQ(tokens[2].sentence, 1U);
    EXPECT_TRUE(tokens[2].has(kSentenceStart));
}

TEST(Tokenizer, TreatsInvalidUtf8AsSeparator) {
    const std::string text = "bad \xff\xfe bytes \xd0 Київ\xd0";
    Tokenizer tokenizer;
    const auto tokens = tokenizer.tokenize(text);
    EXPECT_EQ(texts(text), (Texts{"bad", "bytes", "київ"}));
    for (const Token& token : tokens) {
        EXPECT_LE(token.end, text.size());
        EXPECT_LT(token.start, token.end);
    }
    EXPECT_EQ(surface(text, tokens[2]), "Київ");
}

TEST(Tokenizer, IsReusableAcrossTexts) {
    Tokenizer tokenizer;
    const auto first = tokenizer.tokenize("first text here");
    const auto second = tokenizer.tokenize("second");
    EXPECT_EQ(first.size(), 3U);
    ASSERT_EQ(second.size(), 1U);
    EXPECT_EQ(second[0].position, 0U);
    EXPECT_EQ(second[0].sentence, 0U);
}

}  // namespace
}  // namespace accord::analyzers
