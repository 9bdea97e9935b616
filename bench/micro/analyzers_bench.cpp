// accord-bench-analyzers: throughput of the text pipeline on the sample corpus.
//
//   accord-bench-analyzers [--corpus DIR] [--gazetteer DIR] [--report FILE] [benchmark flags]
//
// The corpus is every .md, .txt and .html file under DIR (default data/sample of the source
// tree), read raw, plus the "body" of every record of DIR/wire.jsonl. Each benchmark iteration
// processes the whole corpus; throughput is reported in bytes per second (SetBytesProcessed).
//
//   Tokenize          Tokenizer::tokenize: ICU word breaking and folding (the baseline)
//   DetectLanguage    LanguageDetector::detect
//   TokenizeAndTag    Tokenizer::tokenize + EntityTagger::tag (what tagging adds to the baseline)
//   Analyze           Analyzer::analyze: detection + word breaking + tagging, as the indexer runs
//
// After the runs the program prints (and with --report writes as Markdown) the MB/s of each and
// the cost of tagging relative to word breaking alone.
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "accord/analyzers/analyzer.hpp"
#include "accord/analyzers/gazetteer.hpp"
#include "accord/analyzers/language.hpp"
#include "accord/analyzers/tagger.hpp"
#include "accord/analyzers/tokenizer.hpp"
#include "accord/cli/environment.hpp"

#ifndef ACCORD_SAMPLE_DIR
#define ACCORD_SAMPLE_DIR "data/sample"
#endif

namespace {

namespace fs = std::filesystem;
using namespace accord::analyzers;

struct Corpus {
    std::vector<std::string> texts;
    std::int64_t bytes = 0;
};

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

Corpus load_corpus(const fs::path& directory) {
    std::vector<fs::path> files;
    for (const auto& item : fs::recursive_directory_iterator(directory)) {
        const auto extension = item.path().extension();
        if (item.is_regular_file() && (extension == ".md" || extension == ".txt" ||
                                       extension == ".html" || extension == ".jsonl")) {
            files.push_back(item.path());
        }
    }
    std::sort(files.begin(), files.end());
    Corpus corpus;
    for (const fs::path& file : files) {
        if (file.extension() == ".jsonl") {
            std::ifstream in(file, std::ios::binary);
            std::string line;
            while (std::getline(in, line)) {
                if (line.empty()) {
                    continue;
                }
                const auto record = nlohmann::json::parse(line);
                if (record.contains("body") && record["body"].is_string()) {
                    corpus.texts.push_back(record["body"].get<std::string>());
                }
            }
        } else {
            corpus.texts.push_back(read_all(file));
        }
    }
    for (const std::string& text : corpus.texts) {
        corpus.bytes += static_cast<std::int64_t>(text.size());
    }
    if (corpus.texts.empty()) {
        throw std::runtime_error("no texts under " + directory.string());
    }
    return corpus;
}

// Set by main before the benchmarks run.
const Corpus* g_corpus = nullptr;
std::shared_ptr<const Gazetteer> g_gazetteer;

void finish(benchmark::State& state, std::int64_t tokens, std::int64_t mentions) {
    state.SetBytesProcessed(state.iterations() * g_corpus->bytes);
    state.counters["tokens/s"] =
        benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
    if (mentions > 0) {
        state.counters["mentions/s"] =
            benchmark::Counter(static_cast<double>(mentions), benchmark::Counter::kIsRate);
    }
}

void BM_Tokenize(benchmark::State& state) {
    Tokenizer tokenizer;
    std::int64_t tokens = 0;
    for (auto _ : state) {
        for (const std::string& text : g_corpus->texts) {
            const std::vector<Token> result = tokenizer.tokenize(text);
            tokens += static_cast<std::int64_t>(result.size());
            benchmark::DoNotOptimize(result.data());
        }
    }
    finish(state, tokens, 0);
}

void BM_DetectLanguage(benchmark::State& state) {
    LanguageDetector detector;
    for (auto _ : state) {
        for (const std::string& text : g_corpus->texts) {
            std::string language = detector.detect(text);
            benchmark::DoNotOptimize(language.data());
        }
    }
    finish(state, 0, 0);
}

void BM_TokenizeAndTag(benchmark::State& state) {
    Tokenizer tokenizer;
    EntityTagger tagger(g_gazetteer);
    std::int64_t tokens = 0;
    std::int64_t mentions = 0;
    for (auto _ : state) {
        for (const std::string& text : g_corpus->texts) {
            const std::vector<Token> result = tokenizer.tokenize(text);
            const std::vector<Mention> found = tagger.tag(text, result);
            tokens += static_cast<std::int64_t>(result.size());
            mentions += static_cast<std::int64_t>(found.size());
            benchmark::DoNotOptimize(found.data());
        }
    }
    finish(state, tokens, mentions);
}

void BM_Analyze(benchmark::State& state) {
    Analyzer analyzer(g_gazetteer);
    std::int64_t tokens = 0;
    std::int64_t mentions = 0;
    for (auto _ : state) {
        for (const std::string& text : g_corpus->texts) {
            const Analysis analysis = analyzer.analyze(text);
            tokens += static_cast<std::int64_t>(analysis.tokens.size());
            mentions += static_cast<std::int64_t>(analysis.mentions.size());
            benchmark::DoNotOptimize(analysis.mentions.data());
        }
    }
    finish(state, tokens, mentions);
}

BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DetectLanguage)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TokenizeAndTag)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Analyze)->Unit(benchmark::kMillisecond);

