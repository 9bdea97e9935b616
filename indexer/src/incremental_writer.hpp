#pragma once
/// @file incremental_writer.hpp
/// The incremental writer (internal to accord_index): applies the workers' batches to the live
/// database on the main thread — replacing changed documents, keeping file records and the
/// spelling dictionary — and prunes the documents of files that disappeared.

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
#include "accord/schema/schema.hpp"

#include "pipeline.hpp"

namespace accord::index::detail {

using nlohmann::json;
namespace fs = std::filesystem;

/// Applies batches to the database (incremental mode) and keeps the run's books.
class Writer {
public:
    // Changes go into a flushed transaction that each commit() closes and reopens: should the
    // run fail, cancel() drops everything since the last commit (WritableDatabase would
    // otherwise commit pending changes when it is closed), so a half-read file is never
    // recorded as done.
    Writer(std::vector<Xapian::WritableDatabase>* shards, const IndexOptions& options,
           IndexSummary& summary, IndexObserver* observer)
        : shards_(shards), options_(options), summary_(summary), observer_(observer) {
        if (shards_ != nullptr) {
            for (auto& shard : *shards_) {
                shard.begin_transaction(true);
            }
        }
    }

    void apply(Batch& batch) {
        for (ChangeOp& op : batch.ops) {
            Xapian::WritableDatabase& db = shard(op.id);
            if (op.kind == ChangeOp::Kind::kDelete) {
                if (belongs_to(db, op.id, op.source_key)) {
                    db.delete_document(schema::id_term(op.id));
                    db.delete_document(schema::parent_term(op.id));
                    ++summary_.deleted;
                    ++pending_documents_;
                }
                continue;
            }
            BuiltDocument& built = *op.built;
            db.replace_document(schema::id_term(op.id), built.record);
            if (op.existed) {
                db.delete_document(schema::parent_term(op.id));
                ++summary_.updated;
            } else {
                ++summary_.added;
            }
            for (const Xapian::Document& passage : built.passages) {
                db.add_document(passage);
            }
            for (const auto& [word, count] : built.spelling) {
                spelling_[word] += count;
            }
            ++pending_documents_;
            pending_bytes_ += built.bytes;
        }
        summary_.added += batch.added;
        if (batch.file_record) {
            if (shards_ != nullptr) {
                // File records live in shard 0, which commits last.
                shards_->front().set_metadata(batch.file_record->first, batch.file_record->second);
            } else {
                file_records_.push_back(*batch.file_record);  // written after the merge
            }
        }
        summary_.unchanged += batch.unchanged;
        summary_.failed += batch.failures.size();
        if (observer_ != nullptr) {
            for (const Message& failure : batch.failures) {
                observer_->failure(failure.input, failure.text);
            }
            for (const Message& warning : batch.warnings) {
                observer_->warning(warning.input, warning.text);
            }
        }
        if (batch.file_done) {
            ++files_done_;
            bytes_done_ += batch.file_bytes;
        }
        if (shards_ != nullptr && (pending_documents_ >= options_.commit_documents ||
                                   pending_bytes_ >= options_.commit_bytes)) {
            commit();
        }
    }

    /// Commits what was applied, shard 0 (with the file records) last, so a crash between
    /// shard commits leaves files unrecorded, to be checked again; @p last: do not open new
    /// transactions.
    void commit(bool last = false) {
        for (const auto& [word, count] : spelling_) {
            shards_->front().add_spelling(word, count);
        }
        spelling_.clear();
        // Around each commit, what this run has changed so far: fault tests compare the
        // database after a kill -9 with the last batch reported committed.
        spdlog::debug("committing: {} added, {} deleted so far", summary_.added, summary_.deleted);
        for (std::size_t i = shards_->size(); i-- > 0;) {
            (*shards_)[i].commit_transaction();
            if (!last) {
                (*shards_)[i].begin_transaction(true);
            }
        }
        spdlog::debug("committed: {} added, {} deleted so far", summary_.added, summary_.deleted);
        pending_documents_ = 0;
        pending_bytes_ = 0;
    }

    /// Drops everything applied since the last commit.
    void cancel() noexcept {
        if (shards_ == nullptr) {
            return;
        }
        for (auto& shard : *shards_) {
            try {
                shard.cancel_transaction();
            } catch (const Xapian::Error&) {
                // No transaction open: nothing to drop.
            }
        }
    }

    /// The shard database of document @p id.
    Xapian::WritableDatabase& shard(std::string_view id) {
        return (*shards_)[shard_of(id, shards_->size())];
    }

    [[nodiscard]] std::size_t files_done() const { return files_done_; }
    [[nodiscard]] std::size_t bytes_done() const { return bytes_done_; }
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& file_records() const {
        return file_records_;
    }

private:
    static bool belongs_to(Xapian::WritableDatabase& db, const std::string& id,
                           const std::string& source_key) {
        const std::string term = schema::id_term(id);
        auto posting = db.postlist_begin(term);
        if (posting == db.postlist_end(term)) {
            return false;
        }
        const Xapian::Document document = db.get_document(*posting);
        const std::string source = std::string(schema::kSourcePrefix) + source_key;
        auto it = document.termlist_begin();
        it.skip_to(source);
        return it != document.termlist_end() && *it == source;
    }

    std::vector<Xapian::WritableDatabase>* shards_;  // null in bulk mode
    const IndexOptions& options_;
    IndexSummary& summary_;
    IndexObserver* observer_;
    std::size_t pending_documents_ = 0;
    std::size_t pending_bytes_ = 0;
    std::size_t files_done_ = 0;
    std::size_t bytes_done_ = 0;
    std::unordered_map<std::string, Xapian::termcount> spelling_;
    std::vector<std::pair<std::string, std::string>> file_records_;
};

/// Deletes the documents of files that disappeared from under @p directories. File records
/// live in shard 0 (@p db); the documents' shards are found through @p writer, and the
/// documents themselves through @p reader (every shard, as committed).
void prune(Writer& writer, Xapian::WritableDatabase& db, const Xapian::Database& reader,
           const std::vector<fs::path>& directories, const std::set<std::string>& present_keys,
           IndexSummary& summary);

}  // namespace accord::index::detail
