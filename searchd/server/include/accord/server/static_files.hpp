#pragma once
/// @file static_files.hpp
/// Serves the web page's files from one directory, and nothing outside it.

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "accord/server/http.hpp"

namespace accord::server {

/// Static files under a web root with MIME types, ETag/If-None-Match and gzip.
///
/// A request path is decoded once (by the router), split into segments, and refused when a
/// segment is "." or "..", or it holds a backslash or NUL; the file it names is then resolved
/// through symlinks and must still lie under the (canonical) root. Files are cached in memory
/// and re-read when their size or modification time changes.
class StaticFiles {
public:
    /// @p root may be empty: then every request is 404.
    explicit StaticFiles(const std::filesystem::path& root);

    /// Answers GET or HEAD of @p decoded_path ("/", "/app.js").
    [[nodiscard]] Response serve(const Request& request, const std::string& decoded_path);

    /// MIME type for a file name.
    [[nodiscard]] static std::string mime_type(const std::filesystem::path& path);

    /// The Content-Security-Policy sent with HTML.
    static constexpr const char* kContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'";

private:
    struct Entry {
        std::filesystem::file_time_type modified;
        std::uintmax_t size = 0;
        std::string content;
        std::string gzipped;  // empty when not worth compressing
        std::string etag;
        std::string type;
    };

    [[nodiscard]] std::optional<std::filesystem::path> resolve(const std::string& decoded) const;
    [[nodiscard]] std::optional<Entry> load(const std::filesystem::path& file);

    std::filesystem::path root_;  // canonical, or empty
    std::mutex mutex_;
    std::map<std::filesystem::path, Entry> cache_;
};

/// gzip-compresses @p data (zlib, gzip wrapper).
[[nodiscard]] std::string gzip(std::string_view data);

}  // namespace accord::server
