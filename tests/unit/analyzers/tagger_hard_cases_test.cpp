// EntityTagger on the default gazetteer: the hard cases of docs/entity-rules.md and of the
// architecture brief, where a name is ambiguous or its form hides it (the pronoun "us",
// Georgia, Jordan, possessives with any apostrophe, Ukrainian and Russian inflection and
// adjectives, Article 5 only near NATO). A section of the rulebook of their own, so a file of
// their own; the plain rules are in tagger_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "accord/analyzers/tagger.hpp"

#include "analyzers_test_util.hpp"

namespace accord::analyzers {
namespace {

using test::Pairs;
using test::tag;

// ---------------------------------------------------------------------------------------------
// Hard cases (entity-rules.md "Hard cases", architecture brief)

TEST(TaggerHardCases, PronounUsIsNeverTheUnitedStates) {
    EXPECT_EQ(tag("Let us talk, said the US envoy, and the u.s. side agreed."),
              (Pairs{{"us", "US"}, {"us", "u.s."}}));
    EXPECT_EQ(tag("Us versus them: the talks."), Pairs{});
    EXPECT_EQ(tag("\"LET US FINISH THIS WAR,\" ZELENSKYY TELLS US LAWMAKERS"),
              (Pairs{{"ua", "ZELENSKYY"}, {"us", "US"}}));
}

TEST(TaggerHardCases, TwoLetterAcronymsNeedCapitalsButDottedFormsDoNot) {
    EXPECT_EQ(tag("then we call the uk and eu people, and the un"), Pairs{});
    EXPECT_EQ(tag("the u.s. and the U.S. and the U.K. and the u.n."),
              (Pairs{{"us", "u.s."}, {"us", "U.S."}, {"gb", "U.K."}, {"un", "u.n."}}));
}

TEST(TaggerHardCases, GeorgiaIsTheCountryUnlessUsStateContextInTheSentence) {
    EXPECT_EQ(tag("Georgia joined the talks with Moldova."),
              (Pairs{{"ge", "Georgia"}, {"md", "Moldova"}}));
    EXPECT_EQ(tag("Georgia's governor in Atlanta signed the bill."), Pairs{});
    EXPECT_EQ(tag("A senator from Georgia pressed Rubio."), (Pairs{{"us", "Rubio"}}));
    EXPECT_EQ(tag("The state of Georgia voted."), Pairs{});
    EXPECT_EQ(tag("Gov. Kemp of Georgia voted."), Pairs{});  // "Gov." does not end the sentence
    EXPECT_EQ(tag("Atlanta is far away. Georgia fought a war with Russia in 2008."),
              (Pairs{{"ge", "Georgia"}, {"ru", "Russia"}}));  // context only counts per sentence
}

TEST(TaggerHardCases, WashingtonIsTheUsExceptStatePostAndTreaty) {
    EXPECT_EQ(tag("The Washington Post, Washington State and the state of Washington have no "
                  "say; Washington does."),
              (Pairs{{"us", "Washington"}}));
    EXPECT_EQ(tag("The state of Washington has no seat at the table, but Washington does."),
              (Pairs{{"us", "Washington"}}));
    EXPECT_EQ(tag("The position of Washington is clear."), (Pairs{{"us", "Washington"}}));
    EXPECT_EQ(tag("The Washington Treaty was signed in Washington."),
              (Pairs{{"north-atlantic-treaty", "Washington Treaty"}, {"us", "Washington"}}));
}

TEST(TaggerHardCases, RejectedNameDoesNotComeBackThroughItsOtherSpellings) {
    // "Washington" before "State" is rejected by its rule; its Cyrillic spelling
    // "Вашингтон" (same Latin key) must not match it instead.
    EXPECT_EQ(tag("Wheat growers in Washington State fear competition."), Pairs{});
    EXPECT_EQ(tag("Shelling continued along the Dnipro river."), Pairs{});
}

TEST(TaggerHardCases, JordanAndChadUnlessPartOfAPersonsName) {
    EXPECT_EQ(tag("Jordan and Chad voted yes."), (Pairs{{"jo", "Jordan"}, {"td", "Chad"}}));
    EXPECT_EQ(tag("Michael Jordan and Chad Smith voted no."), Pairs{});
    EXPECT_EQ(tag("Former diplomat Michael Jordan said Jordan could mediate."),
              (Pairs{{"jo", "Jordan"}}));
    EXPECT_EQ(tag("Analyst Chad Morris said Washington had misread the Kremlin."),
              (Pairs{{"us", "Washington"}, {"ru", "Kremlin"}}));
    EXPECT_EQ(tag("Amman, Jordan, hosted the meeting."), (Pairs{{"jo", "Jordan"}}));
    EXPECT_EQ(tag("JORDAN BACKS PLAN"), (Pairs{{"jo", "JORDAN"}}));  // capitals say nothing
}

TEST(TaggerHardCases, TurkeyOnlyCapitalisedAndTurkiye) {
    EXPECT_EQ(tag("Envoys broke for Thanksgiving turkey before talks with Turkey."),
              (Pairs{{"tr", "Turkey"}}));
    EXPECT_EQ(tag("Türkiye, which many outlets still call Turkey, hosted the talks."),
              (Pairs{{"tr", "Türkiye"}, {"tr", "Turkey"}}));
}

TEST(TaggerHardCases, LongestNameWinsForCongo) {
    EXPECT_EQ(tag("The Democratic Republic of the Congo abstained, while the Republic of the "
                  "Congo voted in favour."),
              (Pairs{{"cd", "Democratic Republic of the Congo"}, {"cg", "Republic of the Congo"}}));
    EXPECT_EQ(tag("The DRC and Congo voted."), (Pairs{{"cd", "DRC"}, {"cg", "Congo"}}));
}

TEST(TaggerHardCases, OverlappingNamesGiveOnlyTheLongest) {
    EXPECT_EQ(tag("The North Atlantic Treaty Organization was founded by the North Atlantic "
                  "Treaty."),
              (Pairs{{"nato", "North Atlantic Treaty Organization"},
                     {"north-atlantic-treaty", "North Atlantic Treaty"}}));
    EXPECT_EQ(tag("The Black Sea Grain Initiative, the UN Charter, the Budapest Memorandum, "
                  "Minsk II and the Helsinki Final Act."),
              (Pairs{{"black-sea-grain-initiative", "Black Sea Grain Initiative"},
                     {"un-charter", "UN Charter"},
                     {"budapest-memorandum", "Budapest Memorandum"},
                     {"minsk-ii", "Minsk II"},
                     {"helsinki-final-act", "Helsinki Final Act"}}));
    EXPECT_EQ(tag("The Zaporizhzhia nuclear power plant lost power."),
              (Pairs{{"ua-23", "Zaporizhzhia nuclear power plant"}}));
}

TEST(TaggerHardCases, PossessiveIsNotPartOfTheMention) {
    EXPECT_EQ(tag("Kyiv's negotiators and NATO's planners met in Berlin."),
              (Pairs{{"ua", "Kyiv"}, {"nato", "NATO"}, {"de", "Berlin"}}));
    EXPECT_EQ(tag("Kyiv’s military disputed it."), (Pairs{{"ua", "Kyiv"}}));
    const auto found = test::tagging().found("Kyiv's plan");
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].start, 0U);
    EXPECT_EQ(found[0].end, 4U);
}

