#pragma once
// Ranking one page of a search: the weighting scheme, the proximity boost of neighbouring
// query words, and pseudo-relevance feedback, which re-ranks the best documents by terms of
// the very best ones. Counting is elsewhere (the match set is the query's; this only orders).

#include <xapian.h>

#include <string>
#include <vector>

#include "accord/search/query_parser.hpp"
#include "accord/search/searcher.hpp"

namespace accord::search::detail {

/// One ranked record: what a hit is made from.
struct Ranked {
    Xapian::docid docid = 0;  ///< in the combined database
    double weight = 0;
    std::string collapse_key;  ///< the document id
    Xapian::Document document;
};

/// A page of ranked records and Xapian's bounds on how many records the query matches.
struct RankedPage {
    std::vector<Ranked> items;
    Xapian::doccount lower = 0;
    Xapian::doccount upper = 0;
    Xapian::doccount estimated = 0;
};

/// Orders the matches of a query. Holds a reference to the searcher's combined database.
class Ranker {
public:
    /// @p shard_uuids: the combined database's shards in order (to map docids to theirs);
    /// @p local: every shard is local (a custom posting source cannot run on a remote one).
    Ranker(const Xapian::Database& db, const SearchOptions& options,
           std::vector<std::string> shard_uuids, bool local);

    /// Records [offset, offset + limit) of @p query (filters included): newest first
    /// (@p by_date) or by relevance, with feedback when @p feedback and @p parsed is an OR of
    /// words. @p check: Xapian's checkatleast.
    [[nodiscard]] RankedPage rank(const Xapian::Query& query, const ParsedQuery& parsed,
                                  bool by_date, bool feedback, Xapian::doccount offset,
                                  Xapian::doccount limit, Xapian::doccount check) const;

    /// The feedback terms of the best records of @p top, weighted (empty when none helps).
    [[nodiscard]] Xapian::Query feedback_query(const Xapian::Query& query,
                                               const Xapian::MSet& top) const;

private:
    [[nodiscard]] Xapian::Enquire enquire(const Xapian::Query& query, bool by_date) const;
    [[nodiscard]] Xapian::Query with_proximity(const Xapian::Query& query,
                                               const ParsedQuery& parsed) const;

    const Xapian::Database& db_;
    const SearchOptions& options_;
    std::vector<std::string> shard_uuids_;
    bool local_ = true;
};

}  // namespace accord::search::detail
