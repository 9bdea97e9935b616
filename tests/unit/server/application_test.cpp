// Application::handle driven directly (no sockets): every endpoint of the contract, the error
// shapes and statuses, and the headers. One small database, built once from data/sample/.
#include "accord/server/application.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include "accord/index/indexer.hpp"

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using accord::server::Application;
using accord::server::Request;
using accord::server::Response;
using accord::server::ServerConfig;
using accord::server::http::field;
using accord::server::http::status;
using accord::server::http::verb;
using accord::testing::TempDir;
using nlohmann::json;

const std::string kPage = "<!doctype html><title>Accord</title>\n";

class ApplicationTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        spdlog::set_level(spdlog::level::warn);  // no access log lines in the test output
        dir_ = std::make_unique<TempDir>();
        accord::index::IndexOptions options;
        options.database = dir_->path() / "index";
        options.jobs = 2;
        const auto summary = accord::index::Indexer(options).index(
            {(accord::testing::source_dir() / "data" / "sample").string()});
        ASSERT_EQ(summary.failed, 0U);
        documents_ = summary.documents;
        ASSERT_GT(documents_, 10U);
        dir_->write("web/index.html", kPage);
        dir_->write("web/app.js", "console.log('accord');\n");
        app_ = std::make_unique<Application>(config());
    }
    static void TearDownTestSuite() {
        app_.reset();
        dir_.reset();
    }

    static ServerConfig config() {
        ServerConfig config;
        config.databases = {(dir_->path() / "index").string()};
        config.web_root = dir_->path() / "web";
        config.threads = 1;
        return config;
    }

    static Response call(verb method, const std::string& target, const std::string& body = {},
                         Application* app = nullptr) {
        Request request{method, target, 11};
        request.keep_alive(true);
        if (!body.empty()) {
            request.body() = body;
            request.set(field::content_type, "text/plain; charset=utf-8");
            request.prepare_payload();
        }
        return (app != nullptr ? app : app_.get())->handle(request, "test");
    }
    static Response get(const std::string& target) { return call(verb::get, target); }

    static json body_of(const Response& response) {
        EXPECT_EQ(response[field::content_type], "application/json; charset=utf-8");
        return json::parse(response.body());
    }

    static json search(const std::string& query_string) {
        const Response response = get("/api/search?" + query_string);
        EXPECT_EQ(response.result(), status::ok) << query_string << "\n" << response.body();
        return body_of(response);
    }

    // The facet count of @p id in @p family, 0 when absent.
    static std::size_t facet_count(const json& result, const std::string& family,
                                   const std::string& id) {
        for (const auto& value : result["facets"][family]) {
            if (value["id"] == id) {
                return value["count"].get<std::size_t>();
            }
        }
        return 0;
    }

    static void expect_error(const Response& response, status expected,
                             const std::string& code = {}) {
        EXPECT_EQ(response.result(), expected) << response.body();
        const json body = json::parse(response.body(), nullptr, false);
        ASSERT_TRUE(body.is_object()) << response.body();
        ASSERT_TRUE(body.contains("error")) << response.body();
        ASSERT_EQ(body.size(), 1U) << response.body();
        const json& error = body["error"];
        ASSERT_TRUE(error["code"].is_string()) << response.body();
        ASSERT_TRUE(error["message"].is_string()) << response.body();
        EXPECT_FALSE(error["message"].get<std::string>().empty());
        if (!code.empty()) {
            EXPECT_EQ(error["code"], code) << response.body();
        }
        EXPECT_EQ(response[field::content_type], "application/json; charset=utf-8");
    }

    static inline std::unique_ptr<TempDir> dir_;
    static inline std::unique_ptr<Application> app_;
    static inline std::size_t documents_ = 0;
};

// --- /api/search ---------------------------------------------------------------------------

