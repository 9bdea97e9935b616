#pragma once
/// @file cyrillic.hpp
/// Light morphology for Ukrainian and Russian, and the Latin "phonetic key" that lets Latin and
/// Cyrillic spellings of one name meet.

#include <unicode/uversion.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

U_NAMESPACE_BEGIN
class Transliterator;
U_NAMESPACE_END

namespace accord::analyzers {

/// Removes one inflectional ending (noun, adjective and common verb endings of Ukrainian and
/// Russian) from a folded Cyrillic word, keeping at least three letters: "донецької" →
/// "донецьк", "області" and "область" → "област", "києві" → "києв". Xapian 1.4 has no
/// Ukrainian stemmer; this is what makes Ukrainian case forms meet (see docs/analysis.md).
/// Words in other scripts are returned unchanged.
[[nodiscard]] std::string cyrillic_light_stem(std::string_view folded);

/// cyrillic_light_stem without a copy: the stem is always a prefix of @p folded.
[[nodiscard]] std::string_view cyrillic_light_stem_view(std::string_view folded);

/// Folds a lower-case ASCII spelling to a coarse phonetic key so transliteration variants meet:
/// "zelenskyy", "zelensky", "zelenskiy" → "zelenski"; "zaporizhzhia", "zaporizhzhya" →
/// "zaporizia". Non-letters are dropped.
[[nodiscard]] std::string latin_key(std::string_view ascii_lower);

/// Transliterates folded Cyrillic words to Latin with ICU's BGN/PCGN rules (Ukrainian when the
/// word has a letter only Ukrainian uses, else Russian) and returns their latin_key. Memoised;
/// not thread-safe.
class LatinKeyMaker {
public:
    LatinKeyMaker();
    ~LatinKeyMaker();
    LatinKeyMaker(const LatinKeyMaker&) = delete;
    LatinKeyMaker& operator=(const LatinKeyMaker&) = delete;

    /// Key of a folded word in any script ("" when there is nothing to key).
    [[nodiscard]] std::string key(std::string_view folded);

private:
    std::unique_ptr<icu::Transliterator> ukrainian_;
    std::unique_ptr<icu::Transliterator> russian_;
    std::unordered_map<std::string, std::string> cache_;
};

}  // namespace accord::analyzers
