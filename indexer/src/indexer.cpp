#include "accord/index/indexer.hpp"

#include <xapian.h>
#include <xxhash.h>
#include <nlohmann/json.hpp>

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
#include <unordered_set>

#include "accord/analyzers/utf8.hpp"
#include "accord/index/errors.hpp"
#include "accord/index/extractors.hpp"
#include "accord/index/layout.hpp"
#include "accord/index/schema.hpp"

namespace accord::index {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A batch handed from a worker to the writer stays this small, so memory stays bounded
// whatever the corpus: at most two batches per worker wait in the queue.
constexpr std::size_t kBatchDocuments = 200;
constexpr std::size_t kBatchBytes = 4U << 20U;

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

struct Batch {
    std::vector<ChangeOp> ops;
    std::size_t unchanged = 0;
    std::vector<Message> failures;
    std::vector<Message> warnings;
    std::optional<std::pair<std::string, std::string>> file_record;  // metadata key, value
    bool file_done = false;
    std::size_t file_bytes = 0;
    std::size_t text_bytes = 0;
};

/// Bounded FIFO between the workers and the writer.
class BatchQueue {
public:
    explicit BatchQueue(std::size_t capacity) : capacity_(capacity) {}

    /// Blocks while full; false once the queue is closed (the writer gave up).
    bool push(Batch batch) {
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [this] { return closed_ || items_.size() < capacity_; });
        if (closed_) {
            return false;
        }
        items_.push_back(std::move(batch));
        not_empty_.notify_one();
        return true;
    }

