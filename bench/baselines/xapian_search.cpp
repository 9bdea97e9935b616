// accord-baseline-xapian-search: the "plain Xapian" baseline searcher. QueryParser with the
// English stemmer (STEM_SOME), default operator OR, default flags, default BM25 weighting.
// Reads `qid<TAB>query` topics and writes TREC run lines `qid Q0 docid rank score tag`.
//
// --latency (speed benchmarks): instead of a run, answers every topic --rounds times
// (round-robin, after --warmup unmeasured rounds) the way a search page would — the top
// --limit documents with their stored data, and the number of matches, exact up to
// --check-at-least — and writes one TSV line per answer:
//   round  index  qid  wall_us  cpu_us  matches  exact
// (cpu_us: this thread's CPU time; matches: Xapian's estimate, exact when exact = 1).
#include <CLI/CLI.hpp>
#include <time.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace {

Xapian::Query parse(Xapian::QueryParser& parser, const std::string& text, const std::string& qid) {
    try {
        return parser.parse_query(text);
    } catch (const Xapian::QueryParserError& error) {
        // Odd punctuation: fall back to plain words, as a careful application would.
        std::cerr << "accord-baseline-xapian-search: topic " << qid << ": "
                  << error.get_description() << "; retrying without query syntax\n";
        return parser.parse_query(text, 0);
    }
}

double thread_cpu_us() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

int latency(Xapian::Database& db, Xapian::QueryParser& parser,
            const std::vector<std::pair<std::string, std::string>>& topics, Xapian::doccount limit,
            Xapian::doccount check_at_least, unsigned rounds, unsigned warmup) {
    std::printf("round\tindex\tqid\twall_us\tcpu_us\tmatches\texact\n");
    Xapian::Enquire enquire(db);  // BM25Weight is the default
    std::size_t checksum = 0;
    for (unsigned round = 0; round < warmup + rounds; ++round) {
        for (std::size_t index = 0; index < topics.size(); ++index) {
            const auto& [qid, text] = topics[index];
            const auto start = std::chrono::steady_clock::now();
            const double cpu_start = thread_cpu_us();
            enquire.set_query(parse(parser, text, qid));
            const Xapian::MSet mset = enquire.get_mset(0, limit, check_at_least);
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                checksum += it.get_document().get_data().size();  // what a result page shows
            }
            const double cpu_us = thread_cpu_us() - cpu_start;
            const double wall_us =
                std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                    .count();
            if (round < warmup) {
                continue;
            }
            std::printf("%u\t%zu\t%s\t%.1f\t%.1f\t%u\t%d\n", round - warmup, index, qid.c_str(),
                        wall_us, cpu_us, mset.get_matches_estimated(),
                        mset.get_matches_lower_bound() == mset.get_matches_upper_bound() ? 1 : 0);
        }
    }
    std::fflush(stdout);
    return checksum == static_cast<std::size_t>(-1) ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Plain Xapian baseline searcher: TREC run for a topics file"};
    std::string database;
    std::string topics;
    Xapian::doccount limit = 1000;
    std::string tag = "xapian";
    bool latency_mode = false;
    unsigned rounds = 10;
    unsigned warmup = 1;
    Xapian::doccount check_at_least = 0;
    std::string default_op = "or";
    app.add_option("--db", database, "Database directory")->required();
    app.add_option("--topics", topics, "Topics file: qid<TAB>query lines")->required();
    app.add_option("--limit", limit, "Documents per topic")->capture_default_str();
    app.add_option("--tag", tag, "Run tag (last column)")->capture_default_str();
    app.add_flag("--latency", latency_mode,
                 "Time every topic instead of writing a run (TSV: round index qid wall_us cpu_us "
                 "matches exact)");
    app.add_option("--rounds", rounds, "--latency: measured rounds")->capture_default_str();
    app.add_option("--warmup", warmup, "--latency: unmeasured rounds first")->capture_default_str();
    app.add_option("--check-at-least", check_at_least,
                   "Count matches exactly up to this many (Xapian's checkatleast)")
        ->capture_default_str();
    app.add_option("--default-op", default_op, "Operator between words: or, and")
        ->check(CLI::IsMember({"or", "and"}))
        ->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 2;
    }
    std::ifstream in(topics);
    if (!in) {
        std::cerr << "accord-baseline-xapian-search: cannot open " << topics << "\n";
        return 2;
    }
    try {
        Xapian::Database db(database);
        Xapian::QueryParser parser;
        parser.set_database(db);
        parser.set_stemmer(Xapian::Stem("english"));
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser.set_default_op(default_op == "and" ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
        Xapian::Enquire enquire(db);  // BM25Weight is the default
        std::string line;
        std::size_t number = 0;
        std::vector<std::pair<std::string, std::string>> timed;
        while (std::getline(in, line)) {
            ++number;
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (line.empty()) {
                continue;
            }
            const auto tab = line.find('\t');
            if (tab == std::string::npos) {
                std::cerr << "accord-baseline-xapian-search: " << topics << ":" << number
                          << ": expected qid<TAB>query\n";
                return 2;
            }
            const std::string qid = line.substr(0, tab);
            if (latency_mode) {
                timed.emplace_back(qid, line.substr(tab + 1));
                continue;
            }
            enquire.set_query(parse(parser, line.substr(tab + 1), qid));
            const Xapian::MSet mset = enquire.get_mset(0, limit, check_at_least);
            Xapian::doccount rank = 0;
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                // %.9g keeps distinct weights distinct, so ties in the run are real ties.
                std::printf("%s Q0 %s %u %.9g %s\n", qid.c_str(),
                            it.get_document().get_data().c_str(), ++rank, it.get_weight(),
                            tag.c_str());
            }
        }
        if (latency_mode) {
            return latency(db, parser, timed, limit, check_at_least, rounds, warmup);
        }
    } catch (const Xapian::Error& error) {
        std::cerr << "accord-baseline-xapian-search: " << error.get_description() << "\n";
        return 2;
    }
    return 0;
}
