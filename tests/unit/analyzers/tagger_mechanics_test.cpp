// EntityTagger's matching mechanics on small gazetteers written by the tests, so that they do
// not depend on the curated data (data/gazetteer), which the other tagger tests use.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "accord/analyzers/analyzer.hpp"
#include "accord/analyzers/gazetteer.hpp"
#include "accord/analyzers/tagger.hpp"

#include "analyzers_test_util.hpp"
#include "test_support.hpp"

namespace accord::analyzers {
namespace {

using test::Pairs;

// ---------------------------------------------------------------------------------------------
// Mechanics, on small gazetteers

class SmallGazetteer {
public:
    explicit SmallGazetteer(
        const std::string& entities,
        const std::string& rules =
            R"j({"list": "actor_nouns", "words": ["officials", "prime minister"]})j"
            "\n"
            R"j({"list": "coordinators", "words": ["and", "or"]})j"
            "\n") {
        dir_.write("10-entities.jsonl", entities);
        dir_.write("90-rules.jsonl", rules);
        gazetteer_ = std::make_shared<const Gazetteer>(Gazetteer::load(dir_.path()));
        analyzer_ = std::make_unique<Analyzer>(gazetteer_);
    }

    std::vector<test::Found> found(std::string_view text, TagMode mode = TagMode::kText) {
        const Analysis analysis = analyzer_->analyze(text, "en", mode);
        std::vector<test::Found> out;
        for (const Mention& mention : analysis.mentions) {
            out.push_back({gazetteer_->entity(mention.entity).id,
                           std::string(text.substr(mention.start, mention.end - mention.start)),
                           mention.start, mention.end});
        }
        return out;
    }

    Pairs pairs(std::string_view text, TagMode mode = TagMode::kText) {
        Pairs out;
        for (auto& found : found(text, mode)) {
            out.emplace_back(found.id, found.text);
        }
        return out;
    }

