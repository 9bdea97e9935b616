// Smoke run of the tools of the speed and scale benchmarks (bench/speed/, bench/baselines/) on
// a five-document corpus, so that they cannot rot: accord-bench-entities on an Accord index,
// accord-bench-http against a real accord-searchd, the plain Xapian searcher's --latency mode
// and the SQLite driver of sql_speed.py (when python3 has FTS5). Seconds, not minutes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using accord::testing::binary_dir;
using accord::testing::read_file;
using accord::testing::run_command;
using accord::testing::shell_quoted;
using accord::testing::TempDir;

const char* const kCorpus =
    R"({"id": "a", "title": "Ceasefire monitoring mission", "date": "2024-03-01", "body": "Ukrainian and Russian officials agreed on a ceasefire monitoring mission of the OSCE."})"
    "\n"
    R"({"id": "b", "title": "Grain corridor", "date": "2023-07-17", "body": "Ships carried grain from Odesa through the Black Sea corridor."})"
    "\n"
    R"({"id": "c", "title": "Energy prices", "date": "2022-01-10", "body": "Gas prices rose in the winter as pipeline transit fell."})"
    "\n"
    R"({"id": "d", "title": "Nuclear safety", "date": "2025-05-05", "body": "IAEA inspectors visited the Zaporizhzhia nuclear power plant to check safety."})"
    "\n"
    R"({"id": "e", "title": "Talks", "date": "2025-11-20", "body": "Negotiators met in Geneva for talks on a ceasefire and prisoner exchanges."})"
    "\n";

std::vector<std::vector<std::string>> tsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (;;) {
            const auto tab = line.find('\t', start);
            fields.push_back(
                line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
            if (tab == std::string::npos) {
                break;
            }
            start = tab + 1;
        }
        rows.push_back(std::move(fields));
    }
    return rows;
}

