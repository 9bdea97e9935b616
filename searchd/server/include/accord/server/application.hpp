#pragma once
/// @file application.hpp
/// The HTTP API as a function from request to response: routing, handlers, error mapping,
/// metrics and the access log. No sockets here, so all of it is testable directly.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "accord/search/entity_names.hpp"
#include "accord/server/config.hpp"
#include "accord/server/http.hpp"
#include "accord/server/metrics.hpp"
#include "accord/server/query_string.hpp"
#include "accord/server/searcher_pool.hpp"
#include "accord/server/static_files.hpp"

namespace accord::server {

class Application {
public:
    /// Loads the gazetteer and opens one Searcher per thread. Throws on a missing database.
    explicit Application(const ServerConfig& config);

    /// Answers one request. Never throws: failures become 4xx/5xx JSON errors. Records
    /// metrics and writes one access-log line. @p client names the peer for the log.
    [[nodiscard]] Response handle(const Request& request, std::string_view client = "-");

    /// Counts open connections for /metrics (the server keeps it up to date).
    std::atomic<std::size_t>& open_connections() { return open_connections_; }

    [[nodiscard]] const ServerConfig& config() const { return config_; }

private:
    using Handler = Response (Application::*)(const Request&, const Target&);
    enum class Match { kExact, kPrefix };
    struct Route {
        std::string_view name;
        std::string_view path;
        Match match;
        std::vector<http::verb> methods;
        Handler handler;
    };
    /// The whole HTTP surface.
    static const std::vector<Route>& routes();

    Response dispatch(const Request& request, const Target& target, std::string& route_name);

    Response search(const Request& request, const Target& target);
    Response document(const Request& request, const Target& target);
    Response analyze(const Request& request, const Target& target);
    Response entities(const Request& request, const Target& target);
    Response health(const Request& request, const Target& target);
    Response metrics(const Request& request, const Target& target);
    Response api_not_found(const Request& request, const Target& target);
    Response page(const Request& request, const Target& target);

    void add_cors(Response& response) const;

    ServerConfig config_;
    std::shared_ptr<const analyzers::Gazetteer> gazetteer_;
    SearcherPool pool_;
    StaticFiles static_files_;
    Metrics metrics_;
    search::EntityNames entity_names_;  // /api/entities
    std::atomic<std::size_t> open_connections_{0};
};

}  // namespace accord::server
