#pragma once
/// @file xapian_tcpsrv.hpp
/// Runs Debian's xapian-tcpsrv (xapian-tools) on a free loopback port for remote-shard tests.

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>

#include "http_client.hpp"

namespace accord::testing {

inline constexpr const char* kTcpServer = "/usr/bin/xapian-tcpsrv";

/// A loopback port nobody listens on right now (the kernel's choice for port 0).
inline unsigned short free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

/// xapian-tcpsrv serving one database read-only, killed on destruction (or by kill()).
class TcpServer {
public:
    TcpServer(const std::filesystem::path& database, unsigned short port) : port_(port) {
        pid_ = ::fork();
        if (pid_ == 0) {
            ::setpgid(0, 0);  // its own group: kill() reaches the children serving connections
            const std::string port_text = std::to_string(port);
            ::execl(kTcpServer, kTcpServer, "--interface", "127.0.0.1", "--port", port_text.c_str(),
                    "--quiet", database.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int attempt = 0; attempt < 500; ++attempt) {  // until it accepts connections
            HttpClient probe(port);
            if (probe.connected()) {
                ready_ = true;
                break;
            }
            std::this_thread::sleep_for(Millis(10));
        }
    }
    ~TcpServer() { kill(); }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;

    [[nodiscard]] bool ready() const { return ready_; }
    [[nodiscard]] unsigned short port() const { return port_; }
    /// "remote:127.0.0.1:PORT", as --db takes it.
    [[nodiscard]] std::string address() const {
        return "remote:127.0.0.1:" + std::to_string(port_);
    }
    void kill() {
        if (pid_ > 0) {
            ::kill(-pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }

private:
    unsigned short port_;
    pid_t pid_ = -1;
    bool ready_ = false;
};

}  // namespace accord::testing
