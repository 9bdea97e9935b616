// The query language as tables of {query, expected}, in the manner of Xapian's own query
// parser tests: what the lexer cuts, which queries count as upper-case text, the Xapian query
// each query compiles to (strict and relaxed), date bounds, and the errors.
#include "accord/search/query_parser.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "accord/analyzers/analyzer.hpp"
#include "accord/schema/terms.hpp"
#include "accord/search/errors.hpp"
#include "accord/search/query_lexer.hpp"

#include "test_support.hpp"

namespace accord::search {
namespace {

// --- the lexer ---------------------------------------------------------------------------

std::string describe(const Lexeme& lexeme) {
    switch (lexeme.kind) {
        case LexKind::kWord:
            return std::string(lexeme.sign != 0 ? 1 : 0, lexeme.sign) + "w:" + lexeme.text +
                   (lexeme.wildcard ? "*" : "");
        case LexKind::kPhrase:
            return std::string(lexeme.sign != 0 ? 1 : 0, lexeme.sign) + "p:" + lexeme.text;
        case LexKind::kField:
            return "f:" + lexeme.field + "=" + lexeme.text + (lexeme.quoted ? "(q)" : "");
        case LexKind::kOpen:
            return "(";
        case LexKind::kClose:
            return ")";
        case LexKind::kAnd:
            return "AND";
        case LexKind::kOr:
            return "OR";
        case LexKind::kNot:
            return "NOT";
        case LexKind::kNear:
            return "NEAR/" + std::to_string(lexeme.near_window);
    }
    return "?";
}

std::string describe(const LexedQuery& lexed) {
    std::string out = lexed.upper_case_text ? "[text] " : "";
    for (const Lexeme& lexeme : lexed.lexemes) {
        out += describe(lexeme) + " ";
    }
    if (!out.empty()) {
        out.pop_back();
    }
    return out;
}

struct LexCase {
    const char* query;
    const char* expected;
};

const LexCase kLexCases[] = {
    {"security guarantees", "w:security w:guarantees"},
    {"nato OR alliance", "w:nato OR w:alliance"},
    {"a AND b && c || d", "w:a AND w:b AND w:c OR w:d"},
    {"sanctions AND (Iran OR Syria)", "w:sanctions AND ( w:Iran OR w:Syria )"},
    {"guarantees NOT Zelenskyy", "w:guarantees NOT w:Zelenskyy"},
    {"ceasefire NEAR violations", "w:ceasefire NEAR/10 w:violations"},
    {"ceasefire NEAR/3 violations", "w:ceasefire NEAR/3 w:violations"},
    {"a NEAR/x b", "w:a w:NEAR/x w:b"},  // not a distance: a word
    {"and or not", "w:and w:or w:not"},  // operators are upper case
    {"\"armed attack\" -russia +kyiv", "p:armed attack -w:russia +w:kyiv"},
    {"\"unclosed phrase", "p:unclosed phrase"},
    {"nucl* a*", "w:nucl* w:a*"},
    {"title:\"peace plan\" party:ua,ru", "f:title=peace plan(q) f:party=ua,ru"},
    {"DATE:2025 foo:bar", "f:date=2025 w:foo:bar"},
    {"- + -- U.S.-led", "w:- w:+ -w:- w:U.S.-led"},
    // Wholly upper case: operators and parentheses are text.
    {"BORDER DISPUTE BETWEEN ISRAEL AND SYRIA .",
     "[text] w:BORDER w:DISPUTE w:BETWEEN w:ISRAEL w:AND w:SYRIA w:."},
    {"TALKS (SECRET) OR NOT NEAR PUBLIC", "[text] w:TALKS w:SECRET w:OR w:NOT w:NEAR w:PUBLIC"},
    {"IRAN OR SYRIA party:ua", "[text] w:IRAN w:OR w:SYRIA f:party=ua"},
    {"VIET NAM'S WAR DEC . 12", "[text] w:VIET w:NAM'S w:WAR w:DEC w:. w:12"},
};

TEST(QueryLexer, CutsQueriesIntoLexemes) {
    for (const LexCase& test : kLexCases) {
        EXPECT_EQ(describe(lex_query(test.query)), test.expected) << test.query;
    }
}

struct UpperCase {
    const char* query;
    bool upper;
};

const UpperCase kUpperCases[] = {
    {"BORDER DISPUTE BETWEEN ISRAEL AND SYRIA .", true},
    {"TALKS BETWEEN PORTUGAL AND THE U.S . ON ITS AFRICAN POSSESSIONS .", true},
    {"НАТО І УКРАЇНА", true},          // any cased script
    {"IRAN OR SYRIA party:ua", true},  // field values do not count
    {"NATO", true},
    {"sanctions AND (Iran OR Syria)", false},
    {"Iran OR Syria", false},
    {"NATO and EU", false},  // one lower-case word is enough
    {"A", false},            // a single letter says nothing
    {"AND OR NOT", false},   // operator words alone are not text
    {"1949 1950", false},    // no letters
    {"Київ", false},
    {"", false},
};

TEST(QueryLexer, TellsUpperCaseText) {
    for (const UpperCase& test : kUpperCases) {
        EXPECT_EQ(is_upper_case_query(test.query), test.upper) << test.query;
    }
}

// --- the parser ---------------------------------------------------------------------------

class QueryParsing : public ::testing::Test {
protected:
    QueryParsing()
        : gazetteer_(std::make_shared<const analyzers::Gazetteer>(
              analyzers::Gazetteer::load(accord::testing::source_dir() / "data" / "gazetteer"))),
          analyzer_(gazetteer_),
          parser_(analyzer_, terms_) {}