/// Console output as usual, and the seconds per corpus pass of each benchmark kept for the
/// summary (the mean when --benchmark_repetitions asks for several).
class SummaryReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs) {
            if (run.error_occurred) {
                continue;
            }
            const std::string name = run.run_name.function_name;
            if (run.run_type == Run::RT_Aggregate) {
                if (run.aggregate_name == "mean") {
                    seconds_[name] = run.GetAdjustedCPUTime() / 1e3;  // unit: milliseconds
                    aggregated_[name] = true;
                }
            } else if (!aggregated_[name]) {
                seconds_[name] = run.GetAdjustedCPUTime() / 1e3;
            }
        }
    }
    [[nodiscard]] const std::map<std::string, double>& seconds() const { return seconds_; }

private:
    std::map<std::string, double> seconds_;
    std::map<std::string, bool> aggregated_;
};

std::string summary(const std::map<std::string, double>& seconds, std::int64_t bytes,
                    std::size_t texts) {
    const double megabytes = static_cast<double>(bytes) / 1e6;
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line,
                  "Corpus: %zu texts, %.3f MB (data/sample: .md/.txt/.html raw + wire.jsonl "
                  "bodies)\n\n| benchmark | ms per corpus | MB/s |\n|---|---:|---:|\n",
                  texts, megabytes);
    out += line;
    for (const char* name :
         {"BM_Tokenize", "BM_DetectLanguage", "BM_TokenizeAndTag", "BM_Analyze"}) {
        const auto found = seconds.find(name);
        if (found == seconds.end()) {
            continue;
        }
        std::snprintf(line, sizeof line, "| %s | %.2f | %.1f |\n", name + 3, found->second * 1e3,
                      megabytes / found->second);
        out += line;
    }
    const auto tokenize = seconds.find("BM_Tokenize");
    const auto tag = seconds.find("BM_TokenizeAndTag");
    const auto analyze = seconds.find("BM_Analyze");
    if (tokenize != seconds.end() && tag != seconds.end()) {
        std::snprintf(line, sizeof line,
                      "\nTagging adds %.0f%% to word breaking alone (TokenizeAndTag / Tokenize = "
                      "%.2f; target < 1.50).\n",
                      (tag->second / tokenize->second - 1) * 100, tag->second / tokenize->second);
        out += line;
    }
    if (tokenize != seconds.end() && analyze != seconds.end()) {
        std::snprintf(line, sizeof line,
                      "Whole analysis (detection + word breaking + tagging) / word breaking = "
                      "%.2f.\n",
                      analyze->second / tokenize->second);
        out += line;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    fs::path corpus_dir = ACCORD_SAMPLE_DIR;
    fs::path gazetteer_dir = accord::cli::default_gazetteer();
    std::string report;
    // Our own flags first; the rest goes to Google Benchmark.
    std::vector<char*> rest{argv[0]};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "--corpus" || arg == "--gazetteer" || arg == "--report") && i + 1 < argc) {
            (arg == "--corpus"      ? corpus_dir
             : arg == "--gazetteer" ? gazetteer_dir
                                    : fs::path()) = argv[i + 1];
            if (arg == "--report") {
                report = argv[i + 1];
            }
            ++i;
        } else {
            rest.push_back(argv[i]);
        }
    }
    int rest_count = static_cast<int>(rest.size());
    benchmark::Initialize(&rest_count, rest.data());
    if (benchmark::ReportUnrecognizedArguments(rest_count, rest.data())) {
        return 2;
    }
    try {
        static const Corpus corpus = load_corpus(corpus_dir);
        g_corpus = &corpus;
        g_gazetteer = std::make_shared<const Gazetteer>(Gazetteer::load(gazetteer_dir));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "accord-bench-analyzers: %s\n", error.what());
        return 2;
    }

    SummaryReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    const std::string text = summary(reporter.seconds(), g_corpus->bytes, g_corpus->texts.size());
    std::printf("\n%s", text.c_str());
    if (!report.empty()) {
        std::ofstream out(report);
        out << "# accord-bench-analyzers\n\n" << text;
        if (!out) {
            std::fprintf(stderr, "accord-bench-analyzers: cannot write %s\n", report.c_str());
            return 1;
        }
    }
    return 0;
}
