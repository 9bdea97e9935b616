#include "accord/server/metrics.hpp"

#include <sstream>

namespace accord::server {

void Metrics::record(const std::string& route, unsigned status, double seconds, std::size_t bytes) {
    std::lock_guard lock(mutex_);
    ++requests_[{route, status}];
    Histogram& histogram = latency_[route];
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) {
            ++histogram.buckets[i];
        }
    }
    ++histogram.count;
    histogram.sum += seconds;
    response_bytes_ += bytes;
}

std::string Metrics::render(std::uint64_t documents, std::uint64_t generation,
                            std::size_t open_connections) const {
    std::ostringstream out;
    std::lock_guard lock(mutex_);
    out << "# HELP accord_http_requests_total HTTP requests answered, by route and status.\n"
        << "# TYPE accord_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        out << "accord_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second
            << "\"} " << count << "\n";
    }
    out << "# HELP accord_http_request_duration_seconds Time to answer a request, by route.\n"
        << "# TYPE accord_http_request_duration_seconds histogram\n";
    for (const auto& [route, histogram] : latency_) {
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            out << "accord_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
                << kBuckets[i] << "\"} " << histogram.buckets[i] << "\n";
        }
        out << "accord_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
            << histogram.count << "\n"
            << "accord_http_request_duration_seconds_sum{route=\"" << route << "\"} "
            << histogram.sum << "\n"
            << "accord_http_request_duration_seconds_count{route=\"" << route << "\"} "
            << histogram.count << "\n";
    }
    out << "# HELP accord_http_response_bytes_total Bytes of response bodies sent.\n"
        << "# TYPE accord_http_response_bytes_total counter\n"
        << "accord_http_response_bytes_total " << response_bytes_ << "\n"
        << "# HELP accord_index_documents Documents in the searched index.\n"
        << "# TYPE accord_index_documents gauge\n"
        << "accord_index_documents " << documents << "\n"
        << "# HELP accord_index_generation Revision of the searched index (sum over shards).\n"
        << "# TYPE accord_index_generation gauge\n"
        << "accord_index_generation " << generation << "\n"
        << "# HELP accord_open_connections Client connections open now.\n"
        << "# TYPE accord_open_connections gauge\n"
        << "accord_open_connections " << open_connections << "\n";
    return out.str();
}

}  // namespace accord::server
