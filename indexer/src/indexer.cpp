#include "accord/index/indexer.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <xapian.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "accord/analyzers/utf8.hpp"
#include "accord/index/errors.hpp"
#include "accord/index/extractors.hpp"
#include "accord/index/layout.hpp"
#include "accord/schema/schema.hpp"

#include "incremental_writer.hpp"
#include "inputs.hpp"
#include "pipeline.hpp"
#include "worker.hpp"

namespace accord::index {

using nlohmann::json;
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

IndexSummary Indexer::index(const std::vector<std::string>& arguments) {
    const auto started = std::chrono::steady_clock::now();
    IndexSummary summary;
    auto gazetteer = std::make_shared<const analyzers::Gazetteer>(
        analyzers::Gazetteer::load(options_.gazetteer));

    IndexLayout layout(options_.database);
    std::error_code error;
    fs::create_directories(options_.database, error);
    if (error) {
        throw DatabaseError("cannot create " + options_.database.string() + ": " + error.message());
    }
    const RunLock lock(options_.database);

    std::vector<fs::path> directories;
    const std::vector<Input> inputs = collect_inputs(arguments, summary, observer_, directories);

    // The shard count: asked for, else the database's own, else one.
    const std::size_t existing = layout.exists() ? layout.live_shards().size() : 0;
    const std::size_t shard_count =
        options_.shards != 0 ? options_.shards : (existing != 0 ? existing : 1);
    if (existing != 0 && shard_count != existing && !options_.rebuild) {
        throw DatabaseError("the database has " + std::to_string(existing) +
                            " shard(s); changing to " + std::to_string(shard_count) +
                            " needs --rebuild");
    }
    // Bulk mode builds a new generation from scratch in parallel shards (a rebuild, or a
    // database with no documents yet); incremental mode changes the live one in place.
    layout.ensure_exists(shard_count);
    bool bulk = options_.rebuild;
    if (!bulk) {
        try {
            bulk = document_count(Xapian::Database(options_.database.string())) == 0;
        } catch (const Xapian::Error& e) {
            throw DatabaseError("cannot open " + options_.database.string() + ": " +
                                e.get_description());
        }
    }
    const fs::path target = bulk ? layout.next_generation() : layout.live();
    const fs::path scratch = options_.database / "build.tmp";
    std::optional<fs::path> state;  // what workers compare against; none in bulk mode
    std::vector<Xapian::WritableDatabase> live_shards;
    std::unique_ptr<ShardSet> shards;
    // Bulk commits are not durability points (the generation goes live only when complete), so
    // their size is a matter of speed and memory alone: Xapian's buffered posting maps get
    // slower as they grow, and small batches measured faster as well as smaller (100,000
    // documents: 500 per commit over all parts 94 s and 127 MiB; 5,000 103 s and 284 MiB).
    const std::size_t bulk_batch = std::min(options_.commit_documents, kBulkBatchDocuments);
    try {
        if (bulk && shard_count == 1) {
            // One database: write in parallel to temporary shards, then compact them into it.
            fs::remove_all(scratch, error);  // left over from a killed run
            fs::create_directories(scratch);
            std::vector<fs::path> paths;
            // Twice as many shards as workers, so two workers seldom wait on the same lock.
            for (std::size_t i = 0; i < 2 * options_.jobs; ++i) {
                paths.push_back(scratch / ("part-" + std::to_string(i)));
            }
            shards = std::make_unique<ShardSet>(paths, bulk_batch);
        } else if (bulk) {
            // A sharded database: the workers write its shards directly, nothing to merge.
            fs::create_directories(target);
            std::vector<fs::path> paths;
            for (std::size_t i = 0; i < shard_count; ++i) {
                paths.push_back(IndexLayout::shard_path(target, i, shard_count));
            }
            shards = std::make_unique<ShardSet>(paths, bulk_batch);
        } else {
            state = options_.database;
            for (const fs::path& path : layout.live_shards()) {
                live_shards.emplace_back(path.string(), Xapian::DB_CREATE_OR_OPEN);
            }
        }
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open " + target.string() +
                            " for writing: " + e.get_description());
    }

    BoundedQueue<Batch> batches(4 * options_.jobs);
    BoundedQueue<Unit> units(4 * options_.jobs);
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

