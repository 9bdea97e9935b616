#pragma once
/// @file terms.hpp
/// Tokens → index terms, the same way for documents and for queries.

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "accord/analyzers/token.hpp"

namespace accord::schema {

/// Stems folded tokens into the unprefixed terms of the index.
///
/// - Latin-script words: Xapian's English stemmer, whatever the document's language, so that
///   queries (whose language is unknown) meet documents. Abbreviations ("u.s") and words with
///   digits are kept as they are.
/// - Cyrillic words: Xapian's Russian stemmer in Russian documents; Accord's light stemmer
///   (cyrillic_light_stem) in Ukrainian and other Cyrillic documents, since Xapian 1.4 has
///   no Ukrainian stemmer. A Cyrillic query word matches both forms.
/// - Numbers and other scripts: the folded form.
///
/// Not thread-safe (Xapian::Stem objects): one per thread.
class TermMaker {
public:
    TermMaker();

    /// The term of a document token in a document of @p language; "" to skip the token.
    [[nodiscard]] std::string term(const analyzers::Token& token, std::string_view language);

    /// The terms a query token may match, preferred first; empty to skip the token.
    [[nodiscard]] std::vector<std::string> query_terms(const analyzers::Token& token);

    /// Stems a Latin-script folded word with the English stemmer.
    [[nodiscard]] std::string stem_english(const std::string& word) {
        return stem(english_, english_memo_, word);
    }

    /// True when the token's folded form belongs in the spelling dictionary.
    [[nodiscard]] static bool spellable(const analyzers::Token& token);

    /// Longest folded token that becomes a term; longer ones are junk (base64, URLs).
    static constexpr std::size_t kMaxTokenBytes = 64;

    /// True for the English function words left out of the index ("the", "of" …). Their
    /// positions stay counted, so phrases keep their shape (see docs/term-prefixes.md).
    [[nodiscard]] static bool is_stopword(const analyzers::Token& token);

private:
    /// Stems through a memo: text repeats (Zipf), and a lookup costs a fraction of Snowball.
    const std::string& stem(Xapian::Stem& stemmer,
                            std::unordered_map<std::string, std::string>& memo,
                            const std::string& word);

    Xapian::Stem english_;
    Xapian::Stem russian_;
    std::unordered_map<std::string, std::string> english_memo_;
    std::unordered_map<std::string, std::string> russian_memo_;
};

}  // namespace accord::schema
