// Re-indexing and rebuilding under a running server: while a client keeps querying, new
// documents are committed and the database is rebuilt (twice) and swapped in. Every request
// must succeed, and the new documents must become visible.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "accord/index/indexer.hpp"
#include "accord/server/application.hpp"

#include "http_client.hpp"
#include "server_fixture.hpp"
#include "test_support.hpp"

namespace {

using accord::server::Application;
using accord::server::ServerConfig;
using accord::testing::fetch;
using accord::testing::get_request;
using accord::testing::HttpClient;
using accord::testing::Millis;
using accord::testing::RunningServer;
using accord::testing::TempDir;
using nlohmann::json;

// A small gazetteer keeps the indexer runs fast (the default one takes a while to load).
const std::string kGazetteer =
    R"({"id": "ua", "type": "party", "kind": "state", "label": "Ukraine", "aliases": {"en": ["Ukraine"]}})"
    "\n"
    R"({"id": "ru", "type": "party", "kind": "state", "label": "Russia", "aliases": {"en": ["Russia"]}})"
    "\n"
    R"({"id": "us", "type": "party", "kind": "state", "label": "United States", "aliases": {"en": ["United States", "Washington"]}})"
    "\n";

std::string article(const std::string& title, const std::string& date, const std::string& body) {
    return "---\ntitle: \"" + title + "\"\ndate: " + date + "\ntype: article\n---\n" + body + "\n";
}

accord::index::IndexSummary index_directory(const TempDir& dir, bool rebuild) {
    accord::index::IndexOptions options;
    options.database = dir.path() / "index";
    options.jobs = 1;
    options.gazetteer = dir.path() / "gazetteer";
    options.rebuild = rebuild;
    return accord::index::Indexer(options).index({(dir.path() / "docs").string()});
}

std::size_t total_for(unsigned short port, const std::string& query) {
    const auto response = fetch(port, "/api/search?q=" + query);
    if (!response || response->result_int() != 200) {
        return SIZE_MAX;
    }
    return json::parse(response->body())["total"].get<std::size_t>();
}

/// Waits up to @p limit for a search for @p query to find @p expected documents.
bool becomes(unsigned short port, const std::string& query, std::size_t expected,
             Millis limit = Millis(5000)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (total_for(port, query) == expected) {
            return true;
        }
        std::this_thread::sleep_for(Millis(20));
    }
    return false;
}

