#pragma once
/// @file searcher.hpp
/// Ranked, faceted search over one or more Accord databases (shards) as one.

#include <xapian.h>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accord/analyzers/analyzer.hpp"
#include "accord/schema/terms.hpp"
#include "accord/search/facets.hpp"
#include "accord/search/highlighter.hpp"
#include "accord/search/options.hpp"
#include "accord/search/query_parser.hpp"
#include "accord/search/request.hpp"

namespace accord::search {

/// Searches a fixed list of databases. One per thread: it owns Xapian handles and analyzers.
class Searcher {
public:
    /// @p databases: paths of Accord databases (directories or stub files); searched as one.
    /// Throws DatabaseUnavailable when one cannot be opened.
    Searcher(std::vector<std::string> databases,
             std::shared_ptr<const analyzers::Gazetteer> gazetteer, SearchOptions options = {},
             std::shared_ptr<FacetIndexCache> facet_cache = nullptr);

    /// Runs a search. Throws InvalidRequest for bad queries or parameters (DocumentNotFound for
    /// "more like" an unknown id), DatabaseUnavailable when the index cannot be read.
    [[nodiscard]] SearchResult search(const SearchRequest& request);

    /// The document with this id, or nullopt.
    [[nodiscard]] std::optional<DocumentView> document(const std::string& id);

    /// Picks up new commits and swapped generations; true when what it searches changed.
    bool refresh();

    /// Documents that mention facet value @p id of @p family (nullopt when unknown here).
    [[nodiscard]] std::size_t documents_with(FacetFamily family, const std::string& id);

    /// Documents (not passages) searched.
    [[nodiscard]] std::size_t document_count();

    /// Identifies the state searched: changes with every commit and every rebuild.
    [[nodiscard]] std::string state_key();

    /// Sum of the shards' revisions (for /metrics); remote shards count 0 (they cannot tell).
    [[nodiscard]] std::uint64_t generation();

    [[nodiscard]] const SearchOptions& options() const { return options_; }
    [[nodiscard]] const analyzers::Gazetteer& gazetteer() const { return *gazetteer_; }
    analyzers::Analyzer& analyzer() { return analyzer_; }

private:
    void open();
    bool reopen();
    void load_facets();
    [[nodiscard]] std::string stub_signature() const;
    SearchResult run(const SearchRequest& request);
    void validate(const SearchRequest& request) const;
    [[nodiscard]] Xapian::Query more_like_query(const std::string& id);
    /// @p query with more weight where neighbouring query words stand close (never more
    /// matches).
    [[nodiscard]] Hit make_hit(Xapian::docid docid, double weight, const Xapian::Document& document,
                               const ParsedQuery& parsed, bool snippets);
    [[nodiscard]] std::optional<std::string> suggest(const ParsedQuery& parsed,
                                                     const std::string& query);

    std::vector<std::string> paths_;
    std::shared_ptr<const analyzers::Gazetteer> gazetteer_;
    SearchOptions options_;
    analyzers::Analyzer analyzer_;
    schema::TermMaker terms_;
    QueryParser parser_;
    Highlighter highlighter_;
    /// One database of the list. Xapian hands match spies the docid within the shard, so
    /// facets are counted shard by shard, each with its own FacetIndex.
    struct Shard {
        std::string path;
        Xapian::Database db;
        std::shared_ptr<const FacetIndex> facets;  // null for remote shards
        std::string facets_key;
    };

    Xapian::Database db_;  // every shard combined: ranking uses collection-wide statistics
    std::vector<Shard> shards_;
    std::shared_ptr<FacetIndexCache> facet_cache_;
    std::string signature_;
    bool lost_connection_ = false;  ///< a remote shard failed: refresh() connects again
};

}  // namespace accord::search
