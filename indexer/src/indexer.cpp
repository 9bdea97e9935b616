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

namespace accord::index {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

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

std::string printable(std::string_view text) {
    std::string out = analyzers::sanitize_utf8(text);
    for (char& ch : out) {
        if (static_cast<unsigned char>(ch) < 0x20) {
            ch = '?';
        }
    }
    return out;
}

std::string hash_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ExtractError("cannot open file");
    }
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    std::vector<char> buffer(1U << 20U);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        XXH3_64bits_update(state, buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    const XXH64_hash_t hash = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    return schema::hash_hex(std::string_view(reinterpret_cast<const char*>(&hash), sizeof hash));
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ExtractError("cannot open file");
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The shard a document lives in: a stable hash of its id, so every run finds it again.
std::size_t shard_of(std::string_view id, std::size_t shards) {
    return shards <= 1 ? 0 : XXH3_64bits(id.data(), id.size()) % shards;
}

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

/// Runs on its own thread: turns units into documents and their records.
class Worker {
public:
    Worker(const IndexOptions& options, std::shared_ptr<const analyzers::Gazetteer> gazetteer,
           const std::optional<fs::path>& state, BoundedQueue<Batch>& out, ShardSet* shards,
           std::atomic<bool>& abort)
        : options_(options),
          builder_(std::move(gazetteer), options.records),
          reader_(state),
          out_(out),
          shards_(shards),
          abort_(abort) {
        if (shards_ != nullptr) {
            shard_writer_.emplace(*shards_);
        }
    }

    void process(Unit& unit) {
        batch_ = Batch{};
        FileState& file = *unit.file;
        try {
            if (unit.whole_file) {
                process_file(file);
            } else {
                for (const LineError& error : unit.errors) {
                    line_failure(file.input, error);
                }
                for (auto& [number, line] : unit.lines) {
                    LineError error;
                    auto document = parse_json_line(line, number, file.input.id, error);
                    if (document) {
                        handle(std::move(*document), file);
                    } else {
                        line_failure(file.input, error);
                    }
                }
            }
        } catch (const ExtractError& error) {
            fail(unit, error.what());
        } catch (const Xapian::Error& error) {
            fail(unit, error.get_description());
        } catch (const std::exception& error) {
            fail(unit, error.what());
        }
        try {
            // The unit's documents are all written before its counts go to the main thread.
            if (shard_writer_) {
                shard_writer_->drain();
            }
        } catch (const Xapian::Error& error) {
            fail(unit, error.get_description());
        } catch (const std::exception& error) {
            fail(unit, error.what());
        }
        flush();
    }

    /// Called by whoever finishes the last piece of @p file: deletes documents that left the
    /// file and records the file, after every batch of its documents.
    void finish_file(FileState& file) {
        batch_ = Batch{};
        if (!file.failed && !file.unchanged && !file.input.from_stdin) {
            try {
                for (const std::string& id : reader_.ids_from(file.input.key)) {
                    if (file.seen.count(id) == 0) {
                        ChangeOp op;
                        op.kind = ChangeOp::Kind::kDelete;
                        op.id = id;
                        op.source_key = file.input.key;
                        batch_.ops.push_back(std::move(op));
                    }
                }
                const json value = {{"path", printable(file.input.path.string())},
                                    {"hash", file.hash},
                                    {"documents", file.seen.size()}};
                batch_.file_record = {std::string(schema::kFileKeyPrefix) + file.input.key,
                                      value.dump()};
            } catch (const Xapian::Error& error) {
                batch_.failures.push_back({file.input.display, error.get_description()});
            }
        }
        batch_.file_done = !file.input.from_stdin;
        batch_.file_bytes = file.input.size;
        flush();
    }

private:
    /// A whole file that fails leaves its documents and its record as they were: a broken
    /// file loses nothing that was indexed before.
    void fail(Unit& unit, const std::string& message) {
        batch_.failures.push_back({unit.file->input.display, message});
        if (unit.whole_file) {
            unit.file->failed = true;
        }
    }

    void process_file(FileState& file) {
        const Input& input = file.input;
        if (input.size > options_.max_file_bytes) {
            throw ExtractError("file too large (" + std::to_string(input.size >> 20U) +
                               " MiB; the limit for one document is " +
                               std::to_string(options_.max_file_bytes >> 20U) + " MiB)");
        }
        if (input.format == Format::kHtml && input.size > options_.max_html_bytes) {
            // The parse tree costs about 15 bytes per byte of markup on top of the text's own
            // cost: a page this size is a dump or a bomb, not an article.
            throw ExtractError("HTML page too large (" + std::to_string(input.size >> 20U) +
                               " MiB; the limit for one page is " +
                               std::to_string(options_.max_html_bytes >> 20U) + " MiB)");
        }
        const std::string bytes = read_file(input.path);
        file.hash = schema::hash_hex(bytes);
        if (const auto record = reader_.file_record(input.key);
            record && record->value("hash", "") == file.hash) {
            batch_.unchanged += record->value("documents", std::size_t{0});
            file.unchanged = true;  // the same file record stays
            return;
        }
        switch (input.format) {
            case Format::kText:
                handle(extract_text(bytes, input.id), file);
                break;
            case Format::kMarkdown:
                handle(extract_markdown(bytes, input.id), file);
                break;
            case Format::kHtml:
                handle(extract_html(bytes, input.id), file);
                break;
            case Format::kPdf:
                handle(extract_pdf(bytes, input.id), file);
                break;
            case Format::kJsonLines:
            case Format::kUnknown:
                throw ExtractError("unexpected format for a whole-file unit");
        }
    }

    void handle(Document&& document, FileState& file) {
        if (abort_) {
            throw ExtractError("run aborted");
        }
        document.id = analyzers::sanitize_utf8(document.id);
        if (document.id.empty()) {
            batch_.failures.push_back({file.input.display, "document without an id"});
            return;
        }
        {
            std::lock_guard lock(file.mutex);
            if (!file.seen.insert(document.id).second) {
                batch_.warnings.push_back({file.input.display, "id '" + printable(document.id) +
                                                                   "' appears twice; last wins"});
            }
        }
        // The source is part of the hash: a document that moved to another file is rewritten
        // so that it belongs to its new file (for --prune).
        const std::string hash = schema::hash_hex(content_hash(document) + file.input.key);
        const auto stored = reader_.stored_hash(document.id);
        if (stored && *stored == hash) {
            ++batch_.unchanged;
            return;
        }
        ChangeOp op;
        op.id = document.id;
        op.existed = stored.has_value();
        BuiltDocument built = builder_.build(std::move(document), file.input.key, hash);
        batch_.text_bytes += built.bytes;
        if (shards_ != nullptr) {
            shards_->count_spelling(built);
            shard_writer_->write(std::move(built));
            ++batch_.added;
        } else {
            op.built = std::move(built);
            batch_.ops.push_back(std::move(op));
        }
        if (batch_.ops.size() >= kBatchDocuments || batch_.text_bytes >= kBatchBytes) {
            flush();
        }
    }

    void line_failure(const Input& input, const LineError& error) {
        batch_.failures.push_back(
            {input.display + ":" + std::to_string(error.line), error.message});
    }

    void flush() {
        Batch full = std::move(batch_);
        batch_ = Batch{};
        if (!out_.push(std::move(full))) {
            abort_ = true;
        }
    }

    const IndexOptions& options_;
    RecordBuilder builder_;
    StateReader reader_;
    BoundedQueue<Batch>& out_;
    ShardSet* shards_;
    std::optional<DeferringShardWriter> shard_writer_;  // bulk mode only
    std::atomic<bool>& abort_;
    Batch batch_;
};

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

/// Files under the arguments, in path order; unknown formats become warnings.
std::vector<Input> collect_inputs(const std::vector<std::string>& arguments, IndexSummary& summary,
                                  IndexObserver* observer, std::vector<fs::path>& directories) {
    std::vector<Input> inputs;
    auto add_file = [&](const fs::path& path, const std::string& id, const std::string& display) {
        Input input;
        input.path = fs::absolute(path).lexically_normal();
        input.display = printable(display);
        input.id = analyzers::sanitize_utf8(id);
        input.format = format_of(path);
        std::error_code error;
        input.size = fs::file_size(path, error);
        if (input.format == Format::kUnknown) {
            ++summary.skipped;
            if (observer != nullptr) {
                observer->warning(input.display,
                                  "skipped: not a known format (.txt .md .html "
                                  ".jsonl .pdf)");
            }
            return;
        }
        input.key = schema::hash_hex(input.path.string());
        inputs.push_back(std::move(input));
    };
    for (const std::string& argument : arguments) {
        if (argument == "-") {
            Input input;
            input.display = "-";
            input.id = "stdin";
            input.from_stdin = true;
            input.format = Format::kJsonLines;
            inputs.push_back(std::move(input));
            continue;
        }
        const fs::path path(argument);
        std::error_code error;
        const fs::file_status status = fs::status(path, error);
        if (error || !fs::exists(status)) {
            ++summary.failed;
            if (observer != nullptr) {
                observer->failure(printable(argument), "no such file or directory");
            }
            continue;
        }
        if (fs::is_directory(status)) {
            directories.push_back(fs::absolute(path).lexically_normal());
            std::vector<fs::path> found;
            fs::recursive_directory_iterator walk(
                path, fs::directory_options::skip_permission_denied, error);
            for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error)) {
                const std::string name = walk->path().filename().string();
                if (!name.empty() && name.front() == '.') {
                    if (walk->is_directory(error)) {
                        walk.disable_recursion_pending();
                    }
                    continue;
                }
                if (walk->is_regular_file(error)) {
                    found.push_back(walk->path());
                }
            }
            std::sort(found.begin(), found.end());
            for (const fs::path& file : found) {
                const std::string relative = file.lexically_relative(path).generic_string();
                add_file(file, relative, (path / relative).string());
            }
        } else if (fs::is_regular_file(status)) {
            add_file(path, path.filename().string(), argument);
        } else {
            ++summary.failed;
            if (observer != nullptr) {
                observer->failure(printable(argument), "not a regular file or directory");
            }
        }
    }
    return inputs;
}

