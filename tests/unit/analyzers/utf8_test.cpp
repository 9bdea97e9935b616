// utf8.hpp: byte-level helpers for UTF-8 text (validation, cuts, ASCII keywords).
#include "accord/analyzers/utf8.hpp"

#include <gtest/gtest.h>

namespace accord::analyzers {
namespace {

TEST(AsciiLower, LowersOnlyAsciiLetters) {
    EXPECT_EQ(ascii_lower("Press Release"), "press release");
    EXPECT_EQ(ascii_lower("EN-GB_09"), "en-gb_09");
    // UTF-8 sequences stay as they were, whatever their bytes.
    EXPECT_EQ(ascii_lower("КИЇВ Kyiv"), "КИЇВ kyiv");
    EXPECT_EQ(ascii_lower(""), "");
}

TEST(AsciiDigit, OnlyZeroToNine) {
    EXPECT_TRUE(is_ascii_digit('0'));
    EXPECT_TRUE(is_ascii_digit('9'));
    EXPECT_FALSE(is_ascii_digit('a'));
    EXPECT_FALSE(is_ascii_digit('/'));
    EXPECT_FALSE(is_ascii_digit(static_cast<char>(0xD9)));  // a UTF-8 lead byte
}

TEST(Utf8Prefix, CutsAtACharacterBoundary) {
    const std::string text = "Київ";  // two bytes per letter
    EXPECT_EQ(utf8_prefix(text, 3), "К");
    EXPECT_EQ(utf8_prefix(text, 100), text);
    EXPECT_TRUE(is_valid_utf8(utf8_prefix(text, 5)));
}

TEST(Utf8Length, CountsCodePointsNotBytes) {
    EXPECT_EQ(utf8_length(""), 0U);
    EXPECT_EQ(utf8_length("Kyiv"), 4U);
    EXPECT_EQ(utf8_length("Київ"), 4U);             // two bytes each
    EXPECT_EQ(utf8_length("\xE2\x80\x99s"), 2U);  // ’s
    EXPECT_EQ(utf8_length("\xF0\x9F\x87\xBA"), 1U);
}

}  // namespace
}  // namespace accord::analyzers
