#pragma once
/// @file query_parser.hpp
/// Accord's query language, parsed with the same analyzer the index was built with.
///
///     security guarantees          words: all required for short queries, any for long ones
///     "armed attack"               phrase
///     nato OR alliance             boolean operators AND, OR, NOT, NEAR (upper case) and ( )
///     ceasefire NEAR/5 violations  both words, at most 5 words apart (NEAR alone: 10)
///     -russia  +kyiv               exclude / require a word
///     nucl*                        words starting with "nucl"
///     title:ceasefire              field prefixes: title: party: region: agreement: type:
///     party:ua region:ua-14        lang: date:
///     date:2025-01-01..2025-06-30  date ranges (also date:2025, date:2025-03, date:..2025-06-30)
///
/// A query written wholly in upper case (a pasted headline or cable) is text: its AND, OR, NOT
/// and NEAR are words (query_lexer.hpp).
///
/// A name of a gazetteer entity in the words ("Kiev", "Київ", "Zelensky") also matches every
/// other name of that entity, through its XE term, at a lower weight than the literal words.

#include <xapian.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "accord/analyzers/analyzer.hpp"
#include "accord/schema/terms.hpp"

namespace accord::search {

/// How words next to each other combine when no operator is written.
enum class DefaultOperator {
    kAuto,  ///< AND for up to QueryParserOptions::and_max_words words, OR beyond
    kAnd,
    kOr,
    /// Relaxed: every positive word on its own, joined by OR, whatever the operators said
    /// (AND, NEAR, phrases and +word loosen; NOT, -word and field filters still hold).
    kAnyWord,
};

struct QueryParserOptions {
    std::size_t and_max_words = 4;  ///< longer queries are questions: any word may match
    double entity_weight = 0.5;     ///< weight of "any name of the entity" next to the literal
    /// Weight of a region's towns next to the region's own name, and of a regional centre's
    /// region next to the city (both then times entity_weight). Chosen, not tuned: half, so
    /// a document naming what was searched ranks above one naming only its neighbour.
    double region_weight = 0.5;
    std::size_t max_bytes = 4096;  ///< longer queries are refused
    std::size_t max_terms = 1000;  ///< queries with more terms are refused
    Xapian::termcount wildcard_limit = 200;
    /// Neighbouring words count as close (ParsedQuery::unordered_pairs) with at most this many
    /// words between them. 0: no proximity pairs.
    Xapian::termcount proximity_window = 8;
};

/// A query that matches every document, built afresh. Never copy Xapian::Query::MatchAll in
/// a server: it is one static object shared by every thread, and Xapian's reference counts are
/// not atomic, so copies made and dropped on two threads at once corrupt its count until it is
/// freed while still in use (a crash found by the soak test, diagnosed with ThreadSanitizer).
[[nodiscard]] inline Xapian::Query match_all_query() {
    return Xapian::Query(std::string());
}

/// A word of the query that may be misspelt: where it is in the query text, and its term.
struct QueryWord {
    std::size_t start = 0;  ///< byte offset in the query text
    std::size_t end = 0;
    std::string folded;  ///< folded form (for the spelling dictionary)
    std::string term;    ///< index term
};

/// A parsed query, ready for Xapian, and what the highlighter needs to mark its matches.
struct ParsedQuery {
    Xapian::Query query;    ///< the text's conditions (filters included)
    bool match_all = true;  ///< no text condition: browse every document
    bool used_or = false;   ///< words were joined with OR
    /// The query used operators that narrow it beyond "any of its words": AND, NEAR, a
    /// phrase of several words, +word. Such a query relaxes when it matches nothing.
    bool operators = false;
    bool upper_case_text = false;           ///< written wholly in upper case: operators were words
    std::size_t words = 0;                  ///< positive words and names
    std::set<std::string> highlight_terms;  ///< index terms to mark
    std::vector<std::string> highlight_prefixes;  ///< folded wildcard prefixes
    std::set<std::string> highlight_entities;     ///< named-entity ids to mark
    /// The entity terms searched (XE, XI): their positions are where the marked names are, so
    /// snippets look these up rather than one term per marked id (a region has many towns).
    std::set<std::string> entity_terms;
    std::vector<QueryWord> spellable;  ///< plain words, for "did you mean"
    /// Neighbouring words of the query, for ranking only (they never change what matches):
    /// each pair as typed (a phrase, stopwords between them kept as gaps), and in any order
    /// within QueryParserOptions::proximity_window words.
    std::vector<Xapian::Query> ordered_pairs;
    std::vector<Xapian::Query> unordered_pairs;
};

/// Parses query text. Holds references to a per-thread Analyzer and TermMaker; the database
/// (optional) expands wildcards through the spelling dictionary.
class QueryParser {
public:
    QueryParser(analyzers::Analyzer& analyzer, schema::TermMaker& terms,
                QueryParserOptions options = {});

    /// Throws InvalidRequest for text that is not UTF-8, too long, has too many terms, or
    /// carries a malformed field value (date:, an unknown entity …). Unbalanced quotes and
    /// parentheses and stray operators are forgiven.
    [[nodiscard]] ParsedQuery parse(std::string_view text, const Xapian::Database* database,
                                    DefaultOperator op = DefaultOperator::kAuto);

    /// Resolves a facet value written as an id ("ua") or a name ("Ukraine", "Zelensky") to an
    /// entity id of @p type ("party", "region", "agreement"). Throws InvalidRequest.
    [[nodiscard]] std::string resolve_entity(std::string_view value, std::string_view type);

    [[nodiscard]] const QueryParserOptions& options() const { return options_; }

private:
    analyzers::Analyzer& analyzer_;
    schema::TermMaker& terms_;
    QueryParserOptions options_;
};

/// Parses "YYYY", "YYYY-MM", "YYYY-MM-DD" into the first (@p end false) or last (true) day it
/// covers, as a date value "YYYYMMDD". Throws InvalidRequest.
[[nodiscard]] std::string date_bound(std::string_view text, bool end);

}  // namespace accord::search
