// The contract's JSON form of an analysis (accord-analyze, POST /api/analyze), and the Analyzer
// facade that produces it.
#include "accord/analyzers/analysis_json.hpp"

#include <gtest/gtest.h>

#include "accord/analyzers/analyzer.hpp"

#include "analyzers_test_util.hpp"

namespace accord::analyzers {
namespace {

using nlohmann::json;

TEST(AnalysisJson, HasLanguageTokensAndEntitiesWithByteOffsets) {
    const auto gazetteer = test::default_gazetteer();
    Analyzer analyzer(gazetteer);
    const std::string text = "KYIV — The U.S. and Kyiv's envoys met.";
    const json object = to_json(analyzer.analyze(text), text, *gazetteer);

    EXPECT_EQ(object.at("language"), "en");
    EXPECT_EQ(object.at("tokens"),
              json::parse(R"(["kyiv", "the", "u.s", "and", "kyiv", "envoys", "met"])"));
    const json expected = json::parse(R"([
        {"id": "ua", "type": "party", "label": "Ukraine", "text": "KYIV", "start": 0, "end": 4, "via": "kyiv"},
        {"id": "us", "type": "party", "label": "United States", "text": "U.S.", "start": 13, "end": 17},
        {"id": "ua", "type": "party", "label": "Ukraine", "text": "Kyiv", "start": 22, "end": 26, "via": "kyiv"}
    ])");
    EXPECT_EQ(object.at("entities"), expected);
}

TEST(AnalysisJson, EntitiesOfEachFacetCarryTheirType) {
    const auto gazetteer = test::default_gazetteer();
    Analyzer analyzer(gazetteer);
    const std::string text = "Mariupol, the Budapest Memorandum and Ukraine.";
    const json entities = to_json(analyzer.analyze(text), text, *gazetteer).at("entities");
    ASSERT_EQ(entities.size(), 3U);
    EXPECT_EQ(entities[0].at("id"), "ua-14");
    EXPECT_EQ(entities[0].at("type"), "region");
    EXPECT_EQ(entities[0].at("via"), "mariupol");
    EXPECT_EQ(entities[1].at("type"), "agreement");
    EXPECT_FALSE(entities[1].contains("via"));
    EXPECT_EQ(entities[2].at("type"), "party");
}

TEST(AnalysisJson, EmptyTextGivesEmptyArrays) {
    const auto gazetteer = test::default_gazetteer();
    Analyzer analyzer(gazetteer);
    const json object = to_json(analyzer.analyze(""), "", *gazetteer);
    EXPECT_EQ(object.at("language"), "und");
    EXPECT_TRUE(object.at("tokens").is_array());
    EXPECT_TRUE(object.at("tokens").empty());
    EXPECT_TRUE(object.at("entities").is_array());
    EXPECT_TRUE(object.at("entities").empty());
}

TEST(AnalysisJson, CyrillicOffsetsAreBytes) {
    const auto gazetteer = test::default_gazetteer();
    Analyzer analyzer(gazetteer);
    const std::string text = "Переговори у Києві";
    const json entities = to_json(analyzer.analyze(text), text, *gazetteer).at("entities");
    ASSERT_EQ(entities.size(), 1U);
    EXPECT_EQ(entities[0].at("text"), "Києві");
    EXPECT_EQ(entities[0].at("start"), 24);  // 10 + 1 Cyrillic letters, 2 spaces
    EXPECT_EQ(entities[0].at("end"), 34);
}

TEST(EntityJson, GivesIdTypeLabelAndParentOfRegions) {
    const auto gazetteer = test::default_gazetteer();
    EXPECT_EQ(
        entity_json(gazetteer->entity(*gazetteer->find("ua-14"))),
        json::parse(
            R"({"id": "ua-14", "type": "region", "label": "Donetsk Oblast", "parent": "ua"})"));
    EXPECT_EQ(entity_json(gazetteer->entity(*gazetteer->find("nato"))),
              json::parse(R"({"id": "nato", "type": "party", "label": "NATO"})"));
}

TEST(Analyzer, TrustsAGivenLanguageAndDetectsOtherwise) {
    Analyzer analyzer(test::default_gazetteer());
    EXPECT_EQ(analyzer.analyze("Переговори у Києві").language, "uk");
    EXPECT_EQ(analyzer.analyze("Переговори у Києві", "ru").language, "ru");
    // The language does not change tokens or mentions.
    EXPECT_EQ(analyzer.analyze("Переговори у Києві", "ru").mentions.size(), 1U);
}

TEST(Analyzer, QueryModeRelaxesLetterCase) {
    Analyzer analyzer(test::default_gazetteer());
    EXPECT_TRUE(analyzer.analyze("talks in kyiv", "en").mentions.empty());
    EXPECT_EQ(analyzer.analyze("talks in kyiv", "en", TagMode::kQuery).mentions.size(), 1U);
}

TEST(Analyzer, IsReusableAndGivesTheSameResultTwice) {
    Analyzer analyzer(test::default_gazetteer());
    const std::string text = "Zelenskyy met Putin in Istanbul? No, in Abu Dhabi.";
    const Analysis first = analyzer.analyze(text);
    (void)analyzer.analyze("Something else entirely, with Москва and NATO.");
    const Analysis second = analyzer.analyze(text);
    ASSERT_EQ(first.mentions.size(), second.mentions.size());
    for (std::size_t i = 0; i < first.mentions.size(); ++i) {
        EXPECT_EQ(first.mentions[i].start, second.mentions[i].start);
        EXPECT_EQ(first.mentions[i].entity, second.mentions[i].entity);
    }
    EXPECT_EQ(first.tokens.size(), second.tokens.size());
}

}  // namespace
}  // namespace accord::analyzers
