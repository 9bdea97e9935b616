#pragma once
/// @file facets.hpp
/// Exact, disjunctive facet counting from facet values held in memory.
///
/// Counting by reading value slots costs 0.2–0.5 µs per matching document (measured in the
/// architecture notes); at 100,000 matches that alone breaks the latency budget. FacetIndex
/// instead loads every document record's facet values once per database generation into
/// compact arrays (ordinals in CSR form, like Lucene's doc values), and FacetSpy counts a
/// match with a few array reads. One pass over the matches yields the total and every
/// facet's counts computed without that facet's own filter ("disjunctive" counts), because
/// the spy evaluates the facet filters itself instead of leaving them to Xapian.

#include <xapian.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "accord/schema/facet_families.hpp"

namespace accord::search {

/// The facet families a search can filter and count by (the schema's table). Dates count by
/// month.
using schema::FacetFamily;
using schema::kFacetFamilies;

/// In-memory facet values of every document record of one database generation.
/// Immutable after load(); share between threads.
class FacetIndex {
public:
    /// Reads the facet value slots of @p db (value streams, in docid order).
    [[nodiscard]] static std::shared_ptr<const FacetIndex> load(const Xapian::Database& db);

    /// Distinct values of a family, by ordinal.
    [[nodiscard]] const std::vector<std::string>& values(FacetFamily family) const {
        return columns_[static_cast<std::size_t>(family)].dictionary;
    }
    [[nodiscard]] std::optional<std::uint32_t> ordinal(FacetFamily family,
                                                       const std::string& id) const;
    [[nodiscard]] bool is_document(Xapian::docid did) const {
        return did < is_document_.size() && is_document_[did] != 0;
    }
    /// The highest docid this index describes (0 when empty).
    [[nodiscard]] Xapian::docid last_docid() const {
        return is_document_.empty() ? 0 : static_cast<Xapian::docid>(is_document_.size() - 1);
    }
    [[nodiscard]] std::span<const std::uint32_t> of(FacetFamily family, Xapian::docid did) const;
    /// YYYYMMDD, or 0 when undated.
    [[nodiscard]] std::uint32_t date(Xapian::docid did) const {
        return did < dates_.size() ? dates_[did] : 0;
    }
    /// Documents that have @p ordinal in @p family (over the whole index).
    [[nodiscard]] std::uint32_t document_count(FacetFamily family, std::uint32_t ordinal) const {
        const auto& totals = columns_[static_cast<std::size_t>(family)].totals;
        return ordinal < totals.size() ? totals[ordinal] : 0;
    }
    /// Documents per ordinal of @p family (over the whole index).
    [[nodiscard]] const std::vector<std::uint32_t>& totals(FacetFamily family) const {
        return columns_[static_cast<std::size_t>(family)].totals;
    }
    /// Document records in the index.
    [[nodiscard]] std::size_t documents() const { return documents_; }
    /// Dated document records per month (YYYYMM).
    [[nodiscard]] const std::unordered_map<std::uint32_t, std::uint32_t>& months() const {
        return months_;
    }
    /// Approximate memory held, in bytes.
    [[nodiscard]] std::size_t memory_bytes() const;

private:
    struct Column {
        std::vector<std::uint32_t> offsets;  // by docid: start of its values; size last+2
        std::vector<std::uint32_t> ordinals;
        std::vector<std::string> dictionary;
        std::unordered_map<std::string, std::uint32_t> lookup;
        std::vector<std::uint32_t> totals;  // documents per ordinal
    };
    std::array<Column, kFacetFamilies> columns_;
    std::vector<std::uint8_t> is_document_;
    std::vector<std::uint32_t> dates_;
    std::size_t documents_ = 0;
    std::unordered_map<std::uint32_t, std::uint32_t> months_;
};

/// Shares FacetIndexes between the searchers of a process (one per thread): per database
/// path, the first searcher to see a new state loads it; the others wait and reuse it.
class FacetIndexCache {
public:
    /// The FacetIndex of @p db (opened from @p path), whose state is @p state_key.
    [[nodiscard]] std::shared_ptr<const FacetIndex> get(const std::string& path,
                                                        const Xapian::Database& db,
                                                        const std::string& state_key);

private:
    std::mutex mutex_;
    std::map<std::string, std::pair<std::string, std::shared_ptr<const FacetIndex>>> entries_;
};

/// The active filters of a search, as the spy evaluates them.
struct FacetFilters {
    /// Per family: allowed ordinals (empty vector = no filter on this family). An allowed set
    /// that names no known value matches nothing.
    std::array<std::optional<std::vector<bool>>, kFacetFamilies> allowed;
    std::optional<std::pair<std::uint32_t, std::uint32_t>> dates;  ///< inclusive YYYYMMDD
};

/// What one counting pass found.
struct FacetCounts {
    std::size_t total = 0;  ///< documents passing every filter
    std::size_t seen = 0;   ///< documents the pass looked at
    std::array<std::vector<std::uint32_t>, kFacetFamilies> by_ordinal;
    std::unordered_map<std::uint32_t, std::uint32_t> by_month;  ///< YYYYMM → count
};

/// Counts matches into FacetCounts: the total over documents passing all filters, and for
/// each family, counts over documents passing every filter but that family's own.
class FacetSpy : public Xapian::MatchSpy {
public:
    FacetSpy(const FacetIndex& index, const FacetFilters& filters, FacetCounts& counts);
    void operator()(const Xapian::Document& doc, double weight) override;
    /// Counts document @p did (passages and unknown docids are ignored).
    void count(Xapian::docid did);
    [[nodiscard]] std::string name() const override { return "Accord::FacetSpy"; }

private:
    void count_family(std::size_t family, Xapian::docid did);
    void count_month(Xapian::docid did);

    const FacetIndex& index_;
    const FacetFilters& filters_;
    FacetCounts& counts_;
    std::vector<std::size_t> active_;
};

/// Counts every document record of @p index as FacetSpy counts a match-all query's matches,
/// with no Xapian pass: browsing by facets reads only the in-memory arrays, so its total and
/// counts are exact at any size instead of estimated past the exact limit (with filters, about
/// 40 ms per million documents; without, the index's totals, no per-document work).
[[nodiscard]] FacetCounts count_every_document(const FacetIndex& index,
                                               const FacetFilters& filters);

}  // namespace accord::search
