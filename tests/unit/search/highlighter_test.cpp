#include "accord/search/highlighter.hpp"

#include <gtest/gtest.h>

namespace accord::search {
namespace {

class HighlighterTest : public ::testing::Test {
protected:
    analyzers::Tokenizer tokenizer_;
    schema::TermMaker terms_;
    Highlighter highlighter_{tokenizer_, terms_};
};

TEST_F(HighlighterTest, MarksStemMatchesAndEscapes) {
    const std::set<std::string> terms{"guarante"};
    HighlightTargets targets;
    targets.terms = &terms;
    const std::string snippet = highlighter_.snippet(
        "Ukraine wants <b>guaranteed</b> security & guarantees.", "en", targets);
    EXPECT_EQ(snippet,
              "Ukraine wants &lt;b&gt;<mark>guaranteed</mark>&lt;/b&gt; security &amp; "
              "<mark>guarantees</mark>.");
}

TEST_F(HighlighterTest, MarksEntitySpans) {
    HighlightTargets targets;
    targets.spans = {{3, 13}};  // bytes of "Києві"
    EXPECT_EQ(highlighter_.snippet("У Києві тихо.", "uk", targets), "У <mark>Києві</mark> тихо.");
}

TEST_F(HighlighterTest, ChoosesTheWindowWithTheMostDistinctMatches) {
    std::string text;
    for (int i = 0; i < 40; ++i) {
        text += "filler words here ";
    }
    text += "nuclear plant talks. ";
    for (int i = 0; i < 40; ++i) {
        text += "more filler text ";
    }
    const std::set<std::string> terms{"nuclear", "plant"};
    HighlightTargets targets;
    targets.terms = &terms;
    const std::string snippet = highlighter_.snippet(text, "en", targets, 120);
    EXPECT_NE(snippet.find("<mark>nuclear</mark> <mark>plant</mark>"), std::string::npos);
    EXPECT_EQ(snippet.rfind("… ", 0), 0U);
    EXPECT_LE(snippet.size(), 200U);
}

TEST_F(HighlighterTest, WithoutMatchesShowsTheStart) {
    HighlightTargets targets;
    EXPECT_EQ(highlighter_.snippet("Short text.", "en", targets), "Short text.");
}

TEST_F(HighlighterTest, NeverCutsInsideACharacter) {
    const std::string text(200, 'x');
    const std::string cyrillic = text + " Київ Київ Київ";
    HighlightTargets targets;
    const std::string snippet = highlighter_.snippet(cyrillic, "uk", targets, 203);
    for (std::size_t i = 0; i < snippet.size();) {
        const auto byte = static_cast<unsigned char>(snippet[i]);
        const std::size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
        ASSERT_FALSE(byte >= 0x80 && byte < 0xC0) << "continuation byte at " << i;
        i += length;
    }
}

// A slice of a longer text: ellipses say where the whole was cut, and marks that fall past
// the slice's end (a mention the slice cut off) or are empty mark nothing.
TEST(RenderSnippet, SliceOfALongerTextAndSpansOutOfRange) {
    const std::string slice = "the plant was inspected again";
    EXPECT_EQ(render_snippet(slice, 100, 5000, {{4, 9, "plant"}, {20, 400, "x"}, {7, 7, "y"}}, 240),
              "… the <mark>plant</mark> was inspected again …");
    EXPECT_EQ(render_snippet(slice, 0, slice.size(), {}, 240), slice);
    EXPECT_EQ(render_snippet("", 0, 0, {{0, 3, "z"}}, 240), "");
}

}  // namespace
}  // namespace accord::search
