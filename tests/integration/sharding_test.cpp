// Sharded and remote search answer exactly as one database does: the same corpus indexed once
// unsharded and once into three shards, the shards served by three xapian-tcpsrv processes on
// loopback ports, and every answer of a query set compared (hits, order, BM25 scores, totals,
// facet counts, snippets, documents). Also: a shard that is down or silent fails fast.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "accord/index/indexer.hpp"
#include "accord/index/layout.hpp"
#include "accord/search/errors.hpp"
#include "accord/search/result_json.hpp"
#include "accord/search/searcher.hpp"

#include "test_support.hpp"
#include "xapian_tcpsrv.hpp"

namespace {

namespace fs = std::filesystem;
using accord::search::Searcher;
using accord::search::SearchRequest;
using accord::search::SortOrder;
using accord::testing::source_dir;
using accord::testing::TcpServer;
using accord::testing::TempDir;
using nlohmann::json;

constexpr std::size_t kShards = 3;

std::shared_ptr<const accord::analyzers::Gazetteer> gazetteer() {
    static const auto loaded = std::make_shared<const accord::analyzers::Gazetteer>(
        accord::analyzers::Gazetteer::load(source_dir() / "data" / "gazetteer"));
    return loaded;
}

/// A few hundred documents in the corpus's style, so that shards differ in their statistics
/// (a shard-local idf or length norm would show in the scores).
void write_generated(const fs::path& file, std::size_t count) {
    const std::vector<std::string> actors = {
        "Kyiv",      "Kiev",   "Washington", "Moscow", "NATO",   "the European Union",
        "Zelenskyy", "Berlin", "Paris",      "London", "Ankara", "the United Nations",
        "Київ",      "Warsaw"};
    const std::vector<std::string> places = {"Donetsk", "Luhansk", "Zaporizhzhia", "Crimea",
                                             "Kherson", "Kharkiv", "Odesa"};
    const std::vector<std::string> topics = {"security guarantees",     "the 20-point framework",
                                             "the 28-point plan",       "Minsk II",
                                             "the Budapest Memorandum", "NATO's Article 5",
                                             "a ceasefire line",        "prisoner exchanges",
                                             "grain exports",           "reconstruction funds",
                                             "the nuclear plant",       "sanctions relief"};
    const std::vector<std::string> verbs = {"discussed",  "rejected", "welcomed", "revised",
                                            "questioned", "endorsed", "postponed"};
    const std::vector<std::string> types = {"article", "statement", "article", "treaty"};
    std::mt19937 random(20251126);
    auto pick = [&random](const std::vector<std::string>& from) -> const std::string& {
        return from[random() % from.size()];
    };
    std::ofstream out(file);
    for (std::size_t i = 0; i < count; ++i) {
        std::string body;
        const std::size_t sentences = 2 + random() % 9;  // lengths vary: BM25 length norms
        for (std::size_t s = 0; s < sentences; ++s) {
            body += "Officials in " + pick(actors) + " " + pick(verbs) + " " + pick(topics) +
                    " for " + pick(places) + ". ";
        }
        const json record = {
            {"id", "gen-" + std::to_string(i)},
            {"title", pick(actors) + " and " + pick(topics)},
            {"date", std::to_string(2014 + random() % 12) + "-" + (random() % 2 == 0 ? "0" : "1") +
                         std::to_string(random() % 3) + "-1" + std::to_string(random() % 9)},
            {"type", pick(types)},
            {"source", "Generated"},
            {"body", body}};
        out << record.dump() << '\n';
    }
}

std::vector<SearchRequest> query_set() {
    std::vector<SearchRequest> requests;
    auto add = [&requests](std::string query, auto&&... edit) {
        SearchRequest request;
        request.query = std::move(query);
        request.limit = 20;
        (edit(request), ...);
        requests.push_back(request);
    };
    for (const char* query : {"security guarantees",
                              "Kiev",
                              "Київ",
                              "\"nuclear plant\"",
                              "Donetsk OR Luhansk",
                              "ceasefire -Crimea",
                              "agreement:minsk-ii",
                              "party:us party:ua",
                              "title:NATO",
                              "reconstr*",
                              "sanctions AND relief",
                              "officials rejected the 28-point plan for Kherson",
                              "grain exports from Odesa through the Black Sea",
                              "Zaporizhzhia",
                              "article 5",
                              "type:treaty",
                              "",
                              "memorandum budapest",
                              "prisoner",
                              "Washington Berlin Paris"}) {
        add(query);
    }
    add("guarantees", [](SearchRequest& r) { r.parties = {"ua", "us"}; });
    add("guarantees", [](SearchRequest& r) { r.regions = {"ua-14"}; });
    add("", [](SearchRequest& r) {
        r.agreements = {"minsk-ii"};
        r.types = {"article"};
    });
    add("officials", [](SearchRequest& r) {
        r.from = "2019-01-01";
        r.to = "2022-12-31";
    });
    add("officials", [](SearchRequest& r) { r.sort = SortOrder::kDate; });
    add("officials", [](SearchRequest& r) { r.offset = 35; });
    add("", [](SearchRequest& r) {
        r.sort = SortOrder::kDate;
        r.offset = 100;
    });
    add("", [](SearchRequest& r) { r.languages = {"uk"}; });
    add("Kyiv", [](SearchRequest& r) {
        r.more_like = "gen-7";
        r.query.clear();
    });
    return requests;
}

/// The answer without what legitimately differs: timing, and spelling suggestions (remote
/// shards carry no spelling data; docs/scaling.md).
json comparable(Searcher& searcher, const SearchRequest& request) {
    json answer = accord::search::to_json(searcher.search(request));
    answer.erase("took_ms");
    answer.erase("suggestion");
    return answer;
}

/// Every number in @p expected equals the one in @p actual within a relative 1e-9 (scores are
/// sums of doubles); everything else is equal exactly.
void expect_same(const json& expected, const json& actual, const std::string& where) {
    if (expected.is_number_float() || actual.is_number_float()) {
        ASSERT_TRUE(actual.is_number()) << where;
        const double a = expected.get<double>();
        const double b = actual.get<double>();
        EXPECT_LE(std::abs(a - b), 1e-9 * std::max(1.0, std::abs(a))) << where;
    } else if (expected.is_object()) {
        ASSERT_TRUE(actual.is_object()) << where;
        EXPECT_EQ(expected.size(), actual.size()) << where;
        for (const auto& [key, value] : expected.items()) {
            ASSERT_TRUE(actual.contains(key)) << where << "." << key;
            expect_same(value, actual[key], where + "." + key);
        }
    } else if (expected.is_array()) {
        ASSERT_TRUE(actual.is_array()) << where;
        ASSERT_EQ(expected.size(), actual.size()) << where;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            expect_same(expected[i], actual[i], where + "[" + std::to_string(i) + "]");
        }
    } else {
        EXPECT_EQ(expected, actual) << where;
    }
}

