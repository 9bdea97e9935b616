#include "accord/bench/trec_io.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace {

using accord::bench::RankOrder;
using accord::bench::read_qrels;
using accord::bench::read_run;
using accord::bench::TrecFormatError;

TEST(ReadQrels, ReadsGradesPerQuery) {
    std::istringstream in("1 0 d1 1\n1 0 d2 0\n\n2 0 d1 3\n");
    const auto qrels = read_qrels(in);
    ASSERT_EQ(qrels.size(), 2U);
    EXPECT_EQ(qrels.at("1").at("d1"), 1);
    EXPECT_EQ(qrels.at("1").at("d2"), 0);
    EXPECT_EQ(qrels.at("2").at("d1"), 3);
}

TEST(ReadQrels, RejectsMalformedLines) {
    std::istringstream short_line("1 0 d1\n");
    EXPECT_THROW((void)read_qrels(short_line), TrecFormatError);
    std::istringstream bad_grade("1 0 d1 high\n");
    EXPECT_THROW((void)read_qrels(bad_grade), TrecFormatError);
    std::istringstream twice("1 0 d1 1\n1 0 d1 0\n");
    EXPECT_THROW((void)read_qrels(twice), TrecFormatError);
}

TEST(ReadRun, ReadsEntriesInFileOrder) {
    std::istringstream in("7 Q0 a 1 2.5 tag\n7 Q0 b 2 1e-3 tag\r\n");
    const auto run = read_run(in);
    ASSERT_EQ(run.at("7").size(), 2U);
    EXPECT_EQ(run.at("7")[0].doc, "a");
    EXPECT_DOUBLE_EQ(run.at("7")[1].score, 0.001);
    EXPECT_EQ(run.at("7")[1].rank, 2);
}

TEST(ReadRun, RejectsMalformedLinesAndDuplicates) {
    std::istringstream short_line("7 Q0 a 1 2.5\n");
    EXPECT_THROW((void)read_run(short_line), TrecFormatError);
    std::istringstream bad_score("7 Q0 a 1 nan? tag\n");
    EXPECT_THROW((void)read_run(bad_score), TrecFormatError);
    std::istringstream duplicate("7 Q0 a 1 2 t\n7 Q0 a 2 1 t\n");
    EXPECT_THROW((void)read_run(duplicate), TrecFormatError);
}

TEST(Ranked, SortsByScoreThenDocumentIdDescendingLikeTrecEval) {
    std::istringstream in("1 Q0 a 1 1.0 t\n1 Q0 b 2 2.0 t\n1 Q0 c 3 1.0 t\n1 Q0 B 4 1.0 t\n");
    const auto run = read_run(in);
    const auto order = accord::bench::ranked(run.at("1"), RankOrder::Score);
    ASSERT_EQ(order.size(), 4U);
    // 2.0 first; the 1.0 ties by strcmp descending: c > a > B.
    EXPECT_EQ(order[0].doc, "b");
    EXPECT_EQ(order[1].doc, "c");
    EXPECT_EQ(order[2].doc, "a");
    EXPECT_EQ(order[3].doc, "B");
}

TEST(Ranked, RankOrderFollowsTheRankColumn) {
    std::istringstream in("1 Q0 a 2 9.0 t\n1 Q0 b 1 1.0 t\n");
    const auto order = accord::bench::ranked(read_run(in).at("1"), RankOrder::Rank);
    EXPECT_EQ(order[0].doc, "b");
    EXPECT_EQ(order[1].doc, "a");
}

}  // namespace
