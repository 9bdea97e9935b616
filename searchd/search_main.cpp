// accord-search: ranked, faceted search from the command line, and TREC runs for evaluation.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>

#include "accord/analyzers/errors.hpp"
#include "accord/cli/environment.hpp"
#include "accord/search/errors.hpp"
#include "accord/search/result_json.hpp"
#include "accord/search/searcher.hpp"

namespace {

using accord::search::SearchRequest;
using accord::search::SearchResult;

// <mark>x</mark> → terminal bold; entities back to characters.
std::string for_terminal(const std::string& html, bool colour) {
    std::string out;
    for (std::size_t i = 0; i < html.size();) {
        if (html.compare(i, 6, "<mark>") == 0) {
            out += colour ? "\033[1m" : "[";
            i += 6;
        } else if (html.compare(i, 7, "</mark>") == 0) {
            out += colour ? "\033[0m" : "]";
            i += 7;
        } else if (html[i] == '&') {
            static const std::pair<const char*, char> kEntities[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
            bool done = false;
            for (const auto& [name, ch] : kEntities) {
                const std::size_t length = std::char_traits<char>::length(name);
                if (html.compare(i, length, name) == 0) {
                    out.push_back(ch);
                    i += length;
                    done = true;
                    break;
                }
            }
            if (!done) {
                out.push_back(html[i++]);
            }
        } else {
            out.push_back(html[i++]);
        }
    }
    return out;
}

void print_human(const SearchResult& result, bool colour) {
    std::cout << result.total << (result.total_exact ? "" : "+") << " result"
              << (result.total == 1 ? "" : "s") << " (" << result.took_ms << " ms)";
    if (result.relaxed) {
        std::cout << " — " << result.strict_total
                  << (result.strict_total == 1 ? " document has" : " documents have")
                  << " every word (first); showing documents with any of them";
    }
    std::cout << "\n";
    if (result.suggestion) {
        std::cout << "Did you mean: " << *result.suggestion << "\n";
    }
    std::size_t rank = result.offset;
    for (const auto& hit : result.hits) {
        std::cout << "\n" << ++rank << ". " << hit.title;
        if (!hit.section.empty()) {
            std::cout << " — " << hit.section;
        }
        std::cout << "\n   " << hit.type;
        if (!hit.date.empty()) {
            std::cout << " · " << hit.date;
        }
        if (!hit.source.empty()) {
            std::cout << " · " << hit.source;
        }
        std::cout << " · " << hit.id << " · score " << hit.score << "\n";
        if (!hit.snippet.empty()) {
            std::cout << "   " << for_terminal(hit.snippet, colour) << "\n";
        }
    }
    for (const char* facet : {"party", "region", "agreement", "type", "year"}) {
        const auto found = result.facets.find(facet);
        if (found == result.facets.end() || found->second.empty()) {
            continue;
        }
        std::cout << "\n" << facet << ":";
        std::size_t shown = 0;
        for (const auto& value : found->second) {
            if (++shown > 8) {
                std::cout << " …";
                break;
            }
            std::cout << " " << value.label << " (" << value.count << ")";
        }
    }
    std::cout << "\n";
}

int run_topics(accord::search::Searcher& searcher, const std::string& file, std::size_t limit,
               const std::string& tag) {
    std::ifstream in(file);
    if (!in) {
        std::cerr << "accord-search: cannot open " << file << "\n";
        return 2;
    }
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        const auto tab = line.find('\t');
        if (line.empty()) {
            continue;
        }
        if (tab == std::string::npos) {
            std::cerr << "accord-search: " << file << ":" << number << ": expected qid<TAB>query\n";
            return 2;
        }
        SearchRequest request;
        request.query = line.substr(tab + 1);
        request.limit = limit;
        request.facets = false;
        request.snippets = false;
        request.details = false;
        request.count = false;
        const std::string qid = line.substr(0, tab);
        try {
            const SearchResult result = searcher.search(request);
            std::size_t rank = 0;
            double previous = 0;
            for (const auto& hit : result.hits) {
                // Evaluators sort by score: a relaxed answer's documents with every word come
                // first whatever their weight, so scores are made to fall with the rank.
                double score = hit.score;
                if (rank > 0 && score >= previous) {
                    score = previous - 1e-6 * std::max(1.0, std::abs(previous));
                }
                previous = score;
                // Enough digits that evaluators never see ties we did not have.
                std::cout << qid << " Q0 " << hit.id << " " << ++rank << " " << std::setprecision(9)
                          << score << " " << tag << "\n";
            }
        } catch (const accord::search::InvalidRequest& error) {
            std::cerr << "accord-search: topic " << qid << ": " << error.what() << "\n";
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // A remote shard that hangs up mid-request must be an error to report, not a signal.
    std::signal(SIGPIPE, SIG_IGN);
    CLI::App app{"Search an Accord database."};
    std::vector<std::string> databases;
    std::string gazetteer = accord::cli::default_gazetteer().string();
    SearchRequest request;
    std::vector<std::string> words;
    bool json_output = false;
    bool pretty = false;
    std::string sort = "default";
    std::string topics;
    std::string run_format;
    std::string run_tag = "accord";
    std::size_t limit = 0;
    app.add_option("--db", databases,
                   "Database (repeat to search several as one); default "
                   "$ACCORD_DB, else var/index")
        ->allow_extra_args(false);
    app.add_option("--gazetteer", gazetteer, "Gazetteer directory");
    app.add_flag("--json", json_output, "Print the /api/search JSON object");
    app.add_flag("--pretty", pretty, "Indent JSON");
    app.add_option("--limit", limit, "Results per page (default 10; 1000 in TREC mode)");
    app.add_option("--offset", request.offset, "First result to show");
    app.add_option("--party", request.parties, "Only documents mentioning this party")
        ->allow_extra_args(false);
    app.add_option("--region", request.regions, "Only documents mentioning this region")
        ->allow_extra_args(false);
    app.add_option("--agreement", request.agreements, "Only documents mentioning this agreement")
        ->allow_extra_args(false);
    app.add_option("--type", request.types, "article, treaty, statement or other")
        ->allow_extra_args(false);
    app.add_option("--lang", request.languages, "Language code (en, uk, ru …)")
        ->allow_extra_args(false);
    app.add_option("--from", request.from, "Earliest date (YYYY-MM-DD)");
    app.add_option("--to", request.to, "Latest date (YYYY-MM-DD)");
    app.add_option("--sort", sort, "relevance or date")
        ->check(CLI::IsMember({"default", "relevance", "date"}));
    app.add_option("--more-like", request.more_like, "Find documents like this document id");
    app.add_option("--topics", topics, "Batch mode: file of qid<TAB>query lines");
    app.add_option("--run-format", run_format, "Batch output format")
        ->check(CLI::IsMember({"trec"}));
    app.add_option("--run-tag", run_tag, "Run name in TREC output")->capture_default_str();
    app.add_option("query", words, "Query (see docs/query-language.md)");
    // Ranking knobs for the relevance benchmark; the defaults are the tuned ones.
    accord::search::SearchOptions tuning;
    app.add_option("--remote-timeout-ms", tuning.remote_timeout_ms,
                   "Remote shards: time to answer one request")
        ->capture_default_str();
    app.add_option("--remote-connect-timeout-ms", tuning.remote_connect_timeout_ms,
                   "Remote shards: time to connect")
        ->capture_default_str();
    app.add_option("--k1", tuning.ranking.k1, "BM25 k1")->group("Tuning")->capture_default_str();
    app.add_option("--b", tuning.ranking.b, "BM25 b")->group("Tuning")->capture_default_str();
    app.add_option("--and-max-words", tuning.parser.and_max_words,
                   "Queries up to this many words need every word")
        ->group("Tuning")
        ->capture_default_str();
    app.add_option("--relax-below", tuning.relax_below,
                   "Relax short queries to any word when fewer documents have every word")
        ->group("Tuning")
        ->capture_default_str();
    app.add_option("--feedback-docs", tuning.feedback_documents,
                   "Pseudo-relevance feedback documents (0: off)")
        ->group("Tuning")
        ->capture_default_str();
    app.add_option("--feedback-depth", tuning.feedback_depth,
                   "Feedback re-ranks this many of the best documents")
        ->group("Tuning")
        ->capture_default_str();
    app.add_option("--feedback-terms", tuning.feedback_terms, "Feedback terms")
        ->group("Tuning")
        ->capture_default_str();
    app.add_option("--feedback-weight", tuning.feedback_weight, "Weight of feedback terms")
        ->group("Tuning")
        ->capture_default_str();
    app.add_option("--ordered-pair-weight", tuning.ranking.ordered_pair_weight,
                   "Weight of neighbouring query words found as typed")
        ->group("Tuning")
        ->capture_default_str();
    app.add_option("--unordered-pair-weight", tuning.ranking.unordered_pair_weight,
                   "Weight of neighbouring query words found close in any order")
        ->group("Tuning")
        ->capture_default_str();
    app.add_option("--proximity-window", tuning.parser.proximity_window,
                   "Words allowed between neighbouring query words to count as close")
        ->group("Tuning")
        ->capture_default_str();
    app.add_option("--weighting", tuning.ranking.weighting, "bm25 or ineb2")
        ->group("Tuning")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, accord::search::Weighting>{
                {"bm25", accord::search::Weighting::kBm25},
                {"ineb2", accord::search::Weighting::kIneB2}},
            CLI::ignore_case));
    app.add_option("--c", tuning.ranking.c, "IneB2 c")->group("Tuning")->capture_default_str();
    app.add_option("--min-normlen", tuning.ranking.min_normlen, "BM25 min_normlen")
        ->group("Tuning")
        ->capture_default_str();
    app.add_option("--entity-weight", tuning.parser.entity_weight, "Weight of entity-alias matches")
        ->group("Tuning")
        ->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // --help and --version exit 0; every usage error exits 2, as the contract says.
        return app.exit(error) == 0 ? 0 : 2;
    }

