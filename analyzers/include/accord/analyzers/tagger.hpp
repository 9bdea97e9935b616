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
    std::uint32_t entity = 0;       ///< facet entity the mention counts for (party/region/agreement)
    std::uint32_t named = 0;        ///< entity whose name matched (a leader, a capital, or entity)
    std::uint32_t start = 0;        ///< byte offset in the text
    std::uint32_t end = 0;          ///< byte offset one past the mention
    std::uint32_t first_token = 0;  ///< index of the first token of the mention
    std::uint32_t token_count = 0;
};

/// Where the text comes from, which changes how strict letter case is.
enum class TagMode : std::uint8_t {
    kText,   ///< documents: case rules and the person guard apply
    kQuery,  ///< what a person typed: only exact-case names ("US") keep their case rule
};

/// Greedy longest-match tagger over folded tokens (rules: docs/entity-rules.md).
///
/// At each token it tries the names that start with that token (or, for Cyrillic, with the
/// same light stem), longest first, and takes the first whose tokens, letter case and
/// context rules all hold; then it continues after the mention. A name-like token that
/// matched nothing is looked up once more by its Latin phonetic key (ICU transliteration for
/// Cyrillic), so spelling and script variants of one-word names still meet.
///
/// Not thread-safe (memoised transliteration): one per thread, sharing the Gazetteer.
class EntityTagger {
public:
    explicit EntityTagger(std::shared_ptr<const Gazetteer> gazetteer);

    /// Mentions in @p text, whose tokens are @p tokens (from Tokenizer::tokenize(text)).
    [[nodiscard]] std::vector<Mention> tag(std::string_view text, const std::vector<Token>& tokens,
                                           TagMode mode = TagMode::kText);

    [[nodiscard]] const Gazetteer& gazetteer() const { return *gazetteer_; }

private:
    struct Context;
    bool matches(const Alias& alias, const Context& context, std::size_t at, bool by_key,
                 bool& by_stem) const;
    bool rules_hold(const Alias& alias, const Context& context, std::size_t at) const;

    std::shared_ptr<const Gazetteer> gazetteer_;
    LatinKeyMaker keys_;
};

}  // namespace accord::analyzers