// Issue 17: "NATO’s Article 5" tagged the agreement and lost NATO, because the whole span was
// one name of north-atlantic-treaty and mentions never overlap. A possessive inside a longer
// name now names its owner, a mention of its own, whatever the apostrophe.
TEST(TaggerHardCases, PossessiveInsideALongerNameIsItsOwnersMention) {
    struct Case {
        std::string text;
        Pairs expected;
    };
    const std::vector<Case> cases = {
        {"NATO’s Article 5, which inspired the proposed guarantees, was cited.",
         {{"nato", "NATO"}, {"north-atlantic-treaty", "Article 5"}}},
        {"NATO's Article 5, which inspired the proposed guarantees, was cited.",
         {{"nato", "NATO"}, {"north-atlantic-treaty", "Article 5"}}},
        {"NATOʼs Article 5 applies.", {{"nato", "NATO"}, {"north-atlantic-treaty", "Article 5"}}},
        {"NATO‘s Article 5 applies.", {{"nato", "NATO"}, {"north-atlantic-treaty", "Article 5"}}},
        {"NATO＇s Article 5 applies.", {{"nato", "NATO"}, {"north-atlantic-treaty", "Article 5"}}},
        {"NATO’S ARTICLE 5 APPLIES.", {{"nato", "NATO"}, {"north-atlantic-treaty", "ARTICLE 5"}}},
        {"NATO Article 5 applies.", {{"nato", "NATO"}, {"north-atlantic-treaty", "Article 5"}}},
        {"NATO’s Article Five applies.",
         {{"nato", "NATO"}, {"north-atlantic-treaty", "Article Five"}}},
        {"Under NATO's Article 5 allies must act.",
         {{"nato", "NATO"}, {"north-atlantic-treaty", "Article 5"}}},
        {"Trump’s peace plan leaves gaps.",
         {{"us", "Trump"}, {"us-peace-plan-2025", "peace plan"}}},
        {"Гарантії за статтею 5 НАТО.", {{"north-atlantic-treaty", "статтею 5"}, {"nato", "НАТО"}}},
        {"Гарантии по статье 5 НАТО.", {{"north-atlantic-treaty", "статье 5"}, {"nato", "НАТО"}}},
        {"статті 5 НАТО", {{"north-atlantic-treaty", "статті 5"}, {"nato", "НАТО"}}},
        // A title that names the treaty, not its owner's act, stays one mention.
        {"the NATO treaty", {{"north-atlantic-treaty", "NATO treaty"}}},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(tag(c.text), c.expected) << c.text;
    }
    // The owner's span ends before the apostrophe; the agreement's starts at "Article".
    const std::string seed = "NATO’s Article 5";
    const auto found = test::tagging().found(seed);
    ASSERT_EQ(found.size(), 2U);
    EXPECT_EQ(found[0].end, 4U);
    EXPECT_EQ(found[1].start, seed.find("Article"));
    EXPECT_EQ(found[1].end, seed.size());
}

