// The tagger measured on the hand-labelled fixtures of tests/fixtures/tagger/ (README.md there):
// the seed story must come out exactly; on labelled.jsonl mention-level precision and recall,
// overall and per style, must stay above the floors recorded in docs/tagger-evaluation.md.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers_test_util.hpp"

namespace accord::analyzers::test {
namespace {

using nlohmann::json;

std::vector<json> read_jsonl(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << "cannot open " << path;
    std::vector<json> records;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            records.push_back(json::parse(line));
        }
    }
    return records;
}

TEST(TaggerEvaluation, SeedStoryMatchesExpectedMentionsExactly) {
    const std::string text =
        accord::testing::read_file(accord::testing::fixture("tagger/seed-story.txt"));
    std::vector<Found> expected;
    for (const json& record :
         read_jsonl(accord::testing::fixture("tagger/seed-story.expected.jsonl"))) {
        expected.push_back(
            {record.at("id").get<std::string>(), record.at("text").get<std::string>(),
             record.at("start").get<std::uint32_t>(), record.at("end").get<std::uint32_t>()});
    }
    ASSERT_EQ(expected.size(), 28U);

    Analyzer analyzer(default_gazetteer());
    const Analysis analysis = analyzer.analyze(text);  // language detected, as accord-analyze does
    EXPECT_EQ(analysis.language, "en");
    std::vector<Found> actual;
    for (const Mention& mention : analysis.mentions) {
        actual.push_back({analyzer.gazetteer().entity(mention.entity).id,
                          text.substr(mention.start, mention.end - mention.start), mention.start,
                          mention.end});
    }
    EXPECT_EQ(actual, expected);
}

/// Mention counts of one group of lines.
struct Score {
    int gold = 0;
    int predicted = 0;
    int correct = 0;

