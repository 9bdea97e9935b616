#pragma once
/// @file tokenizer.hpp
/// ICU word breaking plus the normalisation rules of Accord's text pipeline.

#include <unicode/uversion.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "accord/analyzers/normalizer.hpp"
#include "accord/analyzers/token.hpp"

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace accord::analyzers {

/// Length in bytes of the apostrophe that starts @p text, or 0: one of ' ’ ‘ ＇ ʼ ʹ, the
/// apostrophes ICU's word breaking keeps inside a word (UAX #29 Single_Quote and MidNumLet, or a
/// modifier letter), so that "NATO‘s" or "Ukraine＇s" reach the possessive rule as one segment.
/// (` ´ ′ split the word, which leaves "NATO" a word of its own.)
[[nodiscard]] std::size_t apostrophe_prefix(std::string_view text);

/// Splits UTF-8 text into normalised tokens with byte offsets, word positions and sentence
/// numbers.
///
/// Word boundaries come from ICU's BreakIterator (UAX #29, any script). On top of it:
/// dotted abbreviations keep their final dot ("U.S." stays one token, folded "u.s"); a
/// possessive 's is removed, after any apostrophe_prefix ("Kyiv's", "Kyiv’s" → "kyiv"); hyphenated
/// compounds are split into their parts ("20-point" → "20", "point") with the second part flagged
/// kHyphenJoined so that phrase queries and the tagger see them adjacent; a number followed by '%'
/// is flagged kPercent. Sentences end at '.', '!', '?', '…' or a blank line between tokens.
///
/// Not thread-safe (the BreakIterator and the Normalizer's memo are per instance).
class Tokenizer {
public:
    Tokenizer();
    ~Tokenizer();
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;
    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;

    /// Tokens of @p text (UTF-8; invalid sequences are treated as separators).
    [[nodiscard]] std::vector<Token> tokenize(std::string_view text);

    /// Appends the tokens of @p text to @p out, numbering positions from @p first_position.
    void tokenize(std::string_view text, std::vector<Token>& out, std::uint32_t first_position = 0);

    /// The Normalizer the tokenizer folds with (shared so callers fold the same way).
    Normalizer& normalizer() { return normalizer_; }

private:
    std::unique_ptr<icu::BreakIterator> words_;
    Normalizer normalizer_;
};

}  // namespace accord::analyzers
