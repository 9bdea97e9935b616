// A disk that fills up while accord-index writes: simulated with a file-size limit (RLIMIT_FSIZE,
// so writes fail with EFBIG the way they fail with ENOSPC on a full disk). The run must stop with
// a clear error and exit status 2, leave a database that opens, passes xapian-check and keeps
// every batch committed before the failure, and a later run with room must finish the job with
// exact counts.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "accord/index/layout.hpp"

#include "indexer_process.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using accord::testing::run_indexer;
using accord::testing::TempDir;

constexpr int kRecords = 3000;

void write_feed(const fs::path& file) {
    std::ofstream out(file);
    for (int i = 0; i < kRecords; ++i) {
        std::string body;
        for (int s = 0; s < 12; ++s) {
            body += "Delegation " + std::to_string(i) + " discussed clause " +
                    std::to_string((i * 7 + s) % 997) + " of the draft framework in Geneva. ";
        }
        out << nlohmann::json{{"id", "rec-" + std::to_string(i)},
                              {"title", "Record " + std::to_string(i)},
                              {"date", "2025-0" + std::to_string(1 + i % 9) + "-15"},
                              {"body", body}}
                   .dump()
            << "\n";
    }
}

std::size_t documents_in(const fs::path& db) {
    std::size_t total = 0;
    for (const auto& shard : accord::index::IndexLayout(db).live_shards()) {
        total += Xapian::Database(shard.string()).get_termfreq("XKd");
    }
    return total;
}

bool xapian_check_passes(const fs::path& db) {
    if (!fs::exists("/usr/bin/xapian-check")) {
        return true;  // xapian-tools missing: opening the database is the check left
    }
    for (const auto& shard : accord::index::IndexLayout(db).live_shards()) {
        const std::string command =
            "/usr/bin/xapian-check '" + shard.string() + "' >/dev/null 2>&1";
        if (std::system(command.c_str()) != 0) {
            return false;
        }
    }
    return true;
}

TEST(DiskFull, IndexerStopsCleanlyKeepsCommittedBatchesAndFinishesLater) {
    TempDir dir;
    const fs::path feed = dir.path() / "feed.jsonl";
    write_feed(feed);
    const fs::path db = dir.path() / "db";
    // A first, small commit that must survive.
    const fs::path first = dir.path() / "first.jsonl";
    std::ofstream(first)
        << R"({"id":"kept","title":"Kept","body":"Committed before the disk filled."})"
        << "\n";
    ASSERT_EQ(run_indexer({"--db", db.string(), "--quiet", first.string()}, dir.path()).status, 0);

    // Incremental runs (the live database grows) and a rebuild (a new generation) both fill up.
    for (const bool rebuild : {false, true}) {
        std::vector<std::string> args = {"--db",    db.string(),      "--json",
                                         "--quiet", "--commit-every", "200"};
        if (rebuild) {
            args.push_back("--rebuild");
        }
        args.push_back(first.string());
        args.push_back(feed.string());
        const auto before = documents_in(db);
        const auto full = run_indexer(
            args, dir.path(),
            {.max_file_bytes = 1U << 20U, .kill_after = std::nullopt});  // 1 MiB per file
        EXPECT_EQ(full.status, 2) << (rebuild ? "rebuild: " : "update: ") << full.err;
        EXPECT_NE(full.err.find("File too large"), std::string::npos) << full.err;
        const auto after = documents_in(db);  // opens: no half-written state is live
        EXPECT_GE(after, before) << "a committed batch was lost";
        EXPECT_LT(after, static_cast<std::size_t>(kRecords) + 1) << "the limit never bit";
        EXPECT_TRUE(xapian_check_passes(db));
    }

    // With room again, a plain re-run completes the job exactly.
    const auto done = run_indexer(
        {"--db", db.string(), "--json", "--quiet", first.string(), feed.string()}, dir.path());
    ASSERT_EQ(done.status, 0) << done.err;
    EXPECT_EQ(done.summary().value("documents", 0), kRecords + 1) << done.out;
    EXPECT_EQ(documents_in(db), static_cast<std::size_t>(kRecords) + 1);
    EXPECT_TRUE(xapian_check_passes(db));
}

}  // namespace