    Analysis analyze(std::string_view text) { return analyzer_->analyze(text, "en"); }
    const Gazetteer& gazetteer() const { return *gazetteer_; }

private:
    accord::testing::TempDir dir_;
    std::shared_ptr<const Gazetteer> gazetteer_;
    std::unique_ptr<Analyzer> analyzer_;
};

TEST(TaggerMechanics, ReportsByteSpansTokenIndicesAndTheNamedEntity) {
    SmallGazetteer small(R"j({"id": "ua", "type": "party", "aliases": {"en": ["Ukraine"]}})j"
                         "\n"
                         R"j({"id": "kyiv", "for": "ua", "aliases": {"uk": ["Київ", "Києві"]}})j"
                         "\n");
    const std::string text = "Зустріч у Києві — Ukraine.";
    const Analysis analysis = small.analyze(text);
    ASSERT_EQ(analysis.mentions.size(), 2U);
    const Mention& kyiv = analysis.mentions[0];
    EXPECT_EQ(kyiv.start, 18U);  // "Зустріч у " is 18 bytes
    EXPECT_EQ(kyiv.end, 28U);
    EXPECT_EQ(kyiv.first_token, 2U);
    EXPECT_EQ(kyiv.token_count, 1U);
    EXPECT_EQ(small.gazetteer().entity(kyiv.entity).id, "ua");
    EXPECT_EQ(small.gazetteer().entity(kyiv.named).id, "kyiv");
    EXPECT_EQ(analysis.mentions[1].named, analysis.mentions[1].entity);
}

TEST(TaggerMechanics, LongestMatchWinsAndTaggingResumesAfterIt) {
    SmallGazetteer small(
        R"j({"id": "black-sea", "type": "region", "aliases": {"en": ["Black Sea"]}})j"
        "\n"
        R"j({"id": "grain", "type": "agreement", "aliases": {"en": ["Black Sea Grain Initiative", "Grain Initiative"]}})j"
        "\n");
    EXPECT_EQ(small.pairs("The Black Sea Grain Initiative and the Black Sea."),
              (Pairs{{"grain", "Black Sea Grain Initiative"}, {"black-sea", "Black Sea"}}));
    EXPECT_EQ(small.pairs("The Black Sea Grain deal."), (Pairs{{"black-sea", "Black Sea"}}));
}

TEST(TaggerMechanics, NamesNeverCrossASentenceBoundary) {
    SmallGazetteer small(R"j({"id": "bs", "type": "region", "aliases": {"en": ["Black Sea"]}})j"
                         "\n");
    EXPECT_EQ(small.pairs("It was black. Sea ports closed."), Pairs{});
    EXPECT_EQ(small.pairs("Black\n\nSea"), Pairs{});
    EXPECT_EQ(small.pairs("Black\nSea"), (Pairs{{"bs", "Black\nSea"}}));  // a wrapped line
}

TEST(TaggerMechanics, CaseRules) {
    SmallGazetteer small(
        R"j({"id": "us", "type": "party", "aliases": {"en": [{"text": "US", "case": "exact"}, "EU", "Kyiv", "grain deal", {"text": "Alliance", "case": "any"}]}})j"
        "\n");
    EXPECT_EQ(small.pairs("US us Us"), (Pairs{{"us", "US"}}));
    EXPECT_EQ(small.pairs("EU eu Eu"), (Pairs{{"us", "EU"}}));  // short acronym: capitals
    EXPECT_EQ(small.pairs("Kyiv kyiv KYIV"), (Pairs{{"us", "Kyiv"}, {"us", "KYIV"}}));
    EXPECT_EQ(small.pairs("grain deal, Grain Deal"),
              (Pairs{{"us", "grain deal"}, {"us", "Grain Deal"}}));
    EXPECT_EQ(small.pairs("alliance"), (Pairs{{"us", "alliance"}}));
}

TEST(TaggerMechanics, NearAndUnlessNearLookAtTheSentenceOnly) {
    SmallGazetteer small(
        R"j({"id": "nat", "type": "agreement", "aliases": {"en": [{"text": "Article 5", "near": ["NATO", "collective defence"]}]}})j"
        "\n"
        R"j({"id": "ge", "type": "party", "aliases": {"en": [{"text": "Georgia", "unless_near": ["atlanta", "state of georgia"]}]}})j"
        "\n");
    EXPECT_EQ(small.pairs("NATO says Article 5 holds."), (Pairs{{"nat", "Article 5"}}));
    EXPECT_EQ(small.pairs("Article 5 holds, says Nato."), (Pairs{{"nat", "Article 5"}}));
    EXPECT_EQ(small.pairs("Article 5 holds, says nato."), Pairs{});  // written "NATO": capitals
    EXPECT_EQ(small.pairs("Article 5 means Collective Defence."), (Pairs{{"nat", "Article 5"}}));
    EXPECT_EQ(small.pairs("NATO met. Article 5 holds."), Pairs{});
    EXPECT_EQ(small.pairs("Georgia votes."), (Pairs{{"ge", "Georgia"}}));
    EXPECT_EQ(small.pairs("In ATLANTA, Georgia votes."), Pairs{});
    EXPECT_EQ(small.pairs("The state of Georgia votes."), Pairs{});
    EXPECT_EQ(small.pairs("Atlanta votes. Georgia too."), (Pairs{{"ge", "Georgia"}}));
}

TEST(TaggerMechanics, UnlessPrevAndUnlessNextTakePhrases) {
    SmallGazetteer small(
        R"j({"id": "wa", "type": "party", "aliases": {"en": [{"text": "Washington", "unless_prev": ["george", "state of"], "unless_next": ["post", "state university"]}]}})j"
        "\n");
    EXPECT_EQ(small.pairs("The state of Washington"), Pairs{});
    EXPECT_EQ(small.pairs("The position of Washington"), (Pairs{{"wa", "Washington"}}));
    EXPECT_EQ(small.pairs("George Washington"), Pairs{});
    EXPECT_EQ(small.pairs("Washington Post"), Pairs{});
    EXPECT_EQ(small.pairs("Washington State University"), Pairs{});
    EXPECT_EQ(small.pairs("Washington State said"), (Pairs{{"wa", "Washington"}}));
    EXPECT_EQ(small.pairs("George. Washington"), (Pairs{{"wa", "Washington"}}));  // other sentence
}

TEST(TaggerMechanics, RequiresNextWithCoordinatedDemonyms) {
    SmallGazetteer small(
        R"j({"id": "ru", "type": "party", "aliases": {"en": [{"text": "Russian", "requires_next": "actor_nouns"}]}})j"
        "\n"
        R"j({"id": "ua", "type": "party", "aliases": {"en": [{"text": "Ukrainian", "requires_next": "actor_nouns"}]}})j"
        "\n"
        R"j({"id": "us", "type": "party", "aliases": {"en": [{"text": "American", "requires_next": "actor_nouns"}]}})j"
        "\n");
    EXPECT_EQ(small.pairs("Russian officials"), (Pairs{{"ru", "Russian"}}));
    EXPECT_EQ(small.pairs("the Russian Prime Minister"), (Pairs{{"ru", "Russian"}}));
    EXPECT_EQ(small.pairs("Russian prime time"), Pairs{});
    EXPECT_EQ(small.pairs("Russian oil"), Pairs{});
    EXPECT_EQ(small.pairs("Russian"), Pairs{});
    EXPECT_EQ(small.pairs("Russian and Ukrainian officials"),
              (Pairs{{"ru", "Russian"}, {"ua", "Ukrainian"}}));
    EXPECT_EQ(small.pairs("Russian, Ukrainian or American officials"),
              (Pairs{{"ru", "Russian"}, {"ua", "Ukrainian"}, {"us", "American"}}));
    EXPECT_EQ(small.pairs("Russian and English officials"), Pairs{});  // English: no demonym
    EXPECT_EQ(small.pairs("Russian and Ukrainian oil"), Pairs{});
    EXPECT_EQ(small.pairs("Russian. Officials"), Pairs{});
}

TEST(TaggerMechanics, PersonGuardLooksAtCapitalisedUnknownNeighbours) {
    SmallGazetteer small(
        R"j({"id": "jo", "type": "party", "aliases": {"en": [{"text": "Jordan", "person_guard": true}]}})j"
        "\n"
        R"j({"id": "eg", "type": "party", "aliases": {"en": ["Egypt"]}})j"
        "\n");
    EXPECT_EQ(small.pairs("Michael Jordan"), Pairs{});
    EXPECT_EQ(small.pairs("Jordan Peterson"), Pairs{});
    EXPECT_EQ(small.pairs("Egypt Jordan"), (Pairs{{"eg", "Egypt"}, {"jo", "Jordan"}}));  // known
    EXPECT_EQ(small.pairs("President Jordan"), (Pairs{{"jo", "Jordan"}}));  // title word
    EXPECT_EQ(small.pairs("Amman, Jordan"), (Pairs{{"jo", "Jordan"}}));     // punctuation
    EXPECT_EQ(small.pairs("MICHAEL JORDAN"), (Pairs{{"jo", "JORDAN"}}));    // capitals
    EXPECT_EQ(small.pairs("Michael Jordan", TagMode::kQuery), (Pairs{{"jo", "Jordan"}}));
}

TEST(TaggerMechanics, ExactSpellingBeatsAStemMatch) {
    SmallGazetteer small(R"j({"id": "city", "type": "region", "aliases": {"uk": ["Харкова"]}})j"
                         "\n"
                         R"j({"id": "person", "type": "party", "aliases": {"uk": ["Харкову"]}})j"
                         "\n");
    // Both share the stem "харков"; each exact form goes to its own entity.
    EXPECT_EQ(small.pairs("Харкову і Харкова"),
              (Pairs{{"person", "Харкову"}, {"city", "Харкова"}}));
    // By stem alone, the first listed name wins.
    EXPECT_EQ(small.pairs("Харковом"), (Pairs{{"city", "Харковом"}}));
}

TEST(TaggerMechanics, LatinKeyBridgesScriptsForOneWordNames) {
    SmallGazetteer small(R"j({"id": "z", "type": "party", "aliases": {"en": ["Zelenskyy"]}})j"
                         "\n"
                         R"j({"id": "s", "type": "party", "aliases": {"ru": ["Шойгу"]}})j"
                         "\n");
    EXPECT_EQ(small.pairs("Зеленський і Зеленский"),
              (Pairs{{"z", "Зеленський"}, {"z", "Зеленский"}}));
    EXPECT_EQ(small.pairs("Shoigu said"), (Pairs{{"s", "Shoigu"}}));
    EXPECT_EQ(small.pairs("shoigu said"), Pairs{});  // keyed lookups need a capital in text
    EXPECT_EQ(small.pairs("shoigu", TagMode::kQuery), (Pairs{{"s", "shoigu"}}));
}

TEST(TaggerMechanics, NamePunctuationMustMatch) {
    SmallGazetteer small(
        R"j({"id": "dc", "type": "party", "aliases": {"en": ["Washington, D.C.", "Donetsk region", "Trump's peace plan"]}})j"
        "\n");
    EXPECT_EQ(small.pairs("Washington, D.C."), (Pairs{{"dc", "Washington, D.C."}}));
    EXPECT_EQ(small.pairs("Washington D.C."), Pairs{});
    EXPECT_EQ(small.pairs("Donetsk, region"), Pairs{});
    EXPECT_EQ(small.pairs("Donetsk\u00A0region"), (Pairs{{"dc", "Donetsk\u00A0region"}}));
    EXPECT_EQ(small.pairs("Trump’s peace plan"), (Pairs{{"dc", "Trump’s peace plan"}}));
    EXPECT_EQ(small.pairs("\"Trump's\" peace plan"), Pairs{});
}

TEST(TaggerMechanics, EmptyTextHasNoMentions) {
    SmallGazetteer small(R"j({"id": "x", "type": "party", "aliases": {"en": ["X"]}})j"
                         "\n");
    EXPECT_TRUE(small.pairs("").empty());
    EXPECT_TRUE(small.pairs("   ").empty());
}

}  // namespace
}  // namespace accord::analyzers
