#include "accord/index/document.hpp"

#include <gtest/gtest.h>

namespace accord::index {
namespace {

TEST(SplitSections, SplitsAtArticleHeadingsWithPreamble) {
    Document document;
    document.body =
        "The Parties to this Treaty reaffirm their faith.\n"
        "Article 1\n"
        "The Parties undertake to settle disputes by peaceful means.\n"
        "Article 5\n"
        "An armed attack against one shall be considered an attack against them all.\n";
    split_sections(document);
    ASSERT_EQ(document.sections.size(), 3U);
    EXPECT_EQ(document.sections[0].label, "Preamble");
    EXPECT_EQ(document.sections[1].label, "Article 1");
    EXPECT_EQ(document.sections[2].label, "Article 5");
    const std::string article5 = document.body.substr(
        document.sections[2].start, document.sections[2].end - document.sections[2].start);
    EXPECT_NE(article5.find("armed attack against one"), std::string::npos);
    EXPECT_EQ(article5.find("peaceful means"), std::string::npos);
    EXPECT_EQ(document.type, "treaty");  // articles make an untyped text a treaty
}

TEST(SplitSections, ChapterHeadingWithoutTextGivesWayToItsFirstArticle) {
    Document document;
    document.body =
        "CHAPTER VII\n"
        "Article 39\n"
        "The Security Council shall determine the existence of any threat to the peace.\n"
        "Article 51\n"
        "Nothing in the present Charter shall impair the inherent right of self-defence.\n";
    split_sections(document);
    ASSERT_EQ(document.sections.size(), 2U);
    EXPECT_EQ(document.sections[0].label, "Article 39");
    EXPECT_EQ(document.sections[1].label, "Article 51");
}

TEST(SplitSections, MarkdownPointsAndRomanNumerals) {
    Document document;
    document.type = "treaty";
    document.body =
        "Point 1\nA ceasefire takes effect.\nPoint 2\nPrisoners are exchanged.\n"
        "Section II\nMonitoring by the OSCE.\n";
    split_sections(document);
    ASSERT_EQ(document.sections.size(), 3U);
    EXPECT_EQ(document.sections[2].label, "Section II");
}

TEST(SplitSections, NumberedLinesCountOnlyInTreaties) {
    Document plan;
    plan.type = "treaty";
    plan.body =
        "1. A ceasefire along the line of contact.\n2. An exchange of all prisoners.\n"
        "3. Elections within 100 days.\n";
    split_sections(plan);
    ASSERT_EQ(plan.sections.size(), 3U);
    EXPECT_EQ(plan.sections[1].label, "Point 2");

    Document article;
    article.type = "article";
    article.body = plan.body;
    split_sections(article);
    EXPECT_TRUE(article.sections.empty());
}

TEST(SplitSections, OneHeadingIsNotAStructure) {
    Document document;
    document.body = "Officials discussed Article 5 at length.\nArticle 5\nText.\n";
    split_sections(document);
    EXPECT_TRUE(document.sections.empty());
    EXPECT_EQ(document.type, "");
}

TEST(SplitSections, LongLineStartingWithArticleIsNotAHeading) {
    Document document;
    document.body = "Article 5 " + std::string(300, 'x') + "\nArticle 6\nA.\nArticle 7\nB.\n";
    split_sections(document);
    ASSERT_EQ(document.sections.size(), 3U);
    EXPECT_EQ(document.sections[0].label, "Preamble");
}

TEST(SplitSections, LongHeadingLabelIsCutAtACharacterBoundary) {
    // 11 ASCII bytes, then two-byte Cyrillic letters: byte 80 falls inside a letter.
    std::string heading = "Article 12 ";
    for (int i = 0; i < 40; ++i) {
        heading += "\u0436";  // ж
    }
    Document document;
    document.body = "Preamble text.\n" + heading + "\nFirst.\nArticle 13\nSecond.\n";
    split_sections(document);
    ASSERT_EQ(document.sections.size(), 3U);
    const std::string& label = document.sections[1].label;
    EXPECT_EQ(label.rfind("Article 12 ", 0), 0U) << label;
    EXPECT_LE(label.size(), 80U);
    EXPECT_GE(label.size(), 79U);
    EXPECT_EQ((label.size() - 11) % 2, 0U) << "a letter was cut in half: " << label.size();
}

}  // namespace
}  // namespace accord::index
