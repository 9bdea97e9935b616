// accord-searchd: the HTTP search server and the search page.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <thread>

#include "accord/analyzers/errors.hpp"
#include "accord/cli/environment.hpp"
#include "accord/search/errors.hpp"
#include "accord/server/application.hpp"
#include "accord/server/server.hpp"

int main(int argc, char** argv) {
    // A client or remote shard that hangs up mid-write must be an error to handle, not a signal.
    std::signal(SIGPIPE, SIG_IGN);
    CLI::App app{"Serve Accord's search API and search page over HTTP."};
    accord::server::ServerConfig config;
    std::string listen = "127.0.0.1:8080";
    std::string log_level = "info";
    std::string web;
    std::string gazetteer = accord::cli::default_gazetteer().string();
    long read_timeout_ms = config.read_timeout.count();
    long idle_timeout_ms = config.idle_timeout.count();
    app.add_option("--db", config.databases,
                   "Database (repeat to search several as one; remote:HOST:PORT for a "
                   "xapian-tcpsrv shard); default $ACCORD_DB, else var/index")
        ->allow_extra_args(false);
    app.add_option("--listen", listen, "Address and port to listen on")->capture_default_str();
    app.add_option("--web", web, "Directory of the search page (static files)");
    app.add_option("--gazetteer", gazetteer,
                   "Gazetteer directory (default: $ACCORD_GAZETTEER, else the bundled one)");
    app.add_option("--threads", config.threads, "Worker threads (default: one per core)");
    app.add_option("--max-connections", config.max_connections, "Open connections allowed")
        ->capture_default_str();
    app.add_option("--max-body", config.max_body_bytes, "Largest request body, bytes")
        ->capture_default_str();
    app.add_option("--read-timeout-ms", read_timeout_ms, "Time to receive one request")
        ->capture_default_str();
    app.add_option("--idle-timeout-ms", idle_timeout_ms, "Keep-alive idle time")
        ->capture_default_str();
    app.add_option("--exact-limit", config.search.exact_limit,
                   "Totals and facet counts are exact up to this many matches")
        ->capture_default_str();
    app.add_option("--remote-timeout-ms", config.search.remote_timeout_ms,
                   "Remote shards: time to answer one request")
        ->capture_default_str();
    app.add_option("--remote-connect-timeout-ms", config.search.remote_connect_timeout_ms,
                   "Remote shards: time to connect")
        ->capture_default_str();
    app.add_option("--cors-origin", config.cors_origin,
                   "Allow this origin to call the API from a browser (default: none)");
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error, off")
        ->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // --help and --version exit 0; every usage error exits 2, as the contract says.
        return app.exit(error) == 0 ? 0 : 2;
    }

    auto logger = spdlog::stdout_color_mt("accord-searchd");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(log_level));

    if (config.databases.empty()) {
        config.databases.push_back(accord::cli::default_database());
    }
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        spdlog::critical("--listen needs ADDRESS:PORT, got '{}'", listen);
        return 2;
    }
    config.address = listen.substr(0, colon);
    if (config.address.size() > 2 && config.address.front() == '[') {
        config.address = config.address.substr(1, config.address.size() - 2);
    }
    try {
        config.port = static_cast<unsigned short>(std::stoul(listen.substr(colon + 1)));
    } catch (const std::exception&) {
        spdlog::critical("bad port in --listen '{}'", listen);
        return 2;
    }
    config.web_root = web;
    config.gazetteer = gazetteer;
    config.read_timeout = std::chrono::milliseconds(read_timeout_ms);
    config.idle_timeout = std::chrono::milliseconds(idle_timeout_ms);
    if (config.threads == 0) {
        config.threads = std::max(1U, std::thread::hardware_concurrency());
    }

    try {
        accord::server::Application application(config);
        accord::server::Server server(config, application);
        const unsigned short port = server.bind();
        spdlog::info("serving {} on http://{}:{} with {} threads{}",
                     fmt::join(config.databases, ", "), config.address, port, config.threads,
                     web.empty() ? " (no --web: API only)" : "");
        server.run();
        spdlog::info("stopped");
        return 0;
    } catch (const accord::search::SearchError& error) {
        spdlog::critical("{}", error.what());
    } catch (const accord::analyzers::AnalyzerError& error) {
        spdlog::critical("{}", error.what());
    } catch (const std::system_error& error) {
        spdlog::critical("cannot listen on {}: {}", listen, error.what());
    } catch (const std::exception& error) {
        spdlog::critical("{}", error.what());
    }
    return 2;
}