TEST_F(ApplicationTest, SearchAnswersTheContractShape) {
    const json result = search("q=security+guarantees");
    for (const char* key : {"query", "total", "total_exact", "offset", "limit", "took_ms", "hits",
                            "facets", "suggestion"}) {
        EXPECT_TRUE(result.contains(key)) << key;
    }
    EXPECT_EQ(result["query"], "security guarantees");
    EXPECT_TRUE(result["total"].is_number_unsigned());
    EXPECT_GT(result["total"].get<std::size_t>(), 0U);
    EXPECT_EQ(result["total_exact"], true);
    EXPECT_EQ(result["offset"], 0);
    EXPECT_EQ(result["limit"], 10);
    EXPECT_TRUE(result["took_ms"].is_number());
    EXPECT_GE(result["took_ms"].get<double>(), 0.0);
    EXPECT_TRUE(result["suggestion"].is_null() || result["suggestion"].is_string());
    ASSERT_TRUE(result["hits"].is_array());
    ASSERT_FALSE(result["hits"].empty());
    EXPECT_LE(result["hits"].size(), 10U);
    bool marked = false;
    for (const json& hit : result["hits"]) {
        for (const char* key : {"id", "title", "date", "type", "source", "url", "score", "snippet",
                                "section", "entities"}) {
            EXPECT_TRUE(hit.contains(key)) << key << " in " << hit.dump();
        }
        EXPECT_TRUE(hit["id"].is_string());
        EXPECT_FALSE(hit["id"].get<std::string>().empty());
        EXPECT_TRUE(hit["title"].is_string());
        EXPECT_TRUE(hit["score"].is_number());
        EXPECT_TRUE(hit["date"].is_null() || hit["date"].get<std::string>().size() == 10);
        EXPECT_TRUE(hit["section"].is_null() || hit["section"].is_string());
        ASSERT_TRUE(hit["snippet"].is_string());
        const std::string snippet = hit["snippet"];
        marked = marked || snippet.find("<mark>") != std::string::npos;
        // The only markup in a snippet is <mark>…</mark>.
        std::string rest = snippet;
        for (const char* tag : {"<mark>", "</mark>"}) {
            for (auto at = rest.find(tag); at != std::string::npos; at = rest.find(tag)) {
                rest.erase(at, std::string(tag).size());
            }
        }
        EXPECT_EQ(rest.find('<'), std::string::npos) << snippet;
        EXPECT_EQ(rest.find('>'), std::string::npos) << snippet;
        ASSERT_TRUE(hit["entities"].is_array());
        for (const json& entity : hit["entities"]) {
            EXPECT_TRUE(entity["id"].is_string());
            EXPECT_TRUE(entity["label"].is_string());
            const std::string type = entity["type"];
            EXPECT_TRUE(type == "party" || type == "region" || type == "agreement") << type;
        }
    }
    EXPECT_TRUE(marked);
    // Scores are in ranking order.
    for (std::size_t i = 1; i < result["hits"].size(); ++i) {
        EXPECT_GE(result["hits"][i - 1]["score"].get<double>(),
                  result["hits"][i]["score"].get<double>());
    }
}

TEST_F(ApplicationTest, SearchFacetsHaveEveryFamily) {
    const json result = search("q=");
    for (const char* family : {"party", "region", "agreement", "type", "year"}) {
        ASSERT_TRUE(result["facets"].contains(family)) << family;
        ASSERT_TRUE(result["facets"][family].is_array()) << family;
    }
    EXPECT_FALSE(result["facets"].contains("approximate"));
    ASSERT_FALSE(result["facets"]["party"].empty());
    for (const json& value : result["facets"]["party"]) {
        EXPECT_TRUE(value["id"].is_string());
        EXPECT_TRUE(value["label"].is_string());
        EXPECT_GT(value["count"].get<std::size_t>(), 0U);
        EXPECT_LE(value["count"].get<std::size_t>(), documents_);
    }
    std::size_t by_year = 0;
    for (const json& value : result["facets"]["year"]) {
        EXPECT_EQ(value["id"].get<std::string>().size(), 4U);
        by_year += value["count"].get<std::size_t>();
    }
    EXPECT_GT(by_year, 0U);
    EXPECT_LE(by_year, documents_);
    EXPECT_GT(facet_count(result, "party", "ua"), 0U);
    EXPECT_GT(facet_count(result, "type", "article"), 0U);
}

