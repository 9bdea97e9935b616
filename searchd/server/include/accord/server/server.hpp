#pragma once
/// @file server.hpp
/// The network side: a Boost.Beast HTTP/1.1 server on C++20 coroutines.

#include <boost/asio/io_context.hpp>

#include <memory>

#include "accord/server/application.hpp"

namespace accord::server {

/// Accepts connections and runs one coroutine session per connection on a pool of threads.
///
/// Every read has a deadline (ServerConfig::read_timeout for a request once it has started,
/// idle_timeout between requests), every write too; header and body sizes are capped (413);
/// connections past ServerConfig::max_connections are closed at once. On SIGINT/SIGTERM the
/// listener closes, requests in flight are answered, and the process exits.
class Server {
public:
    Server(const ServerConfig& config, Application& application);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds the listening socket; throws std::system_error when it cannot. Returns the port
    /// actually bound (useful with port 0).
    unsigned short bind();

    /// Serves until stop() or a signal; uses ServerConfig::threads threads (the caller's
    /// included). Installs SIGINT/SIGTERM handlers when @p handle_signals.
    void run(bool handle_signals = true);

    /// Asks the server to stop gracefully (thread-safe).
    void stop();

    struct State;  ///< opaque: the io_context, acceptor and counters

private:
    std::shared_ptr<State> state_;
};

}  // namespace accord::server
