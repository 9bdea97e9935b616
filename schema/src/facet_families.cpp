#include "accord/schema/facet_families.hpp"

namespace accord::schema {

std::string facet_filter_term(FacetFamily family, std::string_view id) {
    const FacetFamilyInfo& info = facet_family(family);
    if (info.entity_backed) {
        return facet_term(info.prefix, id);
    }
    std::string term(info.prefix);
    term += id;
    return term;
}

std::vector<std::string> unpack(std::string_view packed) {
    std::vector<std::string> items;
    for_each_packed(packed, [&](std::string_view item) { items.emplace_back(item); });
    return items;
}

}  // namespace accord::schema
