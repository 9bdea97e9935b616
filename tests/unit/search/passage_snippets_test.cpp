// Snippets of long texts: found from the position lists, wherever in a 300 KB text the match
// is, with entity aliases still marked, several passages for a long text.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "search_fixture.hpp"

namespace accord::search {
namespace {

using accord::testing::build_database;
using accord::testing::TempDir;
using accord::testing::test_gazetteer;

/// Filler prose that matches none of the tests' queries.
std::string filler(std::size_t bytes, std::size_t seed) {
    static const char* const kWords[] = {"committee", "members", "reviewed", "annual",
                                         "budget",    "figures", "without",  "comment",
                                         "during",    "morning", "session",  "records"};
    std::string out;
    std::size_t n = seed;
    while (out.size() < bytes) {
        out += kWords[n % 12];
        out += (n % 17 == 16) ? ". " : " ";
        n = n * 7 + 3;
    }
    return out;
}

class PassageSnippets : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const std::string deep = filler(150'000, 1) + "The reactor inspection at the plant found " +
                                 "cracked cooling pipes. " + filler(150'000, 2);
        const std::string alias =
            filler(90'000, 3) + "Делегація прибула до Києва вчора. " + filler(20'000, 4);
        const std::string many = filler(20'000, 5) + "Grain exports resumed from the port. " +
                                 filler(40'000, 6) + "Grain exports halted at the port again. " +
                                 filler(40'000, 7) + "Grain exports resumed a third time. " +
                                 filler(10'000, 8);
        std::ofstream out(dir_->path() / "long.jsonl");
        for (const auto& [id, title, body] :
             {std::tuple{"deep", "Annual report", deep}, std::tuple{"alias", "Звіт", alias},
              std::tuple{"many", "Harbour bulletin", many},
              std::tuple{"short", "Reactor news", std::string("Reactor inspectors met.")}}) {
            out << nlohmann::json{{"id", id}, {"title", title}, {"body", body}}.dump() << "\n";
        }
        out.close();
        path_ = new std::string(build_database(*dir_, {(dir_->path() / "long.jsonl").string()}));
    }
    static void TearDownTestSuite() {
        delete path_;
        delete dir_;
    }

    Hit hit(const std::string& query, const std::string& id) {
        Searcher searcher(std::vector<std::string>{*path_}, test_gazetteer());
        SearchRequest request;
        request.query = query;
        for (const Hit& found : searcher.search(request).hits) {
            if (found.id == id) {
                return found;
            }
        }
        ADD_FAILURE() << id << " not found for " << query;
        return {};
    }

    static inline TempDir* dir_ = nullptr;
    static inline std::string* path_ = nullptr;
};

TEST_F(PassageSnippets, FindTheMatchDeepInALongText) {
    const Hit found = hit("cracked cooling pipes", "deep");
    EXPECT_NE(found.snippet.find("<mark>cracked</mark> <mark>cooling</mark> <mark>pipes</mark>"),
              std::string::npos)
        << found.snippet;
    EXPECT_EQ(found.snippet.rfind("… ", 0), 0U);  // cut before and after
    EXPECT_EQ(found.snippet.size() - found.snippet.rfind(" …"), std::string(" …").size());
    EXPECT_LT(found.snippet.size(), 400U);
}

TEST_F(PassageSnippets, MarkAnAliasOfTheEntitySearched) {
    const Hit found = hit("Kiev", "alias");  // the text says Києва
    EXPECT_NE(found.snippet.find("<mark>Києва</mark>"), std::string::npos) << found.snippet;
}

TEST_F(PassageSnippets, OfferTheBestPassagesOfALongText) {
    const Hit found = hit("grain exports resumed", "many");
    ASSERT_EQ(found.snippets.size(), 3U);
    EXPECT_EQ(found.snippets.front(), found.snippet);
    // The two passages with every word come before the one with two of them.
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_NE(found.snippets[i].find("<mark>resumed</mark>"), std::string::npos)
            << found.snippets[i];
    }
    EXPECT_NE(found.snippets[2].find("<mark>Grain</mark> <mark>exports</mark> halted"),
              std::string::npos)
        << found.snippets[2];
}

TEST_F(PassageSnippets, ShortTextsHaveOneSnippetAndTitleMatchesShowTheStart) {
    const Hit reactor = hit("reactor", "short");
    EXPECT_TRUE(reactor.snippets.empty());
    EXPECT_EQ(reactor.snippet, "<mark>Reactor</mark> inspectors met.");
    // A match in the title only: the start of the text.
    const Hit title_only = hit("harbour bulletin", "many");
    EXPECT_EQ(title_only.snippet.rfind(filler(40, 5).substr(0, 8), 0), 0U) << title_only.snippet;
    EXPECT_EQ(title_only.snippet.find("<mark>"), std::string::npos);
}

}  // namespace
}  // namespace accord::search
