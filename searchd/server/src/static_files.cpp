#include "accord/server/static_files.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "accord/schema/schema.hpp"

namespace accord::server {

namespace fs = std::filesystem;

namespace {

bool compressible(const std::string& type) {
    return type.rfind("text/", 0) == 0 || type.rfind("application/json", 0) == 0 ||
           type.rfind("image/svg", 0) == 0 || type.rfind("application/manifest", 0) == 0;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

// The quality of one Accept-Encoding item ("gzip;q=0.5" -> 0.5); 1 without a q parameter.
double quality(std::string_view parameters) {
    for (std::size_t start = 0; start < parameters.size();) {
        std::size_t semicolon = parameters.find(';', start);
        if (semicolon == std::string_view::npos) {
            semicolon = parameters.size();
        }
        const std::string_view parameter = trim(parameters.substr(start, semicolon - start));
        start = semicolon + 1;
        if (parameter.size() >= 2 && parameter.substr(0, 2) == "q=") {
            const std::string value(parameter.substr(2));
            char* end = nullptr;
            const double q = std::strtod(value.c_str(), &end);
            return end == value.c_str() ? 0.0 : q;
        }
    }
    return 1.0;
}

// Whether Accept-Encoding allows gzip: listed as "gzip" (or "x-gzip"), else covered by "*",
// with a quality above zero ("gzip;q=0", "gzip;q=0.000" refuse it).
bool accepts_gzip(const Request& request) {
    const auto header = request[http::field::accept_encoding];
    std::string value(header.data(), header.size());
    std::transform(value.begin(), value.end(), value.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::optional<double> gzip_quality;
    std::optional<double> any_quality;
    const std::string_view all(value);
    for (std::size_t start = 0; start < all.size();) {
        std::size_t comma = all.find(',', start);
        if (comma == std::string_view::npos) {
            comma = all.size();
        }
        const std::string_view item = all.substr(start, comma - start);
        start = comma + 1;
        const std::size_t semicolon = item.find(';');
        const std::string_view coding = trim(item.substr(0, semicolon));
        const double q =
            semicolon == std::string_view::npos ? 1.0 : quality(item.substr(semicolon + 1));
        if (coding == "gzip" || coding == "x-gzip") {
            gzip_quality = q;
        } else if (coding == "*") {
            any_quality = q;
        }
    }
    const double q = gzip_quality ? *gzip_quality : any_quality.value_or(0.0);
    return q > 0.0;
}

// Whether If-None-Match names @p etag ("*", a list, or weak tags W/"…").
bool none_match(std::string_view header, const std::string& etag) {
    if (trim(header) == "*") {
        return true;
    }
    return header.find(etag) != std::string_view::npos;
}

}  // namespace

std::string gzip(std::string_view data) {
    z_stream stream{};
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        return {};
    }
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return result == Z_STREAM_END ? out : std::string();
}

StaticFiles::StaticFiles(const fs::path& root) {
    std::error_code error;
    if (!root.empty()) {
        root_ = fs::canonical(root, error);
        if (error) {
            root_.clear();
        }
    }
}

std::string StaticFiles::mime_type(const fs::path& path) {
    static const std::map<std::string, std::string> kTypes = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".webmanifest", "application/manifest+json; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".txt", "text/plain; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
    };
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto found = kTypes.find(extension);
    return found == kTypes.end() ? "application/octet-stream" : found->second;
}

std::optional<fs::path> StaticFiles::resolve(const std::string& decoded) const {
    if (root_.empty() || decoded.empty() || decoded.front() != '/' ||
        decoded.find('\\') != std::string::npos || decoded.find('\0') != std::string::npos) {
        return std::nullopt;
    }
    fs::path relative;
    std::size_t start = 1;
    while (start <= decoded.size()) {
        std::size_t slash = decoded.find('/', start);
        if (slash == std::string::npos) {
            slash = decoded.size();
        }
        const std::string segment = decoded.substr(start, slash - start);
        start = slash + 1;
        if (segment.empty()) {
            continue;
        }
        if (segment == "." || segment == ".." || segment.front() == '.') {
            return std::nullopt;  // traversal, or a hidden file
        }
        relative /= segment;
    }
    if (relative.empty() || decoded.back() == '/') {
        relative /= "index.html";
    }
    std::error_code error;
    const fs::path resolved = fs::canonical(root_ / relative, error);
    if (error) {
        return std::nullopt;
    }
    const auto inside = resolved.lexically_relative(root_);
    if (inside.empty() || *inside.begin() == ".." || !fs::is_regular_file(resolved, error)) {
        return std::nullopt;  // a symlink leading out of the root, or not a file
    }
    return resolved;
}

std::optional<StaticFiles::Entry> StaticFiles::load(const fs::path& file) {
    std::error_code error;
    const auto modified = fs::last_write_time(file, error);
    const auto size = fs::file_size(file, error);
    if (error) {
        return std::nullopt;
    }
    std::lock_guard lock(mutex_);
    if (const auto cached = cache_.find(file); cached != cache_.end() &&
                                               cached->second.modified == modified &&
                                               cached->second.size == size) {
        return cached->second;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    Entry entry;
    entry.modified = modified;
    entry.size = size;
    entry.content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    entry.type = mime_type(file);
    entry.etag = "\"" + schema::hash_hex(entry.content) + "\"";
    if (compressible(entry.type) && entry.content.size() >= 512) {
        entry.gzipped = gzip(entry.content);
        // Worth it only when it saves at least a tenth.
        if (entry.gzipped.size() >= entry.content.size() - entry.content.size() / 10) {
            entry.gzipped.clear();
        }
    }
    cache_[file] = entry;
    return entry;
}

Response StaticFiles::serve(const Request& request, const std::string& decoded_path) {
    const auto file = resolve(decoded_path);
    const auto entry = file ? load(*file) : std::nullopt;
    if (!entry) {
        Response response{http::status::not_found, request.version()};
        response.set(http::field::content_type, "text/plain; charset=utf-8");
        add_security_headers(response);
        response.keep_alive(request.keep_alive());
        response.body() = "Not found\n";
        response.prepare_payload();
        return response;
    }
    Response response{http::status::ok, request.version()};
    add_security_headers(response);
    response.keep_alive(request.keep_alive());
    response.set(http::field::etag, entry->etag);
    response.set(http::field::cache_control, "no-cache");
    response.set(http::field::vary, "Accept-Encoding");
    if (entry->type.rfind("text/html", 0) == 0) {
        response.set("Content-Security-Policy", kContentSecurityPolicy);
    }
    const auto if_none_match = request[http::field::if_none_match];
    if (!if_none_match.empty() && none_match(if_none_match, entry->etag)) {
        response.result(http::status::not_modified);
        return response;
    }
    response.set(http::field::content_type, entry->type);
    if (!entry->gzipped.empty() && accepts_gzip(request)) {
        response.set(http::field::content_encoding, "gzip");
        response.body() = entry->gzipped;
    } else {
        response.body() = entry->content;
    }
    response.prepare_payload();
    if (request.method() == http::verb::head) {
        response.body().clear();  // Content-Length stays as for GET
    }
    return response;
}

}  // namespace accord::server
