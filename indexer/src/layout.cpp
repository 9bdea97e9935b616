#include "accord/index/layout.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "accord/index/errors.hpp"
#include "accord/schema/stub_file.hpp"

namespace accord::index {
namespace {

constexpr std::string_view kGenerationPrefix = "gen-";

std::string generation_name(std::uint64_t number) {
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "gen-%06llu",
                  static_cast<unsigned long long>(number));
    return buffer.data();
}

// fsync a file or directory so a rename is durable across a crash.
void sync_path(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// fsync every file and directory under @p root: a generation's databases may have been written
// without syncs (DB_NO_SYNC in bulk builds), and the stub must never name one that a power
// failure could leave half on disk.
void sync_tree(const std::filesystem::path& root) {
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(root, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
        sync_path(it->path());
    }
    sync_path(root);
}

}  // namespace

IndexLayout::IndexLayout(std::filesystem::path root) : root_(std::move(root)) {}

bool IndexLayout::exists() const {
    std::error_code error;
    return std::filesystem::exists(stub(), error) ||
           std::filesystem::exists(root_ / "iamglass", error);
}

std::uint64_t IndexLayout::generation_of(const std::filesystem::path& dir) const {
    const std::string name = dir.filename().string();
    if (name.rfind(kGenerationPrefix, 0) != 0) {
        return 0;
    }
    try {
        return std::stoull(name.substr(kGenerationPrefix.size()));
    } catch (const std::exception&) {
        return 0;
    }
}

std::vector<std::filesystem::path> IndexLayout::live_shards() const {
    std::error_code error;
    if (std::filesystem::exists(root_ / "iamglass", error)) {
        return {root_};
    }
    if (!std::filesystem::exists(stub(), error)) {
        throw DatabaseError("no Accord database at " + root_.string());
    }
    std::vector<std::filesystem::path> shards;
    try {
        for (const schema::StubEntry& entry : schema::read_stub(stub())) {
            if (entry.kind == schema::StubEntry::Kind::kLocal) {
                shards.emplace_back(entry.target);
            }
        }
    } catch (const schema::StubError& e) {
        throw DatabaseError(e.what());
    }
    if (shards.empty()) {
        throw DatabaseError("stub " + stub().string() + " names no local database");
    }
    return shards;
}

std::filesystem::path IndexLayout::live() const {
    const auto shards = live_shards();
    // gen-N/shard-K for a sharded generation, gen-N itself otherwise.
    return shards.size() > 1 || shards.front().filename().string().rfind("shard-", 0) == 0
               ? shards.front().parent_path()
               : shards.front();
}

std::filesystem::path IndexLayout::shard_path(const std::filesystem::path& generation,
                                              std::size_t index, std::size_t shards) {
    return shards <= 1 ? generation : generation / ("shard-" + std::to_string(index));
}

std::uint64_t IndexLayout::live_generation() const {
    return generation_of(live());
}

std::filesystem::path IndexLayout::ensure_exists(std::size_t shards) {
    if (exists()) {
        return live();
    }
    std::error_code error;
    std::filesystem::create_directories(root_, error);
    if (error) {
        throw DatabaseError("cannot create " + root_.string() + ": " + error.message());
    }
    const std::filesystem::path first = next_generation();
    const std::size_t count = std::max<std::size_t>(shards, 1);
    try {
        std::filesystem::create_directories(first, error);
        for (std::size_t i = 0; i < count; ++i) {
            Xapian::WritableDatabase created(shard_path(first, i, count).string(),
                                             Xapian::DB_CREATE_OR_OPEN);
            created.commit();
        }
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot create database " + first.string() + ": " +
                            e.get_description());
    }
    activate(first, count);
    return first;
}

std::filesystem::path IndexLayout::next_generation() const {
    std::uint64_t highest = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(root_, error)) {
        highest = std::max(highest, generation_of(entry.path()));
    }
    return root_ / generation_name(highest + 1);
}

void IndexLayout::activate(const std::filesystem::path& generation, std::size_t shards) {
    sync_tree(generation);
    const std::uint64_t previous =
        exists() && std::filesystem::exists(stub()) ? live_generation() : 0;
    const std::filesystem::path temporary = root_ / "XAPIANDB.new";
    {
        std::ofstream out(temporary, std::ios::trunc);
        const std::size_t count = std::max<std::size_t>(shards, 1);
        for (std::size_t i = 0; i < count; ++i) {
            out << "auto " << shard_path(generation.filename(), i, count).generic_string() << "\n";
        }
        out.flush();
        if (!out) {
            throw DatabaseError("cannot write " + temporary.string());
        }
    }
    sync_path(temporary);
    std::error_code error;
    std::filesystem::rename(temporary, stub(), error);
    if (error) {
        throw DatabaseError("cannot switch " + stub().string() + ": " + error.message());
    }
    sync_path(root_);

    // Keep the generation just replaced (readers may still hold it open); drop older ones.
    const std::uint64_t current = generation_of(generation);
    std::vector<std::filesystem::path> stale;
    for (const auto& entry : std::filesystem::directory_iterator(root_, error)) {
        const std::uint64_t number = generation_of(entry.path());
        if (number != 0 && number != current && number != previous && number < current) {
            stale.push_back(entry.path());
        }
    }
    for (const auto& path : stale) {
        std::filesystem::remove_all(path, error);
    }
}

void IndexLayout::discard(const std::filesystem::path& generation) const {
    std::error_code error;
    if (generation_of(generation) != 0 && generation != live()) {
        std::filesystem::remove_all(generation, error);
    }
}

RunLock::RunLock(const std::filesystem::path& root) {
    const std::filesystem::path path = root / "accord.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw DatabaseError("cannot open lock file " + path.string());
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw DatabaseError("another accord-index run holds " + path.string());
    }
}

RunLock::~RunLock() {
    if (fd_ >= 0) {
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
    }
}

}  // namespace accord::index