// Plain possessives of other entities, with every apostrophe a text may carry.
TEST(TaggerHardCases, PossessiveOfAnyEntityWithAnyApostrophe) {
    struct Case {
        std::string text;
        Pairs expected;
    };
    const std::vector<Case> cases = {
        {"NATO’s summit opened.", {{"nato", "NATO"}}},
        {"NATO‘s summit opened.", {{"nato", "NATO"}}},
        {"NATO＇s summit opened.", {{"nato", "NATO"}}},
        {"Ukraine’s army held.", {{"ua", "Ukraine"}}},
        {"Ukraine‘s army held.", {{"ua", "Ukraine"}}},
        {"Ukraineʼs army held.", {{"ua", "Ukraine"}}},
        {"Russia’s forces advanced.", {{"ru", "Russia"}}},
        {"Russia＇s forces advanced.", {{"ru", "Russia"}}},
        {"Russia`s forces advanced.", {{"ru", "Russia"}}},
        {"Zaporizhzhia’s governor spoke.", {{"ua-23", "Zaporizhzhia"}}},
        {"Donetsk’s mayor spoke.", {{"ua-14", "Donetsk"}}},
        {"Kharkivʼs metro reopened.", {{"ua-63", "Kharkiv"}}},
        {"Kyiv’s negotiators and the EU’s envoy met the IAEA’s inspectors.",
         {{"ua", "Kyiv"}, {"eu", "EU"}, {"iaea", "IAEA"}}},
        {"the U.S.’s position", {{"us", "U.S."}}},
        {"Zelenskyy’s aides", {{"ua", "Zelenskyy"}}},
        {"the Zaporizhzhia’s nuclear power plant",
         {{"ua-23", "Zaporizhzhia’s nuclear power plant"}}},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(tag(c.text), c.expected) << c.text;
    }
}

