#pragma once
/// @file evaluate.hpp
/// Scores a run against qrels: MAP, nDCG@10, P@10 and Recall@100, averaged over queries.

#include <string>
#include <vector>

#include "accord/bench/trec_io.hpp"

namespace accord::bench {

struct EvalOptions {
    int level = 1;  ///< minimum grade of a relevant document (trec_eval -l)
    RankOrder order = RankOrder::Score;
};

/// The measures of one query.
struct QueryEval {
    std::string qid;
    long num_ret = 0;      ///< documents retrieved
    long num_rel = 0;      ///< relevant documents in the qrels
    long num_rel_ret = 0;  ///< relevant documents retrieved
    double ap = 0.0;
    double ndcg_10 = 0.0;
    double p_10 = 0.0;
    double recall_100 = 0.0;
};

/// Means over the evaluated queries, plus the per-query values.
struct Evaluation {
    std::vector<QueryEval> queries;  ///< sorted by query id (numerically when both are numbers)
    long num_q = 0;                  ///< evaluated queries
    long num_missing = 0;            ///< evaluated queries the run has no line for (scored 0)
    long num_ret = 0;
    long num_rel = 0;
    long num_rel_ret = 0;
    double map = 0.0;
    double ndcg_10 = 0.0;
    double p_10 = 0.0;
    double recall_100 = 0.0;
};

/// Evaluates every query of the qrels that has at least one relevant document (grade ≥ level);
/// queries without one are left out of every mean (trec_eval would count them as 0), queries
/// of the run that the qrels do not mention are ignored, and an evaluated query the run lacks
/// scores 0 on every measure (trec_eval -c).
[[nodiscard]] Evaluation evaluate(const Qrels& qrels, const Run& run, const EvalOptions& options);

}  // namespace accord::bench
