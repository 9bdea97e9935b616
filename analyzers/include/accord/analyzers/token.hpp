#pragma once
/// @file token.hpp
/// The unit the whole pipeline works on: one word of the input with its normalised form.

#include <cstdint>
#include <string>

namespace accord::analyzers {

/// The writing system of a token, decided by its first letter.
enum class Script : std::uint8_t { kOther, kLatin, kCyrillic, kNumber };

/// Facts about a token's surface form that rules downstream need after case folding.
enum TokenFlag : std::uint16_t {
    kCapitalised = 1U << 0,    ///< first letter is upper or title case ("Kyiv", "NATO")
    kAllCaps = 1U << 1,        ///< at least two letters and all of them upper case ("US")
    kAbbreviation = 1U << 2,   ///< dotted abbreviation, trailing dot included ("U.S.")
    kPossessive = 1U << 3,     ///< a possessive 's was removed ("Kyiv's")
    kPercent = 1U << 4,        ///< a number directly followed by '%'
    kHyphenJoined = 1U << 5,   ///< joined to the previous token by a hyphen ("20-point")
    kSentenceStart = 1U << 6,  ///< first token of a sentence
};

/// One word of the input.
struct Token {
    std::string text;            ///< normalised form: NFKC, case folded, Latin diacritics folded,
                                 ///< apostrophes unified to U+0027, possessive removed
    std::uint32_t start = 0;     ///< byte offset of the surface form in the UTF-8 input
    std::uint32_t end = 0;       ///< byte offset one past the surface (possessive excluded)
    std::uint32_t position = 0;  ///< word position, 0-based
    std::uint32_t sentence = 0;  ///< sentence number, 0-based
    Script script = Script::kOther;
    std::uint16_t flags = 0;

    [[nodiscard]] bool has(TokenFlag flag) const { return (flags & flag) != 0; }
};

}  // namespace accord::analyzers
