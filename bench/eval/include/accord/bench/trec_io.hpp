#pragma once
/// @file trec_io.hpp
/// TREC relevance judgments (qrels) and runs, read the way trec_eval reads them.

#include <istream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace accord::bench {

/// A malformed qrels or run file (message names the line).
class TrecFormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Judgments: query id → (document id → grade). Grades are small integers, larger = more
/// relevant; a negative grade means "in the pool but not judged" (as in trec_eval).
using Qrels = std::map<std::string, std::map<std::string, int>>;

/// One retrieved document of a run.
struct RunEntry {
    std::string doc;
    double score = 0.0;
    long rank = 0;  ///< the rank column as written; trec_eval ignores it (see ranked())
};

/// A run: query id → retrieved documents in file order.
using Run = std::map<std::string, std::vector<RunEntry>>;

/// Reads `qid iter docid grade` lines (whitespace separated; blank lines skipped).
/// Throws TrecFormatError on a short line, a non-integer grade or a document judged twice
/// for one query.
[[nodiscard]] Qrels read_qrels(std::istream& in);

/// Reads `qid Q0 docid rank score tag` lines. Throws TrecFormatError on a short line, a
/// non-numeric score or rank, or a document retrieved twice for one query.
[[nodiscard]] Run read_run(std::istream& in);

/// How a query's documents are ordered before scoring.
enum class RankOrder {
    Score,  ///< trec_eval: score descending, ties broken by document id descending (strcmp)
    Rank,   ///< the rank column ascending (file order on ties); a diagnostic, not trec_eval
};

/// The documents of one query of a run, in evaluation order.
[[nodiscard]] std::vector<RunEntry> ranked(std::vector<RunEntry> entries, RankOrder order);

}  // namespace accord::bench
