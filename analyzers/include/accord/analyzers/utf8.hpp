#pragma once
/// @file utf8.hpp
/// UTF-8 stepping shared by every layer (ICU's macros, wrapped once).

#include <unicode/umachine.h>
#include <unicode/utf8.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace accord::analyzers {

/// Decodes the code point at @p i and advances @p i past it; returns a negative value for an
/// ill-formed sequence (then @p i has advanced past at least one byte).
inline UChar32 next_code_point(std::string_view text, std::size_t& i) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wold-style-cast"
    UChar32 c = 0;
    U8_NEXT(text.data(), i, text.size(), c);
    return c;
#pragma GCC diagnostic pop
}

/// The number of code points of well-formed UTF-8 @p text (its bytes that start a sequence).
[[nodiscard]] inline std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (const char ch : text) {
        count += (static_cast<unsigned char>(ch) & 0xC0U) != 0x80U ? 1 : 0;
    }
    return count;
}

/// True when @p text is well-formed UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view text);

/// @p text with every ill-formed sequence replaced by U+FFFD.
[[nodiscard]] std::string sanitize_utf8(std::string_view text);

/// The largest offset not above @p at that does not fall inside a UTF-8 sequence (@p at itself
/// when it is 0, the end of @p text, or on a boundary).
[[nodiscard]] inline std::size_t utf8_floor(std::string_view text, std::size_t at) {
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0U) == 0x80U) {
        --at;
    }
    return at;
}

/// At most @p limit bytes of @p text, never ending inside a character.
[[nodiscard]] inline std::string_view utf8_prefix(std::string_view text, std::size_t limit) {
    return limit >= text.size() ? text : text.substr(0, utf8_floor(text, limit));
}

/// @p text with the ASCII letters A–Z lower-cased and every other byte (UTF-8 sequences
/// included) as it was: for keywords and codes, not for words (those the Normalizer folds).
[[nodiscard]] std::string ascii_lower(std::string_view text);

/// True for the ASCII digits 0–9 (std::isdigit depends on the locale and on the sign of char).
[[nodiscard]] constexpr bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace accord::analyzers
