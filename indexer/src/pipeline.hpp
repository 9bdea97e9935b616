#pragma once
/// @file pipeline.hpp
/// What moves through the indexer's pipeline (internal to accord_index): inputs, the units the
/// reader cuts them into, the batches workers hand the writer, the bounded queues between the
/// threads, and each thread's read-only view of the database.

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

namespace accord::index::detail {

using nlohmann::json;
namespace fs = std::filesystem;

// Work moves through the pipeline in small pieces, so memory stays bounded whatever the
// corpus: JSON Lines files are cut into chunks of this many lines, and a batch handed to the
// writer holds at most this many documents or bytes of text.
constexpr std::size_t kChunkLines = 128;
constexpr std::size_t kChunkBytes = 2U << 20U;
constexpr std::size_t kBatchDocuments = 200;
constexpr std::size_t kBatchBytes = 4U << 20U;
constexpr std::size_t kBulkBatchDocuments = 500;  // per commit, over all parts or shards

struct Input {
    fs::path path;
    std::string display;
    std::string id;
    std::string key;  // file key: hash of the absolute path; empty for stdin
    Format format = Format::kUnknown;
    std::uintmax_t size = 0;
    bool from_stdin = false;
};

struct ChangeOp {
    enum class Kind { kReplace, kDelete };
    Kind kind = Kind::kReplace;
    std::string id;
    std::string source_key;  // kDelete: delete only while the document still belongs here
    bool existed = false;
    std::optional<BuiltDocument> built;
};

struct Message {
    std::string input;
    std::string text;
};

/// What workers hand to the main thread: changes for the writer (incremental mode), counts,
/// messages, and a file's record once all its documents are in.
struct Batch {
    std::vector<ChangeOp> ops;
    std::size_t added = 0;  // documents a shard writer already wrote (bulk mode)
    std::size_t unchanged = 0;
    std::vector<Message> failures;
    std::vector<Message> warnings;
    std::optional<std::pair<std::string, std::string>> file_record;  // metadata key, value
    bool file_done = false;
    std::size_t file_bytes = 0;
    std::size_t text_bytes = 0;
};

/// A bounded blocking FIFO; close() wakes everyone and makes push() fail.
template <typename Item>
class BoundedQueue {
public:
    explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

    bool push(Item item) {
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [this] { return closed_ || items_.size() < capacity_; });
        if (closed_) {
            return false;
        }
        items_.push_back(std::move(item));
        not_empty_.notify_one();
        return true;
    }

    /// Waits up to @p timeout; nullopt on timeout, or when closed and drained (@p finished).
    std::optional<Item> pop(std::chrono::milliseconds timeout, bool& finished) {
        std::unique_lock lock(mutex_);
        not_empty_.wait_for(lock, timeout, [this] { return closed_ || !items_.empty(); });
        finished = closed_ && items_.empty();
        if (items_.empty()) {
            return std::nullopt;
        }
        Item item = std::move(items_.front());
        items_.pop_front();
        not_full_.notify_one();
        return item;
    }

    /// Blocks until an item arrives or the queue is closed and drained.
    std::optional<Item> pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [this] { return closed_ || !items_.empty(); });
        if (items_.empty()) {
            return std::nullopt;
        }
        Item item = std::move(items_.front());
        items_.pop_front();
        not_full_.notify_one();
        return item;
    }

    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        not_empty_.notify_all();
        not_full_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable not_full_;
    std::condition_variable not_empty_;
    std::deque<Item> items_;
    std::size_t capacity_;
    bool closed_ = false;
};

/// A thread's read-only view of the database as last committed; reopens when the writer's
/// commits overtake it.
class StateReader {
public:
    explicit StateReader(const std::optional<fs::path>& path) {
        if (path) {
            db_.emplace(path->string());
        }
    }

    /// Content hash stored with document @p id, if it is in the database.
    std::optional<std::string> stored_hash(const std::string& id) {
        return retry([&]() -> std::optional<std::string> {
            const std::string term = schema::id_term(id);
            auto posting = db_->postlist_begin(term);
            if (posting == db_->postlist_end(term)) {
                return std::nullopt;
            }
            return db_->get_document(*posting).get_value(schema::kHashSlot);
        });
    }

    /// The stored record of input file @p key.
    std::optional<json> file_record(const std::string& key) {
        return retry([&]() -> std::optional<json> {
            const std::string value = db_->get_metadata(std::string(schema::kFileKeyPrefix) + key);
            if (value.empty()) {
                return std::nullopt;
            }
            json record = json::parse(value, nullptr, false);
            return record.is_object() ? std::optional<json>(record) : std::nullopt;
        });
    }

    /// Ids of the documents that came from input file @p key.
    std::vector<std::string> ids_from(const std::string& key) {
        auto ids = retry([&]() -> std::optional<std::vector<std::string>> {
            std::vector<std::string> found;
            const std::string source = std::string(schema::kSourcePrefix) + key;
            for (auto posting = db_->postlist_begin(source); posting != db_->postlist_end(source);
                 ++posting) {
                const Xapian::Document document = db_->get_document(*posting);
                if (!document.get_value(schema::kHashSlot).empty()) {  // document records only
                    found.push_back(document.get_value(schema::kDocIdSlot));
                }
            }
            return found;
        });
        return ids.value_or(std::vector<std::string>{});
    }

private:
    template <typename Read>
    auto retry(Read&& read) -> decltype(read()) {
        if (!db_) {
            return {};
        }
        for (int attempt = 0;; ++attempt) {
            try {
                return read();
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt >= 5) {
                    throw;
                }
                db_->reopen();
            }
        }
    }

    std::optional<Xapian::Database> db_;
};

/// @p text as valid UTF-8 without control characters (for messages).
[[nodiscard]] std::string printable(std::string_view text);
/// xxHash of a file's bytes, hex (throws ExtractError when it cannot be read).
[[nodiscard]] std::string hash_file(const fs::path& path);
/// A file's bytes (throws ExtractError when it cannot be read).
[[nodiscard]] std::string read_file(const fs::path& path);
/// The shard a document lives in: a stable hash of its id, so every run finds it again.
[[nodiscard]] std::size_t shard_of(std::string_view id, std::size_t shards);
/// Document records (not passages) of @p db.
[[nodiscard]] std::size_t document_count(const Xapian::Database& db);

/// The shared state of one input while its pieces are in flight.
struct FileState {
    Input input;
    std::string hash;
    std::atomic<std::size_t> pending{1};  // pieces in flight, +1 while the reader splits
    std::atomic<bool> failed{false};      // the file itself could not be read: keep its past
    std::atomic<bool> unchanged{false};   // same hash as recorded: nothing to do
    std::mutex mutex;
    std::unordered_set<std::string> seen;  // document ids met so far
};

/// A piece of work: a whole file, or a chunk of lines of a JSON Lines input.
struct Unit {
    std::shared_ptr<FileState> file;
    bool whole_file = false;
    std::vector<std::pair<std::size_t, std::string>> lines;
    std::vector<LineError> errors;  // lines the reader already refused (too long)
};

}  // namespace accord::index::detail
