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
#include "accord/search/query_parser.hpp"
#include "accord/search/request.hpp"

namespace accord::search {

/// How a matching document's words are weighed.
enum class Weighting {
    kBm25,   ///< Okapi BM25 (Xapian::BM25Weight: k1, k2, k3, b, min_normlen)
    kIneB2,  ///< divergence from randomness, inverse expected document frequency, Bernoulli
             ///< after-effect, normalisation 2 (Xapian::IneB2Weight: c)
};

/// Ranking parameters; the defaults are what the relevance benchmark's leave-one-collection-out
/// tuning chose (docs/benchmarks.md, "Tuning").
struct RankingOptions {
    Weighting weighting = Weighting::kIneB2;
    double k1 = 2.0;
    double k2 = 0.0;
    double k3 = 1.0;
    double b = 0.75;
    double min_normlen = 0.5;
    double c = 1.0;  ///< IneB2: how strongly document length is normalised
    /// Weight of neighbouring query words found next to each other as typed, and found within
    /// the proximity window in any order, relative to the words' own weight (0: off).
    double ordered_pair_weight = 0.0;
    double unordered_pair_weight = 0.0;
};

struct SearchOptions {
    std::size_t exact_limit = 100'000;  ///< totals and facet counts are exact up to this many
    std::size_t max_limit = 100;        ///< largest page
    std::size_t max_offset = 10'000;    ///< deepest page start
    std::size_t facet_values = 200;     ///< values returned per facet (selected ones always)
    std::size_t snippet_bytes = 240;
    std::size_t snippets_per_hit = 3;  ///< a long text's best passages (Hit::snippets)
    /// When fewer documents than this have every word of a short query, any word will do
    /// (the answer says "relaxed"). 0: never.
    std::size_t relax_below = 20;
    /// Pseudo-relevance feedback for long (natural-language) queries: terms of the top
    /// feedback_documents re-rank the matches (never widen them). 0 documents: off.
    Xapian::doccount feedback_documents = 5;
    Xapian::termcount feedback_terms = 30;
    double feedback_weight = 0.25;
    /// Feedback re-ranks this many of the best records. Its terms cost time on every record
    /// they are weighed on (about 0.15 ms per term over 3,000 speeches); re-ranking the best
    /// records only bounds that, and the records past them keep the query's own order (below
    /// every re-ranked one: feedback only adds weight).
    Xapian::doccount feedback_depth = 200;
    /// Remote shards (remote:HOST:PORT): time to connect, and to answer one request, in ms.
    unsigned remote_connect_timeout_ms = 2'000;
    unsigned remote_timeout_ms = 10'000;
    RankingOptions ranking;
    QueryParserOptions parser;
};

/// Searches a fixed list of databases. One per thread: it owns Xapian handles and analyzers.
class Searcher {
public:
    /// @p databases: paths of Accord databases (directories or stub files); searched as one.
    /// Throws DatabaseUnavailable when one cannot be opened.
    Searcher(std::vector<std::string> databases,
             std::shared_ptr<const analyzers::Gazetteer> gazetteer, SearchOptions options = {},
             std::shared_ptr<FacetIndexCache> facet_cache = nullptr);

    /// Runs a search. Throws InvalidRequest for bad queries or parameters.
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

    /// Sum of the shards' revisions (for /metrics).
    [[nodiscard]] std::uint64_t generation();

    [[nodiscard]] const SearchOptions& options() const { return options_; }
    [[nodiscard]] const analyzers::Gazetteer& gazetteer() const { return *gazetteer_; }
    analyzers::Analyzer& analyzer() { return analyzer_; }

private:
    void open();
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
