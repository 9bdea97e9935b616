#include <gtest/gtest.h>

#include "accord/schema/schema.hpp"

#include "search_fixture.hpp"

namespace accord::search {
namespace {

using accord::testing::SearchCorpus;

/// Counts documents matching @p query with Xapian alone (no spy, no in-memory index): the
/// brute-force reference the facet counts must equal.
std::size_t brute_count(const std::string& database, const Xapian::Query& query) {
    Xapian::Database db(database);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                    Xapian::Query(std::string(schema::kDocumentKind))));
    const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
    return all.size();
}

Xapian::Query any_of(std::string_view prefix, const std::vector<std::string>& ids) {
    std::vector<Xapian::Query> terms;
    for (const auto& id : ids) {
        terms.emplace_back(schema::facet_term(prefix, id));
    }
    return {Xapian::Query::OP_OR, terms.begin(), terms.end()};
}

class Facets : public SearchCorpus {
protected:
    std::map<std::string, std::size_t> facet(const SearchResult& result, const std::string& name) {
        std::map<std::string, std::size_t> counts;
        for (const auto& value : result.facets.at(name)) {
            counts[value.id] = value.count;
        }
        return counts;
    }
};

TEST_F(Facets, CountsEqualBruteForceCounts) {
    SearchRequest request;
    request.query = "ceasefire";
    request.limit = 0;
    const auto result = searcher().search(request);
    const Xapian::Query text("ceasefir");
    EXPECT_EQ(result.total, brute_count(database(), text));
    for (const auto& [family, prefix] :
         {std::pair{std::string("party"), schema::kPartyPrefix},
          std::pair{std::string("region"), schema::kRegionPrefix},
          std::pair{std::string("agreement"), schema::kAgreementPrefix}}) {
        const auto counts = facet(result, family);
        ASSERT_FALSE(counts.empty()) << family;
        for (const auto& [id, count] : counts) {
            EXPECT_EQ(count, brute_count(database(), Xapian::Query(Xapian::Query::OP_FILTER, text,
                                                                   any_of(prefix, {id}))))
                << family << " " << id;
        }
    }
}

TEST_F(Facets, FilteredFacetIgnoresItsOwnFilter) {
    SearchRequest request;
    request.query = "ceasefire";
    request.limit = 100;
    const auto unfiltered = searcher().search(request);
    request.parties = {"ua", "ru"};
    request.regions = {"ua-14"};
    const auto filtered = searcher().search(request);

    const Xapian::Query text("ceasefir");
    const Xapian::Query parties = any_of(schema::kPartyPrefix, {"ua", "ru"});
    const Xapian::Query regions = any_of(schema::kRegionPrefix, {"ua-14"});
    // OR within a facet, AND across facets.
    const std::size_t expected_total = brute_count(
        database(), Xapian::Query(Xapian::Query::OP_FILTER, text,
                                  Xapian::Query(Xapian::Query::OP_AND, parties, regions)));
    EXPECT_EQ(filtered.total, expected_total);
    EXPECT_EQ(filtered.hits.size(), expected_total);
    EXPECT_GT(expected_total, 0U);

    // Party counts: every filter but the party filter.
    for (const auto& [id, count] : facet(filtered, "party")) {
        EXPECT_EQ(count,
                  brute_count(database(),
                              Xapian::Query(Xapian::Query::OP_FILTER, text,
                                            Xapian::Query(Xapian::Query::OP_AND, regions,
                                                          any_of(schema::kPartyPrefix, {id})))))
            << id;
    }
    // Region counts: every filter but the region filter.
    for (const auto& [id, count] : facet(filtered, "region")) {
        EXPECT_EQ(count,
                  brute_count(database(),
                              Xapian::Query(Xapian::Query::OP_FILTER, text,
                                            Xapian::Query(Xapian::Query::OP_AND, parties,
                                                          any_of(schema::kRegionPrefix, {id})))))
            << id;
    }
    // Agreement counts: all filters apply.
    for (const auto& [id, count] : facet(filtered, "agreement")) {
        EXPECT_EQ(
            count,
            brute_count(
                database(),
                Xapian::Query(Xapian::Query::OP_FILTER, text,
                              Xapian::Query(Xapian::Query::OP_AND,
                                            Xapian::Query(Xapian::Query::OP_AND, parties, regions),
                                            any_of(schema::kAgreementPrefix, {id})))))
            << id;
    }
    // A selected value stays listed and marked.
    bool selected = false;
    for (const auto& value : filtered.facets.at("region")) {
        selected = selected || (value.id == "ua-14" && value.selected);
    }
    EXPECT_TRUE(selected);
}

