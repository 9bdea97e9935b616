#include "accord/index/extractors.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "accord/index/encoding.hpp"
#include "accord/index/errors.hpp"

#include "pdf_maker.hpp"
#include "test_support.hpp"

namespace accord::index {
namespace {

using accord::testing::fixture;
using accord::testing::read_file;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(FormatOf, ChoosesByExtension) {
    EXPECT_EQ(format_of("a/b.txt"), Format::kText);
    EXPECT_EQ(format_of("a/b.MD"), Format::kMarkdown);
    EXPECT_EQ(format_of("b.htm"), Format::kHtml);
    EXPECT_EQ(format_of("b.jsonl"), Format::kJsonLines);
    EXPECT_EQ(format_of("b.pdf"), Format::kPdf);
    EXPECT_EQ(format_of("b.png"), Format::kUnknown);
    EXPECT_EQ(format_of("README"), Format::kUnknown);
}

TEST(TextExtractor, TakesTitleAndDateLines) {
    const Document document = extract_text(
        "Black Sea talks resume\nDate: 2025-03-26\n\nDelegations met in Riyadh.\nSecond line.\n",
        "briefs/a.txt");
    EXPECT_EQ(document.id, "briefs/a.txt");
    EXPECT_EQ(document.title, "Black Sea talks resume");
    EXPECT_EQ(document.date, "2025-03-26");
    EXPECT_EQ(document.body, "Delegations met in Riyadh.\nSecond line.");
}

TEST(TextExtractor, DecodesLatin1) {
    // "Café diplomacy in Genève" in ISO-8859-1, with enough text for detection.
    std::string latin1 =
        "Caf\xE9 diplomacy in Gen\xE8ve\n\nThe d\xE9l\xE9gation fran\xE7"
        "aise arrived early; the ministers' r\xE9sum\xE9 was short and the "
        "caf\xE9 near the lake was closed for the season.\n";
    const Document document = extract_text(latin1, "latin1.txt");
    EXPECT_EQ(document.title, "Café diplomacy in Genève");
    EXPECT_TRUE(contains(document.body, "délégation française"));
}

TEST(TextExtractor, RefusesBinary) {
    const std::string binary("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
    EXPECT_THROW((void)extract_text(binary, "image.txt"), ExtractError);
}

TEST(Encoding, DetectsWindows1251Cyrillic) {
    // "Переговоры в Москве продолжаются" repeated, in windows-1251.
    const std::string phrase =
        "\xCF\xE5\xF0\xE5\xE3\xEE\xE2\xEE\xF0\xFB \xE2 \xCC\xEE\xF1\xEA\xE2"
        "\xE5 \xEF\xF0\xEE\xE4\xEE\xEB\xE6\xE0\xFE\xF2\xF1\xFF. ";
    std::string text;
    for (int i = 0; i < 10; ++i) {
        text += phrase;
    }
    const DecodedText decoded = decode_text(text);
    EXPECT_TRUE(contains(decoded.text, "Переговоры в Москве продолжаются"));
    EXPECT_NE(decoded.encoding, "UTF-8");
}

TEST(Encoding, ReadsUtf16WithByteOrderMark) {
    const std::string utf16("\xFF\xFEK\0y\0i\0v\0", 10);
    EXPECT_EQ(decode_text(utf16).text, "Kyiv");
}

TEST(Encoding, DropsUtf8ByteOrderMark) {
    EXPECT_EQ(decode_text("\xEF\xBB\xBFKyiv").text, "Kyiv");
}

TEST(MarkdownExtractor, ReadsFrontMatterAndPlainText) {
    const Document document = extract_markdown(
        "---\n"
        "title: \"Guarantees: what Kyiv wants\"\n"
        "date: 2025-11-21\n"
        "source: Eastern Desk\n"
        "url: https://example.org/a\n"
        "type: statement\n"
        "parties: [ua, us]\n"
        "regions:\n  - ua-14\n"
        "---\n"
        "# Ignored as title because front matter has one\n\n"
        "Some **bold** and [linked](https://example.org) text.\n\n"
        "## Article 5\n\n"
        "- first item\n- second item\n",
        "articles/x.md");
    EXPECT_EQ(document.title, "Guarantees: what Kyiv wants");
    EXPECT_EQ(document.date, "2025-11-21");
    EXPECT_EQ(document.source, "Eastern Desk");
    EXPECT_EQ(document.type, "statement");
    EXPECT_EQ(document.parties, (std::vector<std::string>{"ua", "us"}));
    EXPECT_EQ(document.regions, (std::vector<std::string>{"ua-14"}));
    EXPECT_TRUE(contains(document.body, "Some bold and linked text."));
    EXPECT_TRUE(contains(document.body, "\nArticle 5\n"));  // headings on their own line
    EXPECT_TRUE(contains(document.body, "first item\nsecond item"));
    EXPECT_FALSE(contains(document.body, "**"));
    EXPECT_FALSE(contains(document.body, "https://example.org"));
}

TEST(MarkdownExtractor, FirstHeadingIsTitleWithoutFrontMatter) {
    const Document document = extract_markdown("# Minsk II at ten\n\nBody text.\n", "m.md");
    EXPECT_EQ(document.title, "Minsk II at ten");
    EXPECT_EQ(document.body, "Body text.");
    EXPECT_EQ(document.id, "m.md");
}

TEST(MarkdownExtractor, FrontMatterIdWins) {
    const Document document = extract_markdown("---\nid: custom-id\n---\nText\n", "path.md");
    EXPECT_EQ(document.id, "custom-id");
}

TEST(MarkdownExtractor, BrokenFrontMatterIsAnError) {
    EXPECT_THROW((void)extract_markdown("---\ntitle: [unclosed\n---\nText\n", "bad.md"),
                 ExtractError);
}

TEST(MarkdownExtractor, NestedAliasesDoNotExpand) {
    // "Billion laughs": nine levels of nine aliases stand for 9^9 strings. Only scalars and
    // lists of scalars are fields, so the nested ones are never walked.
    std::string yaml =
        "---\ntitle: Laughs\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int level = 1; level < 9; ++level) {
        const std::string previous = "*a" + std::to_string(level - 1);
        yaml += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
        for (int i = 0; i < 9; ++i) {
            yaml += (i == 0 ? "" : ", ") + previous;
        }
        yaml += "]\n";
    }
    yaml += "parties: [ua]\n---\nBody text.\n";
    const Document document = extract_markdown(yaml, "laughs.md");
    EXPECT_EQ(document.title, "Laughs");
    EXPECT_EQ(document.body, "Body text.");
}

TEST(MarkdownExtractor, MappingKeysThatAreNotWordsAreIgnored) {
    const Document document =
        extract_markdown("---\n{a: b}: c\n? [x, y]\n: z\ntitle: Kept\n---\nText.\n", "keys.md");
    EXPECT_EQ(document.title, "Kept");
}

TEST(MarkdownExtractor, LanguageFieldIsALanguageTagOrNothing) {
    auto language = [](const std::string& value) {
        return extract_markdown("---\nlanguage: " + value + "\n---\nText.\n", "l.md").language;
    };
    EXPECT_EQ(language("uk"), "uk");
    EXPECT_EQ(language("en-GB"), "en");
    EXPECT_EQ(language("english"), "");  // left to detection
    // A fuzzer finding: the value was cut to 8 bytes, which could split a character.
    EXPECT_EQ(language("e\xff\xff\xff\xff\xff\xff\xff\xff"), "");
    EXPECT_EQ(language("\xd1\x83\xd0\xba\xd1\x80\xd0\xb0\xd1\x97\xd0\xbd"), "");  // українська
}

TEST(HtmlExtractor, LanguageTagsGiveTheirPrimaryLanguageOnly) {
    auto language = [](const std::string& lang) {
        return extract_html("<html lang=\"" + lang + "\"><body><p>Text.</p></body></html>",
                            "l.html")
            .language;
    };
    EXPECT_EQ(language("en-GB"), "en");
    EXPECT_EQ(language("UK_ua"), "uk");
    EXPECT_EQ(language("RU"), "ru");
    EXPECT_EQ(language("fil"), "");  // not a two-letter code: detected from the text
    EXPECT_EQ(language("x-klingon"), "");
    EXPECT_EQ(language("\xe6\x97\xa5\xe6\x9c\xac"), "");  // 日本 is no code at all
}

TEST(HtmlExtractor, CharacterReferencesPastUnicodeBecomeReplacementCharacters) {
    // Gumbo overflows its int on references past 2^31 and writes a lone byte; what reaches a
    // Document is UTF-8 whatever the page says (a fuzzer finding).
    const Document document = extract_html(
        "<html><head><title>a&#x800000C1;b</title>"
        "<meta property=\"og:site_name\" content=\"x&#4294967233;y\"></head>"
        "<body><p>one &#xfffffffffffffff1; two &#x41; &#xD800;</p></body></html>",
        "refs.html");
    const std::string replacement = "\xEF\xBF\xBD";
    EXPECT_EQ(document.title, "a" + replacement + "b");
    EXPECT_EQ(document.source, "x" + replacement + "y");
    EXPECT_EQ(document.body, "one " + replacement + " two A " + replacement);
}

TEST(HtmlExtractor, KeepsTheStoryAndDropsThePageFurniture) {
    const Document document =
        extract_html(read_file(fixture("index/messy-news.html")), "web/messy.html");
    EXPECT_EQ(document.title, "Negotiators resume talks on the Zaporizhzhia plant");
    EXPECT_EQ(document.date, "2025-10-02");
    EXPECT_EQ(document.source, "The Daily Example");
    EXPECT_EQ(document.url, "https://example.org/2025/10/02/znpp-talks");
    EXPECT_EQ(document.language, "en");
    const std::string& body = document.body;
    EXPECT_TRUE(contains(body, "restoring off-site power to the Zaporizhzhia nuclear power plant"));
    EXPECT_TRUE(contains(body, "power lines & on a rotation schedule for the agency’s experts"));
    EXPECT_TRUE(contains(body, "next\u00a0month"));
    for (const char* furniture :
         {"tracking-code", "inline-script-text", "cookies", "Politics menu", "Unrelated sidebar",
          "Share on social", "Footer text", "font-family"}) {
        EXPECT_FALSE(contains(body, furniture)) << furniture;
    }
}

TEST(HtmlExtractor, FindsStoryBodyAndJsonLdDateWithoutArticleElement) {
    const Document document =
        extract_html(read_file(fixture("index/story-body.html")), "web/story.html");
    EXPECT_EQ(document.title, "Recovery conference pledges");
    EXPECT_EQ(document.date, "2025-07-11");
    EXPECT_TRUE(contains(document.body, "Donors pledged new funds"));
    EXPECT_FALSE(contains(document.body, "Subscribe"));
    EXPECT_FALSE(contains(document.body, "Home | World"));
}

TEST(HtmlExtractor, ReadsDeepButSaneNesting) {
    std::string html = "<html><body>";
    for (int i = 0; i < 1000; ++i) {
        html += "<div><p>";
    }
    html += "deep text";
    const Document document = extract_html(html, "deep.html");
    EXPECT_TRUE(contains(document.body, "deep text"));
}

TEST(HtmlExtractor, RefusesPathologicalNestingQuickly) {
    std::string html = "<html><body>";
    for (int i = 0; i < 50000; ++i) {
        html += "<div>";
    }
    html += "deep text";
    EXPECT_THROW((void)extract_html(html, "bomb.html"), ExtractError);
}

TEST(JsonLines, ReportsBrokenLinesAndKeepsTheRest) {
    std::istringstream in(
        "{\"id\": \"a\", \"title\": \"First\", \"body\": \"One\", \"parties\": [\"ua\"]}\n"
        "{not json}\n"
        "\n"
        "{\"title\": \"No id\", \"body\": \"Two\", \"date\": \"2025-01-02\"}\n"
        "[1, 2]\n"
        "{\"source\": \"nothing else\"}\n"
        "{\"id\": \"d\", \"title\": \"Last\", \"body\": \"Three\"}");
    std::vector<std::pair<std::size_t, Document>> documents;
    std::vector<LineError> errors;
    read_json_lines(
        in, "feed.jsonl", 1 << 20,
        [&](std::size_t line, Document&& d) { documents.emplace_back(line, std::move(d)); },
        [&](const LineError& e) { errors.push_back(e); });
    ASSERT_EQ(documents.size(), 3U);
    EXPECT_EQ(documents[0].second.id, "a");
    EXPECT_EQ(documents[0].second.parties, std::vector<std::string>{"ua"});
    EXPECT_EQ(documents[1].second.id, "feed.jsonl#4");
    EXPECT_EQ(documents[1].second.date, "2025-01-02");
    EXPECT_EQ(documents[2].first, 7U);
    ASSERT_EQ(errors.size(), 3U);
    EXPECT_EQ(errors[0].line, 2U);
    EXPECT_EQ(errors[1].line, 5U);
    EXPECT_EQ(errors[2].line, 6U);
}

TEST(JsonLines, SkipsLinesLongerThanTheLimitWithoutHoldingThem) {
    std::string big = "{\"id\": \"big\", \"body\": \"" + std::string(100000, 'x') + "\"}\n";
    std::istringstream in(big + "{\"id\": \"small\", \"title\": \"ok\"}\n");
    std::vector<std::string> ids;
    std::vector<LineError> errors;
    read_json_lines(
        in, "f", 4096, [&](std::size_t, Document&& d) { ids.push_back(d.id); },
        [&](const LineError& e) { errors.push_back(e); });
    EXPECT_EQ(ids, std::vector<std::string>{"small"});
    ASSERT_EQ(errors.size(), 1U);
    EXPECT_EQ(errors[0].line, 1U);
    EXPECT_TRUE(contains(errors[0].message, "longer than"));
}

TEST(PdfExtractor, ReadsTextTitleAndDate) {
    const std::string pdf = accord::testing::make_pdf(
        "Memorandum on Security Assurances", "D:19941205120000Z",
        {"Article 1\nThe Parties reaffirm their commitment to Ukraine.",
         "Article 2\nThe Parties refrain from the threat or use of force."});
    const Document document = extract_pdf(pdf, "budapest.pdf");
    EXPECT_EQ(document.title, "Memorandum on Security Assurances");
    EXPECT_EQ(document.date, "1994-12-05");
    EXPECT_TRUE(contains(document.body, "reaffirm their commitment to Ukraine"));
    EXPECT_TRUE(contains(document.body, "threat or use of force"));
}

TEST(PdfExtractor, RefusesWhatIsNotAPdf) {
    EXPECT_THROW((void)extract_pdf("this is plain text pretending", "fake.pdf"), ExtractError);
    EXPECT_THROW((void)extract_pdf("%PDF-1.4\ngarbage garbage", "broken.pdf"), ExtractError);
}

}  // namespace
}  // namespace accord::index
