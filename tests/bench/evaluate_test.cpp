#include "accord/bench/evaluate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "test_support.hpp"

namespace {

using accord::bench::EvalOptions;
using accord::bench::evaluate;

accord::bench::Qrels qrels_of(const std::string& text) {
    std::istringstream in(text);
    return accord::bench::read_qrels(in);
}

accord::bench::Run run_of(const std::string& text) {
    std::istringstream in(text);
    return accord::bench::read_run(in);
}

TEST(Evaluate, AveragesOverQueriesWithARelevantDocument) {
    // q1: relevant d1 at rank 2 (AP 0.5). q2: nothing relevant (left out). q3: relevant, but the
    // run has no line for it (scores 0). q9: not judged (ignored).
    const auto qrels = qrels_of("1 0 d1 1\n1 0 d2 0\n2 0 d3 0\n3 0 d4 1\n");
    const auto run = run_of("1 Q0 d2 1 2 t\n1 Q0 d1 2 1 t\n9 Q0 d1 1 5 t\n");
    const auto result = evaluate(qrels, run, EvalOptions{});
    EXPECT_EQ(result.num_q, 2);
    EXPECT_EQ(result.num_missing, 1);
    EXPECT_EQ(result.num_rel, 2);
    EXPECT_EQ(result.num_rel_ret, 1);
    EXPECT_EQ(result.num_ret, 2);
    EXPECT_NEAR(result.map, 0.25, 1e-12);
    EXPECT_NEAR(result.p_10, 0.05, 1e-12);
    EXPECT_NEAR(result.recall_100, 0.5, 1e-12);
    // q1: DCG 1/log2(3), ideal 1 → 0.6309; q3: 0.
    EXPECT_NEAR(result.ndcg_10, 0.5 / std::log2(3.0), 1e-12);
    ASSERT_EQ(result.queries.size(), 2U);
    EXPECT_EQ(result.queries[0].qid, "1");
    EXPECT_EQ(result.queries[1].qid, "3");
}

TEST(Evaluate, LevelDecidesWhichQueriesCount) {
    const auto qrels = qrels_of("1 0 d1 1\n2 0 d2 2\n");
    const auto run = run_of("1 Q0 d1 1 1 t\n2 Q0 d2 1 1 t\n");
    EXPECT_EQ(evaluate(qrels, run, EvalOptions{1}).num_q, 2);
    EXPECT_EQ(evaluate(qrels, run, EvalOptions{2}).num_q, 1);
}

TEST(Evaluate, SortsQueryIdsNumerically) {
    const auto qrels = qrels_of("10 0 d 1\n9 0 d 1\nx 0 d 1\n");
    const auto result = evaluate(qrels, {}, EvalOptions{});
    ASSERT_EQ(result.queries.size(), 3U);
    EXPECT_EQ(result.queries[0].qid, "9");
    EXPECT_EQ(result.queries[1].qid, "10");
    EXPECT_EQ(result.queries[2].qid, "x");
}

// Per-query and mean values written by trec_eval itself (tests/bench/fixtures/README.md).
void expect_matches_trec_eval(int level, const std::string& expected_file) {
    const auto dir = accord::testing::source_dir() / "tests" / "bench" / "fixtures";
    std::ifstream qrels_in(dir / "synthetic.qrels");
    std::ifstream run_in(dir / "synthetic.run");
    const auto result = evaluate(accord::bench::read_qrels(qrels_in),
                                 accord::bench::read_run(run_in), EvalOptions{level});
    std::map<std::string, const accord::bench::QueryEval*> by_qid;
    for (const auto& query : result.queries) {
        by_qid[query.qid] = &query;
    }
    std::ifstream expected(dir / expected_file);
    ASSERT_TRUE(expected) << expected_file;
    std::string line;
    int checked = 0;
    while (std::getline(expected, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream fields(line);
        std::string measure;
        std::string qid;
        double value = 0.0;
        fields >> measure >> qid >> value;
        double ours = 0.0;
        if (qid == "all") {
            ours = measure == "map"           ? result.map
                   : measure == "P_10"        ? result.p_10
                   : measure == "recall_100"  ? result.recall_100
                   : measure == "ndcg_cut_10" ? result.ndcg_10
                                              : -1.0;
        } else {
            ASSERT_TRUE(by_qid.contains(qid)) << qid;
            const auto& q = *by_qid[qid];
            ours = measure == "map"           ? q.ap
                   : measure == "P_10"        ? q.p_10
                   : measure == "recall_100"  ? q.recall_100
                   : measure == "ndcg_cut_10" ? q.ndcg_10
                                              : -1.0;
        }
        EXPECT_NEAR(ours, value, 0.00005 + 1e-9) << measure << " " << qid;
        ++checked;
    }
    EXPECT_EQ(checked, 36);  // 4 measures × (8 queries + all)
}

TEST(Evaluate, MatchesTrecEvalAtLevel1) {
    expect_matches_trec_eval(1, "synthetic.l1.expected");
}

TEST(Evaluate, MatchesTrecEvalAtLevel2) {
    expect_matches_trec_eval(2, "synthetic.l2.expected");
}

}  // namespace
