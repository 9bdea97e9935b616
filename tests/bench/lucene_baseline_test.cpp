// Smoke run of the Lucene peer of the benchmarks (bench/baselines/lucene/), so that it cannot
// rot: compiled with javac into a temporary directory, it indexes a five-document corpus with
// an entity list like the one accord-bench-entities exports, writes a TREC run (scored by
// accord-trec-eval), answers a few requests of the speed section's shape (facet counts checked
// against what the corpus has, drill-sideways included) and times them. Skipped when java,
// javac or Debian's Lucene 8 and Gson jars are missing. Seconds, not minutes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using accord::testing::binary_dir;
using accord::testing::read_file;
using accord::testing::run_command;
using accord::testing::shell_quoted;
using accord::testing::source_dir;
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

// accord-bench-entities' columns: id, date, type, language, parties, regions, agreements.
const char* const kEntities =
    "a\t2022-03-01\tarticle\ten\tua,ru\tua-14\tminsk-ii\n"
    "b\t2023-07-17\tarticle\ten\tua,tr\t\tblack-sea-grain-initiative\n"
    "c\t2021-12-10\tbrief\ten\tru,de\t\t\n"
    "d\t2022-09-05\tstatement\ten\tua\tua-23\t\n"
    "e\t2024-02-01\tarticle\ten\tua,ru,us\t\tminsk-ii\n";

// Query 3 is punctuation-heavy: the topic must not be read as query syntax.
const char* const kTopics =
    "1\tceasefire monitoring\n2\tgrain shipping corridor\n3\tnuclear \"safety AND (plant\n";

const char* const kQrels = "1 0 a 2\n1 0 e 1\n2 0 b 1\n3 0 d 1\n3 0 c 0\n";

// The speed section's request shape (sql-requests.json).
const char* const kRequests = R"([
  {"label": "ceasefire", "kind": "one-word", "text": "ceasefire", "filters": {}, "variant": "full"},
  {"label": "browse-ua-2022-2023", "kind": "browse", "text": "",
   "filters": {"party": ["ua"], "from": "2022-01-01", "to": "2023-12-31"}, "variant": "full"},
  {"label": "phrase", "kind": "phrase", "text": "\"black sea corridor\"", "filters": {},
   "variant": "nofacets"},
  {"label": "two-words", "kind": "two-word", "text": "ceasefire talks",
   "filters": {"party": ["ru", "tr"]}, "variant": "full"},
  {"label": "upper", "kind": "headline", "text": "NUCLEAR OR GRAIN", "filters": {},
   "variant": "nofacets"},
  {"label": "near", "kind": "near", "text": "ceasefire NEAR contact", "filters": {},
   "variant": "nofacets"},
  {"label": "near3", "kind": "near", "text": "ceasefire NEAR/3 contact", "filters": {},
   "variant": "nofacets"}
])";

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

// value → count of one facet family of an answer.
std::map<std::string, long> counts(const nlohmann::json& answer, const std::string& family) {
    std::map<std::string, long> out;
    for (const auto& value : answer["facets"][family]) {
        out[value["id"].get<std::string>()] = value["count"].get<long>();
    }
    return out;
}

std::vector<std::string> hit_ids(const nlohmann::json& answer) {
    std::vector<std::string> out;
    for (const auto& hit : answer["hits"]) {
        out.push_back(hit["id"].get<std::string>());
    }
    return out;
}

