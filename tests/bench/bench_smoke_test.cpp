// Smoke run of the benchmark tools on a five-document corpus, so that they cannot rot:
// accord-gen-corpus, the plain Xapian baseline (index + TREC run), the SQLite FTS5 baseline
// (when python3 is there) and accord-trec-eval. Seconds, not minutes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using accord::testing::binary_dir;
using accord::testing::read_file;
using accord::testing::run_command;
using accord::testing::shell_quoted;
using accord::testing::TempDir;

const char* const kCorpus =
    R"({"id": "a", "title": "Ceasefire monitoring mission", "body": "Observers will monitor the ceasefire along the line of contact."})"
    "\n"
    R"({"id": "b", "title": "Grain corridor", "body": "Ships carried grain from Odesa through the Black Sea corridor."})"
    "\n"
    R"({"id": "c", "title": "Energy prices", "body": "Gas prices rose in the winter as pipeline transit fell."})"
    "\n"
    R"({"id": "d", "title": "Nuclear safety", "body": "Inspectors visited the nuclear power plant to check safety."})"
    "\n"
    R"({"id": "e", "title": "Talks", "body": "Negotiators met for talks on a ceasefire and prisoner exchanges."})"
    "\n";

// Query 3 is punctuation-heavy: the baselines must not choke on query syntax.
const char* const kTopics =
    "1\tceasefire monitoring\n2\tgrain shipping corridor\n3\tnuclear \"safety AND (plant\n";

const char* const kQrels = "1 0 a 2\n1 0 e 1\n2 0 b 1\n3 0 d 1\n3 0 c 0\n";

nlohmann::json evaluate(const TempDir& dir, const fs::path& run_file, int level) {
    const fs::path out = dir.path() / (run_file.filename().string() + ".eval.json");
    EXPECT_EQ(run_command(shell_quoted(binary_dir() / "accord-trec-eval") + " --json -l " +
                          std::to_string(level) + " " + shell_quoted(dir.path() / "qrels.txt") +
                          " " + shell_quoted(run_file) + " > " + shell_quoted(out)),
              0);
    return nlohmann::json::parse(read_file(out));
}