TEST_F(ApplicationTest, EmptyQueryBrowsesEverythingNewestFirst) {
    for (const std::string& query :
         {std::string(""), std::string("q="), std::string("q=&limit=100")}) {
        const json result = search(query);
        EXPECT_EQ(result["total"].get<std::size_t>(), documents_) << query;
        EXPECT_EQ(result["total_exact"], true);
        std::string previous = "9999-99-99";
        for (const json& hit : result["hits"]) {
            if (hit["date"].is_null()) {
                continue;
            }
            const std::string date = hit["date"];
            EXPECT_LE(date, previous) << query;
            previous = date;
        }
    }
    EXPECT_EQ(search("limit=100")["hits"].size(), std::min<std::size_t>(documents_, 100));
}

TEST_F(ApplicationTest, PartyFilterMatchesItsFacetCount) {
    const json all = search("q=");
    const std::size_t ua = facet_count(all, "party", "ua");
    const std::size_t ru = facet_count(all, "party", "ru");
    ASSERT_GT(ua, 0U);
    ASSERT_GT(ru, 0U);
    const json only_ua = search("party=ua&limit=100");
    EXPECT_EQ(only_ua["total"].get<std::size_t>(), ua);
    for (const json& hit : only_ua["hits"]) {
        const bool has_ua = std::any_of(hit["entities"].begin(), hit["entities"].end(),
                                        [](const json& e) { return e["id"] == "ua"; });
        EXPECT_TRUE(has_ua) << hit["id"];
    }
    // A facet's counts ignore its own filter: other parties stay selectable with their counts.
    EXPECT_EQ(facet_count(only_ua, "party", "ru"), ru);
    // OR within one facet, repeated or comma-separated.
    const std::size_t either = search("party=ua&party=ru")["total"];
    EXPECT_GE(either, std::max(ua, ru));
    EXPECT_LE(either, ua + ru);
    EXPECT_EQ(search("party=ua,ru")["total"].get<std::size_t>(), either);
}

TEST_F(ApplicationTest, FiltersAndAcrossFacets) {
    const json all = search("q=");
    ASSERT_FALSE(all["facets"]["agreement"].empty());
    const std::string agreement = all["facets"]["agreement"][0]["id"];
    const std::size_t with_agreement = all["facets"]["agreement"][0]["count"];
    const json only_ua = search("party=ua");
    const std::size_t ua_and_agreement = facet_count(only_ua, "agreement", agreement);
    const json both = search("party=ua&agreement=" + agreement);
    EXPECT_EQ(both["total"].get<std::size_t>(), ua_and_agreement);
    EXPECT_LE(both["total"].get<std::size_t>(), with_agreement);
    EXPECT_LE(both["total"].get<std::size_t>(), only_ua["total"].get<std::size_t>());
    // Type and language filters.
    EXPECT_EQ(search("type=article")["total"].get<std::size_t>(),
              facet_count(all, "type", "article"));
    const std::size_t english = search("lang=en")["total"];
    const std::size_t ukrainian = search("lang=uk")["total"];
    EXPECT_GT(english, 0U);
    EXPECT_GT(ukrainian, 0U);
    EXPECT_LT(english, documents_);
    // An unknown value matches nothing but is not an error.
    EXPECT_EQ(search("party=zz-none")["total"], 0);
}

TEST_F(ApplicationTest, DateRangeFilters) {
    const json result = search("from=2025-01-01&to=2025-06-30&limit=100");
    EXPECT_GT(result["total"].get<std::size_t>(), 0U);
    EXPECT_LT(result["total"].get<std::size_t>(), documents_);
    for (const json& hit : result["hits"]) {
        ASSERT_TRUE(hit["date"].is_string()) << hit["id"];
        const std::string date = hit["date"];
        EXPECT_GE(date, "2025-01-01") << hit["id"];
        EXPECT_LE(date, "2025-06-30") << hit["id"];
    }
    EXPECT_EQ(search("from=2025&to=2025")["total"].get<std::size_t>(),
              facet_count(search("q="), "year", "2025"));
}

