// EntityTagger on the default gazetteer: the rules of docs/entity-rules.md for parties, regions
// and agreements, and query mode. The hard cases are in tagger_hard_cases_test.cpp, the
// matching mechanics on small gazetteers in tagger_mechanics_test.cpp.
#include "accord/analyzers/tagger.hpp"

#include <gtest/gtest.h>

#include "accord/analyzers/analyzer.hpp"

#include "analyzers_test_util.hpp"

namespace accord::analyzers {
namespace {

using test::Pairs;
using test::tag;
using test::tag_query;

// ---------------------------------------------------------------------------------------------
// Parties (entity-rules.md, Parties 1–5)

TEST(TaggerParties, StatesUnderAnyNameLanguageAndInflection) {
    EXPECT_EQ(tag("Ukraine, Україна, України and Украины signed."),
              (Pairs{{"ua", "Ukraine"}, {"ua", "Україна"}, {"ua", "України"}, {"ua", "Украины"}}));
    EXPECT_EQ(tag("The United States, the U.S., US, USA and America agreed."),
              (Pairs{{"us", "United States"},
                     {"us", "U.S."},
                     {"us", "US"},
                     {"us", "USA"},
                     {"us", "America"}}));
    EXPECT_EQ(tag("Britain, the UK and the United Kingdom agreed."),
              (Pairs{{"gb", "Britain"}, {"gb", "UK"}, {"gb", "United Kingdom"}}));
    EXPECT_EQ(tag("Türkiye, Turkey and Turkiye agreed."),
              (Pairs{{"tr", "Türkiye"}, {"tr", "Turkey"}, {"tr", "Turkiye"}}));
}

TEST(TaggerParties, CapitalsCountForTheirStateAsPlaceAndAsActor) {
    EXPECT_EQ(tag("Talks in Kyiv; Kyiv rejected it."), (Pairs{{"ua", "Kyiv"}, {"ua", "Kyiv"}}));
    EXPECT_EQ(
        tag("Washington, Kyiv, Kiev, Київ, Киев, Moscow, Москва, London, Paris, Berlin, Beijing, "
            "Ankara, Warsaw and Minsk."),
        (Pairs{{"us", "Washington"},
               {"ua", "Kyiv"},
               {"ua", "Kiev"},
               {"ua", "Київ"},
               {"ua", "Киев"},
               {"ru", "Moscow"},
               {"ru", "Москва"},
               {"gb", "London"},
               {"fr", "Paris"},
               {"de", "Berlin"},
               {"cn", "Beijing"},
               {"tr", "Ankara"},
               {"pl", "Warsaw"},
               {"by", "Minsk"}}));
}

TEST(TaggerParties, SeatsOfPowerCountForTheirStateWithoutTheArticle) {
    EXPECT_EQ(tag("The Kremlin, the White House, Downing Street, the Élysée, Bankova and Brussels "
                  "reacted."),
              (Pairs{{"ru", "Kremlin"},
                     {"us", "White House"},
                     {"gb", "Downing Street"},
                     {"fr", "Élysée"},
                     {"ua", "Bankova"},
                     {"eu", "Brussels"}}));
}

TEST(TaggerParties, LeadersAndOfficialsCountForTheirStateOrOrganisation) {
    EXPECT_EQ(tag("Putin, Trump, Macron, Starmer, Merz, Scholz, Xi Jinping, Erdoğan and Erdogan "
                  "spoke."),
              (Pairs{{"ru", "Putin"},
                     {"us", "Trump"},
                     {"fr", "Macron"},
                     {"gb", "Starmer"},
                     {"de", "Merz"},
                     {"de", "Scholz"},
                     {"cn", "Xi Jinping"},
                     {"tr", "Erdoğan"},
                     {"tr", "Erdogan"}}));
    EXPECT_EQ(tag("Rubio, Witkoff, Vance, Driscoll and Kushner flew in; Lavrov, Peskov, Dmitriev "
                  "and Ushakov waited."),
              (Pairs{{"us", "Rubio"},
                     {"us", "Witkoff"},
                     {"us", "Vance"},
                     {"us", "Driscoll"},
                     {"us", "Kushner"},
                     {"ru", "Lavrov"},
                     {"ru", "Peskov"},
                     {"ru", "Dmitriev"},
                     {"ru", "Ushakov"}}));
    EXPECT_EQ(tag("Umerov, Yermak, Sybiha and Budanov replied; Rutte, von der Leyen, Kallas, "
                  "Guterres and Grossi watched."),
              (Pairs{{"ua", "Umerov"},
                     {"ua", "Yermak"},
                     {"ua", "Sybiha"},
                     {"ua", "Budanov"},
                     {"nato", "Rutte"},
                     {"eu", "von der Leyen"},
                     {"eu", "Kallas"},
                     {"un", "Guterres"},
                     {"iaea", "Grossi"}}));
}

TEST(TaggerParties, FullNameIsOneMentionAndTitleIsNotPartOfIt) {
    EXPECT_EQ(tag("President Volodymyr Zelenskyy met Prime Minister Starmer and Chancellor Merz."),
              (Pairs{{"ua", "Volodymyr Zelenskyy"}, {"gb", "Starmer"}, {"de", "Merz"}}));
    EXPECT_EQ(tag("President Donald J. Trump and J. D. Vance."),
              (Pairs{{"us", "Donald J. Trump"}, {"us", "J. D. Vance"}}));
}

TEST(TaggerParties, DemonymCountsOnlyBeforeAnActorNounAndAlone) {
    EXPECT_EQ(tag("American officials, Russian forces, the Ukrainian President, Ukrainian "
                  "negotiators and the British government met."),
              (Pairs{{"us", "American"},
                     {"ru", "Russian"},
                     {"ua", "Ukrainian"},
                     {"ua", "Ukrainian"},
                     {"gb", "British"}}));
    EXPECT_EQ(tag("The Russian Foreign Minister and the French defence ministry disagreed."),
              (Pairs{{"ru", "Russian"}, {"fr", "French"}}));
}

TEST(TaggerParties, PluralNationalsCountAsActors) {
    EXPECT_EQ(tag("The Russians, the Americans and Ukrainians sat down."),
              (Pairs{{"ru", "Russians"}, {"us", "Americans"}, {"ua", "Ukrainians"}}));
}

TEST(TaggerParties, LanguagesAndPropertiesOfThingsAreNotDemonymMentions) {
    EXPECT_EQ(tag("The French text, in Russian, Russian-speaking residents, Russian oil and "
                  "Ukrainian grain."),
              Pairs{});
    EXPECT_EQ(tag("The talks were held in Russian and English."), Pairs{});
    EXPECT_EQ(tag("Pro-Russian separatists took the building."), Pairs{});
}

TEST(TaggerParties, CoordinatedDemonymsShareTheActorNoun) {
    EXPECT_EQ(tag("Russian and Ukrainian delegations met."),
              (Pairs{{"ru", "Russian"}, {"ua", "Ukrainian"}}));
    EXPECT_EQ(tag("Ukrainian, American and European officials met."),
              (Pairs{{"ua", "Ukrainian"}, {"us", "American"}, {"eu", "European"}}));
    EXPECT_EQ(tag("French and Ukrainian languages are equally authentic."), Pairs{});
}

TEST(TaggerParties, OrganisationsUnderAnyName) {
    EXPECT_EQ(tag("NATO, Nato, НАТО, the North Atlantic Treaty Organization and the Alliance met."),
              (Pairs{{"nato", "NATO"},
                     {"nato", "Nato"},
                     {"nato", "НАТО"},
                     {"nato", "North Atlantic Treaty Organization"},
                     {"nato", "Alliance"}}));
    EXPECT_EQ(tag("The EU, European Union, ЄС, ЕС, Євросоюз, Евросоюз, European Commission and "
                  "European Council met."),
              (Pairs{{"eu", "EU"},
                     {"eu", "European Union"},
                     {"eu", "ЄС"},
                     {"eu", "ЕС"},
                     {"eu", "Євросоюз"},
                     {"eu", "Евросоюз"},
                     {"eu", "European Commission"},
                     {"eu", "European Council"}}));
    EXPECT_EQ(tag("The UN, United Nations, U.N., ООН, Security Council and General Assembly met."),
              (Pairs{{"un", "UN"},
                     {"un", "United Nations"},
                     {"un", "U.N."},
                     {"un", "ООН"},
                     {"un", "Security Council"},
                     {"un", "General Assembly"}}));
    EXPECT_EQ(tag("The OSCE, ОБСЄ, ОБСЕ, the IAEA, МАГАТЕ, МАГАТЭ, the International Atomic "
                  "Energy Agency and the UN nuclear watchdog met."),
              (Pairs{{"osce", "OSCE"},
                     {"osce", "ОБСЄ"},
                     {"osce", "ОБСЕ"},
                     {"iaea", "IAEA"},
                     {"iaea", "МАГАТЕ"},
                     {"iaea", "МАГАТЭ"},
                     {"iaea", "International Atomic Energy Agency"},
                     {"iaea", "UN nuclear watchdog"}}));
    EXPECT_EQ(tag("The G7, G-7 and Group of Seven met."),
              (Pairs{{"g7", "G7"}, {"g7", "G-7"}, {"g7", "Group of Seven"}}));
}

TEST(TaggerParties, AllianceCountsOnlyWhenCapitalised) {
    EXPECT_EQ(tag("The Alliance will decide; the coalition is not an alliance at all."),
              (Pairs{{"nato", "Alliance"}}));
}

// ---------------------------------------------------------------------------------------------
// Regions and agreements

TEST(TaggerRegions, OblastUnderAnyNameWithRegionWordInTheMention) {
    EXPECT_EQ(tag("Donetsk, Donetsk Oblast, the Donetsk region, Донецька область and Донецкая "
                  "область."),
              (Pairs{{"ua-14", "Donetsk"},
                     {"ua-14", "Donetsk Oblast"},
                     {"ua-14", "Donetsk region"},
                     {"ua-14", "Донецька область"},
                     {"ua-14", "Донецкая область"}}));
}

TEST(TaggerRegions, CitiesAndFacilitiesCountForTheirSubdivision) {
    EXPECT_EQ(tag("Mariupol, Bakhmut, Kramatorsk, Sloviansk, Pokrovsk and Avdiivka."),
              (Pairs{{"ua-14", "Mariupol"},
                     {"ua-14", "Bakhmut"},
                     {"ua-14", "Kramatorsk"},
                     {"ua-14", "Sloviansk"},
                     {"ua-14", "Pokrovsk"},
                     {"ua-14", "Avdiivka"}}));
    EXPECT_EQ(tag("Luhansk and Sievierodonetsk; Zaporizhzhia, Enerhodar, ZNPP and Zaporizhzhia "
                  "NPP."),
              (Pairs{{"ua-09", "Luhansk"},
                     {"ua-09", "Sievierodonetsk"},
                     {"ua-23", "Zaporizhzhia"},
                     {"ua-23", "Enerhodar"},
                     {"ua-23", "ZNPP"},
                     {"ua-23", "Zaporizhzhia NPP"}}));
    EXPECT_EQ(tag("Kherson, Simferopol, Sevastopol, Odesa, Odessa, Kharkiv, Kursk and Belgorod."),
              (Pairs{{"ua-65", "Kherson"},
                     {"ua-43", "Simferopol"},
                     {"ua-40", "Sevastopol"},
                     {"ua-51", "Odesa"},
                     {"ua-51", "Odessa"},
                     {"ua-63", "Kharkiv"},
                     {"ru-krs", "Kursk"},
                     {"ru-bel", "Belgorod"}}));
    EXPECT_EQ(tag("Запорізька АЕС і Запорожская АЭС."),
              (Pairs{{"ua-23", "Запорізька АЕС"}, {"ua-23", "Запорожская АЭС"}}));
}

TEST(TaggerRegions, NamedRegions) {
    EXPECT_EQ(tag("Donbas, Donbass, Донбас, Донбасс, Eastern Europe, the Black Sea, Чорне море and "
                  "Черное море."),
              (Pairs{{"donbas", "Donbas"},
                     {"donbas", "Donbass"},
                     {"donbas", "Донбас"},
                     {"donbas", "Донбасс"},
                     {"eastern-europe", "Eastern Europe"},
                     {"black-sea", "Black Sea"},
                     {"black-sea", "Чорне море"},
                     {"black-sea", "Черное море"}}));
    EXPECT_EQ(tag("Crimea, Крим and Крым."),
              (Pairs{{"ua-43", "Crimea"}, {"ua-43", "Крим"}, {"ua-43", "Крым"}}));
}

TEST(TaggerRegions, CountryNameIsAPartyNeverARegion) {
    const auto gazetteer = test::default_gazetteer();
    Analyzer analyzer(gazetteer);
    const Analysis analysis = analyzer.analyze("Ukraine and Russia", "en");
    ASSERT_EQ(analysis.mentions.size(), 2U);
    for (const Mention& mention : analysis.mentions) {
        EXPECT_EQ(gazetteer->entity(mention.entity).type, EntityType::kParty);
    }
}

TEST(TaggerAgreements, EveryListedNameOfEveryAgreement) {
    EXPECT_EQ(tag("North Atlantic Treaty, NATO treaty, UN Charter, U.N. Charter, United Nations "
                  "Charter, Charter of the United Nations, Статут ООН and Устав ООН."),
              (Pairs{{"north-atlantic-treaty", "North Atlantic Treaty"},
                     {"north-atlantic-treaty", "NATO treaty"},
                     {"un-charter", "UN Charter"},
                     {"un-charter", "U.N. Charter"},
                     {"un-charter", "United Nations Charter"},
                     {"un-charter", "Charter of the United Nations"},
                     {"un-charter", "Статут ООН"},
                     {"un-charter", "Устав ООН"}}));
    EXPECT_EQ(tag("The Minsk Protocol, Minsk I and the first Minsk agreement."),
              (Pairs{{"minsk-protocol", "Minsk Protocol"},
                     {"minsk-protocol", "Minsk I"},
                     {"minsk-protocol", "first Minsk agreement"}}));
    EXPECT_EQ(tag("Minsk II, Minsk 2, Minsk-2, the Package of Measures, the second Minsk "
                  "agreement, the Minsk agreements and the Minsk accords."),
              (Pairs{{"minsk-ii", "Minsk II"},
                     {"minsk-ii", "Minsk 2"},
                     {"minsk-ii", "Minsk-2"},
                     {"minsk-ii", "Package of Measures"},
                     {"minsk-ii", "second Minsk agreement"},
                     {"minsk-ii", "Minsk agreements"},
                     {"minsk-ii", "Minsk accords"}}));
    EXPECT_EQ(tag("The Helsinki Final Act and the Helsinki Accords."),
              (Pairs{{"helsinki-final-act", "Helsinki Final Act"},
                     {"helsinki-final-act", "Helsinki Accords"}}));
    EXPECT_EQ(tag("The grain deal and the grain corridor."),
              (Pairs{{"black-sea-grain-initiative", "grain deal"},
                     {"black-sea-grain-initiative", "grain corridor"}}));
    EXPECT_EQ(tag("The 28-point plan, 28-point peace plan, 20-point plan, 20-point framework, US "
                  "peace plan, Trump peace plan, Trump's peace plan and the American peace plan."),
              (Pairs{{"us-peace-plan-2025", "28-point plan"},
                     {"us-peace-plan-2025", "28-point peace plan"},
                     {"us-peace-plan-2025", "20-point plan"},
                     {"us-peace-plan-2025", "20-point framework"},
                     {"us-peace-plan-2025", "US peace plan"},
                     {"us-peace-plan-2025", "Trump peace plan"},
                     {"us", "Trump"},  // the owner of "Trump's peace plan" is a mention of its own
                     {"us-peace-plan-2025", "peace plan"},
                     {"us-peace-plan-2025", "American peace plan"}}));
}

TEST(TaggerAgreements, MinskTheCityAndMinskTheAgreementAreApart) {
    EXPECT_EQ(tag("The Minsk II deal was signed in Minsk."),
              (Pairs{{"minsk-ii", "Minsk II"}, {"by", "Minsk"}}));
}

// ---------------------------------------------------------------------------------------------
// Query mode

TEST(TaggerQueryMode, IgnoresTitleCaseButKeepsExactCase) {
    EXPECT_EQ(tag_query("kyiv talks"), (Pairs{{"ua", "kyiv"}}));
    EXPECT_EQ(tag_query("zelenskiy"), (Pairs{{"ua", "zelenskiy"}}));
    EXPECT_EQ(tag_query("help us"), Pairs{});  // "US" is case-exact
    EXPECT_EQ(tag_query("US aid"), (Pairs{{"us", "US"}}));
    EXPECT_EQ(tag_query("michael jordan"), (Pairs{{"jo", "jordan"}}));  // no person guard
    EXPECT_EQ(tag("michael jordan"), Pairs{});
}

}  // namespace
}  // namespace accord::analyzers
