#pragma once
/// @file http_client.hpp
/// A small blocking HTTP/1.1 client over raw POSIX sockets for the integration tests: it sends
/// whatever bytes it is given (malformed requests included), reads responses with a deadline,
/// and tells when the server has closed the connection. Responses are parsed with Beast.

#include <arpa/inet.h>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace accord::testing {

namespace http = boost::beast::http;
using HttpResponse = http::response<http::string_body>;
using Millis = std::chrono::milliseconds;

class HttpClient {
public:
    /// Connects to 127.0.0.1:@p port. @p receive_buffer, when not 0, shrinks SO_RCVBUF first.
    explicit HttpClient(unsigned short port, int receive_buffer = 0) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0) {
            throw std::runtime_error("socket() failed");
        }
        if (receive_buffer > 0) {
            ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
        }
        const int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            connect_error_ = errno;
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~HttpClient() { close(); }
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    [[nodiscard]] bool connected() const { return fd_ >= 0; }
    [[nodiscard]] int connect_error() const { return connect_error_; }

    void close() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

    /// Sends all of @p bytes; false when the connection is gone (reset, closed).
    bool send(std::string_view bytes) {
        while (!bytes.empty() && fd_ >= 0) {
            const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (sent < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return false;
            }
            bytes.remove_prefix(static_cast<std::size_t>(sent));
        }
        return fd_ >= 0;
    }

    /// Reads one response; nullopt when the connection closes or breaks first, when the bytes
    /// are not HTTP, or when @p timeout passes. @p head: the response answers a HEAD request.
    std::optional<HttpResponse> read(Millis timeout = Millis(5000), bool head = false) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        http::response_parser<http::string_body> parser;
        parser.eager(true);
        parser.skip(head);
        parser.body_limit(256U << 20U);
        for (;;) {
            if (!pending_.empty()) {
                boost::beast::error_code error;
                const std::size_t used = parser.put(boost::asio::buffer(pending_), error);
                pending_.erase(0, used);
                if (error && error != http::error::need_more) {
                    return std::nullopt;
                }
                if (parser.is_done()) {
                    return parser.release();
                }
                if (used > 0 && !error) {
                    continue;  // the parser may take more of what is pending
                }
            }
            const auto got = receive(deadline);
            if (got == Received::kData) {
                continue;
            }
            if (got == Received::kClosed && parser.got_some()) {
                boost::beast::error_code error;
                parser.put_eof(error);  // a body delimited by the end of the connection
                if (!error && parser.is_done()) {
                    return parser.release();
                }
            }
            return std::nullopt;
        }
    }

    /// Sends one request and reads its response.
    std::optional<HttpResponse> request(const std::string& raw, Millis timeout = Millis(5000)) {
        if (!send(raw)) {
            return std::nullopt;
        }
        return read(timeout, raw.rfind("HEAD ", 0) == 0);
    }

    /// Reads exactly @p count raw bytes (or fewer when the connection ends or time runs out).
    std::string read_raw(std::size_t count, Millis timeout = Millis(5000)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (pending_.size() < count && receive(deadline) == Received::kData) {
        }
        const std::string out = pending_.substr(0, count);
        pending_.erase(0, out.size());
        return out;
    }

    /// True when the server closes (or resets) the connection within @p timeout; whatever it
    /// sends meanwhile is kept and can still be read().
    bool closed_within(Millis timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto got = receive(deadline);
            if (got == Received::kClosed) {
                return true;
            }
            if (got == Received::kTimeout) {
                return false;
            }
        }
    }

    /// Bytes received but not yet parsed.
    [[nodiscard]] const std::string& pending() const { return pending_; }

private:
    enum class Received { kData, kClosed, kTimeout };

    Received receive(std::chrono::steady_clock::time_point deadline) {
        if (fd_ < 0 || peer_closed_) {
            return Received::kClosed;
        }
        for (;;) {
            const auto left =
                std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                return Received::kTimeout;
            }
            pollfd poller{fd_, POLLIN, 0};
            const int ready = ::poll(&poller, 1, static_cast<int>(left.count()));
            if (ready < 0 && errno == EINTR) {
                continue;
            }
            if (ready <= 0) {
                return ready == 0 ? Received::kTimeout : Received::kClosed;
            }
            char chunk[65536];
            const ssize_t got = ::recv(fd_, chunk, sizeof chunk, 0);
            if (got > 0) {
                pending_.append(chunk, static_cast<std::size_t>(got));
                return Received::kData;
            }
            if (got < 0 && errno == EINTR) {
                continue;
            }
            peer_closed_ = true;  // 0: orderly close; <0: reset
            return Received::kClosed;
        }
    }

    int fd_ = -1;
    int connect_error_ = 0;
    bool peer_closed_ = false;
    std::string pending_;
};

/// "GET <target> HTTP/1.1" with Host, and "Connection: close" unless @p keep_alive.
inline std::string get_request(const std::string& target, bool keep_alive = true,
                               const std::string& method = "GET") {
    std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!keep_alive) {
        raw += "Connection: close\r\n";
    }
    return raw + "\r\n";
}

/// One request on a fresh connection.
inline std::optional<HttpResponse> fetch(unsigned short port, const std::string& target,
                                         Millis timeout = Millis(5000)) {
    HttpClient client(port);
    if (!client.connected()) {
        return std::nullopt;
    }
    return client.request(get_request(target, false), timeout);
}

}  // namespace accord::testing