TEST_F(ApplicationTest, SortByDateAndByRelevance) {
    const json by_date = search("q=ukraine&sort=date&limit=50");
    ASSERT_GT(by_date["hits"].size(), 2U);
    std::string previous = "9999-99-99";
    for (const json& hit : by_date["hits"]) {
        if (hit["date"].is_string()) {
            EXPECT_LE(hit["date"].get<std::string>(), previous);
            previous = hit["date"];
        }
    }
    const json by_relevance = search("sort=relevance&q=ukraine&limit=50");
    EXPECT_EQ(by_relevance["total"], by_date["total"]);
    for (std::size_t i = 1; i < by_relevance["hits"].size(); ++i) {
        EXPECT_GE(by_relevance["hits"][i - 1]["score"].get<double>(),
                  by_relevance["hits"][i]["score"].get<double>());
    }
}

TEST_F(ApplicationTest, OffsetAndLimitPage) {
    const json four = search("q=&limit=4");
    ASSERT_EQ(four["hits"].size(), 4U);
    EXPECT_EQ(four["limit"], 4);
    const json second = search("q=&offset=2&limit=2");
    EXPECT_EQ(second["offset"], 2);
    EXPECT_EQ(second["limit"], 2);
    ASSERT_EQ(second["hits"].size(), 2U);
    EXPECT_EQ(second["hits"][0]["id"], four["hits"][2]["id"]);
    EXPECT_EQ(second["hits"][1]["id"], four["hits"][3]["id"]);
    EXPECT_EQ(second["total"], four["total"]);
    const json none = search("q=&limit=0");
    EXPECT_TRUE(none["hits"].empty());
    EXPECT_EQ(none["total"].get<std::size_t>(), documents_);
    const json past = search("q=&offset=" + std::to_string(documents_ + 5));
    EXPECT_TRUE(past["hits"].empty());
    EXPECT_EQ(past["total"].get<std::size_t>(), documents_);
}

TEST_F(ApplicationTest, UnbalancedQuotesAndOperatorsAreNotErrors) {
    for (const std::string& query :
         {std::string("q=%22security+guarantees"), std::string("q=security%22"),
          std::string("q=(ukraine"), std::string("q=ukraine)"), std::string("q=AND"),
          std::string("q=-"), std::string("q=%22%22"), std::string("q=*"), std::string("q=%3A"),
          std::string("q=party%3A"), std::string("q=%2B%2B%2B"), std::string("q=ukraine+OR")}) {
        const Response response = get("/api/search?" + query);
        EXPECT_EQ(response.result(), status::ok) << query << "\n" << response.body();
    }
    // An unclosed phrase still finds what the closed one finds.
    const std::size_t open = search("q=%22security+guarantees")["total"];
    EXPECT_GT(open, 0U);
}

TEST_F(ApplicationTest, HeadNeverHasABody) {
    // Errors too: a body after a HEAD response corrupts the connection.
    struct Case {
        const char* target;
        unsigned status;
    };
    for (const Case& c :
         {Case{"/missing.txt", 404}, Case{"/api/analyze", 405}, Case{"/api/search?q=%zz", 400},
          Case{"/api/search?limit=-1", 400}, Case{"/api/nope", 404}, Case{"/api/doc/none", 404},
          Case{"/", 200}, Case{"/api/health", 200}, Case{"/metrics", 200}}) {
        const Response response = call(verb::head, c.target);
        EXPECT_EQ(response.result_int(), c.status) << c.target;
        EXPECT_TRUE(response.body().empty()) << c.target << ": " << response.body();
    }
}

TEST_F(ApplicationTest, HeadSearchHasNoBody) {
    const Response response = call(verb::head, "/api/search?q=kyiv");
    EXPECT_EQ(response.result(), status::ok);
    EXPECT_TRUE(response.body().empty());
    EXPECT_EQ(response[field::content_type], "application/json; charset=utf-8");
}

// --- search errors -------------------------------------------------------------------------

