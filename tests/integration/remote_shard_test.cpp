// A remote shard (xapian-tcpsrv) that goes away under a running server: requests answer the
// contract's JSON error instead of taking the server down, the server keeps serving, and it
// connects again when the shard is back.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <string>
#include <thread>

#include "accord/index/indexer.hpp"
#include "accord/server/application.hpp"

#include "http_client.hpp"
#include "server_fixture.hpp"
#include "test_support.hpp"
#include "xapian_tcpsrv.hpp"

namespace {

namespace fs = std::filesystem;
using accord::server::Application;
using accord::server::ServerConfig;
using accord::testing::fetch;
using accord::testing::free_port;
using accord::testing::HttpClient;
using accord::testing::kTcpServer;
using accord::testing::Millis;
using accord::testing::RunningServer;
using accord::testing::TcpServer;
using accord::testing::TempDir;
using nlohmann::json;

TEST(RemoteShard, LostShardGivesJsonErrorsAndTheServerLives) {
    if (!fs::exists(kTcpServer)) {
        GTEST_SKIP() << kTcpServer << " is not installed (apt-get install xapian-tools)";
    }
    spdlog::set_level(spdlog::level::off);
    TempDir dir;
    dir.write("docs/one.md",
              "---\ntitle: One\ndate: 2025-01-01\n---\nGrain corridor talks in Istanbul.\n");
    dir.write("docs/two.md", "---\ntitle: Two\ndate: 2025-01-02\n---\nCeasefire monitors met.\n");
    accord::index::IndexOptions options;
    options.database = dir.path() / "index";
    options.jobs = 1;
    ASSERT_EQ(accord::index::Indexer(options).index({(dir.path() / "docs").string()}).documents,
              2U);

    const unsigned short shard_port = free_port();
    TcpServer shard(options.database, shard_port);
    ASSERT_TRUE(shard.ready());

    ServerConfig config;
    config.databases = {"remote:127.0.0.1:" + std::to_string(shard_port)};
    config.threads = 1;
    Application app(config);
    RunningServer server(config, app);
    const unsigned short port = server.port();
    for (const char* target : {"/api/search?q=grain", "/api/doc/one.md", "/api/health"}) {
        const auto response = fetch(port, target);
        ASSERT_TRUE(response.has_value()) << target;
        EXPECT_EQ(response->result_int(), 200U) << target << " " << response->body();
    }

    shard.kill();
    for (const char* target : {"/api/search?q=grain", "/api/doc/one.md", "/api/doc/two.md",
                               "/api/health", "/metrics", "/api/search?q=ceasefire"}) {
        const auto response = fetch(port, target);
        ASSERT_TRUE(response.has_value()) << "no answer (server down?) for " << target;
        EXPECT_EQ(response->result_int(), 500U) << target << " " << response->body();
        if (response->result_int() == 500U) {
            const json body = json::parse(response->body());
            EXPECT_TRUE(body["error"]["code"].is_string()) << target;
        }
    }
    // What does not need the shard still works.
    const auto bad = fetch(port, "/api/search?limit=x");
    ASSERT_TRUE(bad.has_value());
    EXPECT_EQ(bad->result_int(), 400U);
    const auto entities = fetch(port, "/api/entities?prefix=u");  // from the gazetteer
    ASSERT_TRUE(entities.has_value());
    EXPECT_EQ(entities->result_int(), 200U);

    // The shard comes back (same port): the server connects again without a restart.
    TcpServer again(options.database, shard_port);
    ASSERT_TRUE(again.ready());
    bool recovered = false;
    for (int attempt = 0; attempt < 50 && !recovered; ++attempt) {
        std::this_thread::sleep_for(Millis(100));
        const auto response = fetch(port, "/api/search?q=grain");
        recovered = response.has_value() && response->result_int() == 200U;
    }
    EXPECT_TRUE(recovered) << "still failing after the shard came back";
    const auto doc = fetch(port, "/api/doc/two.md");
    ASSERT_TRUE(doc.has_value());
    EXPECT_EQ(doc->result_int(), 200U) << doc->body();
    EXPECT_TRUE(server.stop_and_join());
}

}  // namespace
