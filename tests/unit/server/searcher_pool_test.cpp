// SearcherPool: the answers of its Searchers never go back in time. Time is stepped by a fake
// clock, and which Searcher a request gets is known (free Searchers are lent last in, first
// out), so every step below is deterministic.
#include "accord/server/searcher_pool.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "accord/analyzers/gazetteer.hpp"
#include "accord/index/indexer.hpp"
#include "accord/search/errors.hpp"

#include "test_support.hpp"

namespace accord::server {
namespace {

using namespace std::chrono_literals;

class PoolOverALiveIndex : public ::testing::Test {
protected:
    void index(const std::string& name, const std::string& id) {
        dir_.write(name, "{\"id\": \"" + id + "\", \"title\": \"Talks in Geneva\", \"body\": " +
                             "\"Delegations met in Geneva.\"}\n");
        index::IndexOptions options;
        options.database = database();
        options.gazetteer = accord::testing::source_dir() / "data" / "gazetteer";
        options.jobs = 1;
        index::Indexer(options).index({(dir_.path() / name).string()});
    }
    [[nodiscard]] std::filesystem::path database() const { return dir_.path() / "db"; }

    SearcherPool make_pool() {
        return {{database().string()},
                std::make_shared<const analyzers::Gazetteer>(analyzers::Gazetteer::load(
                    accord::testing::source_dir() / "data" / "gazetteer")),
                search::SearchOptions{},
                2,
                100ms,
                [this] { return now_; }};
    }

    accord::testing::TempDir dir_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point now_ = start_;
};

TEST_F(PoolOverALiveIndex, NoRequestIsAnsweredFromAnOlderStateThanAnEarlierAnswer) {
    index("first.jsonl", "a");
    SearcherPool pool = make_pool();
    now_ = start_ + 150ms;
    { EXPECT_EQ(pool.acquire()->document_count(), 1U); }  // Searcher 1, refreshed at 150 ms

    index("second.jsonl", "b");
    now_ = start_ + 200ms;  // Searcher 0 is due a refresh, Searcher 1 is not
    {
        auto first = pool.acquire();   // Searcher 1
        auto second = pool.acquire();  // Searcher 0: refreshes, answers from the new state
        EXPECT_EQ(second->document_count(), 2U);
        // Lent before anything newer was answered, and not due: still the old state (this is
        // the situation the rule is about).
        EXPECT_EQ(first->document_count(), 1U);
    }
    // Searcher 1 again, still inside its interval: it must catch up all the same.
    EXPECT_EQ(pool.acquire()->document_count(), 2U);
    // And both keep to it.
    auto one = pool.acquire();
    auto other = pool.acquire();
    EXPECT_EQ(one->document_count(), 2U);
    EXPECT_EQ(other->document_count(), 2U);
}

TEST_F(PoolOverALiveIndex, ASearcherThatCannotCatchUpRefusesInsteadOfAnsweringFromThePast) {
    index("first.jsonl", "a");
    SearcherPool pool = make_pool();
    now_ = start_ + 150ms;
    { (void)pool.acquire(); }  // Searcher 1 refreshed at 150 ms
    index("second.jsonl", "b");
    now_ = start_ + 200ms;
    {
        auto first = pool.acquire();
        auto second = pool.acquire();
        EXPECT_EQ(second->document_count(), 2U);
    }
    std::filesystem::remove_all(database());
    EXPECT_THROW((void)pool.acquire(), search::DatabaseUnavailable);
}

}  // namespace
}  // namespace accord::server
