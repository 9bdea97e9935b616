#pragma once
/// @file query_lexer.hpp
/// The first step of parsing a query: its text cut into lexemes (words, phrases, fields,
/// operators), before any analysis. The parser (query_parser.hpp) analyses and compiles them.
///
/// Whether AND, OR, NOT and NEAR are operators depends on how the query was written: a query
/// wholly in upper case (a pasted headline or cable, "BORDER DISPUTE BETWEEN ISRAEL AND
/// SYRIA .") is text, and they are words in it; in any other query they are operators
/// (docs/query-language.md, "Queries as people type them").

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace accord::search {

enum class LexKind {
    kWord,    ///< a word as typed (may hold punctuation: "U.S.", "20-point", "nucl*")
    kPhrase,  ///< "quoted words"
    kField,   ///< field:value or field:"value"
    kOpen,    ///< (
    kClose,   ///< )
    kAnd,     ///< AND, &&
    kOr,      ///< OR, ||
    kNot,     ///< NOT
    kNear,    ///< NEAR, NEAR/n
};

struct Lexeme {
    LexKind kind = LexKind::kWord;
    std::string text;             ///< word or phrase text, or field value
    std::string field;            ///< kField: lower-case field name
    bool quoted = false;          ///< kField: the value was a "phrase"
    bool wildcard = false;        ///< kWord ending in '*' (the '*' is not in text)
    char sign = 0;                ///< '+', '-' or 0
    std::size_t start = 0;        ///< byte offset of text in the query
    std::size_t near_window = 0;  ///< kNear: how many words may stand between the two sides
};

/// How far apart NEAR's two sides may be when the query does not say (NEAR/n).
inline constexpr std::size_t kDefaultNearDistance = 10;

/// A query cut into lexemes.
struct LexedQuery {
    std::vector<Lexeme> lexemes;
    /// The query was wholly in upper case: operator words and parentheses were read as text.
    bool upper_case_text = false;
};

/// The field names the query language knows ("title", "party", …, "date"); any other
/// "name:value" is searched as words.
[[nodiscard]] bool is_query_field(std::string_view lower_case_name);

/// True when every cased letter of the query's words is upper case and there are at least two
/// of them. Field prefixes with their values ("party:ua") and the operator words themselves are
/// left out of the test, so "IRAN OR SYRIA party:ua" is still upper-case text.
[[nodiscard]] bool is_upper_case_query(std::string_view text);

/// Cuts @p text (valid UTF-8) into lexemes. Never fails: unbalanced quotes run to the end of
/// the text, and anything unrecognised is a word.
[[nodiscard]] LexedQuery lex_query(std::string_view text);

}  // namespace accord::search