class Sharding : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        spdlog::set_level(spdlog::level::warn);
        dir_ = new TempDir();
        write_generated(dir_->path() / "generated.jsonl", 400);
        const std::vector<std::string> inputs = {
            (source_dir() / "data" / "sample").string(),
            (source_dir() / "tests" / "fixtures" / "search" / "corpus.jsonl").string(),
            (dir_->path() / "generated.jsonl").string()};
        for (const auto& [name, shards] :
             {std::pair{"single", std::size_t{1}}, std::pair{"sharded", kShards}}) {
            accord::index::IndexOptions options;
            options.database = dir_->path() / name;
            options.gazetteer = source_dir() / "data" / "gazetteer";
            options.jobs = 2;
            options.shards = shards;
            const auto summary = accord::index::Indexer(options).index(inputs);
            ASSERT_EQ(summary.failed, 0U) << name;
        }
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }

    static fs::path single() { return dir_->path() / "single"; }
    static fs::path sharded() { return dir_->path() / "sharded"; }

    static inline TempDir* dir_ = nullptr;
};

TEST_F(Sharding, IndexerSpreadsDocumentsOverTheShards) {
    const auto shards = accord::index::IndexLayout(sharded()).live_shards();
    ASSERT_EQ(shards.size(), kShards);
    Searcher whole({single().string()}, gazetteer());
    std::size_t sum = 0;
    for (const auto& shard : shards) {
        Searcher one({shard.string()}, gazetteer());
        const std::size_t count = one.document_count();
        EXPECT_GT(count, whole.document_count() / kShards / 2) << shard;  // roughly even
        sum += count;
    }
    EXPECT_EQ(sum, whole.document_count());
}

