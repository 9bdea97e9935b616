#include "accord/server/searcher_pool.hpp"

#include <spdlog/spdlog.h>

namespace accord::server {

SearcherPool::SearcherPool(const std::vector<std::string>& databases,
                           std::shared_ptr<const analyzers::Gazetteer> gazetteer,
                           search::SearchOptions options, std::size_t size,
                           std::chrono::milliseconds refresh_interval)
    : gazetteer_(std::move(gazetteer)), refresh_interval_(refresh_interval) {
    auto cache = std::make_shared<search::FacetIndexCache>();
    for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
        slots_.push_back({std::make_unique<search::Searcher>(databases, gazetteer_, options, cache),
                          std::chrono::steady_clock::now()});
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
    const auto now = std::chrono::steady_clock::now();
    if (now - slot.refreshed >= refresh_interval_) {
        slot.refreshed = now;
        try {
            if (slot.searcher->refresh()) {
                spdlog::debug("searcher {} now sees generation {}", index,
                              slot.searcher->generation());
            }
        } catch (const std::exception& error) {
            // Keep serving what we have; the next request tries again.
            spdlog::warn("could not refresh the index: {}", error.what());
        }
    }
    return lease;
}

void SearcherPool::release(std::size_t index) {
    {
        std::lock_guard lock(mutex_);
        free_.push_back(index);
    }
    available_.notify_one();
}

}  // namespace accord::server
