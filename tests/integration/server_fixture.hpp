#pragma once
/// @file server_fixture.hpp
/// Runs a real accord::server::Server on 127.0.0.1 (port 0) in a thread for a test.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "accord/server/application.hpp"
#include "accord/server/server.hpp"

#include "http_client.hpp"

namespace accord::testing {

/// Binds, runs the server in a thread (no signal handlers) and stops it on destruction.
class RunningServer {
public:
    /// Always on 127.0.0.1 and a port the system picks (never a fixed one like 8080).
    RunningServer(server::ServerConfig config, server::Application& application)
        : config_(loopback(std::move(config))), server_(config_, application) {
        port_ = server_.bind();
        thread_ = std::thread([this] {
            server_.run(false);
            returned_ = true;
        });
    }
    ~RunningServer() { stop_and_join(); }
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    [[nodiscard]] unsigned short port() const { return port_; }
    [[nodiscard]] bool returned() const { return returned_; }
    void stop() { server_.stop(); }

    /// Stops the server and waits for run() to return; false when it did not within @p limit.
    bool stop_and_join(std::chrono::milliseconds limit = std::chrono::milliseconds(15'000)) {
        if (!thread_.joinable()) {
            return true;
        }
        server_.stop();
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!returned_ && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        const bool in_time = returned_;
        thread_.join();  // if it hangs, the ctest timeout reports it
        return in_time;
    }

private:
    static server::ServerConfig loopback(server::ServerConfig config) {
        config.address = "127.0.0.1";
        config.port = 0;
        return config;
    }

    server::ServerConfig config_;
    server::Server server_;
    unsigned short port_ = 0;
    std::atomic<bool> returned_{false};
    std::thread thread_;
};

}  // namespace accord::testing