// Issue 17, cross-script recall: a Ukrainian or Russian relational adjective of a place names
// the place, in any case form and in lower case, as Ukrainian and Russian write it ("харківський
// університет" is Kharkiv's university). Only places (entities that count for a region): the
// adjectives of states and capitals are demonyms and languages, with rules of their own.
TEST(TaggerHardCases, RelationalAdjectives) {
    struct Case {
        std::string text;
        Pairs expected;
    };
    const std::vector<Case> cases = {
        {"Студенти Харківського університету.", {{"ua-63", "Харківського"}}},
        {"харківський театр ляльок", {{"ua-63", "харківський"}}},
        {"Харьковский университет", {{"ua-63", "Харьковский"}}},
        {"херсонський міський суд", {{"ua-65", "херсонський"}}},
        {"Херсонского порта", {{"ua-65", "Херсонского"}}},
        {"на маріупольському напрямку", {{"ua-14", "маріупольському"}}},
        {"мариупольский порт", {{"ua-14", "мариупольский"}}},
        {"Донецький аеропорт", {{"ua-14", "Донецький"}}},
        {"донецких шахтёров", {{"ua-14", "донецких"}}},
        {"вінницьких родин", {{"ua-05", "вінницьких"}}},
        {"одеський порт", {{"ua-51", "одеський"}}},
        {"одесского порта", {{"ua-51", "одесского"}}},
        {"Сумська міська рада", {{"ua-59", "Сумська"}}},
        {"чорнобильської зони", {{"ua-32", "чорнобильської"}}},
        {"Запорожский автомобильный завод", {{"ua-23", "Запорожский"}}},
        {"Меджліс кримськотатарського народу", {{"ua-43", "кримськотатарського"}}},
        // An inhabitant's noun, with either apostrophe.
        {"Харків’янка розповіла", {{"ua-63", "Харків’янка"}}},
        {"продуктовий кошик харків'ян", {{"ua-63", "харків'ян"}}},
        {"львів'яни відкрили школу", {{"ua-46", "львів'яни"}}},
        // Not places: a language, a state's adjective, a word that only looks like one.
        {"українська мова", {}},
        {"київський торт", {}},
        {"англійська мова", {}},
        {"сумський", {{"ua-59", "сумський"}}},
        {"суми грошей", {}},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(tag(c.text), c.expected) << c.text;
    }
}

// In a longer Cyrillic name a relational adjective may be written in lower case.
TEST(TaggerHardCases, LowerCaseAdjectiveInsideALongerName) {
    EXPECT_EQ(tag("порушення мінських домовленостей"),
              (Pairs{{"minsk-ii", "мінських домовленостей"}}));
    EXPECT_EQ(tag("выполнение минских соглашений"), (Pairs{{"minsk-ii", "минских соглашений"}}));
    EXPECT_EQ(tag("донецька область"), (Pairs{{"ua-14", "донецька область"}}));
    // The noun of the name still needs its capital where the name has one.
    EXPECT_EQ(tag("запорізька аес"), (Pairs{}));
}

TEST(TaggerHardCases, UkrainianAndRussianInflection) {
    EXPECT_EQ(tag("Переговори у Києві, зустріч з Москвою, бої в Донецькій області."),
              (Pairs{{"ua", "Києві"}, {"ru", "Москвою"}, {"ua-14", "Донецькій області"}}));
    EXPECT_EQ(tag("В Киеве и Москве заявили о боях в Донецке и Донецкой области."),
              (Pairs{{"ua", "Киеве"},
                     {"ru", "Москве"},
                     {"ua-14", "Донецке"},
                     {"ua-14", "Донецкой области"}}));
}

TEST(TaggerHardCases, UnlistedCaseFormsMatchByStem) {
    // Neither form is listed in the gazetteer; their stems are.
    EXPECT_EQ(tag("Допомога Харкову надійшла."), (Pairs{{"ua-63", "Харкову"}}));
    // Plural "областях" meets the listed "Запорізькій області" by stem; "Херсонській", which
    // shares the noun, is found as a relational adjective of Херсон (RelationalAdjectives).
    EXPECT_EQ(tag("Бої у Херсонській та Запорізькій областях."),
              (Pairs{{"ua-65", "Херсонській"}, {"ua-23", "Запорізькій областях"}}));
    EXPECT_EQ(tag("Лідер Донецкой народной республикой"),
              (Pairs{{"ua-14", "Донецкой народной республикой"}}));
}

TEST(TaggerHardCases, ShortStemsDoNotCatchOrdinaryWords) {
    // "Суми" (Sumy) and "Китая" (China) have three-letter stems: "Сума" (sum) and "Кит"
    // (whale) are not them, even capitalised at the start of a sentence.
    EXPECT_EQ(tag("Сума угоди велика."), Pairs{});
    EXPECT_EQ(tag("Кит виплив."), Pairs{});
    EXPECT_EQ(tag("Обстріл Сум і Суми тривав."), (Pairs{{"ua-59", "Суми"}}));
}

TEST(TaggerHardCases, TwentyPointIsNotLostToTheHyphen) {
    EXPECT_EQ(tag("The 28-point plan was cut to a 20-point framework."),
              (Pairs{{"us-peace-plan-2025", "28-point plan"},
                     {"us-peace-plan-2025", "20-point framework"}}));
    EXPECT_EQ(tag("A 20 point plan."), (Pairs{{"us-peace-plan-2025", "20 point plan"}}));
}

