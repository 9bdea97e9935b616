#pragma once
/// @file options.hpp
/// What a Searcher can be told: limits, ranking, feedback, relaxation, remote-shard timeouts.
/// accord-search and accord-searchd fill one from their flags (ServerConfig holds one).

#include <xapian.h>

#include <cstddef>

#include "accord/search/query_parser.hpp"

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

}  // namespace accord::search
