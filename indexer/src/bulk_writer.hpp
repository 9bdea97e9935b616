#pragma once
/// @file bulk_writer.hpp
/// The bulk writer (internal to accord_index): a rebuild writes documents straight into
/// hash-chosen shard databases from every worker (ShardSet), each worker through a
/// DeferringShardWriter so that a busy shard never idles its core.

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "accord/analyzers/utf8.hpp"
#include "accord/index/errors.hpp"
#include "accord/index/extractors.hpp"
#include "accord/index/indexer.hpp"
#include "accord/index/layout.hpp"
#include "accord/index/record_builder.hpp"
#include "accord/schema/schema.hpp"

#include "pipeline.hpp"

namespace accord::index::detail {

using nlohmann::json;
namespace fs = std::filesystem;

/// Writes documents straight into hash-chosen shard databases (bulk mode): the Xapian write
/// path, which dominates indexing cost, then runs on every core. They are the database's own
/// shards, or, for an unsharded database, temporary ones merged by compaction at the end.
class ShardSet {
public:
    /// @p commit_documents bounds the changes buffered in all shards together: Xapian holds a
    /// shard's uncommitted documents in memory (about 35 KB each for a 2 KB article), so a
    /// per-shard limit would let memory grow with the number of shards. These databases are
    /// not live (no reader sees them, a killed build starts over, and IndexLayout::activate()
    /// syncs a generation before it goes live), so commits skip fsync (DB_NO_SYNC) and rewrite
    /// blocks in place (DB_DANGEROUS) instead of copying each changed block: 6 % less time.
    ShardSet(const std::vector<fs::path>& paths, std::size_t commit_documents)
        : commit_documents_(
              std::max<std::size_t>(1, commit_documents / std::max<std::size_t>(paths.size(), 1))) {
        for (const fs::path& path : paths) {
            auto shard = std::make_unique<Shard>();
            shard->path = path;
            shard->db.emplace(shard->path.string(), Xapian::DB_CREATE_OR_OVERWRITE |
                                                        Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS);
            shards_.push_back(std::move(shard));
        }
    }

    [[nodiscard]] std::size_t size() const { return shards_.size(); }

    /// The shard @p id goes to.
    [[nodiscard]] std::size_t shard_for(const std::string& id) const {
        return shard_of(id, shards_.size());
    }

    /// Adds @p built to shard @p index (shard_for its id) unless another thread holds that
    /// shard, which is then most likely committing: false, and @p built is left as it was.
    [[nodiscard]] bool try_write(std::size_t index, BuiltDocument& built) {
        Shard& shard = *shards_[index];
        std::unique_lock lock(shard.mutex, std::try_to_lock);
        if (!lock.owns_lock()) {
            return false;
        }
        write_locked(shard, built);
        return true;
    }

    /// Adds @p built to shard @p index, waiting for it if need be.
    void write(std::size_t index, BuiltDocument& built) {
        Shard& shard = *shards_[index];
        std::lock_guard lock(shard.mutex);
        write_locked(shard, built);
    }

    /// Counts @p built's words for the spelling dictionary, written at the end of the run.
    void count_spelling(const BuiltDocument& built) {
        std::lock_guard lock(spelling_mutex_);
        for (const auto& [word, count] : built.spelling) {
            spelling_[word] += count;
        }
        if (spelling_.size() >= kSpellingWords) {
            write_spelling();
        }
    }

    /// Commits and closes every shard, on up to @p threads threads; returns their paths.
    /// Each shard still holds up to a batch of buffered changes, and writing those out is the
    /// largest single step left when the workers are done: one shard after the other, it kept
    /// a core idle at the end of every run.
    std::vector<fs::path> finish(std::size_t threads) {
        {
            std::lock_guard lock(spelling_mutex_);
            write_spelling();
        }
        std::atomic<std::size_t> next{0};
        std::exception_ptr failure;
        std::mutex failure_mutex;
        auto drain = [&]() {
            for (std::size_t i = next++; i < shards_.size(); i = next++) {
                try {
                    Shard& shard = *shards_[i];
                    std::lock_guard lock(shard.mutex);
                    flush(shard);
                    shard.db->close();
                } catch (...) {
                    std::lock_guard guard(failure_mutex);
                    if (!failure) {
                        failure = std::current_exception();
                    }
                }
            }
        };
        std::vector<std::thread> helpers;
        for (std::size_t t = 1; t < std::min(threads, shards_.size()); ++t) {
            helpers.emplace_back(drain);
        }
        drain();
        for (std::thread& helper : helpers) {
            helper.join();
        }
        if (failure) {
            std::rethrow_exception(failure);
        }
        std::vector<fs::path> paths;
        for (const auto& shard : shards_) {
            paths.push_back(shard->path);
        }
        return paths;
    }

private:
    struct Shard {
        fs::path path;
        std::optional<Xapian::WritableDatabase> db;
        std::mutex mutex;
        std::size_t pending = 0;
    };

