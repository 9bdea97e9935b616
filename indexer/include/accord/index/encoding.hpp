#pragma once
/// @file encoding.hpp
/// Turning the bytes of a text file into UTF-8.

#include <string>
#include <string_view>

namespace accord::index {

/// UTF-8 text and the encoding it was converted from.
struct DecodedText {
    std::string text;
    std::string encoding;  ///< "UTF-8", or what was detected/declared ("WINDOWS-1252" …)
};

/// True when @p bytes look like a binary file rather than text: NUL bytes, or many control
/// characters, in the first 8 KiB. UTF-16 with a byte-order mark is text.
[[nodiscard]] bool looks_binary(std::string_view bytes);

/// Converts @p bytes to UTF-8. A UTF-8 byte-order mark is dropped; valid UTF-8 is kept as is;
/// otherwise @p declared (an HTML/XML charset) is tried, then uchardet's guess. Throws
/// ExtractError when the encoding cannot be found or the bytes are binary.
[[nodiscard]] DecodedText decode_text(std::string_view bytes, std::string_view declared = {});

}  // namespace accord::index