// accord-searchd on an ephemeral port, stopped at the end of the test.
class Server {
public:
    Server(const TempDir& dir, const fs::path& db) : log_(dir.path() / "searchd.log") {
        const fs::path pid_file = dir.path() / "searchd.pid";
        EXPECT_EQ(run_command(shell_quoted(binary_dir() / "accord-searchd") + " --db " +
                              shell_quoted(db) + " --listen 127.0.0.1:0 --threads 1 > " +
                              shell_quoted(log_) + " 2>&1 & echo $! > " + shell_quoted(pid_file)),
                  0);
        pid_ = static_cast<pid_t>(std::stol(read_file(pid_file)));
        const std::regex serving(R"(on http://127\.0\.0\.1:(\d+))");
        for (int i = 0; i < 300 && port_.empty(); ++i) {
            std::smatch found;
            // The shell creates the log in the background: it may not exist yet.
            const std::string text = fs::exists(log_) ? read_file(log_) : std::string();
            if (std::regex_search(text, found, serving)) {
                port_ = found[1];
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    ~Server() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
        }
    }
    [[nodiscard]] const std::string& port() const { return port_; }
    [[nodiscard]] std::string log() const { return read_file(log_); }

private:
    fs::path log_;
    pid_t pid_ = 0;
    std::string port_;
};

TEST(BenchSpeedTools, EntitiesAndHttpDriver) {
    TempDir dir;
    const auto corpus = dir.write("corpus.jsonl", kCorpus);
    const fs::path db = dir.path() / "accord";
    ASSERT_EQ(run_command(shell_quoted(binary_dir() / "accord-index") + " --quiet --json --db " +
                          shell_quoted(db) + " " + shell_quoted(corpus) + " > " +
                          shell_quoted(dir.path() / "index.json")),
              0);

    // One line per document: id, date, type, language, parties, regions, agreements.
    const fs::path entities = dir.path() / "entities.tsv";
    ASSERT_EQ(run_command(shell_quoted(binary_dir() / "accord-bench-entities") + " --db " +
                          shell_quoted(db) + " > " + shell_quoted(entities)),
              0);
    const auto rows = tsv(read_file(entities));
    ASSERT_EQ(rows.size(), 5U);
    bool tagged = false;
    for (const auto& row : rows) {
        ASSERT_EQ(row.size(), 7U);
        if (row[0] == "a") {
            EXPECT_EQ(row[1], "2024-03-01");
            EXPECT_NE(row[4].find("ua"), std::string::npos) << row[4];
            EXPECT_NE(row[4].find("ru"), std::string::npos) << row[4];
            tagged = true;
        }
    }
    EXPECT_TRUE(tagged);

    Server server(dir, db);
    ASSERT_FALSE(server.port().empty()) << server.log();
    const auto requests = dir.write("requests.tsv",
                                    "one\t/api/search?q=ceasefire\n"
                                    "party\t/api/search?q=&party=ua&facets=0\n"
                                    "phrase\t/api/search?q=%22nuclear+power%22&snippets=0\n");
    const fs::path out = dir.path() / "latency.tsv";
    ASSERT_EQ(run_command(shell_quoted(binary_dir() / "accord-bench-http") + " --port " +
                          server.port() + " --requests " + shell_quoted(requests) +
                          " --rounds 2 --warmup 1 --out " + shell_quoted(out)),
              0);
    const auto samples = tsv(read_file(out));
    ASSERT_EQ(samples.size(), 1U + 2 * 3);  // header, 2 rounds of 3
    EXPECT_EQ(samples[0][4], "client_us");
    for (std::size_t i = 1; i < samples.size(); ++i) {
        ASSERT_EQ(samples[i].size(), 9U);
        EXPECT_EQ(samples[i][3], "200");
        EXPECT_GT(std::stod(samples[i][4]), 0.0);
        EXPECT_GE(std::stod(samples[i][5]), 0.0);  // took_ms was read from the answer
        EXPECT_EQ(samples[i][7], "1");             // total_exact
    }
    EXPECT_EQ(samples[1][2], "one");
    EXPECT_EQ(samples[1][6], "2");  // two documents mention a ceasefire
    EXPECT_EQ(samples[3][6], "1");  // one document has the phrase

    // An error status is reported (exit 1) but the run goes on.
    const auto bad = dir.write("bad.tsv", "bad\t/api/search?limit=1000\nok\t/api/health\n");
    EXPECT_EQ(
        run_command(shell_quoted(binary_dir() / "accord-bench-http") + " --port " + server.port() +
                    " --requests " + shell_quoted(bad) + " --rounds 1 --warmup 0 --out " +
                    shell_quoted(dir.path() / "bad.out") + " 2>/dev/null"),
        1);
    const auto bad_rows = tsv(read_file(dir.path() / "bad.out"));
    ASSERT_EQ(bad_rows.size(), 3U);
    EXPECT_EQ(bad_rows[1][3], "400");
    EXPECT_EQ(bad_rows[2][3], "200");
}

TEST(BenchSpeedTools, XapianLatencyMode) {
    TempDir dir;
    const auto corpus = dir.write("corpus.jsonl", kCorpus);
    const fs::path db = dir.path() / "xapian";
    ASSERT_EQ(run_command(shell_quoted(binary_dir() / "accord-baseline-xapian-index") + " --db " +
                          shell_quoted(db) + " " + shell_quoted(corpus) + " > /dev/null"),
              0);
    const auto topics =
        dir.write("topics.tsv", "w\tceasefire\nand\tceasefire talks\nph\t\"nuclear power\"\n");
    const fs::path out = dir.path() / "latency.tsv";
    ASSERT_EQ(run_command(shell_quoted(binary_dir() / "accord-baseline-xapian-search") + " --db " +
                          shell_quoted(db) + " --topics " + shell_quoted(topics) +
                          " --latency --rounds 3 --warmup 1 --limit 10 "
                          "--check-at-least 100000 --default-op and > " +
                          shell_quoted(out)),
              0);
    const auto rows = tsv(read_file(out));
    ASSERT_EQ(rows.size(), 1U + 3 * 3);
    EXPECT_EQ(rows[0][5], "matches");
    EXPECT_EQ(rows[1][2], "w");
    EXPECT_EQ(rows[1][5], "2");
    EXPECT_EQ(rows[2][5], "1");  // AND: only the talks document has both words
    EXPECT_EQ(rows[3][5], "1");
    EXPECT_EQ(rows[1][6], "1");  // exact
}

TEST(BenchSpeedTools, SqliteDriver) {
    if (run_command("python3 -c 'import sqlite3; sqlite3.connect(\":memory:\").execute("
                    "\"CREATE VIRTUAL TABLE t USING fts5(x)\")' 2>/dev/null") != 0) {
        GTEST_SKIP() << "python3 with SQLite FTS5 not available";
    }
    TempDir dir;
    const auto corpus = dir.write("corpus.jsonl", kCorpus);
    const auto entities =
        dir.write("entities.tsv",
                  "a\t2024-03-01\tarticle\ten\tosce,ru,ua\t\t\n"
                  "b\t2023-07-17\tarticle\ten\t\tblack-sea\tblack-sea-grain-initiative\n"
                  "c\t2022-01-10\tarticle\ten\t\t\t\n"
                  "d\t2025-05-05\tarticle\ten\tiaea\tua-23\t\n"
                  "e\t2025-11-20\tstatement\ten\tch\t\t\n");
    const fs::path script = accord::testing::source_dir() / "bench" / "baselines" / "sql_speed.py";
    const fs::path db = dir.path() / "fts.sqlite";
    const fs::path index_out = dir.path() / "index.json";
    ASSERT_EQ(run_command("python3 " + shell_quoted(script) + " sqlite index --db " +
                          shell_quoted(db) + " --entities " + shell_quoted(entities) + " " +
                          shell_quoted(corpus) + " > " + shell_quoted(index_out)),
              0);
    const auto stats = nlohmann::json::parse(read_file(index_out));
    EXPECT_EQ(stats["documents"], 5);
    EXPECT_EQ(stats["with_entities"], 5);
    EXPECT_EQ(stats["entity_rows"], 8);

    const auto requests = dir.write("requests.json", R"([
 {"label": "w", "kind": "one-word", "text": "ceasefire", "filters": {}, "variant": "full"},
 {"label": "p", "kind": "one-word", "text": "ceasefire", "filters": {"party": ["ua"]}, "variant": "full"},
 {"label": "b", "kind": "browse", "text": "", "filters": {"from": "2025-01-01", "to": "2025-12-31"}, "variant": "full"},
 {"label": "ph", "kind": "phrase", "text": "\"nuclear power\"", "filters": {}, "variant": "nofacets"},
 {"label": "up", "kind": "headline", "text": "CEASEFIRE OR GRAIN .", "filters": {}, "variant": "nofacets"},
 {"label": "near", "kind": "near", "text": "ceasefire NEAR/3 monitoring", "filters": {}, "variant": "full"},
 {"label": "q", "kind": "question", "text": "who carried grain through the corridor and why did winter prices rise", "filters": {}, "variant": "nofacets"}
])");
    const fs::path out = dir.path() / "latency.tsv";
    ASSERT_EQ(run_command("python3 " + shell_quoted(script) + " sqlite latency --db " +
                          shell_quoted(db) + " --requests " + shell_quoted(requests) +
                          " --rounds 2 --warmup 1 > " + shell_quoted(out) + " 2>/dev/null"),
              0);
    const auto rows = tsv(read_file(out));
    ASSERT_EQ(rows.size(), 1U + 2 * 7);
    EXPECT_EQ(rows[1][2], "w");
    EXPECT_EQ(rows[1][5], "2");
    EXPECT_EQ(rows[2][5], "1");  // the party filter keeps document a
    EXPECT_EQ(rows[3][5], "2");  // 2025: d and e
    EXPECT_EQ(rows[4][5], "1");
    EXPECT_EQ(rows[5][5], "0");  // upper case: OR is a word, both others required, none has both
    EXPECT_EQ(rows[6][5], "1");  // NEAR/3: document a
    EXPECT_EQ(rows[7][5], "2");  // a question: any word (b and c)
}

}  // namespace
