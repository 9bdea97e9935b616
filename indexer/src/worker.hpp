#pragma once
/// @file worker.hpp
/// The analysis worker (internal to accord_index): one per thread, it turns units into
/// documents (extraction, sections), documents into records (RecordBuilder), and records into
/// batches for the incremental writer or writes for the bulk writer.

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

#include "bulk_writer.hpp"
#include "pipeline.hpp"

namespace accord::index::detail {

using nlohmann::json;
namespace fs = std::filesystem;

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

}  // namespace accord::index::detail