    if (databases.empty()) {
        databases.push_back(accord::cli::default_database());
    }
    spdlog::set_level(spdlog::level::warn);
    try {
        auto loaded = std::make_shared<const accord::analyzers::Gazetteer>(
            accord::analyzers::Gazetteer::load(gazetteer));
        accord::search::SearchOptions options = tuning;
        if (!topics.empty()) {
            options.max_limit = 10'000;
            if (run_format != "trec") {
                std::cerr << "accord-search: --topics needs --run-format trec\n";
                return 2;
            }
            accord::search::Searcher searcher(databases, loaded, options);
            return run_topics(searcher, topics, limit == 0 ? 1000 : limit, run_tag);
        }
        accord::search::Searcher searcher(databases, loaded, options);
        for (const auto& word : words) {
            request.query += request.query.empty() ? word : " " + word;
        }
        request.limit = limit == 0 ? 10 : limit;
        request.sort = sort == "date"        ? accord::search::SortOrder::kDate
                       : sort == "relevance" ? accord::search::SortOrder::kRelevance
                                             : accord::search::SortOrder::kDefault;
        const auto result = searcher.search(request);
        if (json_output) {
            std::cout << accord::search::dump(accord::search::to_json(result), pretty ? 2 : -1)
                      << "\n";
        } else {
            print_human(result, isatty(1) != 0);
        }
        return 0;
    } catch (const accord::search::InvalidRequest& error) {
        std::cerr << "accord-search: " << error.what() << "\n";
        return 2;
    } catch (const accord::search::SearchError& error) {
        std::cerr << "accord-search: " << error.what() << "\n";
        return 2;
    } catch (const accord::analyzers::AnalyzerError& error) {
        std::cerr << "accord-search: " << error.what() << "\n";
        return 2;
    }
}
