// accord-index: keeps an Accord database in step with files, directories and JSON Lines.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "accord/analyzers/errors.hpp"
#include "accord/cli/environment.hpp"
#include "accord/index/errors.hpp"
#include "accord/index/indexer.hpp"

namespace {

/// Failures and warnings to stderr; a progress line when stderr is a terminal.
class ConsoleObserver final : public accord::index::IndexObserver {
public:
    explicit ConsoleObserver(bool quiet) : quiet_(quiet), terminal_(isatty(STDERR_FILENO) == 1) {}

    void failure(const std::string& input, const std::string& message) override {
        clear_line();
        spdlog::error("{}: {}", input, message);
    }
    void warning(const std::string& input, const std::string& message) override {
        if (!quiet_) {
            clear_line();
            spdlog::warn("{}: {}", input, message);
        }
    }
    void progress(const accord::index::IndexProgress& p) override {
        if (quiet_ || !terminal_ || p.seconds < 0.5) {
            return;
        }
        const double files_per_second = static_cast<double>(p.files_done) / p.seconds;
        const double mb_per_second = static_cast<double>(p.bytes_done) / 1e6 / p.seconds;
        const double left = p.bytes_done == 0
                                ? 0.0
                                : p.seconds * static_cast<double>(p.bytes_total - p.bytes_done) /
                                      static_cast<double>(p.bytes_done);
        std::fprintf(
            stderr, "\r\033[K%zu/%zu files · %zu documents · %.1f files/s · %.1f MB/s · ETA %.0fs",
            p.files_done, p.files_total, p.documents, files_per_second, mb_per_second, left);
        std::fflush(stderr);
        drawn_ = true;
    }
    void clear_line() {
        if (drawn_) {
            std::fprintf(stderr, "\r\033[K");
            drawn_ = false;
        }
    }

private:
    bool quiet_;
    bool terminal_;
    bool drawn_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "Index articles and treaty texts (.txt .md .html .jsonl .pdf) into an Accord "
        "database. Re-running updates it incrementally."};
    accord::index::IndexOptions options;
    std::string database = accord::cli::default_database();
    std::string gazetteer = accord::cli::default_gazetteer().string();
    std::vector<std::string> paths;
    std::vector<std::string> delete_ids;
    bool json_summary = false;
    bool quiet = false;
    std::string log_level = "info";
    app.add_option("--db", database, "Database directory (default: $ACCORD_DB, else var/index)");
    app.add_option("--gazetteer", gazetteer,
                   "Gazetteer directory (default: $ACCORD_GAZETTEER, else the bundled one)");
    app.add_option("--jobs,-j", options.jobs, "Analysis threads (default: one per core)");
    app.add_flag("--prune", options.prune,
                 "Remove documents whose files disappeared from the given directories");
    app.add_flag("--rebuild", options.rebuild,
                 "Build a fresh database from the inputs and swap it in atomically");
    app.add_option("--shards", options.shards,
                   "Spread documents over N shard databases (by a stable hash of their id); "
                   "a new database or --rebuild only")
        ->check(CLI::Range(1, 256));
    app.add_option("--delete", delete_ids, "Delete documents by id")->expected(1, -1);
    app.add_option("--commit-every", options.commit_documents,
                   "Commit after this many changed documents (a new database or --rebuild: "
                   "at most 500)")
        ->capture_default_str();
    app.add_flag("--json", json_summary, "Print a JSON summary on stdout");
    app.add_flag("--quiet,-q", quiet, "No progress line and no warnings");
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error, off")
        ->capture_default_str();
    app.add_option("paths", paths, "Files, directories, or - for JSON Lines on stdin");
    app.add_option("--title-weight", options.records.title_weight,
                   "wdf added per title word (ranking weight of titles)")
        ->group("Tuning")
        ->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // --help and --version exit 0; every usage error exits 2, as the contract says.
        return app.exit(error) == 0 ? 0 : 2;
    }

    auto logger = spdlog::stderr_color_mt("accord-index");
    logger->set_pattern("accord-index: %^%l%$: %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(log_level));

    if (paths.empty() && delete_ids.empty()) {
        std::cerr << "accord-index: nothing to do: give files, directories, - or --delete ID\n"
                  << app.help();
        return 2;
    }
    options.database = database;
    options.gazetteer = gazetteer;
    ConsoleObserver observer(quiet);
    try {
        accord::index::Indexer indexer(options, &observer);
        accord::index::IndexSummary summary;
        if (!delete_ids.empty()) {
            summary = indexer.remove(delete_ids);
        }
        if (!paths.empty()) {
            const auto deleted = summary.deleted;
            summary = indexer.index(paths);
            summary.deleted += deleted;
        }
        observer.clear_line();
        if (json_summary) {
            const nlohmann::json object = {
                {"added", summary.added},         {"updated", summary.updated},
                {"unchanged", summary.unchanged}, {"deleted", summary.deleted},
                {"failed", summary.failed},       {"skipped", summary.skipped},
                {"documents", summary.documents}, {"files", summary.files},
                {"bytes", summary.bytes},         {"seconds", summary.seconds}};
            std::cout << object.dump() << "\n";
        } else if (!quiet) {
            std::fprintf(stderr,
                         "accord-index: %zu added, %zu updated, %zu unchanged, %zu deleted, "
                         "%zu failed; %zu documents in %s (%.2fs, %.1f MB/s)\n",
                         summary.added, summary.updated, summary.unchanged, summary.deleted,
                         summary.failed, summary.documents, database.c_str(), summary.seconds,
                         summary.seconds > 0
                             ? static_cast<double>(summary.bytes) / 1e6 / summary.seconds
                             : 0.0);
        }
        return summary.failed > 0 ? 1 : 0;
    } catch (const accord::index::DatabaseError& error) {
        observer.clear_line();
        spdlog::critical("{}", error.what());
        return 2;
    } catch (const accord::analyzers::AnalyzerError& error) {
        observer.clear_line();
        spdlog::critical("{}", error.what());
        return 2;
    } catch (const std::exception& error) {
        observer.clear_line();
        spdlog::critical("{}", error.what());
        return 2;
    }
}
