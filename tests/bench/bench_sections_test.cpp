// Smoke run of the speed and snippets sections of bench/run (bench/lib/speed.py, snippets.py,
// report.py) on a tiny corpus, so that the benchmark code cannot rot: both document mixes of
// the generator (news and long), the fixed query mix and one query of each kind of
// bench/queries_policy.txt, Accord, plain Xapian, SQLite FTS5 and Lucene (when java, javac and
// Debian's jars are there; PostgreSQL is left out: its cluster takes longer than the rest), the
// snippet cost by length, and the report. MODE=smoke: every step once. Numbers are not checked
// (no timing assertions): only that every part ran and that the facet counts of the peers
// equal Accord's. Under a minute.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>
#include <string>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using accord::testing::binary_dir;
using accord::testing::read_file;
using accord::testing::run_command;
using accord::testing::shell_quoted;
using accord::testing::source_dir;
using accord::testing::TempDir;

const std::set<std::string> kKinds = {"one-word",   "two-word", "phrase", "question", "headline",
                                      "hyphenated", "near",     "filter", "browse"};

// One mix's results: every system measured, every kind, the facet counts cross-checked.
void check_mix(const nlohmann::json& mix, const std::string& name, bool lucene) {
    SCOPED_TRACE(name);
    ASSERT_EQ(mix["status"], "ok");
    EXPECT_EQ(mix["corpus"]["mix"], name);
    EXPECT_EQ(mix["corpus"]["documents"], 40);
    EXPECT_EQ(mix["policy_queries"], 8);  // one of each kind
    for (const char* system : {"accord", "xapian", "sqlite"}) {
        EXPECT_EQ(mix["index"][system]["status"], "ok") << system;
    }
    const auto& latency = mix["latency"];
    std::set<std::string> kinds;
    for (const auto& [kind, stats] : latency["accord"]["full"]["by_kind"].items()) {
        kinds.insert(kind);
        EXPECT_GT(stats["n"].get<int>(), 0) << kind;
    }
    EXPECT_EQ(kinds, kKinds);
    EXPECT_GT(latency["xapian"]["xapian"]["wall_ms"]["n"].get<int>(), 0);
    EXPECT_EQ(latency["sqlite"]["full"]["by_kind"].size(), kKinds.size());
    EXPECT_GT(mix["facet_crosscheck"]["requests"].get<int>(), 0);
    EXPECT_EQ(mix["facet_crosscheck"]["difference_count"], 0) << mix["facet_crosscheck"].dump();
    if (lucene) {
        EXPECT_EQ(latency["lucene"]["full"]["by_kind"].size(), kKinds.size());
        EXPECT_EQ(latency["lucene-http"]["full"]["by_kind"].size(), kKinds.size());
        EXPECT_EQ(mix["lucene_crosscheck"]["difference_count"], 0)
            << mix["lucene_crosscheck"].dump();
        EXPECT_TRUE(mix["comparison"].contains("lucene-http:full"));
        EXPECT_TRUE(mix["comparison"].contains("lucene-inprocess:full"));
    }
}

TEST(BenchSections, SpeedBothMixesSnippetsAndReport) {
    if (run_command("python3 -c 'import sqlite3; sqlite3.connect(\":memory:\").execute("
                    "\"CREATE VIRTUAL TABLE t USING fts5(x)\")' 2>/dev/null") != 0) {
        GTEST_SKIP() << "python3 with SQLite FTS5 not available";
    }
    const bool lucene = run_command(
                            "command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 "
                            "&& ls /usr/share/java/lucene-core-8*.jar >/dev/null 2>&1") == 0;
    TempDir dir;
    const fs::path work = dir.path() / "work";
    const fs::path lib = source_dir() / "bench" / "lib";
    const std::string env = "WORK_DIR=" + shell_quoted(work) +
                            " BIN=" + shell_quoted(binary_dir()) +
                            " MODE=smoke SPEED_DOCS=40 SPEED_SYSTEMS=accord,xapian,sqlite" +
                            (lucene ? ",lucene" : "") + " ";
    fs::create_directories(work);
    ASSERT_EQ(run_command(env + "python3 " + shell_quoted(lib / "speed.py") + " 2> " +
                          shell_quoted(dir.path() / "speed.log")),
              0)
        << read_file(dir.path() / "speed.log");
    const auto speed = nlohmann::json::parse(read_file(work / "speed.section.json"));
    ASSERT_EQ(speed["status"], "ok") << read_file(dir.path() / "speed.log");
    EXPECT_EQ(speed["mixes"], (nlohmann::json{"news", "long"}));
    check_mix(speed, "news", lucene);
    check_mix(speed["long"], "long", lucene);
    // Each mix has its own corpus in the cache.
    EXPECT_NE(speed["corpus"]["key"], speed["long"]["corpus"]["key"]);
    EXPECT_NE(speed["long"]["corpus"]["key"].get<std::string>().find("gen-s1-n40-long-"),
              std::string::npos);
    EXPECT_LT(speed["corpus"]["bytes"].get<long>(), speed["long"]["corpus"]["bytes"].get<long>());

    ASSERT_EQ(run_command(env + "python3 " + shell_quoted(lib / "snippets.py") + " 2> " +
                          shell_quoted(dir.path() / "snippets.log")),
              0);
    const auto snippets = nlohmann::json::parse(read_file(work / "snippets.section.json"));
    ASSERT_EQ(snippets["status"], "ok") << read_file(dir.path() / "snippets.log");
    ASSERT_EQ(snippets["lengths"].size(), 2U);
    EXPECT_EQ(snippets["lengths"][1]["bytes"], 20000);
    EXPECT_TRUE(snippets["targets"].contains("snippets_flat"));

    const fs::path results = dir.path() / "results";
    ASSERT_EQ(
        run_command("python3 " + shell_quoted(lib / "report.py") + " --work " + shell_quoted(work) +
                    " --results " + shell_quoted(results) + " --mode smoke --root " +
                    shell_quoted(source_dir()) + " --build-dir " + shell_quoted(binary_dir()) +
                    " --sections speed,snippets 2> " + shell_quoted(dir.path() / "report.log")),
        0)
        << read_file(dir.path() / "report.log");
    const std::string report = read_file(results / "REPORT.md");
    for (const char* part : {"### Long mix", "by query kind, p50 / p99", "| headline |",
                             "## Snippets", "snippet time per hit flat"}) {
        EXPECT_NE(report.find(part), std::string::npos) << part;
    }
    EXPECT_TRUE(nlohmann::json::parse(read_file(results / "results.json"))["sections"].contains(
        "snippets"));
}

}  // namespace
