#pragma once
/// @file facet_families.hpp
/// The facet families — what a search filters and counts by — described once: the name the
/// API and the query language use, the term prefix a filter matches, the value slot counting
/// reads, and whether the ids are gazetteer entities (several per document, packed into one
/// value). The writer (record_builder), the reader (search filters, FacetIndex, FacetCounter)
/// and the benchmark's entity export all read this table.

#include <xapian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "accord/schema/schema.hpp"

namespace accord::schema {

/// The facet families, in the order of kFacetFamilyTable. Dates count by month (not here).
enum class FacetFamily : std::uint8_t { kParty, kRegion, kAgreement, kType, kLanguage };
inline constexpr std::size_t kFacetFamilies = 5;

struct FacetFamilyInfo {
    FacetFamily family;
    std::string_view name;    ///< the facet's key in answers ("party", …, "language")
    std::string_view field;   ///< the query language's field ("party:ua", "lang:uk")
    std::string_view prefix;  ///< boolean term prefix of a value
    Xapian::valueno slot;     ///< value slot of document records
    bool entity_backed;       ///< gazetteer ids, several per document, packed; long ids hashed
};

inline constexpr std::array<FacetFamilyInfo, kFacetFamilies> kFacetFamilyTable = {{
    {FacetFamily::kParty, "party", "party", kPartyPrefix, kPartiesSlot, true},
    {FacetFamily::kRegion, "region", "region", kRegionPrefix, kRegionsSlot, true},
    {FacetFamily::kAgreement, "agreement", "agreement", kAgreementPrefix, kAgreementsSlot, true},
    {FacetFamily::kType, "type", "type", kTypePrefix, kTypeSlot, false},
    {FacetFamily::kLanguage, "language", "lang", kLanguagePrefix, kLanguageSlot, false},
}};

[[nodiscard]] constexpr const FacetFamilyInfo& facet_family(FacetFamily family) {
    return kFacetFamilyTable[static_cast<std::size_t>(family)];
}
[[nodiscard]] constexpr const FacetFamilyInfo& facet_family(std::size_t family) {
    return kFacetFamilyTable[family];
}

/// The boolean term a record of @p family with value @p id carries.
[[nodiscard]] std::string facet_filter_term(FacetFamily family, std::string_view id);

// ---- Packed lists: several ids (or terms) in one value, joined by kPackedSeparator ----

/// Joins @p items (the caller's order; writers store them sorted) with kPackedSeparator.
template <typename Range>
[[nodiscard]] std::string pack(const Range& items) {
    std::string packed;
    for (const auto& item : items) {
        if (!packed.empty()) {
            packed.push_back(kPackedSeparator);
        }
        packed += item;
    }
    return packed;
}

/// Calls @p visit with each non-empty item of @p packed, in order. The views point into
/// @p packed.
template <typename Visit>
void for_each_packed(std::string_view packed, Visit&& visit) {
    std::size_t start = 0;
    while (start < packed.size()) {
        std::size_t end = packed.find(kPackedSeparator, start);
        if (end == std::string_view::npos) {
            end = packed.size();
        }
        if (end > start) {
            visit(packed.substr(start, end - start));
        }
        start = end + 1;
    }
}

/// The items of @p packed as strings.
[[nodiscard]] std::vector<std::string> unpack(std::string_view packed);

}  // namespace accord::schema