TEST_F(ApplicationTest, BadLimitAndOffsetAre400) {
    for (const char* query :
         {"limit=-1", "limit=abc", "limit=1.5", "limit=1e3", "limit=%2B5", "limit=%205", "limit=5x",
          "limit=101", "limit=100000", "limit=99999999999999999999999",
          "limit=18446744073709551617", "offset=-5", "offset=x", "offset=100000000",
          "offset=99999999999999999999999", "offset=0x10"}) {
        expect_error(get(std::string("/api/search?q=kyiv&") + query), status::bad_request);
    }
    expect_error(get("/api/search?limit=-1"), status::bad_request, "invalid_limit");
    expect_error(get("/api/search?offset=nope"), status::bad_request, "invalid_offset");
    expect_error(get("/api/search?limit=101"), status::bad_request, "limit_out_of_range");
}

TEST_F(ApplicationTest, BadSortIs400) {
    for (const char* sort : {"sort=newest", "sort=DATE", "sort=date%20", "sort=1"}) {
        expect_error(get(std::string("/api/search?q=kyiv&") + sort), status::bad_request,
                     "invalid_sort");
    }
}

TEST_F(ApplicationTest, BadDateIs400) {
    for (const char* date : {"from=yesterday", "from=2025-13-01", "to=2025-02-30x", "from=2025-00",
                             "to=20250101x", "from=2025/01/01", "to=-1",
                             // dashes where digits belong (found by fuzzing: was a 500)
                             "from=2025--1", "to=2025---", "from=----", "to=20-5-03",
                             "from=2025-1-", "to=2025-01--1", "from=-2025-01"}) {
        expect_error(get(std::string("/api/search?") + date), status::bad_request, "invalid_date");
    }
    expect_error(get("/api/search?from=2025-06-01&to=2025-01-01"), status::bad_request,
                 "invalid_date");
}

TEST_F(ApplicationTest, InvalidUtf8AndNulAre400) {
    expect_error(get("/api/search?q=%FF%FE"), status::bad_request);
    expect_error(get("/api/search?q=kyiv%C3"), status::bad_request);
    expect_error(get("/api/search?q=a%00b"), status::bad_request);
    expect_error(get("/api/search?q=%zz"), status::bad_request);
}

TEST_F(ApplicationTest, HugeQueriesAre400NotSlowOrFatal) {
    std::string words;
    for (int i = 0; i < 10'000; ++i) {
        words += (i == 0 ? "" : "+") + std::string("w") + std::to_string(i);
    }
    expect_error(get("/api/search?q=" + words), status::bad_request, "query_too_long");
    // Many short terms under the byte limit, too many terms all the same.
    std::string short_terms;
    for (int i = 0; i < 1500; ++i) {
        short_terms += (i == 0 ? "" : "+") + std::string("a");
    }
    expect_error(get("/api/search?q=" + short_terms), status::bad_request, "query_too_long");
}

TEST_F(ApplicationTest, ThousandsOfFilterValuesAre400) {
    std::string query = "/api/search?q=kyiv";
    for (int i = 0; i < 3000; ++i) {
        query += "&party=p" + std::to_string(i);
    }
    expect_error(get(query), status::bad_request, "too_many_filters");
    std::string commas = "/api/search?region=";
    for (int i = 0; i < 3000; ++i) {
        commas += "r" + std::to_string(i) + ",";
    }
    expect_error(get(commas), status::bad_request, "too_many_filters");
    // 100 values are fine.
    std::string hundred = "/api/search?party=ua";
    for (int i = 1; i < 100; ++i) {
        hundred += "&party=p" + std::to_string(i);
    }
    EXPECT_EQ(get(hundred).result(), status::ok);
}

// --- /api/doc/{id} -------------------------------------------------------------------------