TEST(LuceneBaseline, IndexesSearchesAndCountsFacets) {
    if (run_command("command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "java/javac not installed (apt-get install default-jdk-headless)";
    }
    TempDir dir;
    const fs::path build = source_dir() / "bench" / "baselines" / "lucene" / "build";
    const int built = run_command(shell_quoted(build) + " " + shell_quoted(dir.path() / "classes") +
                                  " > " + shell_quoted(dir.path() / "classpath") + " 2> " +
                                  shell_quoted(dir.path() / "build.err"));
    if (built == 3) {
        GTEST_SKIP() << trimmed(read_file(dir.path() / "build.err"));
    }
    ASSERT_EQ(built, 0) << read_file(dir.path() / "build.err");
    const std::string java =
        "java -Xmx256m -cp '" + trimmed(read_file(dir.path() / "classpath")) + "' LuceneBaseline ";

    const auto corpus = dir.write("corpus.jsonl", kCorpus);
    const auto entities = dir.write("entities.tsv", kEntities);
    const auto topics = dir.write("topics.tsv", kTopics);
    const auto requests = dir.write("requests.json", kRequests);
    dir.write("qrels.txt", kQrels);
    const fs::path index = dir.path() / "index";
    ASSERT_EQ(run_command(java + "index --index " + shell_quoted(index) + " --entities " +
                          shell_quoted(entities) + " --threads 2 " + shell_quoted(corpus) + " > " +
                          shell_quoted(dir.path() / "index.json")),
              0);
    const auto summary = nlohmann::json::parse(read_file(dir.path() / "index.json"));
    EXPECT_EQ(summary["documents"], 5);
    EXPECT_EQ(summary["failed"], 0);
    EXPECT_GT(summary["bytes"].get<long>(), 0);

    // The relevance section's run: the right document first, sensible MAP.
    const fs::path run_file = dir.path() / "lucene.run";
    ASSERT_EQ(run_command(java + "trec --index " + shell_quoted(index) + " --topics " +
                          shell_quoted(topics) + " --limit 1000 > " + shell_quoted(run_file)),
              0);
    const std::string lines = read_file(run_file);
    EXPECT_EQ(lines.rfind("1 Q0 a 1 ", 0), 0U) << lines;  // both words: first
    EXPECT_NE(lines.find("3 Q0 d 1 "), std::string::npos) << lines;
    EXPECT_NE(lines.find(" lucene\n"), std::string::npos) << lines;
    const fs::path eval = dir.path() / "eval.json";
    ASSERT_EQ(run_command(shell_quoted(binary_dir() / "accord-trec-eval") + " --json -l 1 " +
                          shell_quoted(dir.path() / "qrels.txt") + " " + shell_quoted(run_file) +
                          " > " + shell_quoted(eval)),
              0);
    const auto measures = nlohmann::json::parse(read_file(eval));
    EXPECT_EQ(measures["num_q"], 3);
    EXPECT_GT(measures["map"].get<double>(), 0.8);

    // The speed section's answers.
    const fs::path answers_file = dir.path() / "answers.jsonl";
    ASSERT_EQ(run_command(java + "answer --index " + shell_quoted(index) + " --requests " +
                          shell_quoted(requests) + " > " + shell_quoted(answers_file)),
              0);
    std::map<std::string, nlohmann::json> answers;
    std::istringstream in(read_file(answers_file));
    for (std::string line; std::getline(in, line);) {
        auto answer = nlohmann::json::parse(line);
        answers[answer["label"].get<std::string>()] = answer;
    }
    ASSERT_EQ(answers.size(), 7U);

    const auto& ceasefire = answers["ceasefire"];
    EXPECT_EQ(ceasefire["total"], 2);
    EXPECT_EQ(hit_ids(ceasefire).size(), 2U);
    EXPECT_EQ((counts(ceasefire, "party")),
              (std::map<std::string, long>{{"ru", 2}, {"ua", 2}, {"us", 1}}));
    EXPECT_EQ((counts(ceasefire, "agreement")), (std::map<std::string, long>{{"minsk-ii", 2}}));
    EXPECT_EQ((counts(ceasefire, "year")), (std::map<std::string, long>{{"2022", 1}, {"2024", 1}}));
    EXPECT_EQ((counts(ceasefire, "type")), (std::map<std::string, long>{{"article", 2}}));
    EXPECT_NE(ceasefire["hits"][0]["snippet"].get<std::string>().find("<mark>"), std::string::npos);

    // Browse: newest first; party counts leave out the party filter (but keep the dates), the
    // year and month histograms leave out the dates (but keep the party).
    const auto& browse = answers["browse-ua-2022-2023"];
    EXPECT_EQ(browse["total"], 3);
    EXPECT_EQ(hit_ids(browse), (std::vector<std::string>{"b", "d", "a"}));
    EXPECT_EQ(browse["hits"][0]["date"], "2023-07-17");
    EXPECT_EQ((counts(browse, "party")),
              (std::map<std::string, long>{{"ru", 1}, {"tr", 1}, {"ua", 3}}));
    EXPECT_EQ((counts(browse, "year")),
              (std::map<std::string, long>{{"2022", 2}, {"2023", 1}, {"2024", 1}}));
    EXPECT_EQ((counts(browse, "month")).size(), 4U);
    EXPECT_EQ((counts(browse, "type")),
              (std::map<std::string, long>{{"article", 2}, {"statement", 1}}));
    EXPECT_EQ((counts(browse, "region")),
              (std::map<std::string, long>{{"ua-14", 1}, {"ua-23", 1}}));

    const auto& phrase = answers["phrase"];
    EXPECT_EQ(phrase["total"], 1);
    EXPECT_EQ(hit_ids(phrase), (std::vector<std::string>{"b"}));
    EXPECT_FALSE(phrase.contains("facets"));  // nofacets

    // Two words ANDed; party=ru OR tr.
    const auto& both = answers["two-words"];
    EXPECT_EQ(both["total"], 1);
    EXPECT_EQ(hit_ids(both), (std::vector<std::string>{"e"}));
    EXPECT_EQ((counts(both, "party")),
              (std::map<std::string, long>{{"ru", 1}, {"ua", 1}, {"us", 1}}));

    // Queries as people type them, as Accord reads them: wholly upper-case text has no
    // operators (OR is a word: both words required, and no document has both); NEAR and
    // NEAR/n are sloppy phrases ("ceasefire … line of contact": five positions apart).
    EXPECT_EQ(answers["upper"]["total"], 0);
    EXPECT_EQ(answers["near"]["total"], 1);
    EXPECT_EQ(hit_ids(answers["near"]), (std::vector<std::string>{"a"}));
    EXPECT_EQ(answers["near3"]["total"], 0);

    // The latency driver: the TSV the speed section reads, one line per request and round.
    const fs::path latency = dir.path() / "latency.tsv";
    ASSERT_EQ(
        run_command(java + "search --index " + shell_quoted(index) + " --requests " +
                    shell_quoted(requests) + " --rounds 2 --warmup 1 > " + shell_quoted(latency) +
                    " 2> " + shell_quoted(dir.path() / "latency.err")),
        0)
        << read_file(dir.path() / "latency.err");
    std::istringstream tsv(read_file(latency));
    std::string header;
    std::getline(tsv, header);
    EXPECT_EQ(header, "round\tindex\tlabel\twall_us\tcpu_us\ttotal");
    int rows = 0;
    for (std::string line; std::getline(tsv, line); ++rows) {
        const std::string total = line.substr(line.rfind('\t') + 1);
        if (line.find("\tceasefire\t") != std::string::npos) {
            EXPECT_EQ(total, "2") << line;
        }
        if (line.find("\tbrowse-ua-2022-2023\t") != std::string::npos) {
            EXPECT_EQ(total, "3") << line;
        }
    }
    EXPECT_EQ(rows, 14);
    const auto info = nlohmann::json::parse(read_file(dir.path() / "latency.err"));
    EXPECT_EQ(info["rounds"], 2);
}

}  // namespace
