#pragma once
/// @file tagger.hpp
/// Finds mentions of gazetteer entities in tokenised text.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "accord/analyzers/cyrillic.hpp"
#include "accord/analyzers/gazetteer.hpp"
#include "accord/analyzers/token.hpp"

namespace accord::analyzers {

/// One mention: the span of text that names an entity.
struct Mention {
    std::uint32_t entity = 0;  ///< facet entity the mention counts for (party/region/agreement)
    std::uint32_t named = 0;   ///< entity whose name matched (a leader, a capital, or entity)
    std::uint32_t start = 0;   ///< byte offset in the text
    std::uint32_t end = 0;     ///< byte offset one past the mention
    std::uint32_t first_token = 0;  ///< index of the first token of the mention
    std::uint32_t token_count = 0;
};

/// Where the text comes from, which changes how strict letter case is.
enum class TagMode : std::uint8_t {
    kText,   ///< documents: case rules and the person guard apply
    kQuery,  ///< what a person typed: only exact-case names ("US") keep their case rule
};

/// Greedy longest-match tagger over folded tokens (rules: docs/entity-rules.md, algorithm:
/// docs/analysis.md).
///
/// At each token it tries the names that start with that token (or, for Cyrillic, with the
/// same light stem), longest first, and takes the first whose tokens, separating punctuation,
/// letter case and context rules all hold; then it continues after the mention. An exact
/// spelling beats a stem match of the same length. A capitalised word the gazetteer does not
/// know as a name of its own is looked up once more by its Latin phonetic key (ICU
/// transliteration for Cyrillic), so spelling and script variants of one-word names still
/// meet; a known name that its rules rejected ("Washington Post") is not retried that way.
///
/// Not thread-safe (memoised transliteration, reused buffers): one per thread, sharing the
/// Gazetteer.
class EntityTagger {
public:
    explicit EntityTagger(std::shared_ptr<const Gazetteer> gazetteer);

    /// Mentions in @p text, whose tokens are @p tokens (from Tokenizer::tokenize(text)).
    [[nodiscard]] std::vector<Mention> tag(std::string_view text, const std::vector<Token>& tokens,
                                           TagMode mode = TagMode::kText);

    [[nodiscard]] const Gazetteer& gazetteer() const { return *gazetteer_; }

private:
    struct Context;
    /// The longest name of at most @p max_tokens tokens that matches at token @p i (an exact
    /// spelling before a stem match of the same length; the Latin key when nothing else does).
    const Alias* best_at(const Context& context, std::size_t i, std::size_t max_tokens);
    bool matches(const Alias& alias, const Context& context, std::size_t at, bool by_key,
                 bool& by_stem) const;
    bool rules_hold(const Alias& alias, const Context& context, std::size_t at) const;
    bool actor_follows(const Alias& alias, const Context& context, std::size_t at,
                       std::size_t end) const;

    std::shared_ptr<const Gazetteer> gazetteer_;
    LatinKeyMaker keys_;
    int coordinators_ = -1;  ///< word list "coordinators" of 90-rules.jsonl, or -1
    // Per-call buffers, kept to reuse their memory.
    std::vector<std::uint32_t> sentence_begin_;
    std::vector<std::uint32_t> sentence_end_;
    std::vector<std::string_view> stems_;
    std::vector<std::uint8_t> stemmed_;
};

}  // namespace accord::analyzers
