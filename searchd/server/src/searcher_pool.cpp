#include "accord/server/searcher_pool.hpp"

#include <spdlog/spdlog.h>

namespace accord::server {

SearcherPool::SearcherPool(const std::vector<std::string>& databases,
                           std::shared_ptr<const analyzers::Gazetteer> gazetteer,
                           search::SearchOptions options, std::size_t size,
                           std::chrono::milliseconds refresh_interval, Clock clock)
    : gazetteer_(std::move(gazetteer)),
      refresh_interval_(refresh_interval),
      clock_(std::move(clock)) {
    auto cache = std::make_shared<search::FacetIndexCache>();
    for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
        slots_.push_back(
            {std::make_unique<search::Searcher>(databases, gazetteer_, options, cache), clock_()});
        free_.push_back(i);
    }
}

SearcherPool::Lease::~Lease() {
    if (pool_ != nullptr) {
        pool_->release(index_);
    }
}

SearcherPool::Lease SearcherPool::acquire() {
    std::size_t index = 0;
    {
        std::unique_lock lock(mutex_);
        available_.wait(lock, [this] { return !free_.empty(); });
        index = free_.back();
        free_.pop_back();
    }
    Lease lease(*this, index);
    Slot& slot = slots_[index];
    // Read before refreshing: whatever state was published under this epoch was on disk
    // before it was published, so a refresh that starts now sees it or a newer one.
    const std::uint64_t newest = epoch_.load(std::memory_order_acquire);
    const auto now = clock_();
    if (slot.epoch < newest) {
        // Another Searcher has answered from a newer state. Failing to catch up fails the
        // request (DatabaseUnavailable, answered database_unavailable) instead of answering
        // from the past.
        slot.refreshed = now;
        refresh(slot, index, newest);
    } else if (now - slot.refreshed >= refresh_interval_) {
        slot.refreshed = now;
        try {
            refresh(slot, index, newest);
        } catch (const std::exception& error) {
            // Nobody has seen anything newer: keep serving what we have; the next request
            // tries again.
            spdlog::warn("could not refresh the index: {}", error.what());
        }
    }
    return lease;
}

void SearcherPool::refresh(Slot& slot, std::size_t index, std::uint64_t newest) {
    if (slot.searcher->refresh()) {
        slot.epoch = epoch_.fetch_add(1, std::memory_order_acq_rel) + 1;
        spdlog::debug("searcher {} now sees generation {} (epoch {})", index,
                      slot.searcher->generation(), slot.epoch);
    } else {
        slot.epoch = newest;
    }
}

void SearcherPool::release(std::size_t index) {
    {
        std::lock_guard lock(mutex_);
        free_.push_back(index);
    }
    available_.notify_one();
}

}  // namespace accord::server