    /// Waits up to @p timeout for a batch; nullopt on timeout or when closed and drained.
    std::optional<Batch> pop(std::chrono::milliseconds timeout, bool& finished) {
        std::unique_lock lock(mutex_);
        not_empty_.wait_for(lock, timeout, [this] { return closed_ || !items_.empty(); });
        finished = closed_ && items_.empty();
        if (items_.empty()) {
            return std::nullopt;
        }
        Batch batch = std::move(items_.front());
        items_.pop_front();
        not_full_.notify_one();
        return batch;
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
    std::deque<Batch> items_;
    std::size_t capacity_;
    bool closed_ = false;
};

/// A worker's read-only view of the database as last committed; reopens when the writer's
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
            const std::string value =
                db_->get_metadata(std::string(schema::kFileKeyPrefix) + key);
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
            const Xapian::Query query(Xapian::Query::OP_FILTER,
                                      Xapian::Query(std::string(schema::kSourcePrefix) + key),
                                      Xapian::Query(std::string(schema::kDocumentKind)));
            Xapian::Enquire enquire(*db_);
            enquire.set_query(query);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_docid_order(Xapian::Enquire::ASCENDING);
            const Xapian::MSet matches = enquire.get_mset(0, db_->get_doccount());
            for (auto it = matches.begin(); it != matches.end(); ++it) {
                found.push_back(it.get_document().get_value(schema::kDocIdSlot));
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

/// Turns inputs into batches on its own thread.
class Worker {
public:
    Worker(const IndexOptions& options, std::shared_ptr<const analyzers::Gazetteer> gazetteer,
           const std::optional<fs::path>& state, BatchQueue& queue, std::atomic<bool>& abort)
        : options_(options), builder_(std::move(gazetteer), options.records), reader_(state),
          queue_(queue), abort_(abort) {}

    void process(const Input& input) {
        batch_ = Batch{};
        try {
            if (input.from_stdin) {
                read_json_lines(std::cin, "stdin", options_.max_record_bytes,
                                [&](std::size_t, Document&& d) { handle(std::move(d), input); },
                                [&](const LineError& e) { line_failure(input, e); });
            } else {
                process_file(input);
            }
        } catch (const ExtractError& error) {
            batch_.failures.push_back({input.display, error.what()});
        } catch (const Xapian::Error& error) {
            batch_.failures.push_back({input.display, error.get_description()});
        } catch (const std::exception& error) {
            batch_.failures.push_back({input.display, error.what()});
        }
        batch_.file_done = true;
        batch_.file_bytes = input.size;
        flush();
    }

private:
    void process_file(const Input& input) {
        std::string bytes;
        std::string hash;
        if (input.format == Format::kJsonLines) {
            hash = hash_file(input.path);
        } else {
            if (input.size > options_.max_file_bytes) {
                throw ExtractError("file too large (" + std::to_string(input.size >> 20U) +
                                   " MiB; the limit for one document is " +
                                   std::to_string(options_.max_file_bytes >> 20U) + " MiB)");
            }
            bytes = read_file(input.path);
            hash = schema::hash_hex(bytes);
        }
        if (const auto record = reader_.file_record(input.key);
            record && record->value("hash", "") == hash) {
            batch_.unchanged += record->value("documents", std::size_t{0});
            return;
        }
        seen_.clear();
        switch (input.format) {
            case Format::kJsonLines: {
                std::ifstream in(input.path, std::ios::binary);
                if (!in) {
                    throw ExtractError("cannot open file");
                }
                read_json_lines(in, input.id, options_.max_record_bytes,
                                [&](std::size_t, Document&& d) { handle(std::move(d), input); },
                                [&](const LineError& e) { line_failure(input, e); });
                break;
            }
            case Format::kText:
                handle(extract_text(bytes, input.id), input);
                break;
            case Format::kMarkdown:
                handle(extract_markdown(bytes, input.id), input);
                break;
            case Format::kHtml:
                handle(extract_html(bytes, input.id), input);
                break;
            case Format::kPdf:
                handle(extract_pdf(bytes, input.id), input);
                break;
            case Format::kUnknown:
                throw ExtractError("unknown format");
        }
        for (const std::string& id : reader_.ids_from(input.key)) {
            if (seen_.count(id) == 0) {
                ChangeOp op;
                op.kind = ChangeOp::Kind::kDelete;
                op.id = id;
                op.source_key = input.key;
                batch_.ops.push_back(std::move(op));
            }
        }
        const json record = {{"path", printable(input.path.string())},
                             {"hash", hash},
                             {"documents", seen_.size()}};
        batch_.file_record = {std::string(schema::kFileKeyPrefix) + input.key, record.dump()};
    }

    void handle(Document&& document, const Input& input) {
        if (abort_) {
            throw ExtractError("run aborted");
        }
        document.id = analyzers::sanitize_utf8(document.id);
        if (document.id.empty()) {
            batch_.failures.push_back({input.display, "document without an id"});
            return;
        }
        if (!seen_.insert(document.id).second) {
            batch_.warnings.push_back(
                {input.display, "id '" + printable(document.id) + "' appears twice; last wins"});
        }
        // The source is part of the hash: a document that moved to another file is rewritten
        // so that it belongs to its new file (for --prune).
        const std::string hash = schema::hash_hex(content_hash(document) + input.key);
        const auto stored = reader_.stored_hash(document.id);
        if (stored && *stored == hash) {
            ++batch_.unchanged;
            return;
        }
        ChangeOp op;
        op.id = document.id;
        op.existed = stored.has_value();
        op.built = builder_.build(std::move(document), input.key, hash);
        batch_.text_bytes += op.built->bytes;
        batch_.ops.push_back(std::move(op));
        if (batch_.ops.size() >= kBatchDocuments || batch_.text_bytes >= kBatchBytes) {
            flush();
        }
    }

    void line_failure(const Input& input, const LineError& error) {
        batch_.failures.push_back({input.display + ":" + std::to_string(error.line), error.message});
    }

    void flush() {
        Batch full = std::move(batch_);
        batch_ = Batch{};
        if (!queue_.push(std::move(full))) {
            abort_ = true;
        }
    }

    const IndexOptions& options_;
    RecordBuilder builder_;
    StateReader reader_;
    BatchQueue& queue_;
    std::atomic<bool>& abort_;
    Batch batch_;
    std::unordered_set<std::string> seen_;
};

/// Applies batches to the one WritableDatabase and commits them in groups.
class Writer {
public:
    Writer(Xapian::WritableDatabase& db, const IndexOptions& options, IndexSummary& summary,
           IndexObserver* observer)
        : db_(db), options_(options), summary_(summary), observer_(observer) {}

    void apply(Batch& batch) {
        for (ChangeOp& op : batch.ops) {
            if (op.kind == ChangeOp::Kind::kDelete) {
                if (belongs_to(op.id, op.source_key)) {
                    db_.delete_document(schema::id_term(op.id));
                    db_.delete_document(schema::parent_term(op.id));
                    ++summary_.deleted;
                    ++pending_documents_;
                }
                continue;
            }
            BuiltDocument& built = *op.built;
            db_.replace_document(schema::id_term(op.id), built.record);
            if (op.existed) {
                db_.delete_document(schema::parent_term(op.id));
                ++summary_.updated;
            } else {
                ++summary_.added;
            }
            for (const Xapian::Document& passage : built.passages) {
                db_.add_document(passage);
            }
            for (const auto& [word, count] : built.spelling) {
                db_.add_spelling(word, count);
            }
            ++pending_documents_;
            pending_bytes_ += built.bytes;
        }
        if (batch.file_record) {
            db_.set_metadata(batch.file_record->first, batch.file_record->second);
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
        if (pending_documents_ >= options_.commit_documents ||
            pending_bytes_ >= options_.commit_bytes) {
            commit();
        }
    }

    void commit() {
        db_.commit();
        pending_documents_ = 0;
        pending_bytes_ = 0;
    }

    [[nodiscard]] std::size_t files_done() const { return files_done_; }
    [[nodiscard]] std::size_t bytes_done() const { return bytes_done_; }

private:
    bool belongs_to(const std::string& id, const std::string& source_key) {
        const std::string term = schema::id_term(id);
        auto posting = db_.postlist_begin(term);
        if (posting == db_.postlist_end(term)) {
            return false;
        }
        const Xapian::Document document = db_.get_document(*posting);
        const std::string source = std::string(schema::kSourcePrefix) + source_key;
        auto it = document.termlist_begin();
        it.skip_to(source);
        return it != document.termlist_end() && *it == source;
    }

    Xapian::WritableDatabase& db_;
    const IndexOptions& options_;
    IndexSummary& summary_;
    IndexObserver* observer_;
    std::size_t pending_documents_ = 0;
    std::size_t pending_bytes_ = 0;
    std::size_t files_done_ = 0;
    std::size_t bytes_done_ = 0;
};

/// Files under the arguments, in path order; unknown formats become warnings.
std::vector<Input> collect_inputs(const std::vector<std::string>& arguments,
                                  IndexSummary& summary, IndexObserver* observer,
                                  std::vector<fs::path>& directories) {
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
                observer->warning(input.display, "skipped: not a known format (.txt .md .html "
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

/// Deletes the documents of files that disappeared from under @p directories.
void prune(Xapian::WritableDatabase& db, const std::vector<fs::path>& directories,
           const std::set<std::string>& present_keys, IndexSummary& summary) {
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
        const bool under = std::any_of(directories.begin(), directories.end(),
                                       [&path](const fs::path& dir) {
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
        for (auto posting = db.postlist_begin(source); posting != db.postlist_end(source);
             ++posting) {
            const Xapian::Document document = db.get_document(*posting);
            if (!document.get_value(schema::kHashSlot).empty()) {
                ids.push_back(document.get_value(schema::kDocIdSlot));
            }
        }
        for (const std::string& id : ids) {
            db.delete_document(schema::id_term(id));
            db.delete_document(schema::parent_term(id));
            ++summary.deleted;
        }
        db.set_metadata(key, "");
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
        throw DatabaseError("cannot create " + options_.database.string() + ": " +
                            error.message());
    }
    const RunLock lock(options_.database);

    std::vector<fs::path> directories;
    const std::vector<Input> inputs = collect_inputs(arguments, summary, observer_, directories);

    fs::path target;
    std::optional<fs::path> state;  // what workers compare against; none for a rebuild
    if (options_.rebuild) {
        target = layout.next_generation();
    } else {
        target = layout.ensure_exists();
        state = target;
    }

    std::optional<Xapian::WritableDatabase> db;
    try {
        db.emplace(target.string(), options_.rebuild ? Xapian::DB_CREATE : Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open " + target.string() + " for writing: " +
                            e.get_description());
    }

    BatchQueue queue(2 * options_.jobs);
    std::atomic<bool> abort{false};
    std::atomic<std::size_t> next{0};
    std::atomic<unsigned> running{options_.jobs};
    std::vector<std::thread> workers;
    std::mutex setup_mutex;
    std::exception_ptr setup_error;
    for (unsigned i = 0; i < options_.jobs; ++i) {
        workers.emplace_back([&]() {
            try {
                Worker worker(options_, gazetteer, state, queue, abort);
                for (std::size_t at = next++; at < inputs.size() && !abort; at = next++) {
                    worker.process(inputs[at]);
                }
            } catch (...) {
                std::lock_guard guard(setup_mutex);
                setup_error = std::current_exception();
                abort = true;
            }
            if (--running == 0) {
                queue.close();
            }
        });
    }

    std::size_t bytes_total = 0;
    for (const Input& input : inputs) {
        bytes_total += input.size;
    }
    Writer writer(*db, options_, summary, observer_);
    std::exception_ptr write_error;
    auto last_report = std::chrono::steady_clock::now();
    for (bool finished = false; !finished;) {
        auto batch = queue.pop(std::chrono::milliseconds(250), finished);
        if (batch && !write_error) {
            try {
                writer.apply(*batch);
            } catch (...) {
                write_error = std::current_exception();
                abort = true;
                queue.close();
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
    for (std::thread& worker : workers) {
        worker.join();
    }
    try {
        if (write_error) {
            std::rethrow_exception(write_error);
        }
        if (setup_error) {
            std::rethrow_exception(setup_error);
        }
        if (options_.prune && !options_.rebuild) {
            std::set<std::string> present;
            for (const Input& input : inputs) {
                present.insert(input.key);
            }
            prune(*db, directories, present, summary);
        }
        db->set_metadata(std::string(schema::kSchemaKey), std::string(schema::kSchemaVersion));
        writer.commit();
        summary.documents = document_count(*db);
        db->close();
    } catch (const Xapian::Error& e) {
        db.reset();
        if (options_.rebuild) {
            layout.discard(target);
        }
        throw DatabaseError("writing " + target.string() + " failed: " + e.get_description());
    } catch (...) {
        db.reset();
        if (options_.rebuild) {
            layout.discard(target);
        }
        throw;
    }
    if (options_.rebuild) {
        layout.activate(target);
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
        Xapian::WritableDatabase db(layout.live().string(), Xapian::DB_OPEN);
        for (const std::string& id : ids) {
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
        db.commit();
        summary.documents = document_count(db);
    } catch (const Xapian::Error& e) {
        throw DatabaseError("deleting from " + options_.database.string() + " failed: " +
                            e.get_description());
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

}  // namespace accord::index
