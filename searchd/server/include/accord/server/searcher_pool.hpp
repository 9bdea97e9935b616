#pragma once
/// @file searcher_pool.hpp
/// One Searcher (one set of Xapian handles) per worker thread, lent out per request.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "accord/search/searcher.hpp"

namespace accord::server {

/// A fixed set of Searchers. acquire() lends one for the length of a request and, at most every
/// refresh interval, lets it pick up new commits or a swapped generation first.
class SearcherPool {
public:
    SearcherPool(const std::vector<std::string>& databases,
                 std::shared_ptr<const analyzers::Gazetteer> gazetteer,
                 search::SearchOptions options, std::size_t size,
                 std::chrono::milliseconds refresh_interval);

    class Lease {
    public:
        Lease(SearcherPool& pool, std::size_t index) : pool_(&pool), index_(index) {}
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease(Lease&& other) noexcept : pool_(other.pool_), index_(other.index_) {
            other.pool_ = nullptr;
        }
        Lease& operator=(Lease&&) = delete;
        search::Searcher& operator*() const { return *pool_->slots_[index_].searcher; }
        search::Searcher* operator->() const { return pool_->slots_[index_].searcher.get(); }

    private:
        SearcherPool* pool_;
        std::size_t index_;
    };

    /// Waits for a free Searcher.
    [[nodiscard]] Lease acquire();

    [[nodiscard]] const analyzers::Gazetteer& gazetteer() const { return *gazetteer_; }

private:
    struct Slot {
        std::unique_ptr<search::Searcher> searcher;
        std::chrono::steady_clock::time_point refreshed;
    };
    void release(std::size_t index);

    std::shared_ptr<const analyzers::Gazetteer> gazetteer_;
    std::vector<Slot> slots_;
    std::vector<std::size_t> free_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::chrono::milliseconds refresh_interval_;
};

}  // namespace accord::server
