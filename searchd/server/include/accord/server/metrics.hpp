#pragma once
/// @file metrics.hpp
/// Prometheus metrics: requests by route and status, latency histograms by route, and the
/// index gauges.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace accord::server {

class Metrics {
public:
    /// Upper bounds of the latency buckets, in seconds.
    static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                        0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

    /// Records one answered request. @p route is the route's name, not the raw path.
    void record(const std::string& route, unsigned status, double seconds, std::size_t bytes);

    /// The Prometheus text exposition, with the given gauges appended.
    [[nodiscard]] std::string render(std::uint64_t documents, std::uint64_t generation,
                                     std::size_t open_connections) const;

private:
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;
    std::map<std::string, Histogram> latency_;
    std::uint64_t response_bytes_ = 0;
};

}  // namespace accord::server