TEST_F(ApplicationTest, DocumentById) {
    const json first = search("q=grain&limit=1");
    ASSERT_EQ(first["hits"].size(), 1U);
    const std::string id = first["hits"][0]["id"];
    const Response response = get("/api/doc/" + id);
    ASSERT_EQ(response.result(), status::ok) << response.body();
    const json document = body_of(response);
    for (const char* key :
         {"id", "title", "date", "source", "url", "type", "language", "body", "entities"}) {
        EXPECT_TRUE(document.contains(key)) << key;
    }
    EXPECT_EQ(document["id"], id);
    EXPECT_EQ(document["title"], first["hits"][0]["title"]);
    EXPECT_FALSE(document["body"].get<std::string>().empty());
    ASSERT_TRUE(document["entities"].is_array());
    EXPECT_FALSE(document["entities"].empty());
    for (const json& entity : document["entities"]) {
        EXPECT_TRUE(entity["id"].is_string());
        EXPECT_TRUE(entity["type"].is_string());
        EXPECT_TRUE(entity["label"].is_string());
    }
}

TEST_F(ApplicationTest, DocumentWithSlashesInItsId) {
    // Ids of files are paths relative to the indexed directory: "articles/….md".
    const json result = search("q=&limit=100");
    std::string id;
    for (const json& hit : result["hits"]) {
        if (hit["id"].get<std::string>().find('/') != std::string::npos) {
            id = hit["id"];
            break;
        }
    }
    ASSERT_FALSE(id.empty());
    EXPECT_EQ(get("/api/doc/" + id).result(), status::ok);
    std::string encoded = id;
    for (auto at = encoded.find('/'); at != std::string::npos; at = encoded.find('/', at)) {
        encoded.replace(at, 1, "%2F");
    }
    const Response response = get("/api/doc/" + encoded);
    ASSERT_EQ(response.result(), status::ok);
    EXPECT_EQ(body_of(response)["id"], id);
}

TEST_F(ApplicationTest, UnknownDocumentIs404) {
    expect_error(get("/api/doc/no-such-document"), status::not_found, "not_found");
    expect_error(get("/api/doc/"), status::not_found);
    expect_error(get("/api/search?more_like=no-such-document"), status::not_found,
                 "unknown_document");
    expect_error(get("/api/doc/..%2F..%2Fetc%2Fpasswd"), status::not_found);
}

// --- /api/analyze --------------------------------------------------------------------------

TEST_F(ApplicationTest, AnalyzeReturnsTheAnalyzeShape) {
    const std::string text = "Zelenskyy met U.S. officials in Washington to discuss NATO.";
    const Response response = call(verb::post, "/api/analyze", text);
    ASSERT_EQ(response.result(), status::ok) << response.body();
    const json analysis = body_of(response);
    EXPECT_EQ(analysis["language"], "en");
    ASSERT_TRUE(analysis["tokens"].is_array());
    EXPECT_FALSE(analysis["tokens"].empty());
    ASSERT_TRUE(analysis["entities"].is_array());
    std::set<std::string> ids;
    for (const json& entity : analysis["entities"]) {
        for (const char* key : {"id", "type", "label", "text", "start", "end"}) {
            EXPECT_TRUE(entity.contains(key)) << key;
        }
        const std::size_t start = entity["start"];
        const std::size_t end = entity["end"];
        ASSERT_LT(start, end);
        ASSERT_LE(end, text.size());
        EXPECT_EQ(text.substr(start, end - start), entity["text"].get<std::string>());
        ids.insert(entity["id"].get<std::string>());
    }
    EXPECT_TRUE(ids.count("ua")) << analysis.dump();
    EXPECT_TRUE(ids.count("us")) << analysis.dump();
    EXPECT_TRUE(ids.count("nato")) << analysis.dump();
}

TEST_F(ApplicationTest, AnalyzeEmptyBodyAndInvalidUtf8) {
    const Response empty = call(verb::post, "/api/analyze");
    ASSERT_EQ(empty.result(), status::ok) << empty.body();
    EXPECT_TRUE(body_of(empty)["entities"].empty());
    expect_error(call(verb::post, "/api/analyze", "bad \xFF\xFE bytes"), status::bad_request,
                 "invalid_utf8");
}

// --- /api/health, /metrics, /api/entities --------------------------------------------------

TEST_F(ApplicationTest, Health) {
    const Response response = get("/api/health");
    ASSERT_EQ(response.result(), status::ok);
    const json health = body_of(response);
    EXPECT_EQ(health["status"], "ok");
    EXPECT_EQ(health["documents"].get<std::size_t>(), documents_);
}

