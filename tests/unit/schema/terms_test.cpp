#include "accord/schema/terms.hpp"

#include <gtest/gtest.h>

#include "accord/analyzers/tokenizer.hpp"
#include "accord/schema/schema.hpp"

namespace accord::schema {
namespace {

std::vector<std::string> document_terms(const std::string& text, const std::string& language) {
    analyzers::Tokenizer tokenizer;
    TermMaker terms;
    std::vector<std::string> out;
    for (const auto& token : tokenizer.tokenize(text)) {
        out.push_back(terms.term(token, language));
    }
    return out;
}

TEST(TermMaker, StemsLatinWithEnglish) {
    EXPECT_EQ(document_terms("Guarantees negotiated", "en"),
              (std::vector<std::string>{"guarante", "negoti"}));
    // Latin words in a document of another language still stem as English, so queries meet.
    EXPECT_EQ(document_terms("guarantees", "de"), std::vector<std::string>{"guarante"});
}

TEST(TermMaker, KeepsAbbreviationsAndNumbers) {
    EXPECT_EQ(document_terms("U.S. 28-point 1,000", "en"),
              (std::vector<std::string>{"u.s", "28", "point", "1000"}));
}

TEST(TermMaker, StemsRussianWithXapianAndUkrainianLightly) {
    EXPECT_EQ(document_terms("переговорах", "ru"), std::vector<std::string>{"переговор"});
    EXPECT_EQ(document_terms("переговорах", "uk"), std::vector<std::string>{"переговор"});
    EXPECT_EQ(document_terms("Донецької", "uk"), std::vector<std::string>{"донецьк"});
    EXPECT_EQ(document_terms("Донецька", "uk"), std::vector<std::string>{"донецьк"});
}

TEST(TermMaker, CyrillicQueryWordMatchesBothStemmers) {
    analyzers::Tokenizer tokenizer;
    TermMaker terms;
    const auto token = tokenizer.tokenize("гарантії").front();
    const auto variants = terms.query_terms(token);
    ASSERT_FALSE(variants.empty());
    EXPECT_EQ(variants.front(), terms.term(token, "uk"));
    EXPECT_NE(std::find(variants.begin(), variants.end(), terms.term(token, "ru")), variants.end());
}

TEST(TermMaker, SkipsJunkTokens) {
    analyzers::Tokenizer tokenizer;
    TermMaker terms;
    const auto tokens = tokenizer.tokenize(std::string(100, 'a'));
    ASSERT_EQ(tokens.size(), 1U);
    EXPECT_EQ(terms.term(tokens.front(), "en"), "");
}

TEST(Schema, LongIdsAreHashedToFitATerm) {
    const std::string short_id = "articles/a.md";
    EXPECT_EQ(schema::id_term(short_id), "Q" + short_id);
    const std::string long_id(400, 'x');
    const std::string term = schema::id_term(long_id);
    EXPECT_LE(term.size(), schema::kMaxTermBytes);
    EXPECT_EQ(term.rfind("Q#", 0), 0U);
    EXPECT_NE(term, schema::id_term(long_id + "y"));
}

TEST(Schema, DateValuesSortAsDates) {
    EXPECT_EQ(schema::date_value("2025-11-20"), "20251120");
    EXPECT_EQ(schema::date_value(""), "");
    EXPECT_LT(schema::date_value("2024-12-31"), schema::date_value("2025-01-01"));
}

}  // namespace
}  // namespace accord::schema
