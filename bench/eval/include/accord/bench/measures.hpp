#pragma once
/// @file measures.hpp
/// Per-query effectiveness measures on a ranked list of grades, defined as in trec_eval 9.0.
///
/// `grades[i]` is the judged grade of the document at rank i+1, or kUnjudged when the run
/// retrieved a document the qrels do not mention. A document is relevant when its grade is at
/// least `level` (trec_eval's `-l`, default 1).

#include <span>
#include <vector>

namespace accord::bench {

/// The grade of a retrieved document that is not in the qrels (trec_eval: RELVALUE_NONPOOL).
inline constexpr int kUnjudged = -1;

/// Non-interpolated average precision (trec_eval `map`): the sum of precision at the rank of
/// each relevant retrieved document, divided by `num_relevant` (all relevant documents of the
/// query, retrieved or not). 0 when `num_relevant` is 0.
[[nodiscard]] double average_precision(std::span<const int> grades, long num_relevant, int level);

/// Precision at cutoff k (trec_eval `P.k`): relevant documents in the top k divided by k, even
/// when fewer than k documents were retrieved.
[[nodiscard]] double precision_at(std::span<const int> grades, long k, int level);

/// Recall at cutoff k (trec_eval `recall.k`): relevant documents in the top k divided by
/// `num_relevant`. 0 when `num_relevant` is 0.
[[nodiscard]] double recall_at(std::span<const int> grades, long k, long num_relevant, int level);

/// nDCG at cutoff k (trec_eval `ndcg_cut.k`): gain = grade (grades ≤ 0 and unjudged give 0),
/// discount log2(rank + 1), normalised by the DCG of the ideal ranking of all judged grades of
/// the query (`judged_grades`, any order), also cut at k. Independent of the relevance level,
/// as in trec_eval. 0 when the ideal DCG is 0.
[[nodiscard]] double ndcg_at(std::span<const int> grades, long k, std::vector<int> judged_grades);

}  // namespace accord::bench