    std::atomic<unsigned> running{options_.jobs + 1};  // workers and the splitter
    auto done = [&]() {
        if (--running == 0) {
            batches.close();
        }
    };
    std::vector<std::thread> threads;
    threads.emplace_back([&]() {
        try {
            Worker finisher(options_, gazetteer, state, batches, shards.get(), abort);
            split_inputs(inputs, options_, state, units, batches, finisher, abort);
        } catch (...) {
            remember(std::current_exception());
        }
        units.close();
        done();
    });
    for (unsigned i = 0; i < options_.jobs; ++i) {
        threads.emplace_back([&]() {
            try {
                Worker worker(options_, gazetteer, state, batches, shards.get(), abort);
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

    std::size_t bytes_total = 0;
    for (const Input& input : inputs) {
        bytes_total += input.size;
    }
    Writer writer(bulk ? nullptr : &live_shards, options_, summary, observer_);
    auto last_report = std::chrono::steady_clock::now();
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
        const auto now = std::chrono::steady_clock::now();
        if (observer_ != nullptr && now - last_report >= std::chrono::milliseconds(250)) {
            last_report = now;
            observer_->progress({writer.files_done(), inputs.size(), writer.bytes_done(),
                                 bytes_total, summary.added + summary.updated,
                                 std::chrono::duration<double>(now - started).count()});
        }
    }
    for (std::thread& thread : threads) {
        thread.join();
    }

    auto cleanup_bulk = [&]() {
        fs::remove_all(scratch, error);
        if (bulk) {
            layout.discard(target);
        }
    };
    try {
        if (thread_error) {
            std::rethrow_exception(thread_error);
        }
        if (bulk) {
            auto since = [](std::chrono::steady_clock::time_point from) {
                return std::chrono::duration<double>(std::chrono::steady_clock::now() - from)
                    .count();
            };
            auto step = std::chrono::steady_clock::now();
            spdlog::debug("analysis done at {:.2f}s", since(started));
            const std::vector<fs::path> built = shards->finish(options_.jobs);
            spdlog::debug("{} parts committed in {:.2f}s", built.size(), since(step));
            if (shard_count == 1) {
                // Merge the parts into the new generation.
                step = std::chrono::steady_clock::now();
                Xapian::Database sources;
                for (const fs::path& part : built) {
                    sources.add_database(Xapian::Database(part.string()));
                }
                sources.compact(target.string());
                spdlog::debug("parts merged in {:.2f}s", since(step));
            }
            {
                // Record the files in shard 0 of the new generation.
                Xapian::WritableDatabase first(
                    IndexLayout::shard_path(target, 0, shard_count).string(), Xapian::DB_OPEN);
                for (const auto& [key, value] : writer.file_records()) {
                    first.set_metadata(key, value);
                }
                first.set_metadata(std::string(schema::kSchemaKey),
                                   std::string(schema::kSchemaVersion));
                first.commit();
            }
            fs::remove_all(scratch, error);
            spdlog::debug("committing: generation {}", target.filename().string());
            layout.activate(target, shard_count);
            spdlog::debug("committed: generation {} is live", target.filename().string());
        } else {
            if (options_.prune) {
                std::set<std::string> present;
                for (const Input& input : inputs) {
                    present.insert(input.key);
                }
                const Xapian::Database reader(options_.database.string());
                prune(writer, live_shards.front(), reader, directories, present, summary);
            }
            live_shards.front().set_metadata(std::string(schema::kSchemaKey),
                                             std::string(schema::kSchemaVersion));
            writer.commit(true);
            for (auto& shard : live_shards) {
                shard.close();
            }
        }
        summary.documents = document_count(Xapian::Database(options_.database.string()));
    } catch (const Xapian::Error& e) {
        writer.cancel();
        live_shards.clear();
        shards.reset();
        cleanup_bulk();
        throw DatabaseError("writing " + target.string() + " failed: " + e.get_description());
    } catch (...) {
        writer.cancel();
        live_shards.clear();
        shards.reset();
        cleanup_bulk();
        throw;
    }
    for (const Input& input : inputs) {
        if (!input.from_stdin) {
            ++summary.files;
            summary.bytes += input.size;
        }
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
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
