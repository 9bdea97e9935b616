#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "accord/schema/schema.hpp"
#include "accord/search/errors.hpp"
#include "accord/search/query_parser.hpp"
#include "accord/search/result_json.hpp"

#include "search_fixture.hpp"

namespace accord::search {
namespace {

using accord::testing::SearchCorpus;

class Searching : public SearchCorpus {};

/// A result's counts in one facet family, by value id.
std::map<std::string, std::size_t> facet_counts(const SearchResult& result,
                                                const std::string& family) {
    std::map<std::string, std::size_t> counts;
    for (const auto& value : result.facets.at(family)) {
        counts[value.id] = value.count;
    }
    return counts;
}

TEST_F(Searching, AnyNameOfAnEntityFindsEveryOther) {
    const auto result = find("Kiev");
    for (const char* id : {"kiev-old", "kyiv-talks", "uk-kyiv", "ru-kiev"}) {
        EXPECT_TRUE(has_id(result, id)) << id;
    }
    // The literal spelling still ranks first.
    ASSERT_FALSE(result.hits.empty());
    EXPECT_EQ(result.hits.front().id, "kiev-old");
}

TEST_F(Searching, CyrillicQueryReachesLatinText) {
    const auto result = find("Київ");
    EXPECT_TRUE(has_id(result, "kyiv-talks"));
    EXPECT_TRUE(has_id(result, "kiev-old"));
    EXPECT_TRUE(has_id(result, "ru-kiev"));
}

TEST_F(Searching, AliasMatchesAreMarkedInSnippets) {
    const auto result = find("Kiev");
    for (const auto& hit : result.hits) {
        if (hit.id == "uk-kyiv") {
            EXPECT_NE(hit.snippet.find("<mark>Києві</mark>"), std::string::npos) << hit.snippet;
        }
        if (hit.id == "kyiv-talks") {
            EXPECT_NE(hit.snippet.find("<mark>Kyiv</mark>"), std::string::npos) << hit.snippet;
        }
    }
}

TEST_F(Searching, ShortQueriesNeedEveryWord) {
    const auto result = find("nuclear Enerhodar");
    EXPECT_EQ(ids(result), std::vector<std::string>{"znpp"});
    EXPECT_FALSE(result.relaxed);
}

TEST_F(Searching, NoDocumentWithEveryWordRelaxesToAny) {
    const auto result = find("grain xylophonic");
    EXPECT_TRUE(result.relaxed);
    EXPECT_TRUE(has_id(result, "grain"));
}

// A relaxed search keeps the documents that had every word first, whatever their weight.
TEST_F(Searching, RelaxedSearchesRankDocumentsWithEveryWordFirst) {
    const auto with_relax_below = [this](std::size_t below) {
        SearchOptions options = options_;
        options.relax_below = below;
        return Searcher(std::vector<std::string>{database()}, accord::testing::test_gazetteer(),
                        options);
    };
    Searcher never = with_relax_below(0);
    Searcher relaxing = with_relax_below(1000);  // more than "ceasefire Ukraine" matches
    SearchRequest request;
    request.query = "ceasefire Ukraine";
    request.limit = 100;
    const SearchResult strict = never.search(request);
    const SearchResult result = relaxing.search(request);
    ASSERT_FALSE(strict.relaxed);
    ASSERT_GT(strict.total, 2U);
    ASSERT_TRUE(result.relaxed);
    EXPECT_EQ(result.strict_total, strict.total);
    request.query = "ceasefire OR Ukraine";
    EXPECT_EQ(result.total, never.search(request).total);
    ASSERT_GT(result.hits.size(), result.strict_total);
    std::set<std::string> both;
    for (const auto& hit : strict.hits) {
        both.insert(hit.id);
    }
    for (std::size_t i = 0; i < result.hits.size(); ++i) {
        EXPECT_EQ(both.count(result.hits[i].id) != 0, i < result.strict_total) << i;
    }
    // A page across the boundary agrees with the whole.
    request.query = "ceasefire Ukraine";
    request.offset = result.strict_total - 1;
    request.limit = 3;
    const SearchResult page = relaxing.search(request);
    ASSERT_EQ(page.hits.size(), 3U);
    for (std::size_t i = 0; i < page.hits.size(); ++i) {
        EXPECT_EQ(page.hits[i].id, result.hits[request.offset + i].id) << i;
    }
    EXPECT_EQ(page.total, result.total);
}

// Operators that nothing matches relax like words: a query of words always answers when a
// document has one of its words (contract: "Queries typed as people type them").
TEST_F(Searching, OperatorQueriesThatMatchNothingRelax) {
    for (const char* query : {"nuclear AND xylophonic", "\"safety grid\"",
                              "Odesa NEAR/1 reconnected", "+xylophonic grain"}) {
        const auto result = find(query);
        EXPECT_TRUE(result.relaxed) << query;
        EXPECT_EQ(result.strict_total, 0U) << query;
        EXPECT_GT(result.total, 0U) << query;
    }
    // Filters and exclusions still hold when relaxed.
    const auto filtered = find("grid AND xylophonic party:ru");
    EXPECT_FALSE(has_id(filtered, "znpp"));  // znpp has "grid" but no Russia
    const auto excluded = find("\"Odesa grain\" -Russia");
    EXPECT_FALSE(has_id(excluded, "grain"));
    // An operator query that matches something is left alone, however few it finds.
    const auto narrow = find("nuclear AND grid");
    EXPECT_FALSE(narrow.relaxed);
    EXPECT_EQ(ids(narrow), std::vector<std::string>{"znpp"});
}

TEST_F(Searching, NearFindsWordsCloseInEitherOrder) {
    EXPECT_TRUE(has_id(find("plant NEAR/3 reconnected"), "znpp"));
    EXPECT_TRUE(has_id(find("reconnected NEAR/3 plant"), "znpp"));
    const auto apart = find("IAEA NEAR/1 grid");  // ten words apart in znpp
    EXPECT_TRUE(apart.relaxed);  // nothing has them that close: relaxed, and says so
    EXPECT_EQ(apart.strict_total, 0U);
    EXPECT_TRUE(has_id(find("IAEA NEAR/10 grid"), "znpp"));
    EXPECT_FALSE(find("IAEA NEAR/10 grid").relaxed);
}

// Pasted headlines and cables: wholly upper case, their AND/OR/NOT are words and stray
// spaced punctuation does nothing, so they find what their words find in lower case.
TEST_F(Searching, UpperCaseQueriesAreText) {
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {"BLACK SEA GRAIN DEAL AND ODESA .", "black sea grain deal odesa"},
        {"TALKS BETWEEN RUSSIA AND FRANCE .", "talks between russia france"},
        {"POWER RESTORED AT THE ZAPORIZHZHIA NUCLEAR PLANT OR NOT",
         "power restored zaporizhzhia nuclear plant"},
        {"THE U.S . DELEGATION IN KYIV", "the U.S. delegation in Kyiv"},
        {"28-POINT PLAN", "28-point plan"},
    };
    for (const auto& [upper, lower] : pairs) {
        const auto a = find(upper);
        const auto b = find(lower);
        EXPECT_GT(a.total, 0U) << upper;
        EXPECT_EQ(ids(a), ids(b)) << upper;
    }
    // Not wholly upper case: operators work ("NOT Kyiv" excludes).
    EXPECT_FALSE(has_id(find("security guarantees NOT Kyiv"), "kyiv-talks"));
    EXPECT_TRUE(has_id(find("SECURITY GUARANTEES NOT KYIV"), "kyiv-talks"));
}

TEST_F(Searching, PhrasesMatchWordsInOrder) {
    EXPECT_TRUE(has_id(find("\"armed attack against one\""), "nat"));
    SearchOptions strict = options_;
    strict.relax_below = 0;  // never relax
    Searcher never_relaxing(std::vector<std::string>{database()}, accord::testing::test_gazetteer(),
                            strict);
    SearchRequest request;
    request.query = "\"attack armed\"";
    EXPECT_FALSE(has_id(never_relaxing.search(request), "nat"));
    // By default a phrase that no document has relaxes to its words, and says so.
    const auto reversed = find("\"attack armed\"");
    EXPECT_TRUE(reversed.relaxed);
    EXPECT_EQ(reversed.strict_total, 0U);
    EXPECT_TRUE(has_id(reversed, "nat"));
}

TEST_F(Searching, BooleanOperators) {
    const auto either = find("Enerhodar OR Odesa");
    EXPECT_TRUE(has_id(either, "znpp"));
    EXPECT_TRUE(has_id(either, "grain"));
    const auto both = find("nuclear AND grid");
    EXPECT_EQ(ids(both), std::vector<std::string>{"znpp"});
    const auto without = find("guarantees NOT Zelenskyy");
    EXPECT_FALSE(has_id(without, "kyiv-talks"));
    EXPECT_TRUE(has_id(without, "xss"));
    const auto minus = find("guarantees -Zelenskyy");
    EXPECT_EQ(ids(minus), ids(without));
    const auto grouped = find("(Enerhodar OR Odesa) AND grid");
    EXPECT_EQ(ids(grouped), std::vector<std::string>{"znpp"});
}

TEST_F(Searching, Wildcards) {
    EXPECT_TRUE(has_id(find("nucl*"), "znpp"));
    EXPECT_TRUE(has_id(find("negotiat*"), "plan"));  // the prefix is longer than the stem
}

TEST_F(Searching, FieldPrefixes) {
    EXPECT_EQ(ids(find("title:kiev")), std::vector<std::string>{"kiev-old"});
    const auto treaties = find("type:treaty attack");
    EXPECT_EQ(ids(treaties), std::vector<std::string>{"nat"});
    const auto ukrainian = find("lang:uk");
    EXPECT_EQ(ids(ukrainian), std::vector<std::string>{"uk-kyiv"});
    const auto dated = ids(find("date:2015-02-01..2015-02-28"));
    EXPECT_EQ(std::set<std::string>(dated.begin(), dated.end()),
              (std::set<std::string>{"kiev-old", "minsk"}));
    EXPECT_EQ(find("date:2015").total, 2U);
    EXPECT_TRUE(has_id(find("agreement:minsk-ii"), "kiev-old"));
    EXPECT_TRUE(has_id(find("party:Zelensky"), "kyiv-talks"));  // names resolve to ids
    EXPECT_TRUE(has_id(find("region:ua-23"), "znpp"));
}

TEST_F(Searching, EmptyQueryBrowsesNewestFirst) {
    SearchRequest request;
    request.limit = 5;
    const auto result = searcher().search(request);
    EXPECT_EQ(result.total, 70U);
    EXPECT_EQ(result.sort, "date");
    for (std::size_t i = 1; i < result.hits.size(); ++i) {
        EXPECT_GE(result.hits[i - 1].date, result.hits[i].date);
    }
}

// Xapian::Query::MatchAll is a static shared by every thread whose reference count is not
// atomic: a query that browses (no words, or only negated ones) must not hold it.
TEST_F(Searching, BrowsingQueriesDoNotShareXapiansStaticMatchAll) {
    analyzers::Analyzer analyzer(accord::testing::test_gazetteer());
    schema::TermMaker terms;
    QueryParser parser(analyzer, terms);
    for (const char* text : {"", "-ceasefire", "party:ua", "   "}) {
        const ParsedQuery parsed = parser.parse(text, nullptr);
        EXPECT_TRUE(parsed.match_all) << text;
        EXPECT_NE(parsed.query.internal.get(), Xapian::Query::MatchAll.internal.get()) << text;
    }
}

// One Searcher per thread, as the server runs them: concurrent searches of every kind must
// not touch shared state (run under the tsan preset, a shared Xapian object is reported).
TEST_F(Searching, SearchersOnSeveralThreadsAgreeWithOneThread) {
    const std::vector<std::string> queries = {"",           "ceasefire",    "\"nuclear plant\"",
                                              "-ceasefire", "Kiev OR Kyiv", "reconstr*",
                                              "party:ua"};
    std::map<std::string, std::size_t> expected;
    for (const auto& query : queries) {
        expected[query] = find(query).total;
    }
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t]() {
            Searcher own(std::vector<std::string>{database()}, accord::testing::test_gazetteer(),
                         options_);
            for (int round = 0; round < 40; ++round) {
                const auto& query = queries[static_cast<std::size_t>(round + t) % queries.size()];
                SearchRequest request;
                request.query = query;
                request.limit = 3;
                if (own.search(request).total != expected.at(query)) {
                    ++mismatches;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(mismatches.load(), 0);
}

// The exact limit is on the documents that match, filters included: when the words alone
// match more than the limit but the filters leave fewer, the total is a count, not an estimate.
TEST_F(Searching, FilteredTotalsAreCountedWhenOnlyTheWordsPassTheExactLimit) {
    SearchRequest request;
    request.parties = {"ua"};
    request.from = "2000";
    const SearchResult truth = searcher().search(request);  // default limit: all counted
    ASSERT_TRUE(truth.total_exact);
    ASSERT_GT(truth.total, 2U);
    ASSERT_LT(truth.total, 60U);  // far fewer than browsing without filters matches (70)

    SearchOptions small = options_;
    small.exact_limit = truth.total;  // above the answer, below what browsing matches
    Searcher limited(std::vector<std::string>{database()}, accord::testing::test_gazetteer(),
                     small);
    const SearchResult counted = limited.search(request);
    EXPECT_TRUE(counted.total_exact);
    EXPECT_EQ(counted.total, truth.total);
    // Families without a filter are counted over the answer itself: exact too.
    for (const char* family : {"region", "agreement", "type"}) {
        EXPECT_EQ(facet_counts(counted, family), facet_counts(truth, family)) << family;
    }
}

// Browsing (no words) counts every document record from the in-memory facet index, so its
// total and facet counts stay exact however far past the exact limit the answer is.
TEST_F(Searching, BrowsingCountsExactlyPastTheExactLimit) {
    SearchRequest request;
    request.parties = {"ua"};
    request.from = "2000";
    const SearchResult truth = searcher().search(request);
    ASSERT_TRUE(truth.total_exact);
    ASSERT_GT(truth.total, 5U);

    SearchOptions small = options_;
    small.exact_limit = 2;  // far below the answer
    Searcher limited(std::vector<std::string>{database()}, accord::testing::test_gazetteer(),
                     small);
    const SearchResult counted = limited.search(request);
    EXPECT_TRUE(counted.total_exact);
    EXPECT_FALSE(counted.facets_approximate);
    EXPECT_EQ(counted.total, truth.total);
    for (const auto& [family, values] : truth.facets) {
        EXPECT_EQ(facet_counts(counted, family), facet_counts(truth, family)) << family;
    }
    // Without filters too (the index's own totals).
    const SearchResult everything = searcher().search(SearchRequest{});
    const SearchResult everything_limited = limited.search(SearchRequest{});
    EXPECT_TRUE(everything_limited.total_exact);
    EXPECT_EQ(everything_limited.total, everything.total);
    for (const auto& [family, values] : everything.facets) {
        EXPECT_EQ(facet_counts(everything_limited, family), facet_counts(everything, family))
            << family;
    }
    // Words make it a search again: past the limit, the total is an estimate.
    request.query = "ukraine";
    EXPECT_FALSE(limited.search(request).total_exact);
}

TEST_F(Searching, TreatiesCollapseToTheirBestPassage) {
    const auto result = find("armed attack against one");
    ASSERT_FALSE(result.hits.empty());
    EXPECT_EQ(result.hits.front().id, "nat");
    EXPECT_EQ(result.hits.front().section, "Article 5");
    const auto found = ids(result);
    EXPECT_EQ(std::count(found.begin(), found.end(), "nat"), 1);
    EXPECT_EQ(result.total, static_cast<std::size_t>(result.hits.size()));
}

TEST_F(Searching, SnippetsAreEscaped) {
    const auto result = find("guarantees");
    bool seen = false;
    for (const auto& hit : result.hits) {
        if (hit.id != "xss") {
            continue;
        }
        seen = true;
        EXPECT_EQ(hit.snippet.find("<script"), std::string::npos) << hit.snippet;
        EXPECT_NE(hit.snippet.find("&lt;script&gt;"), std::string::npos) << hit.snippet;
        // Only <mark> is markup.
        std::string stripped = hit.snippet;
        for (const std::string tag : {"<mark>", "</mark>"}) {
            for (auto at = stripped.find(tag); at != std::string::npos; at = stripped.find(tag)) {
                stripped.erase(at, tag.size());
            }
        }
        EXPECT_EQ(stripped.find('<'), std::string::npos) << hit.snippet;
        EXPECT_EQ(hit.title, "<img src=x onerror=alert(1)>");  // raw text; renderers escape
    }
    EXPECT_TRUE(seen);
}

TEST_F(Searching, SortAndPaging) {
    SearchRequest request;
    request.query = "ceasefire";
    request.limit = 100;
    request.sort = SortOrder::kDate;
    const auto all = searcher().search(request);
    ASSERT_GT(all.hits.size(), 20U);
    for (std::size_t i = 1; i < all.hits.size(); ++i) {
        EXPECT_GE(all.hits[i - 1].date, all.hits[i].date);
    }
    request.limit = 7;
    std::vector<std::string> paged;
    for (request.offset = 0; request.offset < all.hits.size(); request.offset += 7) {
        for (const auto& hit : searcher().search(request).hits) {
            paged.push_back(hit.id);
        }
    }
    EXPECT_EQ(paged, ids(all));
}

TEST_F(Searching, LimitsAreEnforced) {
    SearchRequest request;
    request.limit = 101;
    EXPECT_THROW((void)searcher().search(request), InvalidRequest);
    request.limit = 10;
    request.offset = 10'001;
    EXPECT_THROW((void)searcher().search(request), InvalidRequest);
}

TEST_F(Searching, BadQueriesGetAnErrorOrASensibleAnswer) {
    EXPECT_NO_THROW((void)find("\"security guarantees"));  // unbalanced quote
    EXPECT_TRUE(has_id(find("\"security guarantees"), "kyiv-talks"));
    EXPECT_NO_THROW((void)find("AND OR NOT ) ( -"));
    EXPECT_NO_THROW((void)find("((((grain"));
    EXPECT_TRUE(has_id(find("foo:grain"), "grain") || find("foo:grain").total == 0);
    EXPECT_THROW((void)find(std::string("bad \xff utf8")), InvalidRequest);
    std::string many;
    for (int i = 0; i < 10'000; ++i) {
        many += "w" + std::to_string(i) + " ";
    }
    EXPECT_THROW((void)find(many), InvalidRequest);
    EXPECT_THROW((void)find("date:2025-13-01"), InvalidRequest);
    EXPECT_THROW((void)find("date:2025-06-01..2025-01-01"), InvalidRequest);
    EXPECT_THROW((void)find("date:2025--1"), InvalidRequest);  // a fuzzer finding: was stoi's error
    EXPECT_THROW((void)find("date:2025-01..20-5-03"), InvalidRequest);
    EXPECT_THROW((void)find("party:\"no such party anywhere\""), InvalidRequest);
}

TEST_F(Searching, SuggestsSpellings) {
    const auto result = find("guarantes");
    ASSERT_TRUE(result.suggestion.has_value());
    EXPECT_EQ(*result.suggestion, "guarantees");
    EXPECT_FALSE(find("guarantees").suggestion.has_value());
}

TEST_F(Searching, MoreLikeThis) {
    SearchRequest request;
    request.more_like = "uk-kyiv";
    const auto result = searcher().search(request);
    EXPECT_FALSE(has_id(result, "uk-kyiv"));
    ASSERT_FALSE(result.hits.empty());
    EXPECT_EQ(result.hits.front().id, "ru-kiev");
    request.more_like = "no-such-document";
    EXPECT_THROW((void)searcher().search(request), DocumentNotFound);
}

TEST_F(Searching, DocumentView) {
    const auto view = searcher().document("kyiv-talks");
    ASSERT_TRUE(view.has_value());
    EXPECT_EQ(view->title, "Security guarantees on the table in Kyiv");
    bool us = false;
    for (const auto& mention : view->mentions) {
        EXPECT_EQ(view->body.substr(mention.start, mention.end - mention.start), mention.text);
        us = us || (mention.id == "us" && mention.text == "U.S.");
    }
    EXPECT_TRUE(us);
    EXPECT_FALSE(searcher().document("nope").has_value());
    const auto treaty = searcher().document("nat");
    ASSERT_TRUE(treaty.has_value());
    ASSERT_EQ(treaty->sections.size(), 5U);
    EXPECT_EQ(treaty->sections[3].label, "Article 5");
}

TEST_F(Searching, JsonHasTheContractShape) {
    SearchRequest request;
    request.query = "guarantees";
    const auto json = to_json(searcher().search(request));
    for (const char* key : {"query", "total", "total_exact", "offset", "limit", "took_ms", "hits",
                            "facets", "suggestion"}) {
        EXPECT_TRUE(json.contains(key)) << key;
    }
    for (const char* key : {"party", "region", "agreement", "type", "year"}) {
        EXPECT_TRUE(json["facets"].contains(key)) << key;
    }
    const auto& hit = json["hits"][0];
    for (const char* key : {"id", "title", "date", "type", "source", "url", "score", "snippet",
                            "section", "entities"}) {
        EXPECT_TRUE(hit.contains(key)) << key;
    }
}

TEST_F(Searching, ManyDatabasesSearchAsOne) {
    accord::testing::TempDir extra;
    extra.write("more.jsonl",
                "{\"id\": \"extra-1\", \"title\": \"Grain corridor extended\", "
                "\"body\": \"Ships left Odesa under the grain deal.\", "
                "\"date\": \"2022-11-17\"}\n");
    const std::string second =
        accord::testing::build_database(extra, {(extra.path() / "more.jsonl").string()});
    Searcher both({database(), second}, accord::testing::test_gazetteer());
    SearchRequest request;
    request.query = "grain";
    const auto result = both.search(request);
    EXPECT_TRUE(result.total_exact);
    EXPECT_EQ(result.total, find("grain").total + 1);
    EXPECT_TRUE(has_id(result, "extra-1"));
    EXPECT_EQ(both.document_count(), 71U);
}

TEST_F(Searching, RegionsFindTheirTownsAndCentresTheirRegionBelowTheirOwn) {
    accord::testing::TempDir dir;
    dir.write("places.jsonl",
              "{\"id\": \"town\", \"title\": \"Shelling in Mariupol\", "
              "\"body\": \"Residents of Mariupol left the city.\"}\n"
              "{\"id\": \"oblast\", \"title\": \"Донеччина\", "
              "\"body\": \"Евакуація з Донецької області триває.\"}\n"
              "{\"id\": \"city\", \"title\": \"Талант з Донецька\", "
              "\"body\": \"Художник народився в Донецьку.\"}\n"
              "{\"id\": \"elsewhere\", \"title\": \"Harvest in Poltava\", "
              "\"body\": \"Farmers in Poltava and Kyiv brought in the grain.\"}\n");
    Searcher searcher(
        {accord::testing::build_database(dir, {(dir.path() / "places.jsonl").string()})},
        accord::testing::test_gazetteer());
    auto in_places = [&](const std::string& query) {
        SearchRequest request;
        request.query = query;
        return searcher.search(request);
    };
    // The region: its own name first, then its towns (the centre among them).
    const auto region = in_places("Donetsk region");
    ASSERT_EQ(ids(region).size(), 3U);
    EXPECT_EQ(region.hits.front().id, "oblast");
    EXPECT_TRUE(has_id(region, "town"));
    EXPECT_TRUE(has_id(region, "city"));
    for (const auto& hit : region.hits) {
        if (hit.id == "town") {
            EXPECT_NE(hit.snippet.find("<mark>Mariupol</mark>"), std::string::npos) << hit.snippet;
        }
    }
    // The centre: the city first, then the region's own name; not the other towns.
    const auto centre = in_places("Donetsk");
    EXPECT_EQ(ids(centre), (std::vector<std::string>{"city", "oblast"}));
    // A town that is no centre is itself only, and so is a capital.
    EXPECT_EQ(ids(in_places("Mariupol")), std::vector<std::string>{"town"});
    EXPECT_EQ(ids(in_places("Kyiv")), std::vector<std::string>{"elsewhere"});
    // Left out, a name leaves out only itself.
    EXPECT_EQ(ids(in_places("Residents -Donetsk")), std::vector<std::string>{"town"});
}

}  // namespace
}  // namespace accord::search
