// accord-trec-eval: MAP, nDCG@10, P@10 and Recall@100 of a TREC run, computed as trec_eval does.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "accord/bench/evaluate.hpp"
#include "accord/bench/trec_io.hpp"

namespace {

using accord::bench::Evaluation;
using accord::bench::QueryEval;

std::ifstream open_or_throw(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw accord::bench::TrecFormatError("cannot open " + path);
    }
    return in;
}

void print_line(const char* measure, const std::string& qid, double value, bool integer) {
    if (integer) {
        std::printf("%-22s\t%s\t%ld\n", measure, qid.c_str(), static_cast<long>(value));
    } else {
        std::printf("%-22s\t%s\t%.4f\n", measure, qid.c_str(), value);
    }
}

void print_query(const QueryEval& q) {
    print_line("num_ret", q.qid, static_cast<double>(q.num_ret), true);
    print_line("num_rel", q.qid, static_cast<double>(q.num_rel), true);
    print_line("num_rel_ret", q.qid, static_cast<double>(q.num_rel_ret), true);
    print_line("map", q.qid, q.ap, false);
    print_line("P_10", q.qid, q.p_10, false);
    print_line("recall_100", q.qid, q.recall_100, false);
    print_line("ndcg_cut_10", q.qid, q.ndcg_10, false);
}

void print_text(const Evaluation& e, bool per_query) {
    if (per_query) {
        for (const auto& q : e.queries) {
            print_query(q);
        }
    }
    const std::string all = "all";
    print_line("num_q", all, static_cast<double>(e.num_q), true);
    print_line("num_ret", all, static_cast<double>(e.num_ret), true);
    print_line("num_rel", all, static_cast<double>(e.num_rel), true);
    print_line("num_rel_ret", all, static_cast<double>(e.num_rel_ret), true);
    print_line("map", all, e.map, false);
    print_line("P_10", all, e.p_10, false);
    print_line("recall_100", all, e.recall_100, false);
    print_line("ndcg_cut_10", all, e.ndcg_10, false);
}

nlohmann::json to_json(const Evaluation& e, bool per_query, int level) {
    nlohmann::json out = {{"relevance_level", level},
                          {"num_q", e.num_q},
                          {"num_missing", e.num_missing},
                          {"num_ret", e.num_ret},
                          {"num_rel", e.num_rel},
                          {"num_rel_ret", e.num_rel_ret},
                          {"map", e.map},
                          {"ndcg_cut_10", e.ndcg_10},
                          {"P_10", e.p_10},
                          {"recall_100", e.recall_100}};
    if (per_query) {
        nlohmann::json queries = nlohmann::json::array();
        for (const auto& q : e.queries) {
            queries.push_back({{"qid", q.qid},
                               {"num_ret", q.num_ret},
                               {"num_rel", q.num_rel},
                               {"num_rel_ret", q.num_rel_ret},
                               {"map", q.ap},
                               {"ndcg_cut_10", q.ndcg_10},
                               {"P_10", q.p_10},
                               {"recall_100", q.recall_100}});
        }
        out["queries"] = std::move(queries);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "Scores a TREC run against qrels: MAP, nDCG@10, P@10, Recall@100 (trec_eval definitions).\n"
        "Evaluated queries: those of the qrels with at least one relevant document; a query the\n"
        "run lacks scores 0."};
    std::string qrels_path;
    std::string run_path;
    int level = 1;
    bool per_query = false;
    bool json = false;
    std::string order = "score";
    app.add_option("qrels", qrels_path, "Judgments: qid iter docid grade")->required();
    app.add_option("run", run_path, "Run: qid Q0 docid rank score tag")->required();
    app.add_option("-l,--level", level, "Minimum grade of a relevant document (trec_eval -l)")
        ->capture_default_str();
    app.add_flag("-q,--per-query", per_query, "Also print the measures of every query");
    app.add_flag("--json", json, "Print one JSON object instead of the trec_eval-style table");
    app.add_option("--order", order,
                   "score: sort by score, ties by docid descending (trec_eval); rank: use the "
                   "rank column")
        ->check(CLI::IsMember({"score", "rank"}))
        ->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 2;
    }
    try {
        auto qrels_in = open_or_throw(qrels_path);
        const auto qrels = accord::bench::read_qrels(qrels_in);
        auto run_in = open_or_throw(run_path);
        const auto run = accord::bench::read_run(run_in);
        accord::bench::EvalOptions options;
        options.level = level;
        options.order =
            order == "rank" ? accord::bench::RankOrder::Rank : accord::bench::RankOrder::Score;
        const Evaluation evaluation = accord::bench::evaluate(qrels, run, options);
        if (evaluation.num_q == 0) {
            std::cerr << "accord-trec-eval: no query of " << qrels_path
                      << " has a relevant document at level " << level << "\n";
            return 1;
        }
        if (json) {
            std::cout << to_json(evaluation, per_query, level).dump(2) << "\n";
        } else {
            print_text(evaluation, per_query);
        }
    } catch (const accord::bench::TrecFormatError& error) {
        std::cerr << "accord-trec-eval: " << error.what() << "\n";
        return 2;
    }
    return 0;
}
