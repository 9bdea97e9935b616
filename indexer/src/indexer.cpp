#include "accord/index/indexer.hpp"

#include <spdlog/spdlog.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "accord/index/errors.hpp"
#include "accord/index/layout.hpp"
#include "accord/schema/schema.hpp"

#include "bulk_writer.hpp"
#include "incremental_writer.hpp"
#include "inputs.hpp"
#include "pipeline.hpp"
#include "worker.hpp"

namespace accord::index {

namespace fs = std::filesystem;
using namespace detail;  // NOLINT(google-build-using-namespace): the pipeline's own parts

Indexer::Indexer(IndexOptions options, IndexObserver* observer)
    : options_(std::move(options)), observer_(observer) {
    if (options_.jobs == 0) {
        options_.jobs = std::max(1U, std::thread::hardware_concurrency());
    }
    if (options_.gazetteer.empty()) {
        options_.gazetteer = analyzers::Gazetteer::bundled_directory();
    }
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point from) {
    return std::chrono::duration<double>(Clock::now() - from).count();
}

/// What one run of Indexer::index writes to and how: decided up front, before any thread
/// starts. Holds the run lock for as long as it lives.
struct RunPlan {
    explicit RunPlan(const IndexOptions& options)
        : layout(options.database), lock(ensure_root(options)) {}

    IndexLayout layout;
    RunLock lock;
    std::vector<Input> inputs;
    std::vector<fs::path> directories;  ///< arguments that were directories (for pruning)
    std::size_t shard_count = 1;
    /// Bulk mode builds a new generation from scratch in parallel shards (a rebuild, or a
    /// database with no documents yet); incremental mode changes the live one in place.
    bool bulk = false;
    fs::path target;                ///< the new generation (bulk) or the live one
    fs::path scratch;               ///< the temporary parts of a one-shard bulk build
    std::optional<fs::path> state;  ///< what workers compare against; none in bulk mode
    std::vector<Xapian::WritableDatabase> live_shards;  ///< incremental mode
    std::unique_ptr<ShardSet> shards;                   ///< bulk mode

    [[nodiscard]] std::size_t bytes_total() const {
        std::size_t total = 0;
        for (const Input& input : inputs) {
            total += input.size;
        }
        return total;
    }

private:
    static const fs::path& ensure_root(const IndexOptions& options) {
        std::error_code error;
        fs::create_directories(options.database, error);
        if (error) {
            throw DatabaseError("cannot create " + options.database.string() + ": " +
                                error.message());
        }
        return options.database;
    }
};

/// Collects the inputs, chooses the shard count and the mode, and opens what will be written.
void plan_run(RunPlan& plan, const std::vector<std::string>& arguments, const IndexOptions& options,
              IndexSummary& summary, IndexObserver* observer) {
    plan.inputs = collect_inputs(arguments, summary, observer, plan.directories);

    // The shard count: asked for, else the database's own, else one.
    const std::size_t existing = plan.layout.exists() ? plan.layout.live_shards().size() : 0;
    plan.shard_count = options.shards != 0 ? options.shards : (existing != 0 ? existing : 1);
    if (existing != 0 && plan.shard_count != existing && !options.rebuild) {
        throw DatabaseError("the database has " + std::to_string(existing) +
                            " shard(s); changing to " + std::to_string(plan.shard_count) +
                            " needs --rebuild");
    }
    plan.layout.ensure_exists(plan.shard_count);
    plan.bulk = options.rebuild;
    if (!plan.bulk) {
        try {
            plan.bulk = document_count(Xapian::Database(options.database.string())) == 0;
        } catch (const Xapian::Error& e) {
            throw DatabaseError("cannot open " + options.database.string() + ": " +
                                e.get_description());
        }
    }
    plan.target = plan.bulk ? plan.layout.next_generation() : plan.layout.live();
    plan.scratch = options.database / "build.tmp";
    // Bulk commits are not durability points (the generation goes live only when complete), so
    // their size is a matter of speed and memory alone: Xapian's buffered posting maps get
    // slower as they grow, and small batches measured faster as well as smaller (100,000
    // documents: 500 per commit over all parts 94 s and 127 MiB; 5,000 103 s and 284 MiB).
    const std::size_t bulk_batch = std::min(options.commit_documents, kBulkBatchDocuments);
    try {
        std::vector<fs::path> paths;
        if (plan.bulk && plan.shard_count == 1) {
            // One database: write in parallel to temporary shards, then compact them into it.
            std::error_code error;
            fs::remove_all(plan.scratch, error);  // left over from a killed run
            fs::create_directories(plan.scratch);
            // Twice as many shards as workers, so two workers seldom wait on the same lock.
            for (std::size_t i = 0; i < 2 * options.jobs; ++i) {
                paths.push_back(plan.scratch / ("part-" + std::to_string(i)));
            }
            plan.shards = std::make_unique<ShardSet>(paths, bulk_batch);
        } else if (plan.bulk) {
            // A sharded database: the workers write its shards directly, nothing to merge.
            fs::create_directories(plan.target);
            for (std::size_t i = 0; i < plan.shard_count; ++i) {
                paths.push_back(IndexLayout::shard_path(plan.target, i, plan.shard_count));
            }
            plan.shards = std::make_unique<ShardSet>(paths, bulk_batch);
        } else {
            plan.state = options.database;
            for (const fs::path& path : plan.layout.live_shards()) {
                plan.live_shards.emplace_back(path.string(), Xapian::DB_CREATE_OR_OPEN);
            }
        }
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open " + plan.target.string() +
                            " for writing: " + e.get_description());
    }
}