std::size_t document_count(const Xapian::Database& db) {
    return db.get_termfreq(std::string(schema::kDocumentKind));
}

/// Deletes the documents of files that disappeared from under @p directories. File records
/// live in shard 0 (@p db); the documents' shards are found through @p writer, and the
/// documents themselves through @p reader (every shard, as committed).
void prune(Writer& writer, Xapian::WritableDatabase& db, const Xapian::Database& reader,
           const std::vector<fs::path>& directories, const std::set<std::string>& present_keys,
           IndexSummary& summary) {
    std::vector<std::pair<std::string, std::string>> gone;  // metadata key, file key
    const std::string prefix(schema::kFileKeyPrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
        const std::string key = *it;
        const std::string file_key = key.substr(prefix.size());
        if (present_keys.count(file_key) != 0) {
            continue;
        }
        const json record = json::parse(db.get_metadata(key), nullptr, false);
        if (!record.is_object()) {
            continue;
        }
        const fs::path path(record.value("path", ""));
        const bool under =
            std::any_of(directories.begin(), directories.end(), [&path](const fs::path& dir) {
                const auto rel = path.lexically_relative(dir);
                return !rel.empty() && *rel.begin() != "..";
            });
        std::error_code error;
        if (under && !fs::exists(path, error)) {
            gone.emplace_back(key, file_key);
        }
    }
    for (const auto& [key, file_key] : gone) {
        const std::string source = std::string(schema::kSourcePrefix) + file_key;
        std::vector<std::string> ids;
        for (auto posting = reader.postlist_begin(source); posting != reader.postlist_end(source);
             ++posting) {
            const Xapian::Document document = reader.get_document(*posting);
            if (!document.get_value(schema::kHashSlot).empty()) {
                ids.push_back(document.get_value(schema::kDocIdSlot));
            }
        }
        for (const std::string& id : ids) {
            Xapian::WritableDatabase& shard = writer.shard(id);
            shard.delete_document(schema::id_term(id));
            shard.delete_document(schema::parent_term(id));
            ++summary.deleted;
        }
        db.set_metadata(key, "");
    }
}

