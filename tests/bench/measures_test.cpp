// Hand-computed cases for the trec_eval measures (see docs/benchmarks.md for the definitions).
#include "accord/bench/measures.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using accord::bench::average_precision;
using accord::bench::kUnjudged;
using accord::bench::ndcg_at;
using accord::bench::precision_at;
using accord::bench::recall_at;

// Binary judgments. Ranked: R N R N N; a third relevant document is never retrieved.
const std::vector<int> kBinary = {1, 0, 1, 0, 0};

TEST(AveragePrecision, DividesByAllRelevantNotJustRetrieved) {
    // (1/1 + 2/3) / 3
    EXPECT_NEAR(average_precision(kBinary, 3, 1), 5.0 / 9.0, 1e-12);
}

TEST(AveragePrecision, IsZeroWithoutRelevantDocuments) {
    EXPECT_EQ(average_precision(kBinary, 0, 1), 0.0);
    EXPECT_EQ(average_precision({}, 4, 1), 0.0);
}

TEST(AveragePrecision, PerfectRankingIsOne) {
    EXPECT_NEAR(average_precision(std::vector<int>{1, 1, 0}, 2, 1), 1.0, 1e-12);
}

TEST(AveragePrecision, UsesTheRelevanceLevel) {
    // Grades 2 3 0 1 ?; relevant at level 2: ranks 1 and 2; 3 relevant in all.
    const std::vector<int> graded = {2, 3, 0, 1, kUnjudged};
    EXPECT_NEAR(average_precision(graded, 3, 2), 2.0 / 3.0, 1e-12);
    // At level 1 rank 4 counts too: (1 + 1 + 3/4) / 4 relevant.
    EXPECT_NEAR(average_precision(graded, 4, 1), 2.75 / 4.0, 1e-12);
}

TEST(PrecisionAt, DividesByTheCutoffEvenWhenFewerWereRetrieved) {
    EXPECT_NEAR(precision_at(kBinary, 10, 1), 0.2, 1e-12);
    EXPECT_NEAR(precision_at(kBinary, 2, 1), 0.5, 1e-12);
    EXPECT_EQ(precision_at({}, 10, 1), 0.0);
}

TEST(RecallAt, CountsOnlyTheTopK) {
    EXPECT_NEAR(recall_at(kBinary, 100, 3, 1), 2.0 / 3.0, 1e-12);
    EXPECT_NEAR(recall_at(kBinary, 1, 3, 1), 1.0 / 3.0, 1e-12);
    EXPECT_EQ(recall_at(kBinary, 100, 0, 1), 0.0);
}

TEST(NdcgAt, BinaryGains) {
    // DCG = 1/log2(2) + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3) + 1/log2(4).
    EXPECT_NEAR(ndcg_at(kBinary, 10, {1, 1, 1, 0, 0}), 0.7039180890341347, 1e-12);
}

TEST(NdcgAt, GainIsTheGradeAndTheIdealComesFromTheQrels) {
    // Ranked grades 2 3 0 1 ?; judged: 3 2 1 0 and a 3 never retrieved.
    // DCG = 2 + 3/log2(3) + 1/log2(5) = 4.323466; ideal 3 3 2 1 = 6.323466.
    const std::vector<int> graded = {2, 3, 0, 1, kUnjudged};
    EXPECT_NEAR(ndcg_at(graded, 10, {3, 2, 1, 0, 3}), 4.323465818787765 / 6.323465818787765, 1e-12);
}

TEST(NdcgAt, CutsBothTheRunAndTheIdealAtK) {
    EXPECT_NEAR(ndcg_at(std::vector<int>{3}, 1, {3, 3}), 1.0, 1e-12);
    EXPECT_EQ(ndcg_at(std::vector<int>{0, 0, 3}, 2, {3}), 0.0);
    // A relevant document at rank 11 adds nothing to nDCG@10.
    std::vector<int> late(10, 0);
    late.push_back(1);
    EXPECT_EQ(ndcg_at(late, 10, {1}), 0.0);
}

TEST(NdcgAt, ZeroWhenNothingIsRelevant) {
    EXPECT_EQ(ndcg_at(std::vector<int>{0, kUnjudged}, 10, {0, 0}), 0.0);
}

}  // namespace
