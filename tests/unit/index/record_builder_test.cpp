#include "accord/index/record_builder.hpp"

#include <gtest/gtest.h>

#include <set>

#include "accord/schema/schema.hpp"
#include "accord/schema/stored_record.hpp"
#include "accord/schema/text_chunks.hpp"

#include "test_support.hpp"

namespace accord::index {
namespace {

using schema::decode_record;
using schema::read_text;
using schema::RecordText;

std::shared_ptr<const analyzers::Gazetteer> gazetteer() {
    static const auto loaded = std::make_shared<const analyzers::Gazetteer>(
        analyzers::Gazetteer::load(accord::testing::source_dir() / "data" / "gazetteer"));
    return loaded;
}

std::set<std::string> terms_of(const Xapian::Document& document) {
    std::set<std::string> terms;
    for (auto it = document.termlist_begin(); it != document.termlist_end(); ++it) {
        terms.insert(*it);
    }
    return terms;
}

TEST(RecordBuilder, WritesTermsValuesAndStoredFields) {
    RecordBuilder builder(gazetteer());
    Document document;
    document.id = "a1";
    document.title = "Kyiv weighs the 28-point plan";
    document.body = "American officials met President Zelenskyy in Kyiv on Friday.";
    document.date = "2025-11-21";
    document.source = "Eastern Desk";
    document.regions = {"ua-14"};  // from the publisher, merged with what is tagged
    const BuiltDocument built = builder.build(document, "filekey", "hash1");
    EXPECT_EQ(built.id, "a1");
    EXPECT_TRUE(built.passages.empty());

    const auto terms = terms_of(built.record);
    for (const char* expected : {"Qa1", "XKd", "XSfilekey", "XTarticle", "Len", "Y2025", "M202511",
                                 "XPua", "XPus", "XRua-14", "XAus-peace-plan-2025", "XEkyiv",
                                 "XEzelenskyy", "Skyiv", "kyiv", "offici", "28", "point"}) {
        EXPECT_TRUE(terms.count(expected)) << expected;
    }
    EXPECT_EQ(built.record.get_value(schema::kDateSlot), "20251121");
    EXPECT_EQ(built.record.get_value(schema::kDocIdSlot), "a1");
    EXPECT_EQ(built.record.get_value(schema::kPartiesSlot), "ua\nus");
    EXPECT_EQ(built.record.get_value(schema::kRegionsSlot), "ua-14");
    EXPECT_EQ(built.record.get_value(schema::kTypeSlot), "article");
    EXPECT_EQ(built.record.get_value(schema::kHashSlot), "hash1");

    const std::string data = built.record.get_data();
    const auto stored = decode_record(data);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->title, document.title);
    const RecordText text = read_text(built.record, *stored);  // the text is in chunks
    EXPECT_EQ(text.text, document.body);
    EXPECT_EQ(stored->parties, (std::vector<std::string_view>{"ua", "us"}));
    ASSERT_FALSE(text.mentions.empty());
    const auto& first = text.mentions.front();
    EXPECT_EQ(document.body.substr(first.start, first.end - first.start), "American");
    EXPECT_EQ(first.entity, "american");
    EXPECT_TRUE(built.spelling.count("officials"));
}

TEST(RecordBuilder, APlaceInsideARegionIsAMentionOfTheRegionToo) {
    RecordBuilder builder(gazetteer());
    Document document;
    document.id = "m1";
    document.title = "Shelling near Mariupol";
    document.body = "Residents of Mariupol and Kharkiv left. Zelenskyy spoke in Kyiv.";
    const BuiltDocument built = builder.build(document, "filekey", "hash1");
    const auto terms = terms_of(built.record);
    for (const char* expected : {"XEmariupol", "XIua-14", "XEkharkiv-city", "XIua-63"}) {
        EXPECT_TRUE(terms.count(expected)) << expected;
    }
    EXPECT_FALSE(terms.count("XEua-14")) << "the region itself is not named";
    EXPECT_FALSE(terms.count("XIua")) << "a capital or a leader is not a place in its state";
    // At the place's own position, once per mention: title and body both name Mariupol.
    Xapian::termcount wdf = 0;
    for (auto it = built.record.termlist_begin(); it != built.record.termlist_end(); ++it) {
        if (*it == "XIua-14") {
            wdf = it.get_wdf();
            EXPECT_EQ(it.positionlist_count(), 2U);
        }
    }
    EXPECT_EQ(wdf, 2U);
}

TEST(RecordBuilder, TitleWordsWeighMoreThanBodyWords) {
    RecordBuilder builder(gazetteer(), RecordOptions{3});
    Document document;
    document.id = "t";
    document.title = "Ceasefire";
    document.body = "ceasefire talks";
    const BuiltDocument built = builder.build(document, "k", "h");
    auto it = built.record.termlist_begin();
    it.skip_to("ceasefir");
    ASSERT_EQ(*it, "ceasefir");
    EXPECT_EQ(it.get_wdf(), 4U);  // 3 for the title word, 1 for the body word
}

TEST(RecordBuilder, SectionedTextsGetPassageRecords) {
    RecordBuilder builder(gazetteer());
    Document document;
    document.id = "nat";
    document.title = "The North Atlantic Treaty";
    document.body =
        "The Parties reaffirm their faith.\nArticle 4\nThe Parties will consult together.\n"
        "Article 5\nAn armed attack against one shall be considered an attack against them all.\n";
    const BuiltDocument built = builder.build(document, "k", "h");
    ASSERT_EQ(built.passages.size(), 3U);
    const Xapian::Document& article5 = built.passages[2];
    const auto terms = terms_of(article5);
    EXPECT_TRUE(terms.count("XKp"));
    EXPECT_TRUE(terms.count("XDnat"));
    EXPECT_TRUE(terms.count("arm"));
    EXPECT_TRUE(terms.count("north"));  // the title is part of every passage
    EXPECT_FALSE(terms.count("consult"));
    EXPECT_FALSE(terms.count("Qnat"));
    EXPECT_EQ(article5.get_value(schema::kDocIdSlot), "nat");  // collapse key
    EXPECT_EQ(article5.get_value(schema::kPartiesSlot), "");   // facets count documents only
    const std::string data = article5.get_data();
    const auto passage = decode_record(data);
    ASSERT_TRUE(passage.has_value());
    EXPECT_EQ(passage->section, "Article 5");
    EXPECT_EQ(passage->id, "nat");
    const std::string passage_text = read_text(article5, *passage).text;
    EXPECT_EQ(passage_text.rfind("Article 5", 0), 0U);
    EXPECT_EQ(document.body.substr(passage->offset, passage_text.size()), passage_text);
    const std::string record_data = built.record.get_data();
    const auto record = decode_record(record_data);
    ASSERT_TRUE(record.has_value());
    ASSERT_EQ(record->sections.size(), 3U);
    EXPECT_EQ(record->sections[2].label, "Article 5");
    EXPECT_EQ(built.record.get_value(schema::kTypeSlot), "treaty");
}

TEST(RecordBuilder, DetectsLanguageAndStemsByIt) {
    RecordBuilder builder(gazetteer());
    Document document;
    document.id = "ru1";
    document.title = "Переговоры в Москве";
    document.body =
        "Российские официальные лица провели переговоры с американской делегацией "
        "в Москве и обсудили условия прекращения огня на Украине.";
    const BuiltDocument built = builder.build(document, "k", "h");
    const auto terms = terms_of(built.record);
    EXPECT_TRUE(terms.count("Lru"));
    EXPECT_TRUE(terms.count("переговор"));
    EXPECT_TRUE(terms.count("XPru"));
}

TEST(ContentHash, ChangesWithAnyField) {
    Document a;
    a.id = "x";
    a.title = "T";
    Document b = a;
    EXPECT_EQ(content_hash(a), content_hash(b));
    b.date = "2025-01-01";
    EXPECT_NE(content_hash(a), content_hash(b));
    Document c = a;
    c.parties = {"ua"};
    EXPECT_NE(content_hash(a), content_hash(c));
    Document d = a;  // field boundaries count: "T"+"x" is not "Tx"+""
    d.title = "Tx";
    Document e = a;
    e.body = "x";
    e.title = "T";
    EXPECT_NE(content_hash(d), content_hash(e));
}

}  // namespace
}  // namespace accord::index
