#include "accord/index/indexer.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include "accord/index/errors.hpp"
#include "accord/index/layout.hpp"
#include "accord/schema/schema.hpp"

#include "pdf_maker.hpp"
#include "test_support.hpp"

namespace accord::index {
namespace {

using accord::testing::TempDir;

/// Collects what the indexer reports.
class Recorder final : public IndexObserver {
public:
    void failure(const std::string& input, const std::string& message) override {
        failures.push_back(input + ": " + message);
    }
    void warning(const std::string& input, const std::string& message) override {
        warnings.push_back(input + ": " + message);
    }
    void progress(const IndexProgress& /*progress*/) override {}
    std::vector<std::string> failures;
    std::vector<std::string> warnings;
};

class IndexerTest : public ::testing::Test {
protected:
    IndexSummary run(std::vector<std::string> inputs, bool prune = false, bool rebuild = false) {
        IndexOptions options;
        options.database = db_.path() / "index";
        options.gazetteer = accord::testing::source_dir() / "data" / "gazetteer";
        options.jobs = 2;
        options.prune = prune;
        options.rebuild = rebuild;
        options.commit_documents = 3;  // several commits even on tiny inputs
        recorder_ = Recorder{};
        return Indexer(options, &recorder_).index(inputs);
    }

    Xapian::Database open() const { return Xapian::Database((db_.path() / "index").string()); }

    bool has(const std::string& id) const { return open().get_termfreq(schema::id_term(id)) > 0; }

    std::string dir() const { return (files_.path() / "corpus").string(); }

    void write_corpus() {
        files_.write("corpus/a.txt", "Title A\nDate: 2025-01-02\n\nKyiv and Washington talked.\n");
        files_.write("corpus/sub/b.md", "---\ntitle: B\ndate: 2025-02-03\n---\nMoscow replied.\n");
        files_.write("corpus/feed.jsonl",
                     "{\"id\": \"j1\", \"title\": \"J1\", \"body\": \"First wire.\"}\n"
                     "{\"id\": \"j2\", \"title\": \"J2\", \"body\": \"Second wire.\"}\n"
                     "{\"id\": \"j3\", \"title\": \"J3\", \"body\": \"Third wire.\"}\n");
    }