TEST_F(Sharding, LocalAndRemoteShardsAnswerAsOneDatabase) {
    if (!fs::exists(accord::testing::kTcpServer)) {
        GTEST_SKIP() << accord::testing::kTcpServer << " missing (apt-get install xapian-tools)";
    }
    const auto shard_paths = accord::index::IndexLayout(sharded()).live_shards();
    ASSERT_EQ(shard_paths.size(), kShards);
    std::vector<std::unique_ptr<TcpServer>> servers;
    std::vector<std::string> remotes;
    for (const auto& shard : shard_paths) {
        servers.push_back(std::make_unique<TcpServer>(shard, accord::testing::free_port()));
        ASSERT_TRUE(servers.back()->ready()) << "xapian-tcpsrv did not start for " << shard;
        remotes.push_back(servers.back()->address());
    }
    // A stub file listing the remote shards, as an operator would write it.
    const fs::path stub = dir_->path() / "remote.stub";
    {
        std::ofstream out(stub);
        out << "# three shards on this machine\n";
        for (const auto& server : servers) {
            out << "remote 127.0.0.1:" << server->port() << "\n";
        }
    }

    Searcher reference({single().string()}, gazetteer());
    Searcher local({sharded().string()}, gazetteer());
    Searcher remote(remotes, gazetteer());
    Searcher from_stub({stub.string()}, gazetteer());
    Searcher mixed({shard_paths[0].string(), remotes[1], remotes[2]}, gazetteer());
    ASSERT_EQ(local.document_count(), reference.document_count());
    ASSERT_EQ(remote.document_count(), reference.document_count());

    std::size_t with_hits = 0;
    for (const SearchRequest& request : query_set()) {
        const json expected = comparable(reference, request);
        if (!expected["hits"].empty()) {
            ++with_hits;
        }
        const std::string what = "q='" + request.query + "' more_like=" + request.more_like +
                                 " offset=" + std::to_string(request.offset);
        expect_same(expected, comparable(local, request), "local " + what);
        expect_same(expected, comparable(remote, request), "remote " + what);
        expect_same(expected, comparable(from_stub, request), "stub " + what);
        expect_same(expected, comparable(mixed, request), "mixed " + what);
    }
    EXPECT_GE(with_hits, query_set().size() - 2) << "the query set must exercise real matches";

    for (const char* id : {"gen-3", "kyiv-talks", "gen-399", "no-such-document"}) {
        const auto expected = reference.document(id);
        const auto actual = remote.document(id);
        ASSERT_EQ(expected.has_value(), actual.has_value()) << id;
        if (expected) {
            EXPECT_EQ(accord::search::to_json(*expected), accord::search::to_json(*actual)) << id;
        }
    }
}

TEST_F(Sharding, RenamingANewStubMovesTheSearcherWithoutAGap) {
    if (!fs::exists(accord::testing::kTcpServer)) {
        GTEST_SKIP() << accord::testing::kTcpServer << " missing (apt-get install xapian-tools)";
    }
    const auto shard_paths = accord::index::IndexLayout(sharded()).live_shards();
    std::vector<std::unique_ptr<TcpServer>> servers;
    const fs::path stub = dir_->path() / "moving.stub";
    {
        std::ofstream out(stub);
        for (const auto& shard : shard_paths) {
            servers.push_back(std::make_unique<TcpServer>(shard, accord::testing::free_port()));
            ASSERT_TRUE(servers.back()->ready());
            out << "remote 127.0.0.1:" << servers.back()->port() << "\n";
        }
    }
    Searcher searcher({stub.string()}, gazetteer());
    SearchRequest request;
    request.query = "security guarantees";
    const json before = comparable(searcher, request);
    EXPECT_FALSE(searcher.refresh()) << "nothing changed yet";

    // The shards move (here: to local paths); the operator renames a new stub into place.
    const fs::path next = dir_->path() / "moving.stub.new";
    {
        std::ofstream out(next);
        for (const auto& shard : shard_paths) {
            out << "auto " << shard.string() << "\n";
        }
    }
    fs::rename(next, stub);
    EXPECT_TRUE(searcher.refresh());
    servers.clear();  // the old servers go away: the searcher no longer needs them
    expect_same(before, comparable(searcher, request), "after the move");
}

TEST(RemoteShardFailure, DownShardFailsFastWithAClearError) {
    accord::search::SearchOptions options;
    options.remote_connect_timeout_ms = 500;
    options.remote_timeout_ms = 500;
    const std::string nobody = "remote:127.0.0.1:" + std::to_string(accord::testing::free_port());
    const auto started = std::chrono::steady_clock::now();
    try {
        Searcher searcher({nobody}, gazetteer(), options);
        ADD_FAILURE() << "opened a shard nobody serves";
    } catch (const accord::search::DatabaseUnavailable& error) {
        EXPECT_NE(std::string(error.what()).find("127.0.0.1"), std::string::npos) << error.what();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(RemoteShardFailure, SilentShardTimesOutInsteadOfHanging) {
    // A listening socket that never answers Xapian's greeting (a hung machine, a firewall that
    // accepts and drops): the open gives up after the configured timeouts.
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(listener, 8), 0);
    socklen_t length = sizeof address;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);

    accord::search::SearchOptions options;
    options.remote_connect_timeout_ms = 500;
    options.remote_timeout_ms = 500;
    const auto started = std::chrono::steady_clock::now();
    EXPECT_THROW(Searcher({"remote:127.0.0.1:" + std::to_string(ntohs(address.sin_port))},
                          gazetteer(), options),
                 accord::search::DatabaseUnavailable);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
    ::close(listener);
}

}  // namespace
