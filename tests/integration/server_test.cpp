// The real server over real sockets: keep-alive, pipelining, limits, malformed and hostile
// requests, slow clients, the connection cap and graceful shutdown. After every hostile case a
// normal search must still work.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "accord/index/indexer.hpp"
#include "accord/server/application.hpp"

#include "http_client.hpp"
#include "server_fixture.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using accord::server::Application;
using accord::server::ServerConfig;
using accord::testing::fetch;
using accord::testing::get_request;
using accord::testing::HttpClient;
using accord::testing::HttpResponse;
using accord::testing::Millis;
using accord::testing::RunningServer;
using accord::testing::TempDir;
using nlohmann::json;
namespace http = boost::beast::http;

constexpr std::size_t kBigFileBytes = 8U << 20U;

class ServerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        spdlog::set_level(spdlog::level::warn);
        dir_ = std::make_unique<TempDir>();
        accord::index::IndexOptions options;
        options.database = dir_->path() / "index";
        options.jobs = 2;
        const auto summary = accord::index::Indexer(options).index(
            {(accord::testing::source_dir() / "data" / "sample").string()});
        ASSERT_EQ(summary.failed, 0U);
        documents_ = summary.documents;
        dir_->write("web/index.html", "<!doctype html><title>Accord</title>\n");
        std::string big(kBigFileBytes, '\0');
        for (std::size_t i = 0; i < big.size(); ++i) {
            big[i] = static_cast<char>((i * 2654435761U) >> 13U);
        }
        dir_->write("web/big.bin", big);
        ServerConfig app_config = base_config();
        app_ = std::make_unique<Application>(app_config);
    }
    static void TearDownTestSuite() {
        app_.reset();
        dir_.reset();
    }

    /// Short timeouts so that the slow cases finish fast.
    static ServerConfig base_config() {
        ServerConfig config;
        config.databases = {(dir_->path() / "index").string()};
        config.web_root = dir_->path() / "web";
        config.address = "127.0.0.1";
        config.port = 0;
        config.threads = 2;
        config.read_timeout = Millis(500);
        config.idle_timeout = Millis(1000);
        config.write_timeout = Millis(5000);
        config.shutdown_grace = Millis(10'000);
        config.max_body_bytes = 64 * 1024;
        config.max_header_bytes = 8 * 1024;
        return config;
    }

    /// A normal search on a fresh connection answers 200 with results.
    static void expect_search_works(unsigned short port) {
        const auto response = fetch(port, "/api/search?q=security+guarantees&limit=3");
        ASSERT_TRUE(response.has_value()) << "no answer to a normal search";
        EXPECT_EQ(response->result_int(), 200U) << response->body();
        const json body = json::parse(response->body(), nullptr, false);
        ASSERT_TRUE(body.is_object());
        EXPECT_GT(body["total"].get<std::size_t>(), 0U);
    }

    /// The connection answered @p raw with a 4xx (its status returned), or was closed without
    /// answering (0). Anything else fails.
    static unsigned rejected(unsigned short port, const std::string& raw) {
        HttpClient client(port);
        EXPECT_TRUE(client.connected());
        client.send(raw);
        const auto response = client.read(Millis(3000));
        if (!response) {
            EXPECT_TRUE(client.closed_within(Millis(3000)))
                << "neither answered nor closed: " << raw;
            return 0;
        }
        EXPECT_GE(response->result_int(), 400U) << raw;
        EXPECT_LT(response->result_int(), 500U) << raw;
        EXPECT_EQ(response->body().find("root:"), std::string::npos);
        return response->result_int();
    }

    static inline std::unique_ptr<TempDir> dir_;
    static inline std::unique_ptr<Application> app_;
    static inline std::size_t documents_ = 0;
};

