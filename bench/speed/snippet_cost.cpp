// accord-bench-snippets: what a hit's snippets cost, by the length of its document.
//
// For each length (2 KB … 500 KB by default) it indexes --docs documents of about that length
// (bodies of the scale corpus generator strung together, so the words and entity names are
// the generator's), then answers a fixed set of queries, top 10, with and without snippets,
// in interleaved rounds. The cost of snippets per hit is the difference of the two medians
// divided by the hits. For comparison, in the same run: what the highlighter costs when it
// analyses each hit's whole text, as every snippet did before texts were chunked.
//
// Prints one JSON object: {"lengths": [{"bytes", "docs", "hits_per_query",
// "chunked_us_per_hit", "whole_text_us_per_hit", "search_us_no_snippets"}], ...}.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "accord/analyzers/utf8.hpp"
#include "accord/bench/corpus_generator.hpp"
#include "accord/index/indexer.hpp"
#include "accord/schema/schema.hpp"
#include "accord/schema/stored_record.hpp"
#include "accord/schema/text_chunks.hpp"
#include "accord/search/highlighter.hpp"
#include "accord/search/searcher.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double median(std::vector<double> values) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

/// Writes @p docs documents of about @p bytes each to @p path.
void write_corpus(const fs::path& path, const accord::bench::CorpusGenerator& generator,
                  std::size_t docs, std::size_t bytes) {
    std::ofstream out(path);
    std::uint64_t n = 0;
    for (std::size_t d = 0; d < docs; ++d) {
        std::string body;
        std::string title;
        std::string date;
        while (body.size() < bytes) {
            std::string line;
            generator.write_record(n++, line);
            const auto record = nlohmann::json::parse(line);
            if (title.empty()) {
                title = record.value("title", "");
                date = record.value("date", "");
            }
            body += record.value("body", "");
            body += "\n\n";
        }
        body.resize(accord::analyzers::utf8_floor(body, bytes));
        out << nlohmann::json{{"id", "s" + std::to_string(d)},
                              {"title", title},
                              {"date", date},
                              {"body", body}}
                   .dump()
            << "\n";
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Snippet cost per hit by document length (see the file's comment)."};
    std::string work;
    std::string gazetteer = ACCORD_DEFAULT_GAZETTEER;
    std::vector<std::size_t> lengths = {2'000, 8'000, 32'000, 128'000, 500'000};
    std::size_t docs = 60;
    std::size_t rounds = 7;
    std::vector<std::string> queries = {"security",
                                        "sanctions",
                                        "peace talks",
                                        "Kiev",
                                        "\"foreign minister\"",
                                        "ceasefire violations"};
    app.add_option("--work", work, "Directory for the corpora and indexes")->required();
    app.add_option("--gazetteer", gazetteer, "Gazetteer directory")->capture_default_str();
    app.add_option("--lengths", lengths, "Document lengths in bytes")->delimiter(',');
    app.add_option("--docs", docs, "Documents per length")->capture_default_str();
    app.add_option("--rounds", rounds, "Timed rounds")->capture_default_str();
    app.add_option("--query", queries, "Queries (repeat)");
    bool compare = true;
    app.add_flag("--compare,!--no-compare", compare,
                 "Also time the whole-text highlighter (default on)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 2;
    }
    try {
        const auto names = accord::bench::load_gazetteer_names(gazetteer);
        accord::bench::CorpusOptions corpus_options;
        corpus_options.seed = 11;
        const accord::bench::CorpusGenerator generator(names, corpus_options);
        auto loaded = std::make_shared<const accord::analyzers::Gazetteer>(
            accord::analyzers::Gazetteer::load(gazetteer));
        nlohmann::json out = {
            {"queries", queries}, {"rounds", rounds}, {"lengths", nlohmann::json::array()}};
        for (const std::size_t bytes : lengths) {
            const fs::path dir = fs::path(work) / ("len-" + std::to_string(bytes));
            fs::remove_all(dir);
            fs::create_directories(dir);
            write_corpus(dir / "corpus.jsonl", generator, docs, bytes);
            accord::index::IndexOptions options;
            options.database = dir / "db";
            options.gazetteer = gazetteer;
            options.jobs = 2;
            accord::index::Indexer(options).index({(dir / "corpus.jsonl").string()});

            accord::search::Searcher searcher({options.database.string()}, loaded);
            accord::analyzers::Analyzer analyzer(loaded);
            accord::schema::TermMaker terms;
            accord::search::QueryParser parser(analyzer, terms);
            accord::search::Highlighter highlighter(analyzer.tokenizer(), terms);
            const Xapian::Database db(options.database.string());
            std::vector<double> with_snippets;
            std::vector<double> without;
            std::vector<double> whole_text;
            std::size_t hits = 0;
            for (std::size_t round = 0; round <= rounds; ++round) {  // round 0: warm-up
                for (const std::string& query : queries) {
                    for (const bool snippets : {true, false}) {
                        accord::search::SearchRequest request;
                        request.query = query;
                        request.facets = false;
                        request.snippets = snippets;
                        const auto started = Clock::now();
                        const auto result = searcher.search(request);
                        const double us =
                            std::chrono::duration<double, std::micro>(Clock::now() - started)
                                .count();
                        if (round == 0) {
                            continue;
                        }
                        (snippets ? with_snippets : without).push_back(us);
                        if (snippets) {
                            hits += result.hits.size();
                        }
                    }
                    if (round == 0 || !compare) {
                        continue;
                    }
                    // The old way, for comparison: read each hit's whole text and analyse it.
                    const auto parsed = parser.parse(query, &db);
                    accord::search::SearchRequest request;
                    request.query = query;
                    request.facets = false;
                    request.snippets = false;
                    const auto result = searcher.search(request);
                    const auto started = Clock::now();
                    for (const auto& hit : result.hits) {
                        auto posting = db.postlist_begin(accord::schema::id_term(hit.id));
                        const Xapian::Document document = db.get_document(*posting);
                        const std::string data = document.get_data();
                        const auto stored = accord::schema::decode_record(data);
                        if (!stored) {
                            continue;
                        }
                        const auto text = accord::schema::read_text(document, *stored);
                        accord::search::HighlightTargets targets;
                        targets.terms = &parsed.highlight_terms;
                        targets.prefixes = &parsed.highlight_prefixes;
                        for (const auto& mention : text.mentions) {
                            if (parsed.highlight_entities.count(mention.entity) != 0) {
                                targets.spans.emplace_back(mention.start, mention.end);
                            }
                        }
                        (void)highlighter.snippet(text.text, "en", targets);
                    }
                    const double us =
                        std::chrono::duration<double, std::micro>(Clock::now() - started).count();
                    if (!result.hits.empty()) {
                        whole_text.push_back(us / static_cast<double>(result.hits.size()));
                    }
                }
            }
            const double per_query_hits =
                static_cast<double>(hits) / static_cast<double>(rounds * queries.size());
            // Medians of per-query differences would pair unlike queries; the difference of
            // the sums over the rounds is the same work with and without snippets.
            double sum_with = 0;
            double sum_without = 0;
            for (std::size_t i = 0; i < with_snippets.size(); ++i) {
                sum_with += with_snippets[i];
                sum_without += without[i];
            }
            const double per_hit =
                hits == 0 ? 0 : (sum_with - sum_without) / static_cast<double>(hits);
            out["lengths"].push_back({{"bytes", bytes},
                                      {"docs", docs},
                                      {"hits_per_query", per_query_hits},
                                      {"chunked_us_per_hit", per_hit},
                                      {"whole_text_us_per_hit", median(whole_text)},
                                      {"search_us_no_snippets", median(without)},
                                      {"search_us_with_snippets", median(with_snippets)}});
            std::cerr << "length " << bytes << ": " << per_hit << " us per hit (chunked), "
                      << median(whole_text) << " us (whole text)\n";
        }
        std::cout << out.dump() << "\n";
    } catch (const std::exception& error) {
        std::cerr << "accord-bench-snippets: " << error.what() << "\n";
        return 2;
    }
    return 0;
}
