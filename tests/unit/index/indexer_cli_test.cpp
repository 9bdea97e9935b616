// accord-index as a process: exit codes, the --json summary, and kill -9 at random moments.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <optional>
#include <random>

#include "accord/schema/schema.hpp"

#include "indexer_process.hpp"
#include "test_support.hpp"

namespace {

using accord::testing::TempDir;

using accord::testing::IndexerRun;

/// accord-index @p args (output through files in @p dir), optionally killed after @p kill_after.
IndexerRun run_indexer(const TempDir& dir, const std::vector<std::string>& args,
                       std::optional<std::chrono::milliseconds> kill_after = std::nullopt) {
    return accord::testing::run_indexer(args, dir.path(), {.kill_after = kill_after});
}

std::size_t documents_in(const std::filesystem::path& db) {
    if (!std::filesystem::exists(db / "XAPIANDB")) {
        return 0;  // killed before the first database was in place: nothing was committed
    }
    Xapian::Database database(db.string());
    return database.get_termfreq(std::string(accord::schema::kDocumentKind));
}

void write_feed(const TempDir& dir, int files, int per_file) {
    for (int f = 0; f < files; ++f) {
        std::string lines;
        for (int i = 0; i < per_file; ++i) {
            lines += "{\"id\": \"doc-" + std::to_string(f) + "-" + std::to_string(i) +
                     "\", \"title\": \"Wire item " + std::to_string(i) +
                     "\", \"body\": \"Negotiators in Kyiv and Washington discussed the "
                     "Zaporizhzhia nuclear plant and security guarantees, item " +
                     std::to_string(i) + ".\", \"date\": \"2025-0" + std::to_string(1 + i % 9) +
                     "-1" + std::to_string(i % 9) + "\"}\n";
        }
        dir.write("feed/part-" + std::to_string(f) + ".jsonl", lines);
    }
}

TEST(IndexerCli, JsonSummaryAndExitStatus) {
    TempDir dir;
    dir.write("in/good.txt", "Good\n\nText about Kyiv.\n");
    const auto db = (dir.path() / "db").string();
    const IndexerRun ok =
        run_indexer(dir, {"--db", db, "--json", "--quiet", (dir.path() / "in").string()});
    EXPECT_EQ(ok.status, 0);
    const auto summary = nlohmann::json::parse(ok.out);
    for (const char* key :
         {"added", "updated", "unchanged", "deleted", "failed", "documents", "seconds"}) {
        EXPECT_TRUE(summary.contains(key)) << key;
    }
    EXPECT_EQ(summary["added"], 1);
    EXPECT_EQ(summary["documents"], 1);

    dir.write("in/broken.jsonl", "{oops\n");
    const IndexerRun some_failed =
        run_indexer(dir, {"--db", db, "--json", "--quiet", (dir.path() / "in").string()});
    EXPECT_EQ(some_failed.status, 1);
    EXPECT_EQ(nlohmann::json::parse(some_failed.out)["failed"], 1);
    EXPECT_EQ(nlohmann::json::parse(some_failed.out)["unchanged"], 1);

    EXPECT_EQ(run_indexer(dir, {"--db", db}).status, 2);  // nothing to do: usage error
    EXPECT_EQ(run_indexer(dir, {"--db", db, "--no-such-flag", "x"}).status, 2);
}

TEST(IndexerCli, DeleteFlagRemovesDocuments) {
    TempDir dir;
    dir.write("in/a.txt", "A\n\nText.\n");
    dir.write("in/b.txt", "B\n\nText.\n");
    const auto db = (dir.path() / "db").string();
    ASSERT_EQ(run_indexer(dir, {"--db", db, "--quiet", (dir.path() / "in").string()}).status, 0);
    const IndexerRun deleted = run_indexer(dir, {"--db", db, "--json", "--delete", "a.txt"});
    EXPECT_EQ(deleted.status, 0);
    EXPECT_EQ(nlohmann::json::parse(deleted.out)["deleted"], 1);
    EXPECT_EQ(documents_in(db), 1U);
}

TEST(IndexerCli, KillNineAtAnyMomentLosesNoCommittedBatch) {
    TempDir dir;
    constexpr int kFiles = 6;
    constexpr int kPerFile = 400;
    write_feed(dir, kFiles, kPerFile);
    const auto db = (dir.path() / "db").string();
    const auto feed = (dir.path() / "feed").string();
    std::mt19937 random(20251126);
    std::uniform_int_distribution<int> delay(5, 600);
    std::size_t previous = 0;
    for (int trial = 0; trial < 8; ++trial) {
        run_indexer(dir, {"--db", db, "--quiet", "--commit-every", "50", "--jobs", "2", feed},
                    std::chrono::milliseconds(delay(random)));
        // The database opens, and holds whole committed batches only: never fewer documents
        // than a previous trial committed.
        const std::size_t now = documents_in(db);
        EXPECT_GE(now, previous) << "trial " << trial;
        EXPECT_LE(now, static_cast<std::size_t>(kFiles * kPerFile));
        previous = now;
    }
    const IndexerRun finish = run_indexer(dir, {"--db", db, "--json", "--quiet", feed});
    ASSERT_EQ(finish.status, 0) << finish.out << finish.err;
    const auto summary = nlohmann::json::parse(finish.out);
    EXPECT_EQ(summary["documents"], kFiles * kPerFile);
    EXPECT_EQ(summary["added"].get<std::size_t>() + summary["unchanged"].get<std::size_t>(),
              static_cast<std::size_t>(kFiles * kPerFile));
    const IndexerRun again = run_indexer(dir, {"--db", db, "--json", "--quiet", feed});
    EXPECT_EQ(nlohmann::json::parse(again.out)["unchanged"], kFiles * kPerFile);
    EXPECT_EQ(nlohmann::json::parse(again.out)["added"], 0);
}

}  // namespace
