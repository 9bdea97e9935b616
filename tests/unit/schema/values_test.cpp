#include "accord/schema/values.hpp"

#include <gtest/gtest.h>

namespace accord::schema {
namespace {

TEST(ParseDate, AcceptsIsoDatesAndTimestamps) {
    EXPECT_EQ(parse_date("2025-11-20"), "2025-11-20");
    EXPECT_EQ(parse_date("2025-11-20T10:15:00Z"), "2025-11-20");
    EXPECT_EQ(parse_date("2025-11-20T10:15:00+02:00"), "2025-11-20");
    EXPECT_EQ(parse_date("2025/11/20"), "2025-11-20");
    EXPECT_EQ(parse_date("20251120"), "2025-11-20");
    EXPECT_EQ(parse_date("2025-11"), "2025-11-01");
}

TEST(ParseDate, AcceptsWrittenDates) {
    EXPECT_EQ(parse_date("20 November 2025"), "2025-11-20");
    EXPECT_EQ(parse_date("November 20, 2025"), "2025-11-20");
    EXPECT_EQ(parse_date("Thu, 20 Nov 2025 10:00:00 GMT"), "2025-11-20");
    EXPECT_EQ(parse_date("D:20251120093000Z"), "2025-11-20");
}

TEST(ParseDate, RejectsImpossibleDates) {
    EXPECT_FALSE(parse_date("2025-02-30"));
    EXPECT_FALSE(parse_date("2025-13-01"));
    EXPECT_FALSE(parse_date("yesterday"));
    EXPECT_FALSE(parse_date(""));
    EXPECT_EQ(parse_date("2024-02-29"), "2024-02-29");
    EXPECT_FALSE(parse_date("2025-02-29"));
}

TEST(NormalizeType, MapsPublisherWordsToTheFourTypes) {
    EXPECT_EQ(normalize_type("Article"), "article");
    EXPECT_EQ(normalize_type("NewsArticle"), "article");
    EXPECT_EQ(normalize_type("treaty"), "treaty");
    EXPECT_EQ(normalize_type("Memorandum"), "treaty");
    EXPECT_EQ(normalize_type("press release"), "statement");
    EXPECT_EQ(normalize_type("podcast"), "other");
    EXPECT_EQ(normalize_type(""), "");
}

TEST(LanguageCode, KeepsTwoLetterPrimaryTags) {
    EXPECT_EQ(language_code("en"), "en");
    EXPECT_EQ(language_code("en-GB"), "en");
    EXPECT_EQ(language_code("UK_ua"), "uk");
    EXPECT_EQ(language_code("fil"), "");
    EXPECT_EQ(language_code("x-klingon"), "");
    EXPECT_EQ(language_code(""), "");
}

}  // namespace
}  // namespace accord::schema
