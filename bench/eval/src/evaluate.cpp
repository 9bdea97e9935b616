#include "accord/bench/evaluate.hpp"

#include <algorithm>
#include <charconv>

#include "accord/bench/measures.hpp"

namespace accord::bench {
namespace {

// Numeric query ids sort as numbers (1, 2, 10), others as strings after them.
bool qid_less(const std::string& a, const std::string& b) {
    long x = 0;
    long y = 0;
    const bool a_number =
        std::from_chars(a.data(), a.data() + a.size(), x).ptr == a.data() + a.size();
    const bool b_number =
        std::from_chars(b.data(), b.data() + b.size(), y).ptr == b.data() + b.size();
    if (a_number && b_number) {
        return x < y || (x == y && a < b);
    }
    if (a_number != b_number) {
        return a_number;
    }
    return a < b;
}

QueryEval evaluate_query(const std::string& qid, const std::map<std::string, int>& judged,
                         const std::vector<RunEntry>* entries, const EvalOptions& options) {
    QueryEval result;
    result.qid = qid;
    std::vector<int> judged_grades;
    judged_grades.reserve(judged.size());
    for (const auto& [doc, grade] : judged) {
        judged_grades.push_back(grade);
        if (grade >= options.level) {
            ++result.num_rel;
        }
    }
    std::vector<int> grades;
    if (entries != nullptr) {
        for (const auto& entry : ranked(*entries, options.order)) {
            const auto found = judged.find(entry.doc);
            grades.push_back(found == judged.end() ? kUnjudged : found->second);
        }
    }
    result.num_ret = static_cast<long>(grades.size());
    result.num_rel_ret = static_cast<long>(std::count_if(
        grades.begin(), grades.end(), [&](int grade) { return grade >= options.level; }));
    result.ap = average_precision(grades, result.num_rel, options.level);
    result.ndcg_10 = ndcg_at(grades, 10, std::move(judged_grades));
    result.p_10 = precision_at(grades, 10, options.level);
    result.recall_100 = recall_at(grades, 100, result.num_rel, options.level);
    return result;
}

}  // namespace

Evaluation evaluate(const Qrels& qrels, const Run& run, const EvalOptions& options) {
    Evaluation evaluation;
    for (const auto& [qid, judged] : qrels) {
        const bool has_relevant = std::any_of(judged.begin(), judged.end(), [&](const auto& pair) {
            return pair.second >= options.level;
        });
        if (!has_relevant) {
            continue;
        }
        const auto found = run.find(qid);
        const std::vector<RunEntry>* entries = found == run.end() ? nullptr : &found->second;
        if (entries == nullptr) {
            ++evaluation.num_missing;
        }
        evaluation.queries.push_back(evaluate_query(qid, judged, entries, options));
    }
    std::sort(evaluation.queries.begin(), evaluation.queries.end(),
              [](const QueryEval& a, const QueryEval& b) { return qid_less(a.qid, b.qid); });
    for (const auto& query : evaluation.queries) {
        evaluation.num_ret += query.num_ret;
        evaluation.num_rel += query.num_rel;
        evaluation.num_rel_ret += query.num_rel_ret;
        evaluation.map += query.ap;
        evaluation.ndcg_10 += query.ndcg_10;
        evaluation.p_10 += query.p_10;
        evaluation.recall_100 += query.recall_100;
    }
    evaluation.num_q = static_cast<long>(evaluation.queries.size());
    if (evaluation.num_q > 0) {
        const auto n = static_cast<double>(evaluation.num_q);
        evaluation.map /= n;
        evaluation.ndcg_10 /= n;
        evaluation.p_10 /= n;
        evaluation.recall_100 /= n;
    }
    return evaluation;
}

}  // namespace accord::bench