TEST_F(ServerTest, AnswersASearch) {
    RunningServer server(base_config(), *app_);
    ASSERT_NE(server.port(), 0);
    const auto response = fetch(server.port(), "/api/search?q=kyiv&limit=2");
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->result_int(), 200U);
    EXPECT_EQ((*response)[http::field::content_type], "application/json; charset=utf-8");
    const json body = json::parse(response->body());
    EXPECT_EQ(body["limit"], 2);
    EXPECT_LE(body["hits"].size(), 2U);
    const auto health = fetch(server.port(), "/api/health");
    ASSERT_TRUE(health.has_value());
    EXPECT_EQ(json::parse(health->body())["documents"].get<std::size_t>(), documents_);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
    RunningServer server(base_config(), *app_);
    HttpClient client(server.port());
    ASSERT_TRUE(client.connected());
    for (const char* target : {"/api/health", "/api/search?q=kyiv&limit=1", "/api/doc/missing", "/",
                               "/metrics", "/api/search?q=nato"}) {
        const auto response = client.request(get_request(target));
        ASSERT_TRUE(response.has_value()) << target;
        EXPECT_TRUE(response->keep_alive()) << target;
        EXPECT_EQ(response->result_int(), std::string(target) == "/api/doc/missing" ? 404U : 200U)
            << target;
    }
    // HEAD on the same connection: headers only, and the connection stays usable.
    const auto head = client.request(get_request("/api/search?q=kyiv", true, "HEAD"));
    ASSERT_TRUE(head.has_value());
    EXPECT_EQ(head->result_int(), 200U);
    EXPECT_TRUE(head->body().empty());
    const auto after = client.request(get_request("/api/health"));
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(after->result_int(), 200U);
    // HEAD answered with an error (404 page, 405, 400) must not send a body either, or the
    // next response on the connection starts with garbage.
    for (const char* target : {"/missing.txt", "/api/analyze", "/api/search?q=%zz", "/api/nope"}) {
        const auto error = client.request(get_request(target, true, "HEAD"));
        ASSERT_TRUE(error.has_value()) << target;
        EXPECT_GE(error->result_int(), 400U) << target;
        const auto next = client.request(get_request("/api/health"));
        ASSERT_TRUE(next.has_value()) << "after HEAD " << target;
        EXPECT_EQ(next->result_int(), 200U) << "after HEAD " << target;
        EXPECT_EQ(json::parse(next->body(), nullptr, false)["status"], "ok")
            << "after HEAD " << target;
    }
    // "Connection: close" is honoured.
    const auto last = client.request(get_request("/api/health", false));
    ASSERT_TRUE(last.has_value());
    EXPECT_FALSE(last->keep_alive());
    EXPECT_TRUE(client.closed_within(Millis(2000)));
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
    RunningServer server(base_config(), *app_);
    HttpClient client(server.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send(get_request("/api/health") + get_request("/api/doc/missing") +
                            get_request("/api/search?q=kyiv&limit=1") + get_request("/api/nope") +
                            get_request("/api/health", false)));
    const std::vector<unsigned> expected = {200, 404, 200, 404, 200};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto response = client.read();
        ASSERT_TRUE(response.has_value()) << "response " << i;
        EXPECT_EQ(response->result_int(), expected[i]) << "response " << i;
        if (i == 2) {
            EXPECT_EQ(json::parse(response->body())["limit"], 1);
        }
    }
    EXPECT_TRUE(client.closed_within(Millis(2000)));
    expect_search_works(server.port());
}