/// The pipeline: one thread splits the inputs into units, one worker per job analyses them
/// into batches, and this thread applies the batches through @p writer, reporting progress.
/// Rethrows the first error of any thread once all have stopped.
void run_pipeline(RunPlan& plan, Writer& writer, const IndexOptions& options,
                  const std::shared_ptr<const analyzers::Gazetteer>& gazetteer,
                  IndexSummary& summary, IndexObserver* observer, Clock::time_point started) {
    BoundedQueue<Batch> batches(4 * options.jobs);
    BoundedQueue<Unit> units(4 * options.jobs);
    std::atomic<bool> abort{false};
    std::exception_ptr thread_error;
    std::mutex thread_error_mutex;
    auto remember = [&](std::exception_ptr error_ptr) {
        std::lock_guard guard(thread_error_mutex);
        if (!thread_error) {
            thread_error = std::move(error_ptr);
        }
        abort = true;
        units.close();
    };

    std::atomic<unsigned> running{options.jobs + 1};  // workers and the splitter
    auto done = [&]() {
        if (--running == 0) {
            batches.close();
        }
    };
    std::vector<std::thread> threads;
    threads.emplace_back([&]() {
        try {
            Worker finisher(options, gazetteer, plan.state, batches, plan.shards.get(), abort);
            split_inputs(plan.inputs, options, plan.state, units, batches, finisher, abort);
        } catch (...) {
            remember(std::current_exception());
        }
        units.close();
        done();
    });
    for (unsigned i = 0; i < options.jobs; ++i) {
        threads.emplace_back([&]() {
            try {
                Worker worker(options, gazetteer, plan.state, batches, plan.shards.get(), abort);
                while (auto unit = units.pop()) {
                    worker.process(*unit);
                    if (--unit->file->pending == 0) {
                        worker.finish_file(*unit->file);
                    }
                }
            } catch (...) {
                remember(std::current_exception());
            }
            done();
        });
    }

    const std::size_t bytes_total = plan.bytes_total();
    auto last_report = Clock::now();
    for (bool finished = false; !finished;) {
        auto batch = batches.pop(std::chrono::milliseconds(250), finished);
        if (batch && !abort) {
            try {
                writer.apply(*batch);
            } catch (...) {
                remember(std::current_exception());
                batches.close();
            }
        }
        const auto now = Clock::now();
        if (observer != nullptr && now - last_report >= std::chrono::milliseconds(250)) {
            last_report = now;
            observer->progress({writer.files_done(), plan.inputs.size(), writer.bytes_done(),
                                bytes_total, summary.added + summary.updated,
                                seconds_since(started)});
        }
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    if (thread_error) {
        std::rethrow_exception(thread_error);
    }
}

/// Makes the run's changes durable: a bulk build's parts are committed (and merged into one
/// database), the file records written, and the new generation goes live; an incremental run
/// prunes what disappeared and commits.
void finish_run(RunPlan& plan, Writer& writer, const IndexOptions& options, IndexSummary& summary,
                Clock::time_point started) {
    if (plan.bulk) {
        spdlog::debug("analysis done at {:.2f}s", seconds_since(started));
        auto step = Clock::now();
        const std::vector<fs::path> built = plan.shards->finish(options.jobs);
        spdlog::debug("{} parts committed in {:.2f}s", built.size(), seconds_since(step));
        if (plan.shard_count == 1) {
            step = Clock::now();
            Xapian::Database sources;
            for (const fs::path& part : built) {
                sources.add_database(Xapian::Database(part.string()));
            }
            sources.compact(plan.target.string());
            spdlog::debug("parts merged in {:.2f}s", seconds_since(step));
        }
        {
            // Record the files in shard 0 of the new generation.
            Xapian::WritableDatabase first(
                IndexLayout::shard_path(plan.target, 0, plan.shard_count).string(),
                Xapian::DB_OPEN);
            for (const auto& [key, value] : writer.file_records()) {
                first.set_metadata(key, value);
            }
            first.set_metadata(std::string(schema::kSchemaKey),
                               std::string(schema::kSchemaVersion));
            first.commit();
        }
        std::error_code error;
        fs::remove_all(plan.scratch, error);
        spdlog::debug("committing: generation {}", plan.target.filename().string());
        plan.layout.activate(plan.target, plan.shard_count);
        spdlog::debug("committed: generation {} is live", plan.target.filename().string());
    } else {
        if (options.prune) {
            std::set<std::string> present;
            for (const Input& input : plan.inputs) {
                present.insert(input.key);
            }
            const Xapian::Database reader(options.database.string());
            prune(writer, plan.live_shards.front(), reader, plan.directories, present, summary);
        }
        plan.live_shards.front().set_metadata(std::string(schema::kSchemaKey),
                                              std::string(schema::kSchemaVersion));
        writer.commit(true);
        for (auto& shard : plan.live_shards) {
            shard.close();
        }
    }
    summary.documents = document_count(Xapian::Database(options.database.string()));
}

/// After a failure: nothing of the run is committed, and a bulk build's files go.
void abandon_run(RunPlan& plan, Writer& writer) {
    writer.cancel();
    plan.live_shards.clear();
    plan.shards.reset();
    std::error_code error;
    fs::remove_all(plan.scratch, error);
    if (plan.bulk) {
        plan.layout.discard(plan.target);
    }
}

}  // namespace

