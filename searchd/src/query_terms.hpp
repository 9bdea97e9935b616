#pragma once
// The query's words, phrases and field values compiled into Xapian queries over the index's
// terms: analysed and tagged as the index was (entity names, hyphenated words, Cyrillic
// variants), wildcards expanded, field values resolved. The grammar that joins these pieces
// (AND, OR, NOT, NEAR, groups) is the parser's, in query_parser.cpp; kept apart so that the
// parser reads as the grammar and this as what a word of the query means in the index.

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accord/analyzers/analyzer.hpp"
#include "accord/schema/terms.hpp"
#include "accord/search/query_lexer.hpp"
#include "accord/search/query_parser.hpp"

namespace accord::search::detail {

/// Words the query side leaves out of a run of words (the index keeps them; phrases match them
/// by position). Not the index's own list (schema::TermMaker::is_stopword), which is shorter.
[[nodiscard]] bool is_common_query_word(const std::string& folded);

/// @p parts joined by @p op; the one part itself, or an empty query for none.
[[nodiscard]] Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts);

/// One compiled piece of a conjunction.
struct Item {
    enum class Role { kWeighted, kRequired, kNegative, kFilter };
    Item(Role role_, Xapian::Query query_, std::vector<Xapian::Query> leaves_ = {},
         Xapian::termcount span_ = 0)
        : role(role_), query(std::move(query_)), leaves(std::move(leaves_)), span(span_) {}
    Role role = Role::kWeighted;
    Xapian::Query query;
    /// For NEAR: the words' own terms (each a term or an OR of a word's forms) and how many
    /// positions they span. Empty when the item has no positions (a filter, a wildcard).
    std::vector<Xapian::Query> leaves;
    Xapian::termcount span = 0;
};

/// The terms of a phrase or word, in order, and the positions they span.
struct Positional {
    std::vector<Xapian::Query> leaves;
    Xapian::termcount span = 0;
};

/// Compiles the lexemes of one query into items, filling in what the highlighter, the
/// speller and the ranker need in @p out. Counts the terms it makes against
/// QueryParserOptions::max_terms and throws InvalidRequest past it, or for a malformed field
/// value.
class TermCompiler {
public:
    /// @p any_word: the relaxed search (DefaultOperator::kAnyWord).
    TermCompiler(analyzers::Analyzer& analyzer, schema::TermMaker& terms,
                 const QueryParserOptions& options, QueryParser& owner, const Xapian::Database* db,
                 bool any_word, ParsedQuery& out);

    /// A "quoted phrase": one item, or its words each on its own when relaxed.
    void phrase(const Lexeme& lexeme, std::vector<Item>& items);

    /// A run of plain words (or one signed or wildcard word): tagged for entity names, then
    /// one item per word or name.
    void words(const std::vector<const Lexeme*>& run, char sign, std::vector<Item>& items);

    /// field:value: a title phrase, or a filter (negative with '-') on facets or dates.
    void field(const Lexeme& lexeme, std::vector<Item>& items);

private:
    /// A positive word (or name, or hyphenated word) of a run, where it stands in the run.
    struct Placed {
        std::uint32_t first = 0;
        std::uint32_t last = 0;
        std::vector<Xapian::Query> leaves;
        Xapian::termcount span = 0;
    };

    Item::Role role_of(char sign);
    void count_terms(std::size_t more);
    std::optional<Xapian::Query> token_query(const analyzers::Token& token,
                                             const std::string& prefix, bool highlight);
    std::optional<Xapian::Query> tokens_query(const std::vector<analyzers::Token>& tokens,
                                              std::size_t from, std::size_t to,
                                              const std::string& prefix, bool highlight,
                                              Positional* positional = nullptr);
    std::optional<Xapian::Query> phrase_query(const std::string& text, const std::string& prefix,
                                              bool highlight, Positional* positional = nullptr);
    void add_proximity_pairs(const std::vector<Placed>& placed);
    std::optional<Xapian::Query> closed_compound(const std::vector<analyzers::Token>& tokens,
                                                 std::size_t from, std::size_t to);
    void wildcard_item(const std::vector<analyzers::Token>& tokens, Item::Role role,
                       std::vector<Item>& items);

    analyzers::Analyzer& analyzer_;
    schema::TermMaker& terms_;
    const QueryParserOptions& options_;
    QueryParser& owner_;
    const Xapian::Database* db_;
    bool any_word_ = false;  ///< relaxed: every positive word on its own, joined by OR
    ParsedQuery& out_;
    std::size_t terms_count_ = 0;
};

}  // namespace accord::search::detail