    void write_locked(Shard& shard, BuiltDocument& built) {
        Xapian::WritableDatabase& db = *shard.db;
        const std::string id_term = schema::id_term(built.id);
        if (db.term_exists(id_term)) {
            db.delete_document(schema::parent_term(built.id));  // a duplicate id: last wins
            db.replace_document(id_term, built.record);
        } else {
            db.add_document(built.record);
        }
        for (const Xapian::Document& passage : built.passages) {
            db.add_document(passage);
        }
        if (++shard.pending >= commit_documents_) {
            flush(shard);
        }
    }

    static void flush(Shard& shard) {
        shard.db->commit();
        shard.pending = 0;
    }

    /// Adds the counted words to the spelling dictionaries, each word to the shard its hash
    /// picks (the searcher's Xapian::Database combines the dictionaries of its shards, and
    /// compaction merges those of the parts). Xapian stores a word under each of its letter
    /// fragments, and every commit that brings new words rewrites the fragment lists they join:
    /// written with each batch, the dictionary took about 30 % of a bulk build's CPU; written
    /// once at the end, split over the shards so their commits share it out over the cores, a
    /// few per cent. A word met once in the whole run is left out: more often a typo or a
    /// passing name than a word worth suggesting (incremental runs, being small, add every
    /// word). Called with spelling_mutex_ held; at most kSpellingWords words are held in
    /// between, so memory stays bounded on any corpus.
    void write_spelling() {
        std::vector<std::vector<std::pair<const std::string*, Xapian::termcount>>> by_shard(
            shards_.size());
        for (const auto& [word, count] : spelling_) {
            if (count >= 2) {
                by_shard[shard_of(word, shards_.size())].emplace_back(&word, count);
            }
        }
        for (std::size_t index = 0; index < shards_.size(); ++index) {
            Shard& shard = *shards_[index];
            std::lock_guard lock(shard.mutex);
            for (const auto& [word, count] : by_shard[index]) {
                shard.db->add_spelling(*word, count);
            }
        }
        spelling_.clear();
    }

    // About 100 MB of words and counts at most; a generated 1M-document corpus stays below.
    static constexpr std::size_t kSpellingWords = 1'000'000;

    std::size_t commit_documents_;
    std::vector<std::unique_ptr<Shard>> shards_;
    std::mutex spelling_mutex_;
    std::unordered_map<std::string, Xapian::termcount> spelling_;
};

/// One worker's way into a ShardSet. A shard is locked for the whole of its commit, and the
/// shards fill at the same pace, so they commit at about the same time: a worker that waited
/// for a busy shard left its core idle for most of each commit. Instead, a document whose shard
/// is busy waits in that shard's queue while the worker goes on with the next ones, and goes in,
/// in order, as soon as the shard is free (so a repeated id still ends with its last version).
class DeferringShardWriter {
public:
    explicit DeferringShardWriter(ShardSet& shards) : shards_(shards), waiting_(shards.size()) {}

    void write(BuiltDocument built) {
        const std::size_t index = shards_.shard_for(built.id);
        if (!waiting_[index].empty() || !shards_.try_write(index, built)) {
            waiting_bytes_ += built.bytes;
            waiting_[index].push_back(std::move(built));
            ++waiting_count_;
        }
        write_waiting(false);
        if (waiting_count_ > kMaxWaiting || waiting_bytes_ > kMaxWaitingBytes) {
            drain();
        }
    }

    /// Writes every waiting document, waiting for their shards.
    void drain() { write_waiting(true); }

private:
    /// Writes the waiting documents, in order per shard: all of them when @p wait, else those
    /// at the head of a queue whose shard is free.
    void write_waiting(bool wait) {
        if (waiting_count_ == 0) {
            return;
        }
        for (std::size_t index = 0; index < waiting_.size(); ++index) {
            while (write_first(index, wait)) {
            }
        }
    }

    /// Writes the first document waiting for shard @p index, if any (waiting for the shard
    /// when @p wait, else only if it is free); true if one was written.
    bool write_first(std::size_t index, bool wait) {
        auto& queue = waiting_[index];
        if (queue.empty()) {
            return false;
        }
        if (wait) {
            shards_.write(index, queue.front());
        } else if (!shards_.try_write(index, queue.front())) {
            return false;
        }
        waiting_bytes_ -= queue.front().bytes;
        queue.pop_front();
        --waiting_count_;
        return true;
    }

    // A 2 KB article's records take about 35 KB: a few MB per worker, and a bound in text
    // bytes for long documents (records grow about 15-fold over their text).
    static constexpr std::size_t kMaxWaiting = 256;
    static constexpr std::size_t kMaxWaitingBytes = 1U << 20U;

    ShardSet& shards_;
    std::vector<std::deque<BuiltDocument>> waiting_;
    std::size_t waiting_count_ = 0;
    std::size_t waiting_bytes_ = 0;  // text bytes of the waiting documents
};

}  // namespace accord::index::detail
