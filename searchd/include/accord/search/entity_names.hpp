#pragma once
/// @file entity_names.hpp
/// Autocomplete of facet entities by name (/api/entities): every name of every party, region
/// and agreement of the gazetteer, folded as the tokenizer folds text, so "київ", "Kyiv" and
/// "KIEV" all find Kyiv; ranked by how many documents of the index mention the entity.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "accord/analyzers/gazetteer.hpp"

namespace accord::search {

class Searcher;

struct EntitySuggestion {
    std::uint32_t entity = 0;  ///< index into the gazetteer
    std::string match;         ///< the name that matched, as written
    std::size_t count = 0;     ///< documents of the index that mention it
};

/// Immutable after construction; share between threads.
class EntityNames {
public:
    explicit EntityNames(std::shared_ptr<const analyzers::Gazetteer> gazetteer);

    /// Entities with a name that starts with @p prefix (folded), of @p type ("party",
    /// "region", "agreement"; empty for all), most documents first, then by label; at most
    /// @p limit. @p searcher folds the prefix and counts the documents. Throws InvalidRequest
    /// for another type.
    [[nodiscard]] std::vector<EntitySuggestion> suggest(std::string_view prefix,
                                                        std::string_view type, std::size_t limit,
                                                        Searcher& searcher) const;

    /// Candidates looked at per request at most (a one-letter prefix matches thousands).
    static constexpr std::size_t kMaxCandidates = 5000;

private:
    struct Entry {
        std::string folded;    // folded name
        std::string name;      // as written
        std::uint32_t entity;  // facet entity index
    };
    std::shared_ptr<const analyzers::Gazetteer> gazetteer_;
    std::vector<Entry> names_;  // sorted by folded name
};

}  // namespace accord::search
