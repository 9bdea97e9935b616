#pragma once
/// @file normalizer.hpp
/// Folding of one word to the form that index and queries share.

#include <unicode/uversion.h>

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "accord/analyzers/string_hash.hpp"
#include "accord/analyzers/token.hpp"

U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace accord::analyzers {

/// Folds a word: Unicode NFKC with case folding, apostrophes (’ ʼ ‘ ` ´) to ', Unicode hyphens
/// to '-', diacritics removed from Latin letters ("Türkiye" → "turkiye"), Cyrillic ё → е and
/// ґ → г, thousands separators dropped from numbers. Cyrillic й, ї, є keep their marks: they
/// are letters of their own.
///
/// Pure ASCII words take a fast path; other words are memoised, so a Normalizer is cheap on
/// real text (Zipf: most words repeat). Not thread-safe: one per thread.
class Normalizer {
public:
    Normalizer();

    /// The folded form of @p word.
    [[nodiscard]] std::string fold(std::string_view word);

    /// Script of the first letter or digit of @p word.
    [[nodiscard]] static Script script_of(std::string_view word);

private:
    std::string fold_unicode(std::string_view word) const;

    const icu::Normalizer2* nfkc_casefold_;
    const icu::Normalizer2* nfd_;
    const icu::Normalizer2* nfc_;
    std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> cache_;
};

/// True when every byte of @p text is ASCII.
[[nodiscard]] bool is_ascii(std::string_view text);

}  // namespace accord::analyzers
