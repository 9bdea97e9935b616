#pragma once
// Counting a search's matches: the total and every facet family's counts, exact up to the
// exact limit, each family counted without its own filter (disjunctive), summed over shards.
// Ranking is elsewhere (ranker.hpp); Searcher::run asks this for counts and for the facets of
// its answer.

#include <xapian.h>

#include <array>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "accord/analyzers/gazetteer.hpp"
#include "accord/search/facets.hpp"
#include "accord/search/request.hpp"
#include "accord/search/searcher.hpp"

namespace accord::search::detail {

/// A search's filters, as the counter applies them: ids per family (types and languages
/// normalised), and the date range as "YYYYMMDD" bounds (empty: open).
struct FacetSelection {
    std::array<std::vector<std::string>, kFacetFamilies> ids;
    std::string from;
    std::string to;

    /// The OR of @p family's selected values; nullopt when none is selected.
    [[nodiscard]] std::optional<Xapian::Query> family_filter(std::size_t family) const;
    /// The date range over the date slot; nullopt when both bounds are open.
    [[nodiscard]] std::optional<Xapian::Query> date_filter() const;
};

/// Counts summed over shards, by value id (ordinals differ between shards).
struct FacetTotals {
    double total = 0;
    bool total_exact = true;  ///< the total is a count, not Xapian's estimate
    bool exact = true;        ///< the total and every facet count are counts
    std::array<std::map<std::string, double>, kFacetFamilies> by_id;
    std::map<std::uint32_t, double> by_month;
};

/// One shard to count: its database, and its FacetIndex (null for a remote shard, which runs
/// only Xapian's own match spies).
struct CountedShard {
    const Xapian::Database* db = nullptr;
    const FacetIndex* facets = nullptr;
};

class FacetCounter {
public:
    FacetCounter(std::vector<CountedShard> shards, const SearchOptions& options,
                 const analyzers::Gazetteer& gazetteer);

    /// Counts the document records matching @p query under @p selection.
    [[nodiscard]] FacetTotals count(const Xapian::Query& query,
                                    const FacetSelection& selection) const;

    /// The facets of an answer from @p counts: values by count, labelled, the selected ones
    /// always listed; years and months.
    void fill(const SearchRequest& request, const FacetTotals& counts, SearchResult& result) const;

private:
    /// One counting pass of a local shard: what its FacetSpy saw, and how to scale it.
    struct SpyPass {
        FacetCounts counts;
        bool exact = true;   ///< Xapian saw every match (the exact limit was not reached)
        double scale = 1.0;  ///< from what the spy saw to Xapian's estimate, when not exact
    };
    /// Runs @p enquire (query and weighting set) up to the exact limit with a FacetSpy.
    [[nodiscard]] SpyPass spy_pass(Xapian::Enquire& enquire, const FacetIndex& index,
                                   const FacetFilters& filters) const;
    /// Adds @p pass to @p merged: its total when @p total, the counts of @p families, and the
    /// months when @p months.
    static void add_pass(const FacetIndex& index, const SpyPass& pass, bool total,
                         std::span<const std::size_t> families, bool months, FacetTotals& merged);
    /// Counts one shard with the filters in the query: one pass with every filter (the total,
    /// the unfiltered families), one per filtered family with every filter but its own. With
    /// @p index (a local shard) each pass counts with a FacetSpy; without (a remote shard:
    /// xapian-tcpsrv runs only Xapian's own spies) with ValueCountMatchSpy on the value slots.
    void count_by_passes(const Xapian::Database& db, const FacetIndex* index,
                         const Xapian::Query& documents, const FacetSelection& selection,
                         FacetTotals& merged) const;

    std::vector<CountedShard> shards_;
    const SearchOptions& options_;
    const analyzers::Gazetteer& gazetteer_;
};

}  // namespace accord::search::detail
