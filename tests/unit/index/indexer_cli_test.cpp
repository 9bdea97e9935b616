// accord-index as a process: exit codes, the --json summary, and kill -9 at random moments.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "accord/index/schema.hpp"
#include "test_support.hpp"

namespace {

using accord::testing::TempDir;

struct Outcome {
    int status = -1;  // exit status, or -1 when killed
    std::string out;
};

/// Runs accord-index with @p args; kills it with SIGKILL after @p kill_after when given.
Outcome run_indexer(const std::vector<std::string>& args,
                    std::optional<std::chrono::milliseconds> kill_after = std::nullopt) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) {
        throw std::runtime_error("pipe");
    }
    const std::string binary = (accord::testing::binary_dir() / "accord-index").string();
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(pipe_fds[1], STDOUT_FILENO);
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        std::vector<char*> argv{const_cast<char*>(binary.c_str())};
        for (const auto& arg : args) {
            argv.push_back(const_cast<char*>(arg.c_str()));
        }
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    close(pipe_fds[1]);
    if (kill_after) {
        std::this_thread::sleep_for(*kill_after);
        kill(pid, SIGKILL);
    }
    Outcome outcome;
    char buffer[4096];
    ssize_t got = 0;
    while ((got = read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
        outcome.out.append(buffer, static_cast<std::size_t>(got));
    }
    close(pipe_fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return outcome;
}

std::size_t documents_in(const std::filesystem::path& db) {
    if (!std::filesystem::exists(db / "XAPIANDB")) {
        return 0;  // killed before the first database was in place: nothing was committed
    }
    Xapian::Database database(db.string());
    return database.get_termfreq(std::string(accord::index::schema::kDocumentKind));
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
    const Outcome ok = run_indexer({"--db", db, "--json", "--quiet", (dir.path() / "in").string()});
    EXPECT_EQ(ok.status, 0);
    const auto summary = nlohmann::json::parse(ok.out);
    for (const char* key :
         {"added", "updated", "unchanged", "deleted", "failed", "documents", "seconds"}) {
        EXPECT_TRUE(summary.contains(key)) << key;
    }
    EXPECT_EQ(summary["added"], 1);
    EXPECT_EQ(summary["documents"], 1);

    dir.write("in/broken.jsonl", "{oops\n");
    const Outcome some_failed =
        run_indexer({"--db", db, "--json", "--quiet", (dir.path() / "in").string()});
    EXPECT_EQ(some_failed.status, 1);
    EXPECT_EQ(nlohmann::json::parse(some_failed.out)["failed"], 1);
    EXPECT_EQ(nlohmann::json::parse(some_failed.out)["unchanged"], 1);

    EXPECT_EQ(run_indexer({"--db", db}).status, 2);  // nothing to do: usage error
    EXPECT_EQ(run_indexer({"--db", db, "--no-such-flag", "x"}).status, 2);
}

TEST(IndexerCli, DeleteFlagRemovesDocuments) {
    TempDir dir;
    dir.write("in/a.txt", "A\n\nText.\n");
    dir.write("in/b.txt", "B\n\nText.\n");
    const auto db = (dir.path() / "db").string();
    ASSERT_EQ(run_indexer({"--db", db, "--quiet", (dir.path() / "in").string()}).status, 0);
    const Outcome deleted = run_indexer({"--db", db, "--json", "--delete", "a.txt"});
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
        run_indexer({"--db", db, "--quiet", "--commit-every", "50", "--jobs", "2", feed},
                    std::chrono::milliseconds(delay(random)));
        // The database opens, and holds whole committed batches only: never fewer documents
        // than a previous trial committed.
        const std::size_t now = documents_in(db);
        EXPECT_GE(now, previous) << "trial " << trial;
        EXPECT_LE(now, static_cast<std::size_t>(kFiles * kPerFile));
        previous = now;
    }
    const Outcome finish = run_indexer({"--db", db, "--json", "--quiet", feed});
    ASSERT_EQ(finish.status, 0) << finish.out;
    const auto summary = nlohmann::json::parse(finish.out);
    EXPECT_EQ(summary["documents"], kFiles * kPerFile);
    EXPECT_EQ(summary["added"].get<std::size_t>() + summary["unchanged"].get<std::size_t>(),
              static_cast<std::size_t>(kFiles * kPerFile));
    const Outcome again = run_indexer({"--db", db, "--json", "--quiet", feed});
    EXPECT_EQ(nlohmann::json::parse(again.out)["unchanged"], kFiles * kPerFile);
    EXPECT_EQ(nlohmann::json::parse(again.out)["added"], 0);
}

}  // namespace
