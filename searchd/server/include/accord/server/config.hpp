#pragma once
/// @file config.hpp
/// Everything accord-searchd can be told, with its defaults (documented in docs/security.md).

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "accord/search/options.hpp"

namespace accord::server {

struct ServerConfig {
    std::vector<std::string> databases;  ///< searched as one
    std::string address = "127.0.0.1";   ///< loopback unless told otherwise
    unsigned short port = 8080;
    std::filesystem::path web_root;   ///< static files; empty: no page
    std::filesystem::path gazetteer;  ///< empty: the one Accord was built with
    unsigned threads = 0;             ///< 0: one per core

    std::size_t max_header_bytes = 8 * 1024;           ///< request line + headers (413 beyond)
    std::size_t max_body_bytes = 1024 * 1024;          ///< request body (413 beyond)
    std::size_t max_connections = 512;                 ///< further connections are closed at once
    std::chrono::milliseconds read_timeout{10'000};    ///< to receive one whole request
    std::chrono::milliseconds idle_timeout{30'000};    ///< keep-alive wait for the next one
    std::chrono::milliseconds write_timeout{30'000};   ///< to send one response
    std::chrono::milliseconds shutdown_grace{10'000};  ///< in-flight requests finish within
    std::chrono::milliseconds refresh_interval{200};   ///< how often to look for a new index

    std::string cors_origin;  ///< empty: no CORS headers (same origin only)
    /// Every searcher's options: exact_limit (exact totals and facets up to this many), the
    /// remote shards' timeouts, ranking.
    search::SearchOptions search;
};

}  // namespace accord::server
