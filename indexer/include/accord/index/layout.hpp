#pragma once
/// @file layout.hpp
/// The on-disk layout of an Accord database, made for atomic rebuilds.
///
///     <db>/XAPIANDB       Xapian stub file naming the live generation ("auto gen-000003"),
///                         or its shards, one per line ("auto gen-000003/shard-0" …)
///     <db>/gen-000003/    the live glass database (or a directory of shard-N databases)
///     <db>/gen-000002/    the previous generation, kept until the next rebuild
///     <db>/accord.lock    held by accord-index for the length of a run
///
/// Readers open <db> (Xapian follows the stub). A rebuild writes a new generation beside the
/// live one and then renames a new stub over XAPIANDB: readers see either the old or the new
/// database, never a mixture, and reopen when the stub changes.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace accord::index {

class IndexLayout {
public:
    explicit IndexLayout(std::filesystem::path root);

    [[nodiscard]] const std::filesystem::path& root() const { return root_; }

    /// True when @p root holds a database (a stub or a plain glass database).
    [[nodiscard]] bool exists() const;

    /// Directory of the live generation (the root itself for a plain glass database).
    /// Throws DatabaseError when there is none.
    [[nodiscard]] std::filesystem::path live() const;

    /// The live shard databases, in shard order (one entry for an unsharded database).
    [[nodiscard]] std::vector<std::filesystem::path> live_shards() const;

    /// Path of shard @p index of @p shards inside @p generation.
    [[nodiscard]] static std::filesystem::path shard_path(const std::filesystem::path& generation,
                                                          std::size_t index, std::size_t shards);

    /// Number of the live generation (0 for a plain glass database).
    [[nodiscard]] std::uint64_t live_generation() const;

    /// Creates <root> and an empty first generation of @p shards shards with its stub, when
    /// there is no database. Returns the live generation's directory.
    std::filesystem::path ensure_exists(std::size_t shards = 1);

    /// A fresh, not yet existing directory for the next generation.
    [[nodiscard]] std::filesystem::path next_generation() const;

    /// Makes @p generation (of @p shards shards) live by renaming a new stub over XAPIANDB
    /// (atomic) once every file of it is synced to disk, then deletes generations older than
    /// the one it replaced.
    void activate(const std::filesystem::path& generation, std::size_t shards = 1);

    /// Removes a generation directory that was never activated (a failed rebuild).
    void discard(const std::filesystem::path& generation) const;

    /// Path of the stub file (<root>/XAPIANDB).
    [[nodiscard]] std::filesystem::path stub() const { return root_ / "XAPIANDB"; }

private:
    [[nodiscard]] std::uint64_t generation_of(const std::filesystem::path& dir) const;

    std::filesystem::path root_;
};

/// An exclusive advisory lock on <db>/accord.lock, held for the lifetime of the object, so
/// two accord-index runs never interleave (an incremental run and a rebuild, say).
class RunLock {
public:
    /// Throws DatabaseError when another run holds the lock.
    explicit RunLock(const std::filesystem::path& root);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace accord::index
