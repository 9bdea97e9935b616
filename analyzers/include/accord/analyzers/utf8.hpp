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

/// True when @p text is well-formed UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view text);

/// @p text with every ill-formed sequence replaced by U+FFFD.
[[nodiscard]] std::string sanitize_utf8(std::string_view text);

}  // namespace accord::analyzers