TEST_F(Facets, RegionsCarryTheirParent) {
    const auto result = find("ceasefire");
    bool found = false;
    for (const auto& value : result.facets.at("region")) {
        if (value.id == "ua-14") {
            found = true;
            EXPECT_EQ(value.parent, "ua");
            EXPECT_EQ(value.parent_label, "Ukraine");
            EXPECT_EQ(value.label, "Donetsk Oblast");
        }
    }
    EXPECT_TRUE(found);
}

TEST_F(Facets, DatesFilterAndCountByYearAndMonth) {
    SearchRequest request;
    request.query = "ceasefire";
    request.from = "2024-01-01";
    request.to = "2024-12-31";
    const auto result = searcher().search(request);
    const Xapian::Query in_2024(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, "20240101",
                                "20241231");
    EXPECT_EQ(result.total,
              brute_count(database(), Xapian::Query(Xapian::Query::OP_FILTER,
                                                    Xapian::Query("ceasefir"), in_2024)));
    // The year facet ignores the date filter, so the other years stay visible.
    const auto years = facet(result, "year");
    EXPECT_GT(years.size(), 1U);
    const Xapian::Query in_2023(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, "20230101",
                                "20231231");
    EXPECT_EQ(years.at("2023"),
              brute_count(database(), Xapian::Query(Xapian::Query::OP_FILTER,
                                                    Xapian::Query("ceasefir"), in_2023)));
    std::size_t months_2024 = 0;
    for (const auto& value : result.facets.at("month")) {
        if (value.id.rfind("2024-", 0) == 0) {
            months_2024 += value.count;
        }
    }
    EXPECT_EQ(months_2024, result.total);
}

TEST_F(Facets, TypeAndLanguageFacets) {
    SearchRequest request;
    request.query = "";
    request.types = {"statement"};
    const auto result = searcher().search(request);
    EXPECT_EQ(result.total, brute_count(database(), Xapian::Query(std::string(schema::kTypePrefix) +
                                                                  "statement")));
    const auto types = facet(result, "type");
    EXPECT_GT(types.at("article"), 0U);  // other types stay selectable
    EXPECT_EQ(facet(result, "language").count("en"), 1U);
}

TEST_F(Facets, PastTheExactLimitCountsAreFlaggedEstimates) {
    options_.exact_limit = 10;
    SearchRequest request;
    request.query = "ceasefire";
    const auto result = searcher().search(request);
    EXPECT_FALSE(result.total_exact);
    EXPECT_TRUE(result.facets_approximate);
    const std::size_t exact = brute_count(database(), Xapian::Query("ceasefir"));
    EXPECT_GT(result.total, exact / 2);
    EXPECT_LT(result.total, exact * 2);
}

TEST_F(Facets, CacheForgetsIndexesOfRetiredGenerationsNobodyHolds) {
    const Xapian::Database db(database());
    FacetIndexCache cache;
    std::weak_ptr<const FacetIndex> retired;
    {
        const auto held = cache.get("gen-1", db, "state-1");
        retired = held;
        EXPECT_EQ(cache.get("gen-1", db, "state-1"), held) << "the same state is shared";
    }
    const auto kept = cache.get("gen-2", db, "state-2");  // a rebuild: a new path
    EXPECT_TRUE(retired.expired()) << "the old generation's index is still held by the cache";
    const auto again = cache.get("gen-3", db, "state-3");
    EXPECT_EQ(cache.get("gen-2", db, "state-2"), kept) << "an index in use must stay cached";
}

}  // namespace
}  // namespace accord::search