TEST(LiveIndex, ReindexAndRebuildWhileServingWithoutFailures) {
    spdlog::set_level(spdlog::level::warn);
    TempDir dir;
    dir.write("gazetteer/entities.jsonl", kGazetteer);
    dir.write("docs/one.md",
              article("Grain corridor talks resume", "2025-03-01",
                      "Negotiators met in Istanbul about the Black Sea grain corridor."));
    dir.write("docs/two.md", article("Ceasefire monitors", "2025-03-02",
                                     "The OSCE discussed monitoring a ceasefire in Donbas."));
    ASSERT_EQ(index_directory(dir, false).documents, 2U);

    ServerConfig config;
    config.databases = {(dir.path() / "index").string()};
    config.gazetteer = dir.path() / "gazetteer";
    config.threads = 2;
    config.refresh_interval = Millis(20);
    config.read_timeout = Millis(2000);
    config.idle_timeout = Millis(2000);
    Application app(config);
    RunningServer server(config, app);
    const unsigned short port = server.port();

    // Clients that never stop asking, on keep-alive connections, until told.
    std::atomic<bool> done{false};
    std::atomic<std::size_t> requests{0};
    std::atomic<std::size_t> consistent_checks{0};
    std::mutex failures_mutex;
    std::map<std::string, int> failures;  // "target -> status" (0: no answer)
    std::vector<std::thread> clients;
    for (int c = 0; c < 2; ++c) {
        clients.emplace_back([&, c] {
            const std::vector<std::string> targets = {"/api/search?q=grain",
                                                      "/api/search?q=",
                                                      "/api/doc/one.md",
                                                      "/api/health",
                                                      "/api/search?q=ceasefire&sort=date",
                                                      "/api/entities?type=party&prefix=u",
                                                      "/metrics"};
            auto connection = std::make_unique<HttpClient>(port);
            for (std::size_t i = static_cast<std::size_t>(c); !done; ++i) {
                const std::string& target = targets[i % targets.size()];
                auto response = connection->request(get_request(target));
                if (!response) {
                    // A closed keep-alive connection is fine; a failed request on a new one is not.
                    connection = std::make_unique<HttpClient>(port);
                    response = connection->request(get_request(target));
                }
                ++requests;
                const int status = response ? static_cast<int>(response->result_int()) : 0;
                if (status == 200 && target == "/api/search?q=") {
                    // Every answer shows one committed state: a document count some commit
                    // had, and facet counts that add up to that same total.
                    const json body = json::parse(response->body());
                    const auto total = body["total"].get<std::size_t>();
                    std::size_t by_type = 0;
                    for (const auto& value : body["facets"]["type"]) {
                        by_type += value["count"].get<std::size_t>();
                    }
                    if (total < 2 || total > 6 || by_type != total) {
                        const std::lock_guard lock(failures_mutex);
                        failures["inconsistent browse: total " + std::to_string(total) +
                                 ", type counts " + std::to_string(by_type)]++;
                    }
                    ++consistent_checks;
                }
                if (status != 200) {
                    const std::lock_guard lock(failures_mutex);
                    failures[target + " -> " + std::to_string(status) +
                             (response ? " " + response->body() : std::string())]++;
                }
            }
        });
    }

    // 1. An incremental run commits a new document.
    std::this_thread::sleep_for(Millis(150));
    dir.write(
        "docs/three.md",
        article("Zaporizhzhia inspectors rotate", "2025-03-03",
                "IAEA inspectors rotated at the Zaporizhzhia plant; grain was not discussed."));
    auto summary = index_directory(dir, false);
    EXPECT_EQ(summary.added, 1U);
    EXPECT_EQ(summary.documents, 3U);
    EXPECT_TRUE(becomes(port, "zaporizhzhia", 1));
    EXPECT_TRUE(becomes(port, "grain", 2));

    // 2. A changed document is replaced.
    dir.write("docs/two.md",
              article("Ceasefire monitors", "2025-03-02",
                      "The OSCE discussed monitoring a ceasefire; grain exports too."));
    summary = index_directory(dir, false);
    EXPECT_EQ(summary.updated, 1U);
    EXPECT_TRUE(becomes(port, "grain", 3));

    // 3. A rebuild with one more file swaps in a new generation …
    dir.write("docs/four.md", article("Minerals fund", "2025-04-30",
                                      "The minerals fund was signed in Washington."));
    summary = index_directory(dir, true);
    EXPECT_EQ(summary.documents, 4U);
    EXPECT_TRUE(becomes(port, "minerals", 1));

    // 4. … and another right after it retires the generation readers held before.
    dir.write("docs/five.md", article("Helsinki anniversary", "2025-08-01",
                                      "Fifty years after the Helsinki Final Act."));
    summary = index_directory(dir, true);
    EXPECT_EQ(summary.documents, 5U);
    dir.write("docs/six.md",
              article("Helsinki follow-up", "2025-08-02", "Helsinki principles discussed again."));
    summary = index_directory(dir, true);
    EXPECT_EQ(summary.documents, 6U);
    EXPECT_TRUE(becomes(port, "helsinki", 2));

    // 5. Deletes by id reach the live index too.
    {
        accord::index::IndexOptions options;
        options.database = dir.path() / "index";
        options.gazetteer = dir.path() / "gazetteer";
        EXPECT_EQ(accord::index::Indexer(options).remove({"five.md"}).deleted, 1U);
    }
    EXPECT_TRUE(becomes(port, "helsinki", 1));
    const auto health = fetch(port, "/api/health");
    ASSERT_TRUE(health.has_value());
    EXPECT_EQ(json::parse(health->body())["documents"], 5);

    // Keep querying a little longer on the final generation.
    std::this_thread::sleep_for(Millis(200));
    done = true;
    for (auto& client : clients) {
        client.join();
    }
    EXPECT_GT(requests.load(), 50U);
    EXPECT_GT(consistent_checks.load(), 5U);
    for (const auto& [failure, count] : failures) {
        ADD_FAILURE() << count << "x " << failure;
    }
    EXPECT_TRUE(failures.empty());
    EXPECT_TRUE(server.stop_and_join());
}

TEST(LiveIndex, TwoRebuildsBetweenRefreshesDoNotBreakRequests) {
    spdlog::set_level(spdlog::level::warn);
    TempDir dir;
    dir.write("gazetteer/entities.jsonl", kGazetteer);
    dir.write("docs/one.md",
              article("Grain corridor talks resume", "2025-03-01",
                      "Negotiators met in Istanbul about the Black Sea grain corridor."));
    dir.write("docs/two.md", article("Ceasefire monitors", "2025-03-02",
                                     "The OSCE discussed monitoring a ceasefire in Ukraine."));
    ASSERT_EQ(index_directory(dir, true).documents, 2U);

    ServerConfig config;
    config.databases = {(dir.path() / "index").string()};
    config.gazetteer = dir.path() / "gazetteer";
    config.threads = 1;
    config.refresh_interval = Millis(1500);  // the searcher keeps its generation meanwhile
    Application app(config);
    RunningServer server(config, app);
    const unsigned short port = server.port();
    const std::vector<std::string> targets = {"/api/search?q=grain",
                                              "/api/search?q=%22black+sea%22",
                                              "/api/search?q=&party=ua",
                                              "/api/doc/one.md",
                                              "/api/health",
                                              "/metrics",
                                              "/api/entities?prefix=u",
                                              "/api/search?q=ceasefire&sort=date"};
    auto expect_all_ok = [&](const char* when) {
        for (const std::string& target : targets) {
            const auto response = fetch(port, target);
            ASSERT_TRUE(response.has_value()) << when << ": " << target;
            EXPECT_EQ(response->result_int(), 200U)
                << when << ": " << target << " " << response->body();
        }
    };
    expect_all_ok("before");
    // Two rebuilds: the second deletes the generation the searcher still has open.
    dir.write("docs/three.md",
              article("Minerals fund", "2025-04-30", "The minerals fund was signed."));
    index_directory(dir, true);
    dir.write("docs/four.md",
              article("Minerals again", "2025-05-01", "More on the minerals fund."));
    index_directory(dir, true);
    expect_all_ok("right after two rebuilds");
    EXPECT_TRUE(becomes(port, "minerals", 2, Millis(5000)));
    expect_all_ok("after the refresh");
    EXPECT_TRUE(server.stop_and_join());
}

}  // namespace