TEST_F(ApplicationTest, MetricsCountWhatWasAnswered) {
    (void)get("/api/health");
    (void)get("/api/search?q=kyiv");
    (void)get("/api/search?limit=-1");
    (void)get("/api/nope");
    const Response response = get("/metrics");
    ASSERT_EQ(response.result(), status::ok);
    EXPECT_EQ(response[field::content_type].substr(0, 10), "text/plain");
    const std::string& text = response.body();
    EXPECT_NE(text.find("# TYPE accord_http_requests_total counter"), std::string::npos);
    EXPECT_NE(text.find("accord_http_requests_total{route=\"health\",status=\"200\"}"),
              std::string::npos);
    EXPECT_NE(text.find("accord_http_requests_total{route=\"search\",status=\"200\"}"),
              std::string::npos);
    EXPECT_NE(text.find("accord_http_requests_total{route=\"search\",status=\"400\"}"),
              std::string::npos);
    EXPECT_NE(text.find("accord_http_requests_total{route=\"api\",status=\"404\"}"),
              std::string::npos);
    EXPECT_NE(
        text.find("accord_http_request_duration_seconds_bucket{route=\"search\",le=\"+Inf\"}"),
        std::string::npos);
    EXPECT_NE(text.find("accord_index_documents " + std::to_string(documents_) + "\n"),
              std::string::npos);
    // Raw paths never become labels (that would let clients grow the metrics without bound).
    EXPECT_EQ(text.find("/api/nope"), std::string::npos);
}

TEST_F(ApplicationTest, EntitiesByTypeAndPrefix) {
    const Response response = get("/api/entities?type=party&prefix=uk");
    ASSERT_EQ(response.result(), status::ok) << response.body();
    const json body = body_of(response);
    EXPECT_EQ(body["type"], "party");
    EXPECT_EQ(body["prefix"], "uk");
    ASSERT_TRUE(body["entities"].is_array());
    ASSERT_FALSE(body["entities"].empty());
    EXPECT_LE(body["entities"].size(), 10U);
    bool ukraine = false;
    std::size_t previous = SIZE_MAX;
    for (const json& entity : body["entities"]) {
        EXPECT_EQ(entity["type"], "party");
        EXPECT_TRUE(entity["label"].is_string());
        const std::size_t count = entity["count"];
        EXPECT_LE(count, previous);  // most documents first
        previous = count;
        if (entity["id"] == "ua") {
            ukraine = true;
            EXPECT_GT(count, 0U);
        }
    }
    EXPECT_TRUE(ukraine) << body.dump();
    EXPECT_EQ(body["entities"][0]["id"], "ua");

    const json regions = body_of(get("/api/entities?type=region&prefix=don&limit=3"));
    EXPECT_LE(regions["entities"].size(), 3U);
    for (const json& entity : regions["entities"]) {
        EXPECT_EQ(entity["type"], "region");
    }
    expect_error(get("/api/entities?type=person&prefix=a"), status::bad_request, "invalid_type");
    expect_error(get("/api/entities?prefix=a&limit=x"), status::bad_request);
}

// --- routing, methods, headers -------------------------------------------------------------

TEST_F(ApplicationTest, UnknownApiPathIs404Json) {
    for (const char* path :
         {"/api/nope", "/api/", "/api/search/extra", "/api/health/x", "/api/../api/health"}) {
        expect_error(get(path), status::not_found);
    }
}

TEST_F(ApplicationTest, WrongMethodIs405WithAllow) {
    struct Case {
        verb method;
        const char* target;
        const char* allow;
    };
    for (const Case& c :
         {Case{verb::post, "/api/search?q=a", "GET, HEAD"},
          Case{verb::delete_, "/api/search", "GET, HEAD"},
          Case{verb::put, "/api/doc/x", "GET, HEAD"}, Case{verb::get, "/api/analyze", "POST"},
          Case{verb::put, "/api/analyze", "POST"}, Case{verb::post, "/api/health", "GET, HEAD"},
          Case{verb::post, "/metrics", "GET, HEAD"}, Case{verb::post, "/", "GET, HEAD"},
          Case{verb::delete_, "/index.html", "GET, HEAD"},
          Case{verb::options, "/api/search", "GET, HEAD"}}) {
        const Response response = call(c.method, c.target);
        expect_error(response, status::method_not_allowed, "method_not_allowed");
        EXPECT_EQ(response[field::allow], c.allow) << c.target;
    }
}