TEST(TaggerHardCases, ArticleFiveCountsOnlyNearNato) {
    EXPECT_EQ(tag("Article 5 of the draft memorandum deals only with prisoner exchanges."),
              Pairs{});
    EXPECT_EQ(tag("The draft offers Ukraine guarantees modelled on Article 5, though Kyiv will "
                  "not join NATO."),
              (Pairs{{"ua", "Ukraine"},
                     {"north-atlantic-treaty", "Article 5"},
                     {"ua", "Kyiv"},
                     {"nato", "NATO"}}));
    EXPECT_EQ(tag("NATO's chief said Article Five was not on the table."),
              (Pairs{{"nato", "NATO"}, {"north-atlantic-treaty", "Article Five"}}));
    EXPECT_EQ(tag("The guarantee mirrors Article 5 and its promise of collective defence."),
              (Pairs{{"north-atlantic-treaty", "Article 5"}}));
    EXPECT_EQ(tag("The Alliance treats Article 5 as sacred."),
              (Pairs{{"nato", "Alliance"}, {"north-atlantic-treaty", "Article 5"}}));
    EXPECT_EQ(tag("The coalition is not an alliance, and Article 5 does not apply."), Pairs{});
    EXPECT_EQ(tag("Article 5 of the North Atlantic Treaty applies."),
              (Pairs{{"north-atlantic-treaty", "Article 5"},
                     {"north-atlantic-treaty", "North Atlantic Treaty"}}));
}

TEST(TaggerHardCases, ArticleFiveLikeFollowsTheSameRule) {
    EXPECT_EQ(tag("Article 5-like guarantees were offered to Ukraine outside NATO."),
              (Pairs{{"north-atlantic-treaty", "Article 5"}, {"ua", "Ukraine"}, {"nato", "NATO"}}));
    // Context counts per sentence: NATO in the previous sentence does not help.
    EXPECT_EQ(tag("NATO leaders met on Tuesday. Diplomats said the U.S. offer included Article "
                  "5-like guarantees."),
              (Pairs{{"nato", "NATO"}, {"us", "U.S."}}));
}

TEST(TaggerHardCases, ArticleFiftyOneAloneIsNotAMention) {
    EXPECT_EQ(tag("Article 51 of the UN Charter applies."), (Pairs{{"un-charter", "UN Charter"}}));
}

TEST(TaggerHardCases, DemonymsVersusLanguageNames) {
    EXPECT_EQ(tag("American officials drafted it, but the French text circulated in Paris."),
              (Pairs{{"us", "American"}, {"fr", "Paris"}}));
    EXPECT_EQ(tag("Russian-speaking residents of Kharkiv fear Russian troops."),
              (Pairs{{"ua-63", "Kharkiv"}, {"ru", "Russian"}}));
}

TEST(TaggerHardCases, ZelenskyySpellingsAndScriptsMeet) {
    EXPECT_EQ(tag("Zelensky, Zelenskiy and Zelenskyy are one man; so are Зеленський and "
                  "Зеленский."),
              (Pairs{{"ua", "Zelensky"},
                     {"ua", "Zelenskiy"},
                     {"ua", "Zelenskyy"},
                     {"ua", "Зеленський"},
                     {"ua", "Зеленский"}}));
    // Spellings the gazetteer does not list meet through the Latin key.
    EXPECT_EQ(tag("Zelenskij and Zelenski spoke."),
              (Pairs{{"ua", "Zelenskij"}, {"ua", "Zelenski"}}));
}

TEST(TaggerHardCases, NamesDoNotRunAcrossPunctuation) {
    EXPECT_EQ(tag("In Donetsk, region officials said so."), (Pairs{{"ua-14", "Donetsk"}}));
    EXPECT_EQ(tag("Kyiv (region) too."), (Pairs{{"ua", "Kyiv"}}));
    EXPECT_EQ(tag("Washington, D.C., officials"), (Pairs{{"us", "Washington, D.C."}}));
}

TEST(TaggerHardCases, KyivRegionIsTheOblastAndKyivAloneTheState) {
    EXPECT_EQ(tag("Air defence was active over the Kyiv region, and debris fell in Kyiv."),
              (Pairs{{"ua-32", "Kyiv region"}, {"ua", "Kyiv"}}));
}

}  // namespace
}  // namespace accord::analyzers