TEST_F(ServerTest, HugeHeaderIs413OrClosed) {
    RunningServer server(base_config(), *app_);
    const std::string raw =
        "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n";
    const unsigned status = rejected(server.port(), raw);
    EXPECT_TRUE(status == 0 || status == 413) << status;
    // Many header lines each under the limit, together over it.
    std::string many = "GET /api/health HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 500; ++i) {
        many += "X-H" + std::to_string(i) + ": " + std::string(40, 'b') + "\r\n";
    }
    const unsigned many_status = rejected(server.port(), many + "\r\n");
    EXPECT_TRUE(many_status == 0 || many_status == 413) << many_status;
    // A long target alone.
    const unsigned target_status =
        rejected(server.port(), get_request("/api/search?q=" + std::string(20'000, 'k')));
    EXPECT_TRUE(target_status == 0 || target_status == 413 || target_status == 414)
        << target_status;
    expect_search_works(server.port());
}

TEST_F(ServerTest, BodyOverTheLimitIs413) {
    RunningServer server(base_config(), *app_);
    {
        // Declared too large: refused before the body is sent.
        HttpClient client(server.port());
        ASSERT_TRUE(
            client.send("POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                        "Content-Length: 10000000\r\n\r\n"));
        const auto response = client.read();
        ASSERT_TRUE(response.has_value());
        EXPECT_EQ(response->result_int(), 413U);
        EXPECT_FALSE(response->keep_alive());
        const json body = json::parse(response->body());
        EXPECT_TRUE(body["error"]["code"].is_string());
        EXPECT_TRUE(client.closed_within(Millis(2000)));
    }
    {
        // Chunked, growing past the limit.
        HttpClient client(server.port());
        std::string raw =
            "POST /api/analyze HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        const std::string chunk(16 * 1024, 'w');
        for (int i = 0; i < 6; ++i) {
            raw += "4000\r\n" + chunk + "\r\n";
        }
        raw += "0\r\n\r\n";
        client.send(raw);
        const auto response = client.read();
        if (response) {
            EXPECT_EQ(response->result_int(), 413U);
        } else {
            EXPECT_TRUE(client.closed_within(Millis(2000)));
        }
    }
    {
        // Under the limit: analysed.
        HttpClient client(server.port());
        const std::string text = "Zelenskyy met NATO officials in Brussels.";
        const auto response = client.request(
            "POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: "
            "text/plain\r\nContent-Length: " +
            std::to_string(text.size()) + "\r\n\r\n" + text);
        ASSERT_TRUE(response.has_value());
        EXPECT_EQ(response->result_int(), 200U) << response->body();
        EXPECT_EQ(json::parse(response->body())["language"], "en");
    }
    expect_search_works(server.port());
}

TEST_F(ServerTest, ExpectContinueGetsA100First) {
    RunningServer server(base_config(), *app_);
    HttpClient client(server.port());
    const std::string text = "Putin spoke to Trump.";
    ASSERT_TRUE(
        client.send("POST /api/analyze HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    "Content-Length: " +
                    std::to_string(text.size()) + "\r\n\r\n"));
    const auto interim = client.read();
    ASSERT_TRUE(interim.has_value());
    EXPECT_EQ(interim->result_int(), 100U);
    ASSERT_TRUE(client.send(text));
    const auto response = client.read();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->result_int(), 200U);
}

TEST_F(ServerTest, MalformedRequestsAre400OrClosed) {
    RunningServer server(base_config(), *app_);
    for (const std::string& raw :
         {std::string("GARBAGE\r\n\r\n"), std::string("GET\r\n\r\n"),
          std::string("GET / HTTP/9.9\r\nHost: x\r\n\r\n"),
          std::string("GET  / HTTP/1.1\r\nHost: x\r\n\r\n"),
          std::string("GET / HTTP/1.1\r\nBad Header Line\r\n\r\n"),
          std::string("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
          std::string(
              "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
          std::string("POST /api/analyze HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
          std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),  // a TLS hello
          std::string("\0\0\0\0\r\n\r\n", 8)}) {
        const unsigned status = rejected(server.port(), raw);
        EXPECT_TRUE(status == 0 || status == 400) << status << " for " << raw;
    }
    // The 400 is the contract's error shape.
    HttpClient client(server.port());
    const auto response = client.request("GARBAGE\r\n\r\n");
    if (response) {
        EXPECT_EQ(response->result_int(), 400U);
        EXPECT_TRUE(json::parse(response->body())["error"]["message"].is_string());
    }
    expect_search_works(server.port());
}

TEST_F(ServerTest, InvalidPercentEncodingIs400) {
    RunningServer server(base_config(), *app_);
    for (const char* target : {"/api/search?q=%zz", "/api/search?q=%", "/api/search?q=%FF",
                               "/api/search?q=a%00b", "/%C0%AE%C0%AE/etc/passwd"}) {
        const auto response = fetch(server.port(), target);
        ASSERT_TRUE(response.has_value()) << target;
        EXPECT_EQ(response->result_int(), 400U) << target;
        EXPECT_EQ(json::parse(response->body())["error"]["code"], "invalid_target") << target;
    }
    expect_search_works(server.port());
}

TEST_F(ServerTest, PathTraversalOverTheWireIs4xx) {
    RunningServer server(base_config(), *app_);
    for (const char* target :
         {"/../etc/passwd", "/../../../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
          "/%2E%2E/%2E%2E/%2E%2E/etc/passwd", "/..%2fetc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
          "/%5c..%5cetc", "/..%5c..%5cetc%5cpasswd", "/.%2e/.%2e/etc/passwd", "//etc/passwd",
          "/%2Fetc%2Fpasswd", "/./../etc/passwd", "/.git/config", "/index.html/../../etc/passwd",
          "http://127.0.0.1/etc/passwd", "http://127.0.0.1/../../etc/passwd", "*", "etc/passwd"}) {
        const unsigned status = rejected(server.port(), get_request(target, false));
        EXPECT_GE(status, 400U) << target;  // answered, not just closed
    }
    // OPTIONS * and CONNECT-style authority targets too.
    EXPECT_GE(rejected(server.port(), "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"), 400U);
    EXPECT_NE(rejected(server.port(), "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n"), 200U);
    expect_search_works(server.port());
}

TEST_F(ServerTest, SlowlorisIsDisconnectedWhileOthersAreServed) {
    RunningServer server(base_config(), *app_);  // read_timeout 500 ms
    const std::string raw =
        "GET /api/search?q=kyiv HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n\r\n";
    std::atomic<bool> disconnected{false};
    std::atomic<std::size_t> bytes_sent{0};
    std::atomic<long> lasted_ms{0};
    bool answered = false;
    std::thread slow([&] {
        HttpClient client(server.port());
        const auto started = std::chrono::steady_clock::now();
        for (const char byte : raw) {
            if (!client.send(std::string_view(&byte, 1))) {
                break;
            }
            ++bytes_sent;
            if (client.closed_within(Millis(200))) {
                break;
            }
        }
        disconnected = client.closed_within(Millis(100));
        answered = !client.pending().empty() && client.pending().rfind("HTTP/1.1 200", 0) == 0;
        lasted_ms = static_cast<long>(
            std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - started).count());
    });
    // Meanwhile normal clients are served, several times.
    for (int i = 0; i < 3; ++i) {
        std::this_thread::sleep_for(Millis(100));
        expect_search_works(server.port());
    }
    slow.join();
    EXPECT_TRUE(disconnected);
    EXPECT_FALSE(answered);
    EXPECT_LT(bytes_sent.load(), raw.size()) << "the slow client got to send its whole request";
    EXPECT_GE(lasted_ms.load(), 400);   // not before the read timeout …
    EXPECT_LE(lasted_ms.load(), 3000);  // … but soon after it
    expect_search_works(server.port());
}

// Headers at once, then the body a byte at a time: the read deadline covers the whole request,
// also after an "Expect: 100-continue" interim answer.
TEST_F(ServerTest, SlowBodyIsDisconnectedByTheReadTimeout) {
    RunningServer server(base_config(), *app_);  // read 500 ms, write 5 s
    for (const bool expect_continue : {false, true}) {
        HttpClient client(server.port());
        ASSERT_TRUE(client.send(std::string("POST /api/analyze HTTP/1.1\r\nHost: x\r\n") +
                                (expect_continue ? "Expect: 100-continue\r\n" : "") +
                                "Content-Length: 100\r\n\r\n"));
        if (expect_continue) {
            const auto interim = client.read(Millis(2000));
            ASSERT_TRUE(interim.has_value());
            ASSERT_EQ(interim->result_int(), 100U);
        }
        const auto started = std::chrono::steady_clock::now();
        int sent = 0;
        bool closed = false;
        while (sent < 100 && !closed) {
            if (!client.send("x")) {
                closed = true;
                break;
            }
            ++sent;
            closed = client.closed_within(Millis(200));
        }
        const auto lasted = std::chrono::steady_clock::now() - started;
        EXPECT_TRUE(closed) << "expect_continue=" << expect_continue;
        EXPECT_LT(sent, 100) << "expect_continue=" << expect_continue;
        EXPECT_LE(lasted, Millis(3000)) << "expect_continue=" << expect_continue;
        EXPECT_EQ(client.pending().find("200 OK"), std::string::npos);
    }
    expect_search_works(server.port());
}

TEST_F(ServerTest, IdleConnectionsAreClosed) {
    RunningServer server(base_config(), *app_);
    {
        // Connected, never a byte: closed after the read timeout.
        HttpClient silent(server.port());
        const auto started = std::chrono::steady_clock::now();
        EXPECT_TRUE(silent.closed_within(Millis(3000)));
        EXPECT_GE(std::chrono::steady_clock::now() - started, Millis(400));
    }
    {
        // Keep-alive after one answer: closed after the idle timeout (1 s).
        HttpClient client(server.port());
        const auto response = client.request(get_request("/api/health"));
        ASSERT_TRUE(response.has_value());
        const auto started = std::chrono::steady_clock::now();
        EXPECT_TRUE(client.closed_within(Millis(4000)));
        EXPECT_GE(std::chrono::steady_clock::now() - started, Millis(900));
    }
    expect_search_works(server.port());
}

TEST_F(ServerTest, ConnectionsOverTheCapAreClosed) {
    ServerConfig config = base_config();
    config.max_connections = 4;
    config.read_timeout = Millis(5000);  // the idle ones must outlive the test
    config.idle_timeout = Millis(5000);
    RunningServer server(config, *app_);
    // One normal keep-alive client and three idle ones fill the cap.
    HttpClient normal(server.port());
    const auto first = normal.request(get_request("/api/health"));
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->result_int(), 200U);
    std::vector<std::unique_ptr<HttpClient>> idle;
    for (int i = 0; i < 3; ++i) {
        idle.push_back(std::make_unique<HttpClient>(server.port()));
        ASSERT_TRUE(idle.back()->connected());
    }
    std::this_thread::sleep_for(Millis(100));  // let the server accept them
    // Extra connections are closed at once, without an answer.
    for (int i = 0; i < 5; ++i) {
        HttpClient extra(server.port());
        ASSERT_TRUE(extra.connected());  // the kernel accepts; the server closes
        extra.send(get_request("/api/health"));
        EXPECT_TRUE(extra.closed_within(Millis(2000))) << i;
        EXPECT_EQ(extra.pending().find("200 OK"), std::string::npos);
    }
    // The normal client is still served on its connection.
    const auto search = normal.request(get_request("/api/search?q=kyiv&limit=1"));
    ASSERT_TRUE(search.has_value());
    EXPECT_EQ(search->result_int(), 200U);
    // The idle ones are still open (the cap closed only the extra ones).
    for (auto& connection : idle) {
        EXPECT_FALSE(connection->closed_within(Millis(10)));
    }
    // Once they go, new connections are served again.
    idle.clear();
    normal.close();
    bool served = false;
    for (int attempt = 0; attempt < 50 && !served; ++attempt) {
        std::this_thread::sleep_for(Millis(20));
        const auto response = fetch(server.port(), "/api/health", Millis(1000));
        served = response && response->result_int() == 200;
    }
    EXPECT_TRUE(served);
    expect_search_works(server.port());
}

TEST_F(ServerTest, ManyConcurrentClients) {
    RunningServer server(base_config(), *app_);
    std::atomic<int> ok{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 8; ++t) {
        clients.emplace_back([&, t] {
            HttpClient client(server.port());
            for (int i = 0; i < 10; ++i) {
                const auto response = client.request(get_request(
                    "/api/search?q=ukraine&limit=2&offset=" + std::to_string((t + i) % 5)));
                if (response && response->result_int() == 200) {
                    ++ok;
                }
            }
        });
    }
    for (auto& thread : clients) {
        thread.join();
    }
    EXPECT_EQ(ok.load(), 80);
}

TEST_F(ServerTest, GracefulShutdownFinishesTheRequestInFlight) {
    auto server = std::make_unique<RunningServer>(base_config(), *app_);
    const unsigned short port = server->port();
    // A small receive window keeps the server writing the 8 MB file until we read it.
    HttpClient client(port, 4096);
    ASSERT_TRUE(client.send(get_request("/big.bin")));
    const std::string start = client.read_raw(1000);
    ASSERT_EQ(start.rfind("HTTP/1.1 200", 0), 0U) << start.substr(0, 100);
    HttpClient idle(port);  // an idle keep-alive connection is simply dropped
    ASSERT_TRUE(idle.request(get_request("/api/health")).has_value());

    server->stop();
    std::this_thread::sleep_for(Millis(300));
    EXPECT_FALSE(server->returned()) << "run() returned with a response half sent";
    // New connections are refused once the listener is closed.
    HttpClient late(port);
    if (late.connected()) {
        EXPECT_FALSE(late.request(get_request("/api/health"), Millis(1000)).has_value());
    }

    // Read the rest: the whole response arrives.
    std::string rest = start + client.read_raw(kBigFileBytes + 4096 - start.size(), Millis(10'000));
    const auto header_end = rest.find("\r\n\r\n");
    ASSERT_NE(header_end, std::string::npos);
    const std::string body = rest.substr(header_end + 4);
    EXPECT_EQ(body.size(), kBigFileBytes);
    EXPECT_TRUE(body == accord::testing::read_file(dir_->path() / "web" / "big.bin"));
    EXPECT_TRUE(server->stop_and_join(Millis(5000))) << "run() did not return after the request";
    server.reset();  // the idle connection is closed, at the latest, with the server
    EXPECT_TRUE(idle.closed_within(Millis(1000)));
}

TEST_F(ServerTest, StopWithoutRequestsReturnsPromptly) {
    RunningServer server(base_config(), *app_);
    HttpClient idle(server.port());
    ASSERT_TRUE(idle.request(get_request("/api/health")).has_value());
    const auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(server.stop_and_join(Millis(3000)));
    EXPECT_LT(std::chrono::steady_clock::now() - started, Millis(2000));
}

}  // namespace
