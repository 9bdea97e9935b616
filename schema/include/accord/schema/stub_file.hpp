#pragma once
/// @file stub_file.hpp
/// Xapian's stub database files, read one way for the writer (IndexLayout: which shards are
/// live) and the reader (Searcher: which databases become shards). An Accord database is a
/// directory whose XAPIANDB stub names the live generation's shards; a hand-written stub may
/// also list remote shards (docs/scaling.md).

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace accord::schema {

/// A stub file that cannot be read or has a line Accord does not accept.
class StubError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One database a stub names.
struct StubEntry {
    enum class Kind { kLocal, kRemote };
    Kind kind = Kind::kLocal;
    /// kLocal: the path, made absolute against the stub's directory when it was relative;
    /// kRemote: "HOST:PORT".
    std::string target;
};

/// The stub file behind @p path: <path>/XAPIANDB when @p path is a directory with a stub (and
/// not itself a glass database), @p path when it is a regular file; nullopt otherwise.
[[nodiscard]] std::optional<std::filesystem::path> stub_file_of(const std::filesystem::path& path);

/// The databases @p stub names, in order. Syntax as Xapian's: "auto PATH", "glass PATH" or
/// "chert PATH" (relative to the stub's directory), "remote HOST:PORT" (TCP only), blank lines
/// and "#" comments. Throws StubError when the file cannot be read or a line is anything else.
[[nodiscard]] std::vector<StubEntry> read_stub(const std::filesystem::path& stub);

}  // namespace accord::schema