    TempDir db_;
    TempDir files_;
    Recorder recorder_;
};

TEST_F(IndexerTest, IndexesThenSkipsUnchangedInput) {
    write_corpus();
    const IndexSummary first = run({dir()});
    EXPECT_EQ(first.added, 5U);
    EXPECT_EQ(first.updated, 0U);
    EXPECT_EQ(first.failed, 0U);
    EXPECT_EQ(first.documents, 5U);
    EXPECT_TRUE(has("a.txt"));
    EXPECT_TRUE(has("sub/b.md"));
    EXPECT_TRUE(has("j2"));

    const IndexSummary second = run({dir()});
    EXPECT_EQ(second.added, 0U);
    EXPECT_EQ(second.updated, 0U);
    EXPECT_EQ(second.unchanged, 5U);
    EXPECT_EQ(second.deleted, 0U);
    EXPECT_EQ(second.documents, 5U);
}

TEST_F(IndexerTest, ReplacesChangedDocumentsAndDropsRemovedRecords) {
    write_corpus();
    run({dir()});
    files_.write("corpus/a.txt", "Title A\n\nKyiv and Washington talked again.\n");
    files_.write("corpus/feed.jsonl",
                 "{\"id\": \"j1\", \"title\": \"J1\", \"body\": \"First wire.\"}\n"
                 "{\"id\": \"j3\", \"title\": \"J3\", \"body\": \"Third wire, corrected.\"}\n");
    const IndexSummary summary = run({dir()});
    EXPECT_EQ(summary.added, 0U);
    EXPECT_EQ(summary.updated, 2U);    // a.txt and j3
    EXPECT_EQ(summary.unchanged, 2U);  // b.md and j1
    EXPECT_EQ(summary.deleted, 1U);    // j2 left its file
    EXPECT_EQ(summary.documents, 4U);
    EXPECT_FALSE(has("j2"));
}

TEST_F(IndexerTest, PruneRemovesDocumentsOfVanishedFilesOnlyWhenAsked) {
    write_corpus();
    run({dir()});
    std::filesystem::remove(files_.path() / "corpus" / "sub" / "b.md");
    EXPECT_EQ(run({dir()}).documents, 5U);  // without --prune nothing is lost
    const IndexSummary pruned = run({dir()}, true);
    EXPECT_EQ(pruned.deleted, 1U);
    EXPECT_EQ(pruned.documents, 4U);
    EXPECT_FALSE(has("sub/b.md"));
}

TEST_F(IndexerTest, ReportsBrokenInputsAndIndexesTheRest) {
    files_.write("corpus/good.txt", "Good\n\nFine text.\n");
    files_.write(
        "corpus/bad.jsonl",
        "{\"id\": \"ok1\", \"title\": \"ok\"}\n{broken\n{\"id\": \"ok2\", \"title\": \"ok\"}\n");
    files_.write("corpus/fake.pdf", "not a pdf at all");
    files_.write("corpus/binary.txt", std::string("\0\x01\x02\x03 binary", 11));
    files_.write("corpus/picture.png", "PNG");
    files_.write("corpus/.hidden.txt", "hidden\n");
    const IndexSummary summary = run({dir()});
    EXPECT_EQ(summary.added, 3U);    // good.txt, ok1, ok2
    EXPECT_EQ(summary.failed, 3U);   // line 2 of bad.jsonl, fake.pdf, binary.txt
    EXPECT_EQ(summary.skipped, 1U);  // picture.png
    EXPECT_TRUE(has("ok2"));
    EXPECT_FALSE(has(".hidden.txt"));
    bool named_line = false;
    for (const std::string& failure : recorder_.failures) {
        named_line = named_line || failure.find("bad.jsonl:2") != std::string::npos;
    }
    EXPECT_TRUE(named_line);
}

TEST_F(IndexerTest, ReadsPdf) {
    files_.write("corpus/memo.pdf",
                 accord::testing::make_pdf("Budapest Memorandum", "D:19941205000000Z",
                                           {"The Parties reaffirm their commitment."}));
    const IndexSummary summary = run({dir()});
    EXPECT_EQ(summary.added, 1U);
    EXPECT_EQ(summary.failed, 0U);
    EXPECT_TRUE(has("memo.pdf"));
}

TEST_F(IndexerTest, FileArgumentIdIsItsName) {
    const auto path = files_.write("loose/note.txt", "Note\n\nText.\n");
    run({path.string()});
    EXPECT_TRUE(has("note.txt"));
}

TEST_F(IndexerTest, MissingPathFails) {
    const IndexSummary summary = run({(files_.path() / "nope").string()});
    EXPECT_EQ(summary.failed, 1U);
}

TEST_F(IndexerTest, RebuildSwapsInAFreshGeneration) {
    write_corpus();
    run({dir()});
    const IndexLayout layout(db_.path() / "index");
    const auto before = layout.live_generation();
    Xapian::Database reader = open();  // a reader of the old generation keeps working
    std::filesystem::remove(files_.path() / "corpus" / "a.txt");
    const IndexSummary summary = run({dir()}, false, true);
    EXPECT_EQ(summary.documents, 4U);
    EXPECT_EQ(layout.live_generation(), before + 1);
    EXPECT_FALSE(has("a.txt"));
    EXPECT_EQ(reader.get_termfreq(std::string(schema::kDocumentKind)), 5U);
    EXPECT_TRUE(reader.reopen() || true);
}

TEST_F(IndexerTest, DeleteById) {
    write_corpus();
    run({dir()});
    IndexOptions options;
    options.database = db_.path() / "index";
    options.gazetteer = accord::testing::source_dir() / "data" / "gazetteer";
    Recorder recorder;
    const IndexSummary summary = Indexer(options, &recorder).remove({"j1", "missing"});
    EXPECT_EQ(summary.deleted, 1U);
    EXPECT_EQ(summary.failed, 1U);
    EXPECT_EQ(summary.documents, 4U);
    EXPECT_FALSE(has("j1"));
}

TEST_F(IndexerTest, SecondRunIsLockedOut) {
    write_corpus();
    run({dir()});
    const RunLock held(db_.path() / "index");
    EXPECT_THROW(run({dir()}), DatabaseError);
}

/// A JSON Lines feed of @p count articles; every third mentions "ceasefire", one mentions
/// "qwertyzz", the rest share common words.
std::string generated_feed(int count) {
    std::string feed;
    for (int i = 0; i < count; ++i) {
        std::string body = "Delegates met for talks number " + std::to_string(i) + ".";
        if (i % 3 == 0) {
            body += " The ceasefire held.";
        }
        if (i == 7) {
            body += " A qwertyzz appeared once.";
        }
        feed += "{\"id\": \"g" + std::to_string(i) + "\", \"title\": \"Report\", \"body\": \"" +
                body + "\"}\n";
    }
    return feed;
}

/// How often @p word was counted into @p db's spelling dictionary (0: not in it).
Xapian::doccount spelling_frequency(const Xapian::Database& db, const std::string& word) {
    Xapian::TermIterator it = db.spellings_begin();
    it.skip_to(word);
    return it != db.spellings_end() && *it == word ? it.get_termfreq() : 0;
}

class BulkBuildTest : public IndexerTest, public ::testing::WithParamInterface<std::size_t> {
protected:
    IndexSummary build(const std::string& path) {
        IndexOptions options;
        options.database = db_.path() / "index";
        options.gazetteer = accord::testing::source_dir() / "data" / "gazetteer";
        options.jobs = 2;
        options.shards = GetParam();
        options.commit_documents = 7;  // many commits, so shards are often busy committing
        return Indexer(options, &recorder_).index({path});
    }
};

TEST_P(BulkBuildTest, KeepsTheLastVersionOfARepeatedId) {
    std::string feed = generated_feed(400);
    // Adjacent lines go to the same worker, which must write them in order even when their
    // shard is busy and they wait.
    for (const char* title : {"Kilo", "Lima", "Mike"}) {
        feed += "{\"id\": \"twice\", \"title\": \"" + std::string(title) +
                "\", \"body\": \"Article 1\\nThe first.\\nArticle 2\\nThe second.\"}\n";
    }
    files_.write("feed.jsonl", feed);
    const IndexSummary summary = build((files_.path() / "feed.jsonl").string());
    EXPECT_EQ(summary.failed, 0U);
    EXPECT_EQ(summary.documents, 401U);
    const Xapian::Database db = open();
    EXPECT_EQ(db.get_termfreq(std::string(schema::kDocumentKind)), 401U);
    EXPECT_EQ(db.get_termfreq(std::string(schema::kTitlePrefix) + "kilo"), 0U);
    EXPECT_EQ(db.get_termfreq(std::string(schema::kTitlePrefix) + "lima"), 0U);
    // The document and the passages of its last version only.
    EXPECT_EQ(db.get_termfreq(schema::parent_term("twice")), 2U);
    EXPECT_EQ(db.get_termfreq(std::string(schema::kTitlePrefix) + "mike"),
              1 + db.get_termfreq(schema::parent_term("twice")));
}

TEST_P(BulkBuildTest, WritesTheSpellingDictionaryOfTheWholeRun) {
    files_.write("feed.jsonl", generated_feed(300));
    build((files_.path() / "feed.jsonl").string());
    const Xapian::Database db = open();
    // Counted over every part or shard and every commit, whichever shard holds the word.
    EXPECT_EQ(spelling_frequency(db, "ceasefire"), 100U);
    EXPECT_EQ(spelling_frequency(db, "delegates"), 300U);
    EXPECT_EQ(db.get_spelling_suggestion("ceasfire"), "ceasefire");
    EXPECT_EQ(spelling_frequency(db, "qwertyzz"), 0U);  // met once in the whole run
}

INSTANTIATE_TEST_SUITE_P(PartsAndShards, BulkBuildTest, ::testing::Values(1U, 3U),
                         [](const auto& test_info) {
                             return test_info.param == 1 ? std::string("OneDatabase")
                                                         : std::string("ThreeShards");
                         });

}  // namespace
}  // namespace accord::index