TEST_F(ApplicationTest, ThePageAndItsSecurityHeaders) {
    const Response page = get("/");
    ASSERT_EQ(page.result(), status::ok);
    EXPECT_EQ(page.body(), kPage);
    EXPECT_EQ(page[field::content_type], "text/html; charset=utf-8");
    const std::string csp(page["Content-Security-Policy"]);
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(page["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(page["Referrer-Policy"], "no-referrer");
    EXPECT_EQ(get("/app.js").result(), status::ok);
    const Response head = call(verb::head, "/");
    EXPECT_EQ(head.result(), status::ok);
    EXPECT_TRUE(head.body().empty());
    EXPECT_EQ(head[field::content_length], std::to_string(kPage.size()));
    // Traversal through the router (which decodes first).
    for (const char* path : {"/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/%5c..%5cetc",
                             "/../index.html", "/.hidden"}) {
        EXPECT_EQ(get(path).result(), status::not_found) << path;
    }
}

TEST_F(ApplicationTest, ApiResponsesCarrySecurityHeadersAndNoCorsByDefault) {
    for (const char* target : {"/api/search?q=kyiv", "/api/health", "/api/nope", "/metrics", "/"}) {
        const Response response = get(target);
        EXPECT_EQ(response["X-Content-Type-Options"], "nosniff") << target;
        EXPECT_EQ(response["Referrer-Policy"], "no-referrer") << target;
        EXPECT_EQ(response.count(field::access_control_allow_origin), 0U) << target;
    }
    EXPECT_EQ(get("/api/search?q=kyiv")[field::cache_control], "no-store");
}

TEST_F(ApplicationTest, CorsHeaderWhenAnOriginIsConfigured) {
    ServerConfig with_cors = config();
    with_cors.cors_origin = "https://example.org";
    Application app(with_cors);
    for (const char* target :
         {"/api/search?q=kyiv", "/api/health", "/api/nope", "/api/search?limit=-1"}) {
        const Response response = call(verb::get, target, {}, &app);
        EXPECT_EQ(response[field::access_control_allow_origin], "https://example.org") << target;
        EXPECT_NE(response[field::vary].find("Origin"), std::string::npos) << target;
    }
    const Response preflight = call(verb::options, "/api/search", {}, &app);
    EXPECT_EQ(preflight.result(), status::no_content);
    EXPECT_EQ(preflight[field::access_control_allow_origin], "https://example.org");
    EXPECT_FALSE(preflight[field::access_control_allow_methods].empty());
}

TEST_F(ApplicationTest, BadTargetsAre400) {
    for (const char* target : {"*", "http://example.org/api/health", "/api/search?q=%",
                               "/api/search?q=%G0", "api/health"}) {
        expect_error(get(target), status::bad_request, "invalid_target");
    }
}

TEST_F(ApplicationTest, KeepAliveFollowsTheRequest) {
    Request close{verb::get, "/api/health", 11};
    close.keep_alive(false);
    EXPECT_FALSE(app_->handle(close).keep_alive());
    Request keep{verb::get, "/api/health", 11};
    keep.keep_alive(true);
    EXPECT_TRUE(app_->handle(keep).keep_alive());
    Request old{verb::get, "/api/health", 10};
    EXPECT_FALSE(app_->handle(old).keep_alive());
}

TEST(ApplicationConstruction, MissingDatabaseThrows) {
    TempDir dir;
    ServerConfig config;
    config.databases = {(dir.path() / "missing").string()};
    config.threads = 1;
    EXPECT_ANY_THROW(Application{config});
}

}  // namespace
