#pragma once
/// @file indexer.hpp
/// Keeps a database in step with a set of input files: incremental, batched, crash-safe.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "accord/index/record_builder.hpp"

namespace accord::index {

struct IndexOptions {
    std::filesystem::path database = "var/index";
    std::filesystem::path gazetteer;        ///< empty: Gazetteer::bundled_directory()
    unsigned jobs = 0;                      ///< analysis threads; 0: one per core
    bool prune = false;                     ///< drop documents whose files disappeared
    bool rebuild = false;                   ///< build a new generation and swap it in
    std::size_t shards = 0;                 ///< shard databases; 0: keep the database's (1 if new)
    std::size_t commit_documents = 5000;    ///< commit after this many changed documents …
    std::size_t commit_bytes = 64U << 20U;  ///< … or this many bytes of their text
    std::size_t max_file_bytes = 64U << 20U;    ///< larger single-document files are refused
    std::size_t max_html_bytes = 16U << 20U;    ///< larger HTML pages are refused (parse tree)
    std::size_t max_record_bytes = 32U << 20U;  ///< longer JSON Lines records are refused
    RecordOptions records;
};

/// What a run did, in documents (a JSON Lines file of 3 records counts 3).
struct IndexSummary {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    std::size_t deleted = 0;
    std::size_t failed = 0;     ///< inputs (files or records) that could not be indexed
    std::size_t skipped = 0;    ///< files of unknown format, left alone with a warning
    std::size_t documents = 0;  ///< documents in the database afterwards
    std::size_t files = 0;      ///< input files read
    std::size_t bytes = 0;      ///< bytes of those files
    double seconds = 0;
};

/// Where a run is, for a progress line.
struct IndexProgress {
    std::size_t files_done = 0;
    std::size_t files_total = 0;
    std::size_t bytes_done = 0;
    std::size_t bytes_total = 0;
    std::size_t documents = 0;  ///< documents added or updated so far
    double seconds = 0;
};

/// Receives what a run has to say. Called from the writer (calling) thread only.
class IndexObserver {
public:
    virtual ~IndexObserver() = default;
    /// An input could not be indexed (the rest go on).
    virtual void failure(const std::string& input, const std::string& message) = 0;
    /// Something was left alone that the user may want to know about.
    virtual void warning(const std::string& input, const std::string& message) = 0;
    /// Called a few times a second while the run goes on.
    virtual void progress(const IndexProgress& progress) = 0;
};

/// Indexes files and directories (walked recursively, hidden entries skipped) and JSON Lines
/// on standard input ("-").
///
/// Several threads read, extract, analyse and build records; one writer applies them in
/// batches and commits every IndexOptions::commit_documents documents. A file's own record
/// (its content hash) is written with its last document, so a run killed at any moment leaves
/// a database that holds every committed batch, and a re-run finishes the job: unchanged
/// files are skipped by hash, unchanged documents by their content hash.
class Indexer {
public:
    explicit Indexer(IndexOptions options, IndexObserver* observer = nullptr);

    /// Indexes @p inputs. Throws DatabaseError when the database cannot be opened or written.
    IndexSummary index(const std::vector<std::string>& inputs);

    /// Deletes documents by id.
    IndexSummary remove(const std::vector<std::string>& ids);

private:
    IndexOptions options_;
    IndexObserver* observer_;
};

}  // namespace accord::index