TEST(BenchSmoke, XapianBaselineAndEvaluator) {
    TempDir dir;
    const auto corpus = dir.write("corpus.jsonl", kCorpus);
    const auto topics = dir.write("topics.tsv", kTopics);
    dir.write("qrels.txt", kQrels);
    const fs::path db = dir.path() / "xapian";
    ASSERT_EQ(run_command(shell_quoted(binary_dir() / "accord-baseline-xapian-index") +
                          " --json --db " + shell_quoted(db) + " " + shell_quoted(corpus) + " > " +
                          shell_quoted(dir.path() / "index.json")),
              0);
    EXPECT_EQ(nlohmann::json::parse(read_file(dir.path() / "index.json"))["documents"], 5);
    const fs::path run_file = dir.path() / "xapian.run";
    ASSERT_EQ(run_command(shell_quoted(binary_dir() / "accord-baseline-xapian-search") + " --db " +
                          shell_quoted(db) + " --topics " + shell_quoted(topics) +
                          " --limit 1000 > " + shell_quoted(run_file)),
              0);
    const std::string lines = read_file(run_file);
    EXPECT_EQ(lines.rfind("1 Q0 a 1 ", 0), 0U) << lines;  // both words: first

    const auto level1 = evaluate(dir, run_file, 1);
    EXPECT_EQ(level1["num_q"], 3);
    EXPECT_EQ(level1["num_missing"], 0);
    EXPECT_GT(level1["map"].get<double>(), 0.8);
    EXPECT_LE(level1["map"].get<double>(), 1.0);
    // Level 2: only query 1 has a relevant document, and it is ranked first.
    const auto level2 = evaluate(dir, run_file, 2);
    EXPECT_EQ(level2["num_q"], 1);
    EXPECT_DOUBLE_EQ(level2["map"].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(level2["P_10"].get<double>(), 0.1);
}

TEST(BenchSmoke, SqliteBaseline) {
    if (run_command("python3 -c 'import sqlite3; sqlite3.connect(\":memory:\").execute("
                    "\"CREATE VIRTUAL TABLE t USING fts5(x)\")' 2>/dev/null") != 0) {
        GTEST_SKIP() << "python3 with SQLite FTS5 not available";
    }
    TempDir dir;
    const auto corpus = dir.write("corpus.jsonl", kCorpus);
    const auto topics = dir.write("topics.tsv", kTopics);
    dir.write("qrels.txt", kQrels);
    const fs::path script =
        accord::testing::source_dir() / "bench" / "baselines" / "sqlite_fts5.py";
    const fs::path db = dir.path() / "fts.sqlite";
    ASSERT_EQ(run_command("python3 " + shell_quoted(script) + " index --db " + shell_quoted(db) +
                          " " + shell_quoted(corpus) + " > /dev/null"),
              0);
    const fs::path run_file = dir.path() / "sqlite.run";
    ASSERT_EQ(run_command("python3 " + shell_quoted(script) + " search --db " + shell_quoted(db) +
                          " --topics " + shell_quoted(topics) + " > " + shell_quoted(run_file)),
              0);
    EXPECT_EQ(read_file(run_file).rfind("1 Q0 a 1 ", 0), 0U);
    EXPECT_GT(evaluate(dir, run_file, 1)["map"].get<double>(), 0.8);
}

TEST(BenchSmoke, GeneratedCorpusIndexes) {
    TempDir dir;
    const fs::path corpus = dir.path() / "generated.jsonl";
    ASSERT_EQ(run_command(shell_quoted(binary_dir() / "accord-gen-corpus") +
                          " --docs 300 --seed 3 > " + shell_quoted(corpus)),
              0);
    ASSERT_EQ(run_command(shell_quoted(binary_dir() / "accord-baseline-xapian-index") +
                          " --json --db " + shell_quoted(dir.path() / "xapian") + " " +
                          shell_quoted(corpus) + " > " + shell_quoted(dir.path() / "index.json")),
              0);
    EXPECT_EQ(nlohmann::json::parse(read_file(dir.path() / "index.json"))["documents"], 300);
}

// The tuning section on two tiny collections: every setting of the quick grid ranks both with
// Accord, and each collection left out is scored with the setting best on the other.
TEST(BenchSmoke, TuningLeavesOneCollectionOut) {
    if (run_command("python3 -c 'import concurrent.futures' 2>/dev/null") != 0) {
        GTEST_SKIP() << "python3 not available";
    }
    TempDir dir;
    const fs::path data = dir.path() / "data";
    const fs::path work = dir.path() / "work";
    const std::map<std::string, std::pair<std::string, std::string>> collections = {
        {"one", {kTopics, kQrels}},
        {"two",
         {"1\tnuclear plant inspectors\n2\tprices of gas in winter\n", "1 0 d 1\n2 0 c 1\n"}}};
    nlohmann::json relevance = {{"collections", nlohmann::json::object()}};
    for (const auto& [name, files] : collections) {
        fs::create_directories(data / name);
        fs::create_directories(work / "relevance" / name / "accord");
        dir.write("data/" + name + "/corpus.jsonl", kCorpus);
        dir.write("data/" + name + "/queries.tsv", files.first);
        dir.write("data/" + name + "/qrels.txt", files.second);
        ASSERT_EQ(run_command(shell_quoted(binary_dir() / "accord-index") + " --quiet --db " +
                              shell_quoted(work / "relevance" / name / "accord" / "db") + " " +
                              shell_quoted(data / name / "corpus.jsonl")),
                  0);
        // A made-up peer whose MAP the ratios divide by.
        relevance["collections"][name] = {{"relevance_level", 1},
                                          {"systems",
                                           {{"accord", {{"measures", {{"map", 0.5}}}}},
                                            {"peer", {{"measures", {{"map", 0.8}}}}}}}};
    }
    dir.write("work/relevance.section.json", relevance.dump());
    const fs::path script = accord::testing::source_dir() / "bench" / "lib" / "tuning.py";
    ASSERT_EQ(run_command("WORK_DIR=" + shell_quoted(work) + " DATA_DIR=" + shell_quoted(data) +
                          " BIN=" + shell_quoted(binary_dir()) + " MODE=quick python3 " +
                          shell_quoted(script) + " 2> " + shell_quoted(dir.path() / "tuning.log")),
              0)
        << read_file(dir.path() / "tuning.log");
    const auto tuning = nlohmann::json::parse(read_file(work / "tuning.section.json"));
    ASSERT_EQ(tuning["status"], "ok");
    ASSERT_EQ(tuning["settings"].size(), 8U);  // the quick grid
    ASSERT_EQ(tuning["leave_one_out"].size(), 2U);
    for (const auto& row : tuning["leave_one_out"]) {
        const std::string held_out = row["held_out"];
        const std::string other = held_out == "one" ? "two" : "one";
        double best_elsewhere = 0;
        double chosen_there = -1;
        for (const auto& setting : tuning["settings"]) {
            const double map = setting["map"][held_out].get<double>();
            EXPECT_GE(map, 0.0);
            EXPECT_LE(map, 1.0);
            EXPECT_NEAR(setting["ratio"][held_out].get<double>(), map / 0.8, 1e-9);
            best_elsewhere = std::max(best_elsewhere, setting["ratio"][other].get<double>());
            if (setting["name"] == row["chosen"]) {
                EXPECT_DOUBLE_EQ(setting["ratio"][other].get<double>(),
                                 row["train_geometric_mean_ratio"].get<double>());
                chosen_there = map;
            }
        }
        // The setting chosen without the held-out collection is the best on the other one.
        EXPECT_DOUBLE_EQ(row["train_geometric_mean_ratio"].get<double>(), best_elsewhere);
        EXPECT_DOUBLE_EQ(row["held_out_map"].get<double>(), chosen_there);
        EXPECT_GT(chosen_there, 0.5);  // the tiny topics are easy: anything sensible finds them
    }
}

}  // namespace
