// Metrics: the Prometheus text exposition of request counters, latency histograms and gauges.
#include "accord/server/metrics.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using accord::server::Metrics;

bool has_line(const std::string& text, const std::string& line) {
    std::istringstream in(text);
    for (std::string current; std::getline(in, current);) {
        if (current == line) {
            return true;
        }
    }
    return false;
}

TEST(Metrics, EmptyStillDeclaresEveryFamilyAndTheGauges) {
    const Metrics metrics;
    const std::string text = metrics.render(24, 3, 2);
    EXPECT_TRUE(has_line(text, "# TYPE accord_http_requests_total counter")) << text;
    EXPECT_TRUE(has_line(text, "# TYPE accord_http_request_duration_seconds histogram"));
    EXPECT_TRUE(has_line(text, "# TYPE accord_http_response_bytes_total counter"));
    EXPECT_TRUE(has_line(text, "accord_http_response_bytes_total 0"));
    EXPECT_TRUE(has_line(text, "# TYPE accord_index_documents gauge"));
    EXPECT_TRUE(has_line(text, "accord_index_documents 24"));
    EXPECT_TRUE(has_line(text, "accord_index_generation 3"));
    EXPECT_TRUE(has_line(text, "accord_open_connections 2"));
    EXPECT_EQ(text.back(), '\n');
}

TEST(Metrics, CountsRequestsByRouteAndStatus) {
    Metrics metrics;
    metrics.record("search", 200, 0.002, 100);
    metrics.record("search", 200, 0.003, 50);
    metrics.record("search", 400, 0.0001, 30);
    metrics.record("document", 404, 0.0001, 20);
    const std::string text = metrics.render(0, 0, 0);
    EXPECT_TRUE(has_line(text, "accord_http_requests_total{route=\"search\",status=\"200\"} 2"))
        << text;
    EXPECT_TRUE(has_line(text, "accord_http_requests_total{route=\"search\",status=\"400\"} 1"));
    EXPECT_TRUE(has_line(text, "accord_http_requests_total{route=\"document\",status=\"404\"} 1"));
    EXPECT_TRUE(has_line(text, "accord_http_response_bytes_total 200"));
}

TEST(Metrics, HistogramBucketsAreCumulative) {
    Metrics metrics;
    metrics.record("search", 200, 0.0003, 0);  // <= 0.0005
    metrics.record("search", 200, 0.003, 0);   // <= 0.005
    metrics.record("search", 200, 0.2, 0);     // <= 0.25
    metrics.record("search", 200, 9.0, 0);     // only +Inf
    const std::string text = metrics.render(0, 0, 0);
    const std::string bucket = "accord_http_request_duration_seconds_bucket{route=\"search\",le=\"";
    EXPECT_TRUE(has_line(text, bucket + "0.0005\"} 1")) << text;
    EXPECT_TRUE(has_line(text, bucket + "0.001\"} 1"));
    EXPECT_TRUE(has_line(text, bucket + "0.0025\"} 1"));
    EXPECT_TRUE(has_line(text, bucket + "0.005\"} 2"));
    EXPECT_TRUE(has_line(text, bucket + "0.1\"} 2"));
    EXPECT_TRUE(has_line(text, bucket + "0.25\"} 3"));
    EXPECT_TRUE(has_line(text, bucket + "2.5\"} 3"));
    EXPECT_TRUE(has_line(text, bucket + "+Inf\"} 4"));
    EXPECT_TRUE(has_line(text, "accord_http_request_duration_seconds_count{route=\"search\"} 4"));
    // The sum is 9.2033 seconds, printed in any float format Prometheus reads.
    const auto at = text.find("accord_http_request_duration_seconds_sum{route=\"search\"} ");
    ASSERT_NE(at, std::string::npos);
    const double sum = std::stod(text.substr(
        at + std::string("accord_http_request_duration_seconds_sum{route=\"search\"} ").size()));
    EXPECT_NEAR(sum, 9.2033, 1e-6);
}

TEST(Metrics, EveryBucketBoundIsListedOncePerRouteInOrder) {
    Metrics metrics;
    metrics.record("health", 200, 0.0001, 0);
    const std::string text = metrics.render(0, 0, 0);
    std::size_t position = 0;
    std::size_t buckets = 0;
    const std::string prefix = "accord_http_request_duration_seconds_bucket{route=\"health\"";
    while ((position = text.find(prefix, position)) != std::string::npos) {
        ++buckets;
        ++position;
    }
    EXPECT_EQ(buckets, Metrics::kBuckets.size() + 1);  // + the +Inf bucket
    // Bounds are printed as Prometheus floats, never in a locale or exponent-free mess.
    EXPECT_TRUE(has_line(text, prefix + ",le=\"1\"} 1")) << text;
}

TEST(Metrics, EveryLineIsACommentOrASample) {
    Metrics metrics;
    metrics.record("search", 200, 0.01, 10);
    metrics.record("static", 304, 0.001, 0);
    std::istringstream in(metrics.render(1, 1, 1));
    for (std::string line; std::getline(in, line);) {
        ASSERT_FALSE(line.empty());
        if (line.front() == '#') {
            EXPECT_TRUE(line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) << line;
            continue;
        }
        // name{labels} value  or  name value
        const auto space = line.rfind(' ');
        ASSERT_NE(space, std::string::npos) << line;
        const std::string name = line.substr(0, line.find_first_of("{ "));
        EXPECT_EQ(name.rfind("accord_", 0), 0U) << line;
        std::size_t used = 0;
        (void)std::stod(line.substr(space + 1), &used);
        EXPECT_EQ(used, line.size() - space - 1) << line;
    }
}

TEST(Metrics, RecordIsThreadSafe) {
    Metrics metrics;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&metrics] {
            for (int i = 0; i < 1000; ++i) {
                metrics.record("search", 200, 0.001, 1);
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    const std::string text = metrics.render(0, 0, 0);
    EXPECT_TRUE(has_line(text, "accord_http_requests_total{route=\"search\",status=\"200\"} 4000"));
    EXPECT_TRUE(has_line(text, "accord_http_response_bytes_total 4000"));
}

}  // namespace
