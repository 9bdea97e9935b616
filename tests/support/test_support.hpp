#pragma once
/// @file test_support.hpp
/// Helpers every test may use: a private temporary directory, paths of the source tree.

#include <filesystem>
#include <string>

namespace accord::testing {

/// A fresh directory under the system temp dir, removed (recursively) on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    /// Writes @p content to path()/@p name (creating parent directories) and returns the path.
    std::filesystem::path write(const std::string& name, const std::string& content) const;

private:
    std::filesystem::path path_;
};

/// The source tree (for data/ and tests/fixtures/).
[[nodiscard]] std::filesystem::path source_dir();
/// tests/fixtures/<relative>.
[[nodiscard]] std::filesystem::path fixture(const std::string& relative);
/// Where the build put the executables (accord-index …).
[[nodiscard]] std::filesystem::path binary_dir();
/// The whole content of a file.
[[nodiscard]] std::string read_file(const std::filesystem::path& path);

/// Runs @p command through the shell (std::system); its exit status, -1 when it did not exit.
int run_command(const std::string& command);
/// @p path in single quotes, for a command line (the tests' paths hold no quote).
[[nodiscard]] std::string shell_quoted(const std::filesystem::path& path);

}  // namespace accord::testing