/// Reads inputs in order and cuts them into units: whole files, or chunks of JSON Lines.
/// A JSON Lines file whose hash has not changed is counted as unchanged without being read.
void split_inputs(const std::vector<Input>& inputs, const IndexOptions& options,
                  const std::optional<fs::path>& state, BoundedQueue<Unit>& units,
                  BoundedQueue<Batch>& batches, Worker& finisher, std::atomic<bool>& abort) {
    StateReader reader(state);
    auto finish_piece = [&finisher](const std::shared_ptr<FileState>& file) {
        if (--file->pending == 0) {
            finisher.finish_file(*file);
        }
    };
    for (const Input& input : inputs) {
        if (abort) {
            break;
        }
        auto file = std::make_shared<FileState>();
        file->input = input;
        if (input.format != Format::kJsonLines) {
            ++file->pending;
            Unit unit{file, true, {}, {}};
            if (!units.push(std::move(unit))) {
                break;
            }
            finish_piece(file);
            continue;
        }
        try {
            std::ifstream in_file;
            std::istream* in = &std::cin;
            if (!input.from_stdin) {
                file->hash = hash_file(input.path);
                if (const auto stored = reader.file_record(input.key);
                    stored && stored->value("hash", "") == file->hash) {
                    Batch unchanged;
                    unchanged.unchanged = stored->value("documents", std::size_t{0});
                    unchanged.file_done = true;
                    unchanged.file_bytes = input.size;
                    batches.push(std::move(unchanged));
                    continue;
                }
                in_file.open(input.path, std::ios::binary);
                if (!in_file) {
                    throw ExtractError("cannot open file");
                }
                in = &in_file;
            }
            Unit chunk{file, false, {}, {}};
            std::size_t chunk_bytes = 0;
            auto send = [&]() {
                if (chunk.lines.empty() && chunk.errors.empty()) {
                    return true;
                }
                ++file->pending;
                const bool sent = units.push(std::move(chunk));
                chunk = Unit{file, false, {}, {}};
                chunk_bytes = 0;
                return sent;
            };
            read_lines(*in, options.max_record_bytes,
                       [&](std::size_t number, std::string&& line, bool too_long) {
                           if (abort) {
                               return;
                           }
                           if (too_long) {
                               chunk.errors.push_back(
                                   {number, too_long_message(options.max_record_bytes)});
                           } else {
                               chunk_bytes += line.size();
                               chunk.lines.emplace_back(number, std::move(line));
                           }
                           if (chunk.lines.size() >= kChunkLines || chunk_bytes >= kChunkBytes) {
                               send();
                           }
                       });
            send();
        } catch (const std::exception& error) {
            Batch failed;
            failed.failures.push_back({input.display, error.what()});
            batches.push(std::move(failed));
            file->failed = true;
        }
        if (abort) {
            file->failed = true;  // an aborted file is not complete: do not record it
        }
        finish_piece(file);
    }
}

}  // namespace

Indexer::Indexer(IndexOptions options, IndexObserver* observer)
    : options_(std::move(options)), observer_(observer) {
    if (options_.jobs == 0) {
        options_.jobs = std::max(1U, std::thread::hardware_concurrency());
    }
    if (options_.gazetteer.empty()) {
        options_.gazetteer = analyzers::Gazetteer::default_directory();
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
