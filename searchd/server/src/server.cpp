#include "accord/server/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <thread>

namespace accord::server {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

// Coroutines and handlers refer to the State by plain pointer: they are owned by the io_context,
// which the State owns, so a shared_ptr in them would keep the State (and every open socket)
// alive for ever. Destroying the State destroys the io_context first, which destroys the
// suspended sessions (closing their sockets) while the counters they touch still exist.
struct Server::State {
    State(const ServerConfig& c, Application& a)
        : config(c), app(a), accept_strand(net::make_strand(ioc)), acceptor(accept_strand) {}

    ServerConfig config;
    Application& app;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> in_flight{0};
    std::atomic<std::size_t> connections{0};
    net::io_context ioc;
    net::strand<net::io_context::executor_type> accept_strand;  // the acceptor's only thread
    tcp::acceptor acceptor;
};

namespace {

constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);

/// Counts a connection for the cap and for /metrics while it lives.
class ConnectionCount {
public:
    ConnectionCount(std::atomic<std::size_t>& total, std::atomic<std::size_t>& visible)
        : total_(total), visible_(visible) {
        ++visible_;
    }
    ~ConnectionCount() {
        --total_;
        --visible_;
    }
    ConnectionCount(const ConnectionCount&) = delete;
    ConnectionCount& operator=(const ConnectionCount&) = delete;

private:
    std::atomic<std::size_t>& total_;
    std::atomic<std::size_t>& visible_;
};

bool is_limit_error(const beast::error_code& error) {
    return error == http::error::header_limit || error == http::error::body_limit ||
           error == http::error::buffer_overflow;
}

net::awaitable<void> send_and_close(beast::tcp_stream& stream, Response response,
                                    std::chrono::milliseconds timeout) {
    stream.expires_after(timeout);
    co_await http::async_write(stream, response, kUseTuple);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

net::awaitable<void> session(Server::State* state, tcp::socket socket) {
    const ConnectionCount count(state->connections, state->app.open_connections());
    const ServerConfig& config = state->config;
    std::string client = "-";
    {
        beast::error_code error;
        const auto endpoint = socket.remote_endpoint(error);
        if (!error) {
            client = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
        }
    }
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    bool first = true;

    while (!state->stopping) {
        // Wait for the next request to begin (keep-alive idle time) …
        if (buffer.size() == 0) {
            stream.expires_after(first ? config.read_timeout : config.idle_timeout);
            auto [error, bytes] = co_await stream.async_read_some(buffer.prepare(4096), kUseTuple);
            if (error) {
                break;  // closed, reset or idle too long
            }
            buffer.commit(bytes);
        }
        first = false;
        // … then give the whole request a deadline, so a slow client cannot linger.
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(config.max_header_bytes));
        parser.body_limit(config.max_body_bytes);
        stream.expires_after(config.read_timeout);
        auto [header_error, header_bytes] =
            co_await http::async_read_header(stream, buffer, parser, kUseTuple);
        if (!header_error && parser.get()[http::field::expect] == "100-continue") {
            Response proceed{http::status::continue_, parser.get().version()};
            stream.expires_after(config.write_timeout);
            co_await http::async_write(stream, proceed, kUseTuple);
            stream.expires_after(config.read_timeout);  // the body gets the read deadline again
        }
        beast::error_code read_error = header_error;
        if (!read_error && !parser.is_done()) {
            auto [body_error, body_bytes] =
                co_await http::async_read(stream, buffer, parser, kUseTuple);
            read_error = body_error;
        }
        if (read_error) {
            const bool malformed = read_error.category() ==
                                       http::make_error_code(http::error::bad_target).category() &&
                                   read_error != http::error::end_of_stream &&
                                   read_error != http::error::partial_message;
            if (is_limit_error(read_error)) {
                co_await send_and_close(stream,
                                        bare_error(http::status::payload_too_large, "too_large",
                                                   "the request headers or body are too large"),
                                        config.write_timeout);
            } else if (malformed) {
                co_await send_and_close(
                    stream,
                    bare_error(http::status::bad_request, "bad_request",
                               "malformed HTTP request: " + read_error.message()),
                    config.write_timeout);
            }
            break;  // end of stream, timeouts, resets: just close
        }

        ++state->in_flight;
        Request request = parser.release();
        Response response = state->app.handle(request, client);
        response.keep_alive(request.keep_alive() && !state->stopping);
        stream.expires_after(config.write_timeout);
        auto [write_error, written] = co_await http::async_write(stream, response, kUseTuple);
        --state->in_flight;
        if (write_error || !response.keep_alive()) {
            break;
        }
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

net::awaitable<void> listen(Server::State* state) {
    for (;;) {
        auto [error, socket] =
            co_await state->acceptor.async_accept(net::make_strand(state->ioc), kUseTuple);
        if (error) {
            if (error == net::error::operation_aborted || state->stopping) {
                co_return;
            }
            // Out of file descriptors and the like: breathe, then go on accepting.
            net::steady_timer pause(state->ioc, std::chrono::milliseconds(50));
            co_await pause.async_wait(kUseTuple);
            continue;
        }
        if (state->connections.fetch_add(1) >= state->config.max_connections) {
            --state->connections;
            beast::error_code ignored;
            socket.close(ignored);  // over the cap: refuse at once
            continue;
        }
        auto executor = socket.get_executor();
        // The per-connection edge: whatever escapes a session ends that connection only.
        net::co_spawn(executor, session(state, std::move(socket)), [](std::exception_ptr failure) {
            if (!failure) {
                return;
            }
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception& exception) {
                spdlog::warn("connection closed after an error: {}", exception.what());
            } catch (...) {
                spdlog::warn("connection closed after an unknown error");
            }
        });
    }
}

void begin_shutdown(Server::State* state) {
    if (state->stopping.exchange(true)) {
        return;
    }
    net::post(state->accept_strand, [state]() {
        beast::error_code ignored;
        state->acceptor.close(ignored);
        // Let requests in flight finish, then stop (idle keep-alive connections are dropped).
        auto timer = std::make_shared<net::steady_timer>(state->ioc);
        const auto deadline = std::chrono::steady_clock::now() + state->config.shutdown_grace;
        auto poll = std::make_shared<std::function<void(beast::error_code)>>();
        *poll = [state, timer, deadline, poll](beast::error_code) {
            if (state->in_flight == 0 || std::chrono::steady_clock::now() >= deadline) {
                state->ioc.stop();
                *poll = nullptr;  // break the self-reference
                return;
            }
            timer->expires_after(std::chrono::milliseconds(20));
            timer->async_wait(*poll);
        };
        (*poll)({});
    });
}

}  // namespace

Server::Server(const ServerConfig& config, Application& application)
    : state_(std::make_shared<State>(config, application)) {}

Server::~Server() = default;

unsigned short Server::bind() {
    const auto address = net::ip::make_address(state_->config.address);
    const tcp::endpoint endpoint(address, state_->config.port);
    state_->acceptor.open(endpoint.protocol());
    state_->acceptor.set_option(net::socket_base::reuse_address(true));
    state_->acceptor.bind(endpoint);
    state_->acceptor.listen(net::socket_base::max_listen_connections);
    return state_->acceptor.local_endpoint().port();
}

void Server::run(bool handle_signals) {
    std::shared_ptr<net::signal_set> signals;
    if (handle_signals) {
        signals = std::make_shared<net::signal_set>(state_->ioc, SIGINT, SIGTERM);
        signals->async_wait([state = state_.get()](beast::error_code error, int signal) {
            if (!error) {
                spdlog::info("signal {}: finishing requests in flight, then exiting", signal);
                begin_shutdown(state);
            }
        });
    }
    net::co_spawn(state_->accept_strand, listen(state_.get()), net::detached);
    const unsigned threads = std::max(1U, state_->config.threads);
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) {
        pool.emplace_back([this]() { state_->ioc.run(); });
    }
    state_->ioc.run();
    for (std::thread& thread : pool) {
        thread.join();
    }
}

void Server::stop() {
    begin_shutdown(state_.get());
}

}  // namespace accord::server