IndexSummary Indexer::index(const std::vector<std::string>& arguments) {
    const auto started = Clock::now();
    IndexSummary summary;
    auto gazetteer = std::make_shared<const analyzers::Gazetteer>(
        analyzers::Gazetteer::load(options_.gazetteer));

    RunPlan plan(options_);
    plan_run(plan, arguments, options_, summary, observer_);
    Writer writer(plan.bulk ? nullptr : &plan.live_shards, options_, summary, observer_);
    try {
        run_pipeline(plan, writer, options_, gazetteer, summary, observer_, started);
        finish_run(plan, writer, options_, summary, started);
    } catch (const Xapian::Error& e) {
        abandon_run(plan, writer);
        throw DatabaseError("writing " + plan.target.string() + " failed: " + e.get_description());
    } catch (...) {
        abandon_run(plan, writer);
        throw;
    }
    for (const Input& input : plan.inputs) {
        if (!input.from_stdin) {
            ++summary.files;
            summary.bytes += input.size;
        }
    }
    summary.seconds = seconds_since(started);
    return summary;
}

IndexSummary Indexer::remove(const std::vector<std::string>& ids) {
    const auto started = std::chrono::steady_clock::now();
    IndexSummary summary;
    IndexLayout layout(options_.database);
    if (!layout.exists()) {
        throw DatabaseError("no Accord database at " + options_.database.string());
    }
    const RunLock lock(options_.database);
    try {
        std::vector<Xapian::WritableDatabase> shards;
        for (const fs::path& path : layout.live_shards()) {
            shards.emplace_back(path.string(), Xapian::DB_OPEN);
        }
        for (const std::string& id : ids) {
            Xapian::WritableDatabase& db = shards[shard_of(id, shards.size())];
            const std::string term = schema::id_term(id);
            if (db.get_termfreq(term) == 0) {
                ++summary.failed;
                if (observer_ != nullptr) {
                    observer_->failure(printable(id), "no document with this id");
                }
                continue;
            }
            db.delete_document(term);
            db.delete_document(schema::parent_term(id));
            ++summary.deleted;
        }
        for (auto& db : shards) {
            db.commit();
        }
        summary.documents = document_count(Xapian::Database(options_.database.string()));
    } catch (const Xapian::Error& e) {
        throw DatabaseError("deleting from " + options_.database.string() +
                            " failed: " + e.get_description());
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

}  // namespace accord::index
