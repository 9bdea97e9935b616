#pragma once
/// @file searcher_pool.hpp
/// One Searcher (one set of Xapian handles) per worker thread, lent out per request.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "accord/search/searcher.hpp"

namespace accord::server {

/// A fixed set of Searchers. acquire() lends one for the length of a request and, at most every
/// refresh interval, lets it pick up new commits or a swapped generation first.
///
/// Answers never go back in time: once a request has been answered from some state of the
/// index, every request that starts later is answered from that state or a newer one, whichever
/// Searcher it gets. The pool numbers the states its Searchers have moved to (an epoch, bumped
/// by each refresh that changed something); a Searcher that has not caught up with the newest
/// epoch refreshes before it is lent, whatever its interval says.
class SearcherPool {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    /// @p clock is for tests, which step time instead of sleeping.
    SearcherPool(const std::vector<std::string>& databases,
                 std::shared_ptr<const analyzers::Gazetteer> gazetteer,
                 search::SearchOptions options, std::size_t size,
                 std::chrono::milliseconds refresh_interval,
                 Clock clock = &std::chrono::steady_clock::now);

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

    /// Waits for a free Searcher, brought up to the newest state any Searcher has answered
    /// from. Throws search::DatabaseUnavailable when it cannot be (rather than answer from an
    /// older state than an earlier answer did).
    [[nodiscard]] Lease acquire();

    [[nodiscard]] const analyzers::Gazetteer& gazetteer() const { return *gazetteer_; }

private:
    struct Slot {
        std::unique_ptr<search::Searcher> searcher;
        std::chrono::steady_clock::time_point refreshed;
        std::uint64_t epoch = 0;  ///< the pool's epoch this Searcher has caught up with
    };
    void refresh(Slot& slot, std::size_t index, std::uint64_t newest);
    void release(std::size_t index);

    std::shared_ptr<const analyzers::Gazetteer> gazetteer_;
    std::vector<Slot> slots_;
    std::vector<std::size_t> free_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::chrono::milliseconds refresh_interval_;
    Clock clock_;
    std::atomic<std::uint64_t> epoch_{0};
};

}  // namespace accord::server
