#include "accord/schema/facet_families.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace accord::schema {
namespace {

TEST(FacetFamilies, TableIsInEnumOrderWithDistinctSlotsAndPrefixes) {
    std::set<Xapian::valueno> slots;
    std::set<std::string_view> prefixes;
    for (std::size_t i = 0; i < kFacetFamilies; ++i) {
        EXPECT_EQ(static_cast<std::size_t>(kFacetFamilyTable[i].family), i);
        slots.insert(kFacetFamilyTable[i].slot);
        prefixes.insert(kFacetFamilyTable[i].prefix);
    }
    EXPECT_EQ(slots.size(), kFacetFamilies);
    EXPECT_EQ(prefixes.size(), kFacetFamilies);
    EXPECT_EQ(facet_family(FacetFamily::kLanguage).field, "lang");
    EXPECT_EQ(facet_family(FacetFamily::kLanguage).name, "language");
}

TEST(FacetFamilies, FilterTermsHashLongEntityIdsOnly) {
    EXPECT_EQ(facet_filter_term(FacetFamily::kParty, "ua"), "XPua");
    EXPECT_EQ(facet_filter_term(FacetFamily::kType, "treaty"), "XTtreaty");
    const std::string long_id(300, 'x');
    const std::string entity = facet_filter_term(FacetFamily::kAgreement, long_id);
    EXPECT_LE(entity.size(), kMaxTermBytes);
    EXPECT_EQ(entity, facet_term(kAgreementPrefix, long_id));
}

TEST(PackedLists, RoundTripAndSkipEmptyItems) {
    const std::vector<std::string> ids = {"ru", "ua", "us"};
    const std::string packed = pack(ids);
    EXPECT_EQ(packed, "ru\nua\nus");
    EXPECT_EQ(unpack(packed), ids);
    EXPECT_EQ(unpack("\nua\n\nus\n"), (std::vector<std::string>{"ua", "us"}));
    EXPECT_TRUE(unpack("").empty());
    EXPECT_EQ(pack(std::vector<std::string>{}), "");
}

}  // namespace
}  // namespace accord::schema