    [[nodiscard]] double precision() const {
        return predicted == 0 ? 1.0 : static_cast<double>(correct) / predicted;
    }
    [[nodiscard]] double recall() const {
        return gold == 0 ? 1.0 : static_cast<double>(correct) / gold;
    }
    [[nodiscard]] double f1() const {
        const double p = precision();
        const double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
    void add(const Score& other) {
        gold += other.gold;
        predicted += other.predicted;
        correct += other.correct;
    }
};

struct Evaluation {
    Score overall;
    std::map<std::string, Score> by_style;
    std::vector<std::string> misses;           // gold mentions not found
    std::vector<std::string> false_positives;  // predicted mentions not in the gold set
};

/// Lines where the fixture's offset convention (first occurrence at or after the previous
/// mention) picks the wrong occurrence: the labelled mention is a later one, because the earlier
/// one is by the rulebook not a mention ("the Washington Post", "the state of Washington",
/// "Michael Jordan"). Each entry: line, mention text, occurrences to skip. Reported to the
/// fixture's owners; remove an entry once the fixture gives explicit offsets for it.
struct Erratum {
    std::size_t line;
    std::string_view text;
    int skip;
};
constexpr Erratum kErrata[] = {
    {131, "Washington", 1},  // "the Washington Post ... the briefing in Washington"
    {134, "Washington", 1},  // "The state of Washington has no seat ..., but Washington does."
    {137, "Jordan", 1},      // "Michael Jordan ... said Jordan could mediate"
};

/// Gold spans: each entity text is searched from the end of the previous mention (README.md),
/// corrected by kErrata when @p errata is set.
std::vector<Found> gold_mentions(const json& record, std::size_t line, bool errata) {
    const std::string text = record.at("text").get<std::string>();
    std::vector<Found> gold;
    std::size_t from = 0;
    for (const json& entity : record.at("entities")) {
        const std::string surface = entity.at("text").get<std::string>();
        std::size_t at = text.find(surface, from);
        for (const Erratum& erratum : kErrata) {
            if (errata && erratum.line == line && erratum.text == surface) {
                for (int k = 0; k < erratum.skip && at != std::string::npos; ++k) {
                    at = text.find(surface, at + surface.size());
                }
            }
        }
        EXPECT_NE(at, std::string::npos) << "line " << line << ": '" << surface << "' not found";
        if (at == std::string::npos) {
            continue;
        }
        gold.push_back({entity.at("id").get<std::string>(), surface, static_cast<std::uint32_t>(at),
                        static_cast<std::uint32_t>(at + surface.size())});
        from = at + surface.size();
    }
    return gold;
}

Evaluation evaluate(bool errata) {
    Evaluation evaluation;
    Analyzer analyzer(default_gazetteer());
    std::size_t line = 0;
    for (const json& record : read_jsonl(accord::testing::fixture("tagger/labelled.jsonl"))) {
        ++line;
        const std::string text = record.at("text").get<std::string>();
        const std::string style = record.at("style").get<std::string>();
        const std::vector<Found> gold = gold_mentions(record, line, errata);

        // The language is given, as the indexer does when a record carries one.
        const Analysis analysis = analyzer.analyze(text, record.at("lang").get<std::string>());
        std::vector<Found> predicted;
        for (const Mention& mention : analysis.mentions) {
            predicted.push_back({analyzer.gazetteer().entity(mention.entity).id,
                                 text.substr(mention.start, mention.end - mention.start),
                                 mention.start, mention.end});
        }

        Score score;
        score.gold = static_cast<int>(gold.size());
        score.predicted = static_cast<int>(predicted.size());
        std::vector<bool> used(gold.size(), false);
        for (const Found& mention : predicted) {
            bool hit = false;
            for (std::size_t g = 0; g < gold.size(); ++g) {
                if (!used[g] && gold[g] == mention) {
                    used[g] = true;
                    hit = true;
                    break;
                }
            }
            if (hit) {
                ++score.correct;
            } else {
                std::ostringstream out;
                out << "line " << line << " [" << style << "] " << mention << " in: " << text;
                evaluation.false_positives.push_back(out.str());
            }
        }
        for (std::size_t g = 0; g < gold.size(); ++g) {
            if (!used[g]) {
                std::ostringstream out;
                out << "line " << line << " [" << style << "] " << gold[g] << " in: " << text;
                evaluation.misses.push_back(out.str());
            }
        }
        evaluation.overall.add(score);
        evaluation.by_style[style].add(score);
    }
    EXPECT_EQ(line, 178U);
    return evaluation;
}

void print_row(const std::string& name, const Score& score) {
    std::printf("| %-9s | %4d | %4d | %4d | %.3f | %.3f | %.3f |\n", name.c_str(), score.gold,
                score.predicted, score.correct, score.precision(), score.recall(), score.f1());
}

// Floors: slightly below what the tagger achieves (docs/tagger-evaluation.md has the figures),
// so that a change that loses mentions or invents them fails here. The smallest style has 28
// mentions: 0.95 lets one slip per style, 0.99 about five overall.
constexpr double kOverallFloor = 0.99;
constexpr double kStyleFloor = 0.95;

TEST(TaggerEvaluation, LabelledSetPrecisionAndRecallStayAboveFloors) {
    const Evaluation evaluation = evaluate(/*errata=*/true);

    std::printf("| style     | gold | pred | hit  | P     | R     | F1    |\n");
    std::printf("|-----------|------|------|------|-------|-------|-------|\n");
    for (const auto& [style, score] : evaluation.by_style) {
        print_row(style, score);
    }
    print_row("overall", evaluation.overall);
    for (const std::string& miss : evaluation.misses) {
        std::printf("miss: %s\n", miss.c_str());
    }
    for (const std::string& extra : evaluation.false_positives) {
        std::printf("false positive: %s\n", extra.c_str());
    }

    EXPECT_EQ(evaluation.overall.gold, 499);
    EXPECT_EQ(evaluation.by_style.size(), 8U);
    EXPECT_GE(evaluation.overall.precision(), kOverallFloor);
    EXPECT_GE(evaluation.overall.recall(), kOverallFloor);
    for (const auto& [style, score] : evaluation.by_style) {
        EXPECT_GE(score.precision(), kStyleFloor) << style;
        EXPECT_GE(score.recall(), kStyleFloor) << style;
    }
}

TEST(TaggerEvaluation, FixtureOffsetConventionAloneCostsOnlyTheErrata) {
    // Without the errata, the README's first-occurrence rule puts three gold mentions on the
    // wrong occurrence; the tagger finds the intended ones, so each costs one miss and one
    // false positive, and nothing else changes.
    const Evaluation raw = evaluate(/*errata=*/false);
    const Evaluation fixed = evaluate(/*errata=*/true);
    std::printf("without errata: P %.3f R %.3f\n", raw.overall.precision(), raw.overall.recall());
    EXPECT_EQ(raw.overall.gold, fixed.overall.gold);
    EXPECT_EQ(raw.overall.predicted, fixed.overall.predicted);
    EXPECT_EQ(raw.overall.correct + static_cast<int>(std::size(kErrata)), fixed.overall.correct);
}

}  // namespace
}  // namespace accord::analyzers::test
