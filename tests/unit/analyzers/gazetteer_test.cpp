// Gazetteer: loading rules of docs/gazetteer.md, on small directories each test writes.
#include "accord/analyzers/gazetteer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>

#include "accord/analyzers/analyzer.hpp"
#include "accord/analyzers/errors.hpp"

#include "analyzers_test_util.hpp"
#include "test_support.hpp"

namespace accord::analyzers {
namespace {

using accord::testing::TempDir;

/// Writes @p files (name → content) into a fresh directory and loads it.
class GazetteerDir {
public:
    using Files = std::initializer_list<std::pair<const std::string, std::string>>;
    explicit GazetteerDir(Files files) {
        for (const auto& [name, content] : files) {
            dir_.write(name, content);
        }
    }
    [[nodiscard]] Gazetteer load() const { return Gazetteer::load(dir_.path()); }
    [[nodiscard]] const std::filesystem::path& path() const { return dir_.path(); }

private:
    TempDir dir_;
};

/// The message of the GazetteerError loading @p files throws ("" if none).
std::string load_error(GazetteerDir::Files files) {
    try {
        (void)GazetteerDir(files).load();
    } catch (const GazetteerError& error) {
        return error.what();
    }
    return "";
}

const std::string kUkraine =
    R"j({"id": "ua", "type": "party", "kind": "state", "label": "Ukraine", "aliases": {"en": ["Ukraine"], "uk": ["Україна"]}})j"
    "\n";

/// Aliases of entity @p id whose folded tokens are @p words.
std::vector<const Alias*> aliases_of(const Gazetteer& gazetteer, std::string_view id,
                                     const std::vector<std::string>& words) {
    std::vector<const Alias*> found;
    const auto index = gazetteer.find(id);
    for (const Alias& alias : gazetteer.aliases()) {
        if (!index || alias.entity != *index || alias.tokens.size() != words.size()) {
            continue;
        }
        bool same = true;
        for (std::size_t k = 0; k < words.size(); ++k) {
            same = same && alias.tokens[k].text == words[k];
        }
        if (same) {
            found.push_back(&alias);
        }
    }
    return found;
}

TEST(Gazetteer, LoadsEntitiesWithTheirNames) {
    const Gazetteer gazetteer = GazetteerDir({{"10-states.jsonl", kUkraine}}).load();
    ASSERT_EQ(gazetteer.entities().size(), 1U);
    const auto index = gazetteer.find("ua");
    ASSERT_TRUE(index.has_value());
    const Entity& ua = gazetteer.entity(*index);
    EXPECT_EQ(ua.type, EntityType::kParty);
    EXPECT_EQ(ua.kind, "state");
    EXPECT_EQ(ua.label, "Ukraine");
    EXPECT_EQ(ua.facet, *index);
    EXPECT_EQ(ua.names, (std::vector<std::pair<std::string, std::string>>{{"en", "Ukraine"},
                                                                          {"uk", "Україна"}}));
    EXPECT_FALSE(gazetteer.find("us").has_value());
}

TEST(Gazetteer, CompilesCaseRules) {
    const Gazetteer gazetteer =
        GazetteerDir(
            {{"a.jsonl",
              R"j({"id": "x", "type": "agreement", "aliases": {"en": ["Grain Deal", "grain corridor", {"text": "US", "case": "exact"}, {"text": "EU"}, {"text": "turkey", "case": "title"}, {"text": "Alliance", "case": "any"}]}})j"
              "\n"}})
            .load();
    ASSERT_EQ(gazetteer.aliases().size(), 6U);
    const auto& aliases = gazetteer.aliases();
    EXPECT_EQ(aliases[0].case_rule, CaseRule::kTitle);  // has capitals: title by default
    EXPECT_TRUE(aliases[0].tokens[0].capitalised);
    EXPECT_EQ(aliases[1].case_rule, CaseRule::kAny);  // lower case: any by default
    EXPECT_EQ(aliases[2].case_rule, CaseRule::kExact);
    EXPECT_EQ(aliases[2].tokens[0].surface, "US");
    EXPECT_EQ(aliases[3].case_rule, CaseRule::kTitle);
    EXPECT_TRUE(aliases[3].tokens[0].short_acronym);  // two capitals: needs capitals in text
    EXPECT_FALSE(aliases[0].tokens[0].short_acronym);
    EXPECT_EQ(aliases[4].case_rule, CaseRule::kTitle);
    EXPECT_EQ(aliases[5].case_rule, CaseRule::kAny);
}

TEST(Gazetteer, FoldsNamesLikeTheTokenizer) {
    const Gazetteer gazetteer =
        GazetteerDir(
            {{"a.jsonl",
              R"j({"id": "tr", "type": "party", "aliases": {"en": ["Türkiye", "NATO's Article 5", "U.S.-drafted peace plan"]}})j"
              "\n"}})
            .load();
    EXPECT_EQ(aliases_of(gazetteer, "tr", {"turkiye"}).size(), 1U);
    EXPECT_EQ(aliases_of(gazetteer, "tr", {"nato", "article", "5"}).size(), 1U);
    EXPECT_EQ(aliases_of(gazetteer, "tr", {"u.s", "drafted", "peace", "plan"}).size(), 1U);
}

TEST(Gazetteer, ReadsEveryJsonlFileInNameOrderAndIgnoresOthers) {
    const Gazetteer gazetteer =
        GazetteerDir(
            {{"50-curated.jsonl",
              R"j({"extend": "ua", "label": "Ukraine (state)", "aliases": {"ru": ["Украина"]}})j"
              "\n"},
             {"10-countries.jsonl", kUkraine},
             {"README.md", "not a gazetteer file"},
             {"20-notes.txt", "{broken"}})
            .load();
    const Entity& ua = gazetteer.entity(*gazetteer.find("ua"));
    EXPECT_EQ(ua.label, "Ukraine (state)");
    ASSERT_EQ(ua.names.size(), 3U);
    EXPECT_EQ(ua.names.back(), (std::pair<std::string, std::string>{"ru", "Украина"}));
}

TEST(Gazetteer, IgnoresBlankAndCommentLines) {
    const Gazetteer gazetteer =
        GazetteerDir({{"a.jsonl", "// a comment\n\n   \n  // indented comment\r\n" + kUkraine}})
            .load();
    EXPECT_EQ(gazetteer.entities().size(), 1U);
}

TEST(Gazetteer, ExtendAddsAliasesAndOverridesLabelParentAndKind) {
    const Gazetteer gazetteer =
        GazetteerDir(
            {{"10-a.jsonl",
              kUkraine +
                  R"j({"id": "ua-14", "type": "region", "kind": "region", "label": "Donets'ka Oblast", "parent": "ua", "aliases": {"en": ["Donetska oblast"]}})j"
                  "\n"
                  R"j({"id": "donbas", "type": "region", "label": "Donbas"})j"
                  "\n"},
             {"50-b.jsonl",
              R"j({"extend": "ua-14", "label": "Donetsk Oblast", "kind": "oblast", "parent": "donbas", "aliases": {"en": ["Donetsk Oblast", "Donetsk region"]}})j"
              "\n"}})
            .load();
    const Entity& region = gazetteer.entity(*gazetteer.find("ua-14"));
    EXPECT_EQ(region.label, "Donetsk Oblast");
    EXPECT_EQ(region.kind, "oblast");
    EXPECT_EQ(region.parent, "donbas");
    EXPECT_EQ(region.names.size(), 3U);
    EXPECT_EQ(aliases_of(gazetteer, "ua-14", {"donetsk", "region"}).size(), 1U);
    EXPECT_EQ(aliases_of(gazetteer, "ua-14", {"donetska", "oblast"}).size(), 1U);
}

TEST(Gazetteer, SameTextAliasOnAnExtendReplacesTheGeneratedOne) {
    // docs/gazetteer.md, "Guards on generated names": the guarded alias must replace the plain
    // one, or the unguarded generated alias would still match.
    const GazetteerDir dir(
        {{"10-countries.jsonl",
          R"j({"id": "jo", "type": "party", "kind": "state", "label": "Jordan", "aliases": {"en": ["Jordan", "Hashemite Kingdom of Jordan"]}})j"
          "\n"},
         {"50-curated.jsonl",
          R"j({"extend": "jo", "aliases": {"en": [{"text": "Jordan", "person_guard": true}]}})j"
          "\n"}});
    auto gazetteer = std::make_shared<const Gazetteer>(dir.load());
    const auto jordan = aliases_of(*gazetteer, "jo", {"jordan"});
    ASSERT_EQ(jordan.size(), 1U);
    EXPECT_TRUE(jordan.front()->person_guard);
    const Entity& entity = gazetteer->entity(*gazetteer->find("jo"));
    EXPECT_EQ(entity.names.size(), 2U);  // "Jordan" once, not twice

    Analyzer analyzer(gazetteer);
    EXPECT_TRUE(analyzer.analyze("Michael Jordan said so.", "en").mentions.empty());
    EXPECT_EQ(analyzer.analyze("Jordan said so.", "en").mentions.size(), 1U);
}

TEST(Gazetteer, AliasesOfTheSameTextOnDifferentEntitiesAreKept) {
    const Gazetteer gazetteer =
        GazetteerDir({{"a.jsonl", R"j({"id": "cg", "type": "party", "aliases": {"en": ["Congo"]}})j"
                                  "\n"
                                  R"j({"id": "cd", "type": "party", "aliases": {"en": ["Congo"]}})j"
                                  "\n"}})
            .load();
    EXPECT_EQ(aliases_of(gazetteer, "cg", {"congo"}).size(), 1U);
    EXPECT_EQ(aliases_of(gazetteer, "cd", {"congo"}).size(), 1U);
}

TEST(Gazetteer, ForChainsResolveToTheFacetEntity) {
    const Gazetteer gazetteer =
        GazetteerDir(
            {{"a.jsonl",
              kUkraine +
                  R"j({"id": "kyiv", "kind": "capital", "for": "ua", "aliases": {"en": ["Kyiv"]}})j"
                  "\n"
                  R"j({"id": "bankova", "kind": "seat", "for": "kyiv", "aliases": {"en": ["Bankova"]}})j"
                  "\n"}})
            .load();
    const auto ua = *gazetteer.find("ua");
    EXPECT_EQ(gazetteer.entity(*gazetteer.find("kyiv")).facet, ua);
    EXPECT_EQ(gazetteer.entity(*gazetteer.find("bankova")).facet, ua);
    EXPECT_EQ(gazetteer.entity(*gazetteer.find("bankova")).stands_for, "kyiv");
    EXPECT_EQ(gazetteer.entity(*gazetteer.find("bankova")).type, EntityType::kNone);
}

TEST(Gazetteer, ForChainThatNeverReachesAFacetEntityIsAnError) {
    EXPECT_NE(load_error({{"a.jsonl", R"j({"id": "a", "for": "b"})j"
                                      "\n"
                                      R"j({"id": "b", "for": "a"})j"
                                      "\n"}})
                  .find("a.jsonl:1: 'for' chain of 'a' does not end in a typed entity"),
              std::string::npos);
    EXPECT_NE(load_error({{"a.jsonl", R"j({"id": "putin", "for": "ru"})j"
                                      "\n"}})
                  .find("a.jsonl:1: 'for' of 'putin' names unknown entity 'ru'"),
              std::string::npos);
}

struct BadLine {
    const char* name;
    const char* line;
    const char* message;
};

class GazetteerBadLine : public ::testing::TestWithParam<BadLine> {};

TEST_P(GazetteerBadLine, IsAGazetteerErrorNamingFileAndLine) {
    const BadLine& bad = GetParam();
    const std::string lists = R"j({"list": "actor_nouns", "words": ["officials"]})j"
                              "\n";
    const std::string error =
        load_error({{"10-good.jsonl", kUkraine},
                    {"50-bad.jsonl", std::string("// line 1\n\n") + bad.line + "\n"},
                    {"90-rules.jsonl", lists}});
    EXPECT_EQ(error.rfind("50-bad.jsonl:3: ", 0), 0U) << error;
    EXPECT_NE(error.find(bad.message), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(
    Gazetteer, GazetteerBadLine,
    ::testing::Values(
        BadLine{"InvalidJson", R"j({"id": "x", )j", "invalid JSON"},
        BadLine{"NotAnObject", R"j(["x"])j", "each line must be a JSON object"},
        BadLine{"DuplicateId", R"j({"id": "ua", "type": "party"})j",
                "duplicate entity id 'ua' (first at 10-good.jsonl:1)"},
        BadLine{"MissingId", R"j({"type": "party"})j", "entity without 'id'"},
        BadLine{"UnknownType", R"j({"id": "x", "type": "country"})j", "unknown type 'country'"},
        BadLine{"NeitherTypeNorFor", R"j({"id": "x", "label": "X"})j",
                "entity 'x' has neither 'type' nor 'for'"},
        BadLine{"CentreNotABoolean", R"j({"id": "x", "for": "ua", "centre": "yes"})j",
                "'centre' is true or false, on a place with 'for' (its region)"},
        BadLine{"CentreOfNothing", R"j({"id": "x", "type": "region", "centre": true})j",
                "'centre' is true or false, on a place with 'for' (its region)"},
        BadLine{"UnknownEntityField", R"j({"id": "x", "type": "party", "alias": ["X"]})j",
                "unknown field 'alias' in an entity record"},
        BadLine{
            "UnknownAliasField",
            R"j({"id": "x", "type": "party", "aliases": {"en": [{"text": "X", "unless_nxt": ["y"]}]}})j",
            "unknown field 'unless_nxt' in an alias"},
        BadLine{"UnknownExtendField", R"j({"extend": "ua", "type": "region"})j",
                "unknown field 'type' in an extend record"},
        BadLine{"ExtendOfUnknownEntity", R"j({"extend": "zz", "aliases": {"en": ["Z"]}})j",
                "'extend' names unknown entity 'zz'"},
        BadLine{"UnknownParent", R"j({"id": "x", "type": "region", "parent": "zz"})j",
                "parent 'zz' of 'x' is unknown"},
        BadLine{"StringFieldOfWrongType", R"j({"id": "x", "type": "party", "label": 5})j",
                "field 'label' must be a string"},
        BadLine{"AliasesNotAnObject", R"j({"id": "x", "type": "party", "aliases": "X"})j",
                "'aliases' must be an object of lists"},
        BadLine{"AliasListNotAList", R"j({"id": "x", "type": "party", "aliases": {"en": "X"}})j",
                "aliases of language 'en' must be a list"},
        BadLine{"AliasWithoutText",
                R"j({"id": "x", "type": "party", "aliases": {"en": [{"case": "any"}]}})j",
                "an alias must be a string or an object with a string 'text'"},
        BadLine{"AliasTextNotAString",
                R"j({"id": "x", "type": "party", "aliases": {"en": [{"text": 7}]}})j",
                "an alias must be a string or an object with a string 'text'"},
        BadLine{
            "UnknownCaseRule",
            R"j({"id": "x", "type": "party", "aliases": {"en": [{"text": "X", "case": "upper"}]}})j",
            "unknown case rule 'upper'"},
        BadLine{"CaseRuleOfWrongType",
                R"j({"id": "x", "type": "party", "aliases": {"en": [{"text": "X", "case": 1}]}})j",
                "bad alias \"X\""},
        BadLine{
            "UnknownWordList",
            R"j({"id": "x", "for": "ua", "aliases": {"en": [{"text": "Xish", "requires_next": "actor_verbs"}]}})j",
            "unknown word list 'actor_verbs'"},
        BadLine{
            "PersonGuardNotABoolean",
            R"j({"id": "x", "type": "party", "aliases": {"en": [{"text": "X", "person_guard": "yes"}]}})j",
            "'person_guard' of alias 'X' must be true or false"},
        BadLine{
            "RuleListNotAList",
            R"j({"id": "x", "type": "party", "aliases": {"en": [{"text": "X", "near": "nato"}]}})j",
            "rule lists must be arrays of strings"},
        BadLine{"AliasAcrossASentence",
                R"j({"id": "x", "type": "party", "aliases": {"en": ["End. Start"]}})j",
                "alias 'End. Start' spans a sentence boundary"},
        BadLine{"ListWithoutWords", R"j({"list": "actor_nouns"})j",
                "a list record needs 'list' and 'words'"},
        BadLine{"ListWordNotAString", R"j({"list": "extra", "words": ["a", 1]})j",
                "list words must be strings"}),
    [](const ::testing::TestParamInfo<BadLine>& param_info) {
        return std::string(param_info.param.name);
    });

TEST(Gazetteer, EmptyOrMissingDirectoryIsAnError) {
    TempDir empty;
    EXPECT_THROW((void)Gazetteer::load(empty.path()), GazetteerError);
    EXPECT_THROW((void)Gazetteer::load(empty.path() / "missing"), GazetteerError);
}

TEST(Gazetteer, ListsNamesLongestFirstByFirstToken) {
    const Gazetteer gazetteer =
        GazetteerDir(
            {{"a.jsonl",
              R"j({"id": "cg", "type": "party", "aliases": {"en": ["Republic of the Congo", "Congo"]}})j"
              "\n"
              R"j({"id": "cd", "type": "party", "aliases": {"en": ["Republic", "Democratic Republic of the Congo"]}})j"
              "\n"}})
            .load();
    const auto* list = gazetteer.by_first_token("republic");
    ASSERT_NE(list, nullptr);
    ASSERT_EQ(list->size(), 2U);
    EXPECT_EQ(gazetteer.aliases()[(*list)[0]].tokens.size(), 4U);
    EXPECT_EQ(gazetteer.aliases()[(*list)[1]].tokens.size(), 1U);
    EXPECT_EQ(gazetteer.by_first_token("Republic"), nullptr);  // lookups take folded text
    EXPECT_NE(gazetteer.by_first_token("democratic"), nullptr);
}

TEST(Gazetteer, IndexesCyrillicNamesByStem) {
    const Gazetteer gazetteer =
        GazetteerDir(
            {{"a.jsonl",
              R"j({"id": "ua-14", "type": "region", "aliases": {"uk": ["Донецька область", "Донеччина"]}})j"
              "\n"
              R"j({"id": "ua-59", "type": "region", "aliases": {"uk": ["Суми", "Сумська область"]}})j"
              "\n"
              R"j({"id": "nato", "type": "party", "aliases": {"uk": ["НАТО"]}})j"
              "\n"}})
            .load();
    const auto* donetsk = gazetteer.by_first_stem("донецьк");
    ASSERT_NE(donetsk, nullptr);
    EXPECT_EQ(gazetteer.aliases()[donetsk->front()].tokens[1].stem, "област");
    EXPECT_NE(gazetteer.by_first_stem("донеччин"), nullptr);
    // A one-word name with a stem under four letters only matches its listed forms.
    EXPECT_EQ(gazetteer.by_first_stem("сум"), nullptr);
    EXPECT_NE(gazetteer.by_first_stem("сумськ"), nullptr);  // longer names keep their stems
    // Acronyms are not stemmed.
    EXPECT_EQ(gazetteer.by_first_stem("нат"), nullptr);
}

TEST(Gazetteer, IndexesOneWordNamesByLatinKey) {
    const Gazetteer gazetteer =
        GazetteerDir(
            {{"a.jsonl",
              R"j({"id": "z", "for": "ua", "aliases": {"en": ["Zelenskyy", "Volodymyr Zelenskyy"], "uk": ["Зеленський"]}})j"
              "\n"
              R"j({"id": "ua", "type": "party", "aliases": {"en": [{"text": "UKR", "case": "exact"}, "Kyiv"]}})j"
              "\n"}})
            .load();
    const auto* keyed = gazetteer.by_latin_key("zelenski");
    ASSERT_NE(keyed, nullptr);
    EXPECT_EQ(keyed->size(), 2U);  // Zelenskyy and Зеленський, not the two-word name
    EXPECT_EQ(gazetteer.by_latin_key("ukr"), nullptr);  // exact names are never keyed
    EXPECT_EQ(gazetteer.by_latin_key("kiv"), nullptr);  // keys under five letters are not kept
}

TEST(Gazetteer, RecordsPunctuationBetweenTheTokensOfAName) {
    const Gazetteer gazetteer =
        GazetteerDir(
            {{"a.jsonl",
              R"j({"id": "us", "type": "party", "aliases": {"en": ["Washington, D.C.", "28-point plan", "Trump's peace plan", "Trump’s plan"]}})j"
              "\n"}})
            .load();
    const auto& aliases = gazetteer.aliases();
    ASSERT_EQ(aliases.size(), 4U);
    EXPECT_EQ(aliases[0].tokens[1].gap, ",");
    EXPECT_EQ(aliases[1].tokens[1].gap, "");
    EXPECT_EQ(aliases[2].tokens[1].gap, "");
    EXPECT_EQ(aliases[3].tokens[1].gap, "");
    EXPECT_EQ(aliases[0].tokens[0].gap, "");
}

TEST(Gazetteer, CompilesContextRulesAsFoldedPhrases) {
    const Gazetteer gazetteer =
        GazetteerDir(
            {{"a.jsonl",
              R"j({"id": "nat", "type": "agreement", "aliases": {"en": [{"text": "Article 5", "near": ["NATO", "collective defence"], "unless_near": ["Draft"], "unless_prev": ["state of"], "unless_next": ["Post"]}]}})j"
              "\n"}})
            .load();
    const Alias& alias = gazetteer.aliases().front();
    ASSERT_EQ(alias.near.size(), 2U);
    EXPECT_EQ(alias.near[0].words, std::vector<std::string>{"nato"});
    EXPECT_EQ(alias.near[0].capitalised, std::vector<bool>{true});
    EXPECT_EQ(alias.near[1].words, (std::vector<std::string>{"collective", "defence"}));
    EXPECT_EQ(alias.near[1].capitalised, (std::vector<bool>{false, false}));
    EXPECT_EQ(alias.unless_prev.front().words, (std::vector<std::string>{"state", "of"}));
    EXPECT_EQ(alias.unless_next.front().words, std::vector<std::string>{"post"});
    EXPECT_EQ(alias.unless_near.front().words, std::vector<std::string>{"draft"});
}

TEST(Gazetteer, WordListsMergeAcrossRecordsAndAreFolded) {
    const Gazetteer gazetteer =
        GazetteerDir({{"90-rules.jsonl",
                       R"j({"list": "actor_nouns", "words": ["officials", "Prime Minister"]})j"
                       "\n"
                       R"j({"list": "actor_nouns", "words": ["МЗС"]})j"
                       "\n"
                       R"j({"list": "coordinators", "words": ["and"]})j"
                       "\n"},
                      {"10-a.jsonl", kUkraine}})
            .load();
    const int index = gazetteer.word_list_index("actor_nouns");
    ASSERT_GE(index, 0);
    const auto& words = gazetteer.word_list(index);
    ASSERT_EQ(words.size(), 3U);
    EXPECT_EQ(words[1].words, (std::vector<std::string>{"prime", "minister"}));
    EXPECT_EQ(words[2].words, std::vector<std::string>{"мзс"});
    EXPECT_EQ(words[2].capitalised, std::vector<bool>{true});
    EXPECT_GE(gazetteer.word_list_index("coordinators"), 0);
    EXPECT_EQ(gazetteer.word_list_index("nothing"), -1);
}

TEST(Gazetteer, NameGuardExceptionsExtendTheBuiltInOnes) {
    const Gazetteer gazetteer =
        GazetteerDir(
            {{"10-a.jsonl", kUkraine},
             {"90-rules.jsonl", R"j({"list": "name_guard_exceptions", "words": ["Envoy"]})j"
                                "\n"}})
            .load();
    EXPECT_TRUE(gazetteer.is_name_guard_exception("envoy"));
    EXPECT_TRUE(gazetteer.is_name_guard_exception("president"));
    EXPECT_FALSE(gazetteer.is_name_guard_exception("michael"));
}

TEST(Gazetteer, BundledDirectoryHoldsTheShippedGazetteer) {
    const std::filesystem::path bundled = Gazetteer::bundled_directory();
    EXPECT_EQ(bundled.filename(), "gazetteer");
    EXPECT_FALSE(Gazetteer::load(bundled).entities().empty());
}

TEST(Gazetteer, ParsesEntityTypes) {
    EXPECT_EQ(parse_entity_type("party"), EntityType::kParty);
    EXPECT_EQ(parse_entity_type("region"), EntityType::kRegion);
    EXPECT_EQ(parse_entity_type("agreement"), EntityType::kAgreement);
    EXPECT_FALSE(parse_entity_type("person").has_value());
    EXPECT_EQ(to_string(EntityType::kRegion), "region");
    EXPECT_EQ(to_string(EntityType::kNone), "");
}

TEST(GapResidue, KeepsOnlyPunctuationThatNamesMustMatch) {
    EXPECT_EQ(gap_residue(" "), "");
    EXPECT_EQ(gap_residue("-"), "");
    EXPECT_EQ(gap_residue(" \n "), "");
    EXPECT_EQ(gap_residue("\u00A0"), "");
    EXPECT_EQ(gap_residue("\u2011"), "");
    EXPECT_EQ(gap_residue("'s "), "");
    EXPECT_EQ(gap_residue("’s "), "");
    EXPECT_EQ(gap_residue(", "), ",");
    EXPECT_EQ(gap_residue("\" "), "\"");
    EXPECT_EQ(gap_residue(" ("), "(");
    EXPECT_EQ(gap_residue(" 's"), "'s");  // a possessive only counts right after the word
}

TEST(GapResidue, GapMatchesComparesWithoutAllocating) {
    EXPECT_TRUE(gap_matches(" ", ""));
    EXPECT_TRUE(gap_matches("-", ""));
    EXPECT_TRUE(gap_matches("’s  ", ""));
    EXPECT_TRUE(gap_matches(", ", ","));
    EXPECT_TRUE(gap_matches(",", ","));
    EXPECT_FALSE(gap_matches(", ", ""));
    EXPECT_FALSE(gap_matches(" ", ","));
    EXPECT_FALSE(gap_matches("; ", ","));
    EXPECT_FALSE(gap_matches(",, ", ","));
}

TEST(DefaultGazetteer, HoldsTheContractIdsWithTheirTypes) {
    const auto gazetteer = test::default_gazetteer();
    const std::map<std::string, EntityType> expected = {
        {"us", EntityType::kParty},
        {"ua", EntityType::kParty},
        {"ru", EntityType::kParty},
        {"de", EntityType::kParty},
        {"gb", EntityType::kParty},
        {"fr", EntityType::kParty},
        {"cn", EntityType::kParty},
        {"tr", EntityType::kParty},
        {"nato", EntityType::kParty},
        {"eu", EntityType::kParty},
        {"un", EntityType::kParty},
        {"osce", EntityType::kParty},
        {"iaea", EntityType::kParty},
        {"g7", EntityType::kParty},
        {"ua-14", EntityType::kRegion},
        {"ua-23", EntityType::kRegion},
        {"ua-09", EntityType::kRegion},
        {"ua-65", EntityType::kRegion},
        {"ua-43", EntityType::kRegion},
        {"donbas", EntityType::kRegion},
        {"eastern-europe", EntityType::kRegion},
        {"black-sea", EntityType::kRegion},
        {"north-atlantic-treaty", EntityType::kAgreement},
        {"un-charter", EntityType::kAgreement},
        {"budapest-memorandum", EntityType::kAgreement},
        {"minsk-protocol", EntityType::kAgreement},
        {"minsk-ii", EntityType::kAgreement},
        {"helsinki-final-act", EntityType::kAgreement},
        {"black-sea-grain-initiative", EntityType::kAgreement},
        {"us-peace-plan-2025", EntityType::kAgreement},
    };
    for (const auto& [id, type] : expected) {
        const auto index = gazetteer->find(id);
        ASSERT_TRUE(index.has_value()) << id;
        EXPECT_EQ(gazetteer->entity(*index).type, type) << id;
        EXPECT_EQ(gazetteer->entity(*index).facet, *index) << id;
    }
    EXPECT_EQ(gazetteer->entity(*gazetteer->find("ua-14")).parent, "ua");
    EXPECT_EQ(gazetteer->entity(*gazetteer->find("ua-14")).label, "Donetsk Oblast");
    EXPECT_EQ(gazetteer->entity(*gazetteer->find("us")).label, "United States");
}

TEST(DefaultGazetteer, LeadersCapitalsAndCitiesStandForTheirFacetEntity) {
    const auto gazetteer = test::default_gazetteer();
    const std::map<std::string, std::string> expected = {
        {"zelenskyy", "ua"},   {"putin", "ru"},   {"trump", "us"},           {"kyiv", "ua"},
        {"washington", "us"},  {"kremlin", "ru"}, {"brussels", "eu"},        {"rutte", "nato"},
        {"mariupol", "ua-14"}, {"znpp", "ua-23"}, {"kharkiv-city", "ua-63"},
    };
    for (const auto& [id, facet] : expected) {
        const auto index = gazetteer->find(id);
        ASSERT_TRUE(index.has_value()) << id;
        EXPECT_EQ(gazetteer->entity(gazetteer->entity(*index).facet).id, facet) << id;
    }
}

TEST(DefaultGazetteer, PlacesInsideARegionNameItButWhatStandsForAStateDoesNot) {
    const auto gazetteer = test::default_gazetteer();
    auto region_of = [&](const char* id) -> std::string {
        const auto index = gazetteer->find(id);
        EXPECT_TRUE(index.has_value()) << id;
        const auto region = gazetteer->containing_region(*index);
        return region ? gazetteer->entity(*region).id : "-";
    };
    EXPECT_EQ(region_of("kharkiv-city"), "ua-63");
    EXPECT_EQ(region_of("mariupol"), "ua-14");
    EXPECT_EQ(region_of("znpp"), "ua-23");
    EXPECT_EQ(region_of("ua-14"), "-");  // a region is not inside itself
    EXPECT_EQ(region_of("kyiv"), "-");   // a capital stands for its state
    EXPECT_EQ(region_of("putin"), "-");  // and so does a leader
    EXPECT_EQ(region_of("ua"), "-");
}

// Issue 17: the bases a relational adjective is looked up by (input: a light stem).
TEST(RelationalBases, FromAdjectiveStems) {
    using Bases = std::vector<std::string_view>;
    const std::vector<std::pair<std::string, Bases>> cases = {
        {"харківськ", {"харківськ", "харків", "харківс"}},
        {"херсонск", {"херсонск", "херсон", "херсонс"}},
        {"вінницьк", {"вінницьк", "вінниц"}},
        {"донецьк", {"донецьк", "донец"}},
        {"одеськ", {"одеськ", "оде", "одес"}},
        {"маріупольськ", {"маріупольськ", "маріупол", "маріупольс"}},
        {"харків'ян", {"харків"}},
        {"кримськотатарськ", {"кримськотатарськ", "кримськотатар", "кримськотатарс", "крим"}},
        {"харків", {}},
        {"область", {}},
        {"ськ", {}},
    };
    for (const auto& [stem, expected] : cases) {
        EXPECT_EQ(relational_bases(stem), expected) << stem;
    }
}

}  // namespace
}  // namespace accord::analyzers
