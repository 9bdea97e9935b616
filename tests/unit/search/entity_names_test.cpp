// EntityNames: autocomplete of facet entities by any of their names, in any script, ranked by
// the documents of the index that mention them.
#include "accord/search/entity_names.hpp"

#include <gtest/gtest.h>

#include "accord/search/errors.hpp"

#include "search_fixture.hpp"

namespace accord::search {
namespace {

class EntityNamesTest : public testing::SearchCorpus {
protected:
    EntityNames names_{testing::test_gazetteer()};

    [[nodiscard]] std::string id_of(const EntitySuggestion& suggestion) const {
        return testing::test_gazetteer()->entity(suggestion.entity).id;
    }
};

TEST_F(EntityNamesTest, AnyScriptAndCaseFindsTheSameEntity) {
    // Ukraine by its names in three scripts and cases; "Kiev" is a name of the capital, whose
    // mentions count for Ukraine (the gazetteer's "for"), so it suggests Ukraine too.
    for (const std::string prefix : {"ukr", "UKRAINE", "Україн", "украи", "Kiev"}) {
        const auto found = names_.suggest(prefix, "party", 10, searcher());
        bool ukraine = false;
        for (const auto& suggestion : found) {
            ukraine = ukraine || id_of(suggestion) == "ua";
        }
        EXPECT_TRUE(ukraine) << prefix;
    }
}

TEST_F(EntityNamesTest, MostMentionedFirstWithinTypeAndLimit) {
    const auto found = names_.suggest("u", "party", 3, searcher());
    ASSERT_FALSE(found.empty());
    EXPECT_LE(found.size(), 3U);
    for (std::size_t i = 1; i < found.size(); ++i) {
        EXPECT_GE(found[i - 1].count, found[i].count);
    }
    for (const auto& suggestion : found) {
        EXPECT_EQ(testing::test_gazetteer()->entity(suggestion.entity).type,
                  analyzers::EntityType::kParty);
        EXPECT_EQ(suggestion.count,
                  searcher().documents_with(FacetFamily::kParty, id_of(suggestion)));
    }
    EXPECT_EQ(id_of(found.front()), "ua");
    EXPECT_GT(found.front().count, 0U);
    EXPECT_THROW((void)names_.suggest("u", "person", 3, searcher()), InvalidRequest);
    EXPECT_TRUE(names_.suggest("zzzzqx", "", 10, searcher()).empty());
}

}  // namespace
}  // namespace accord::search