    std::string strict(const std::string& query) {
        return parser_.parse(query, nullptr).query.get_description();
    }
    std::string relaxed(const std::string& query) {
        return parser_.parse(query, nullptr, DefaultOperator::kAnyWord).query.get_description();
    }

    std::shared_ptr<const analyzers::Gazetteer> gazetteer_;
    analyzers::Analyzer analyzer_;
    schema::TermMaker terms_;
    QueryParser parser_;
};

struct ParseCase {
    const char* query;
    const char* expected;  ///< Xapian's description of the compiled query
};

const ParseCase kParseCases[] = {
    // Words: every word for up to four, any word beyond (then BM25 ranks).
    {"security guarantees", "Query((secur AND guarante))"},
    {"Security Guarantees for Ukraine after the war ends",
     "Query((secur OR guarante OR (ukrain OR 0.5 * XEua) OR after OR war OR end))"},
    // Entity names also match every other name of the entity, at half weight.
    {"Kiev", "Query((kiev OR 0.5 * XEkyiv))"},
    {"Zelensky", "Query((zelenski OR 0.5 * XEzelenskyy))"},
    // A region also finds its towns (XI), a regional centre its region, at half weight again;
    // a town that is no centre, a capital and a negated name stay themselves.
    {"Donetsk region",
     "Query(((donetsk PHRASE 2 region) OR 0.5 * (XEua-14 OR 0.5 * XIua-14)))"},
    {"Kharkov", "Query((kharkov OR 0.5 * (XEkharkiv-city OR 0.5 * XEua-63)))"},
    {"Mariupol", "Query((mariupol OR 0.5 * XEmariupol))"},
    {"grain -Kharkov", "Query((grain AND_NOT (kharkov OR 0.5 * XEkharkiv-city)))"},
    // Phrases keep the positions of the words the index leaves out.
    {"\"Charter of the United Nations\"", "Query((charter PHRASE 5 unit PHRASE 5 nation))"},
    {"20-point plan", "Query(((20 PHRASE 3 point PHRASE 3 plan) OR 0.5 * XEus-peace-plan-2025))"},
    // A hyphenated word is also its closed-up form.
    {"cease-fire", "Query(((ceas PHRASE 2 fire) OR ceasefir))"},
    // Operators.
    {"nato OR alliance", "Query(((nato OR 0.5 * XEnato) OR allianc))"},
    {"sanctions AND (Iran OR Syria)",
     "Query((sanction AND ((iran OR 0.5 * XEir) OR (syria OR 0.5 * XEsy))))"},
    {"(Enerhodar OR Odesa) AND grid",
     "Query((((enerhodar OR 0.5 * XEenerhodar) OR (odesa OR 0.5 * (XEodesa-city OR 0.5 * "
     "XEua-51))) AND grid))"},
    {"ceasefire NOT Russia", "Query((ceasefir AND_NOT (russia OR 0.5 * XEru)))"},
    {"sanctions -russia", "Query((sanction AND_NOT (russia OR 0.5 * XEru)))"},
    {"+kyiv talks", "Query(((kyiv OR 0.5 * XEkyiv) AND talk))"},
    {"NOT ceasefire", "Query((<alldocuments> AND_NOT ceasefir))"},
    {"ceasefire NEAR violations", "Query((ceasefir NEAR 12 violat))"},
    {"ceasefire NEAR/3 violations", "Query((ceasefir NEAR 5 violat))"},
    {"\"peace plan\" NEAR/2 Ukraine", "Query((peac NEAR 5 plan NEAR 5 ukrain))"},
    {"ceasefire NEAR party:ua", "Query((ceasefir FILTER XPua))"},
    {"nucl*", "Query(WILDCARD SYNONYM nucl)"},
    // Fields.
    {"title:ceasefire", "Query(Sceasefir)"},
    {"title:\"peace plan\"", "Query((Speac PHRASE 2 Splan))"},
    {"party:ua", "Query((<alldocuments> FILTER XPua))"},
    {"party:ua,ru grain", "Query((grain FILTER (XPua OR XPru)))"},
    {"party:Zelensky", "Query((<alldocuments> FILTER XPua))"},
    {"region:ua-14", "Query((<alldocuments> FILTER XRua-14))"},
    {"agreement:minsk-ii", "Query((<alldocuments> FILTER XAminsk-ii))"},
    {"type:treaty attack", "Query((attack FILTER XTtreaty))"},
    {"lang:UK", "Query((<alldocuments> FILTER Luk))"},
    {"-party:ru grain", "Query((grain AND_NOT XPru))"},
    {"date:2025-01-01..2025-06-30",
     "Query((<alldocuments> FILTER VALUE_RANGE 0 20250101 20250630))"},
    {"date:2025", "Query((<alldocuments> FILTER VALUE_RANGE 0 20250101 20251231))"},
    {"date:2024-02", "Query((<alldocuments> FILTER VALUE_RANGE 0 20240201 20240229))"},
    {"date:..2024-12-31", "Query((<alldocuments> FILTER VALUE_RANGE 0 00000101 20241231))"},
    {"date:2025..", "Query((<alldocuments> FILTER VALUE_RANGE 0 20250101 99991231))"},
    {"foo:bar", "Query((foo AND bar))"},  // an unknown field is words
    // Forgiven: stray operators and unbalanced brackets and quotes.
    {"AND ceasefire OR", "Query(ceasefir)"},
    {"(ceasefire", "Query(ceasefir)"},
    {"ceasefire)) grain", "Query((ceasefir OR grain))"},
    {"\"armed attack", "Query((arm PHRASE 2 attack))"},
    // Upper-case text: its operator words are words (here stopwords), its punctuation noise.
    {"BORDER DISPUTE BETWEEN ISRAEL AND SYRIA .",
     "Query((border OR disput OR between OR (israel OR 0.5 * XEil) OR (syria OR 0.5 * XEsy)))"},
    {"CONTINUING CONFLICT BETWEEN INDIA AND PAKISTAN OVER KASHMIR .",
     "Query((continu OR conflict OR between OR (india OR 0.5 * XEin) OR (pakistan OR 0.5 * XEpk) "
     "OR over OR kashmir))"},
    {"TALKS WITH THE U.S . ON TROUBLES", "Query((talk AND (u.s OR 0.5 * XEus) AND troubl))"},
    {"VIET NAM'S WAR DEC . 12", "Query((((viet PHRASE 2 nam) OR 0.5 * XEvn) OR war OR dec OR 12))"},
    {"CEASE-FIRE IN KASHMIR", "Query((((ceas PHRASE 2 fire) OR ceasefir) AND kashmir))"},
    {"TALKS (SECRET) NOT PUBLIC", "Query((talk AND secret AND public))"},
    {"IRAN OR SYRIA party:ua",
     "Query((((iran OR 0.5 * XEir) AND (syria OR 0.5 * XEsy)) FILTER XPua))"},
};

TEST_F(QueryParsing, CompilesEachQuery) {
    for (const ParseCase& test : kParseCases) {
        EXPECT_EQ(strict(test.query), test.expected) << test.query;
    }
}

// Relaxed, a query keeps its filters and exclusions, and any of its words will do.
const ParseCase kRelaxedCases[] = {
    {"security guarantees", "Query((secur OR guarante))"},
    {"\"armed attack\"", "Query((arm OR attack))"},
    {"cease-fire", "Query((ceas OR fire))"},
    {"sanctions AND (Iran OR Syria)",
     "Query((sanction OR ((iran OR 0.5 * XEir) OR (syria OR 0.5 * XEsy))))"},
    {"ceasefire NEAR/3 violations", "Query((ceasefir OR violat))"},
    {"+kyiv talks", "Query(((kyiv OR 0.5 * XEkyiv) OR talk))"},
    {"ceasefire NOT Russia", "Query((ceasefir AND_NOT (russia OR 0.5 * XEru)))"},
    {"grain AND ship party:ua", "Query(((grain OR ship) FILTER XPua))"},
    {"IRAN OR SYRIA party:ua",
     "Query((((iran OR 0.5 * XEir) OR (syria OR 0.5 * XEsy)) FILTER XPua))"},
};

TEST_F(QueryParsing, RelaxesToAnyWord) {
    for (const ParseCase& test : kRelaxedCases) {
        EXPECT_EQ(relaxed(test.query), test.expected) << test.query;
    }
}

TEST_F(QueryParsing, SaysWhichQueriesUsedOperators) {
    for (const char* query : {"\"armed attack\"", "a AND b", "+kyiv talks", "a NEAR b"}) {
        EXPECT_TRUE(parser_.parse(query, nullptr).operators) << query;
    }
    // OR, NOT, -word, a one-word phrase and upper-case text narrow nothing beyond the words.
    for (const char* query :
         {"nato OR alliance", "guarantees NOT x", "sanctions -russia", "\"ceasefire\"",
          "BORDER DISPUTE BETWEEN ISRAEL AND SYRIA", "security guarantees"}) {
        EXPECT_FALSE(parser_.parse(query, nullptr).operators) << query;
    }
    EXPECT_TRUE(parser_.parse("BORDER AND SYRIA", nullptr).upper_case_text);
    EXPECT_FALSE(parser_.parse("border AND Syria", nullptr).upper_case_text);
}

TEST_F(QueryParsing, PairsNeighbouringWordsForProximity) {
    const ParsedQuery parsed = parser_.parse("dielectric constant of liquids", nullptr);
    ASSERT_EQ(parsed.ordered_pairs.size(), 2U);
    EXPECT_EQ(parsed.ordered_pairs[0].get_description(), "Query((dielectr PHRASE 2 constant))");
    // "of" stands between them: in order, within three positions.
    EXPECT_EQ(parsed.ordered_pairs[1].get_description(), "Query((constant PHRASE 3 liquid))");
    EXPECT_EQ(parsed.unordered_pairs[1].get_description(), "Query((constant NEAR 10 liquid))");
    // Excluded words and single words pair with nothing.
    EXPECT_TRUE(parser_.parse("ceasefire -russia", nullptr).ordered_pairs.empty());
}

TEST_F(QueryParsing, HighlightsWhatMatches) {
    const ParsedQuery parsed = parser_.parse("Kiev guarantees -russia cease-fire", nullptr);
    EXPECT_EQ(parsed.highlight_terms,
              (std::set<std::string>{"ceas", "ceasefir", "fire", "guarante", "kiev"}));
    EXPECT_EQ(parsed.highlight_entities, (std::set<std::string>{"kyiv"}));
    EXPECT_EQ(parsed.entity_terms, (std::set<std::string>{"XEkyiv"}));
    // A region marks its towns, and its snippets look up one XI term for all of them.
    const ParsedQuery region = parser_.parse("Donetsk region", nullptr);
    EXPECT_TRUE(region.highlight_entities.count("ua-14"));
    EXPECT_TRUE(region.highlight_entities.count("mariupol"));
    EXPECT_TRUE(region.highlight_entities.count("donetsk-city"));
    EXPECT_EQ(region.entity_terms, (std::set<std::string>{"XEua-14", "XIua-14"}));
    // A regional centre marks its region's own name, not the region's other towns.
    const ParsedQuery centre = parser_.parse("Kharkov", nullptr);
    EXPECT_EQ(centre.highlight_entities, (std::set<std::string>{"kharkiv-city", "ua-63"}));
    EXPECT_EQ(centre.entity_terms, (std::set<std::string>{"XEkharkiv-city", "XEua-63"}));
}

struct BadQuery {
    std::string query;
    const char* code;
};

TEST_F(QueryParsing, RefusesWhatCannotBeSearched) {
    const std::vector<BadQuery> cases = {
        {"\xff\xfe", "invalid_utf8"},
        {std::string(5000, 'a'), "query_too_long"},
        {"date:2025-13", "invalid_date"},
        {"date:2025-02-30", "invalid_date"},
        {"date:2025..2024", "invalid_date"},
        {"date:..", "invalid_date"},
        {"party:\"Not A Country\"", "unknown_entity"},
    };
    for (const BadQuery& test : cases) {
        try {
            (void)parser_.parse(test.query, nullptr);
            ADD_FAILURE() << "no error for " << test.query;
        } catch (const InvalidRequest& error) {
            EXPECT_EQ(error.code(), test.code) << test.query;
        }
    }
}

// --- date bounds --------------------------------------------------------------------------

struct DateCase {
    const char* text;
    bool end;
    const char* expected;
};

const DateCase kDateCases[] = {
    {"2025", false, "20250101"},       {"2025", true, "20251231"},
    {"2025-03", false, "20250301"},    {"2025-04", true, "20250430"},
    {"2024-02", true, "20240229"},     {"2023-02", true, "20230228"},
    {"2025-06-15", false, "20250615"}, {"2025-06-15", true, "20250615"},
};

TEST(DateBound, GivesTheFirstOrLastDayCovered) {
    for (const DateCase& test : kDateCases) {
        EXPECT_EQ(date_bound(test.text, test.end), test.expected) << test.text;
    }
    for (const char* bad : {"", "25", "2025-1", "2025--1", "2025-00", "2025-13", "2025-02-29",
                            "2025-6-15", "2025/06/15", "20250615", "2025-06-15x"}) {
        EXPECT_THROW((void)date_bound(bad, false), InvalidRequest) << bad;
    }
}

}  // namespace
}  // namespace accord::search
