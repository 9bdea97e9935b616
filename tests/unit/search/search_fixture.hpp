#pragma once
// A database built once from tests/fixtures/search/corpus.jsonl, shared by the search tests.

#include <xapian.h>

#include <memory>

#include "accord/index/indexer.hpp"
#include "accord/search/searcher.hpp"

#include "test_support.hpp"

namespace accord::testing {

inline std::shared_ptr<const analyzers::Gazetteer> test_gazetteer() {
    static const auto loaded = std::make_shared<const analyzers::Gazetteer>(
        analyzers::Gazetteer::load(source_dir() / "data" / "gazetteer"));
    return loaded;
}

/// Indexes @p inputs into a new database under @p dir; returns its path.
inline std::string build_database(const TempDir& dir, const std::vector<std::string>& inputs,
                                  const std::string& name = "db") {
    index::IndexOptions options;
    options.database = dir.path() / name;
    options.gazetteer = source_dir() / "data" / "gazetteer";
    options.jobs = 2;
    index::Indexer(options).index(inputs);
    return options.database.string();
}

class SearchCorpus : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        path_ = new std::string(build_database(*dir_, {fixture("search/corpus.jsonl").string()}));
    }
    static void TearDownTestSuite() {
        delete path_;
        delete dir_;
        path_ = nullptr;
        dir_ = nullptr;
    }

    search::Searcher& searcher() {
        if (!searcher_) {
            searcher_ = std::make_unique<search::Searcher>(std::vector<std::string>{*path_},
                                                           test_gazetteer(), options_);
        }
        return *searcher_;
    }

    search::SearchResult find(const std::string& query, std::size_t limit = 100) {
        search::SearchRequest request;
        request.query = query;
        request.limit = limit;
        return searcher().search(request);
    }

    static std::vector<std::string> ids(const search::SearchResult& result) {
        std::vector<std::string> out;
        for (const auto& hit : result.hits) {
            out.push_back(hit.id);
        }
        return out;
    }

    static bool has_id(const search::SearchResult& result, const std::string& id) {
        const auto all = ids(result);
        return std::find(all.begin(), all.end(), id) != all.end();
    }

    static const std::string& database() { return *path_; }

    search::SearchOptions options_;
    std::unique_ptr<search::Searcher> searcher_;
    static inline TempDir* dir_ = nullptr;
    static inline std::string* path_ = nullptr;
};

}  // namespace accord::testing
