// accord-index over what feeds and scrapers produce at their worst: a markup bomb, tags nested
// hundreds of thousands deep, a 190 MiB text file, a "PDF" that is not one, NUL bytes, mixed
// encodings, a 50 MB JSON Lines record, file names with a newline and with non-UTF-8 bytes.
// Each is reported and skipped or indexed, the good files beside them are all indexed, the
// process stays within bounded memory, and a second run loses nothing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <fstream>
#include <string>
#include <vector>

#include "accord/search/searcher.hpp"

#include "indexer_process.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using accord::testing::IndexerRun;
using accord::testing::run_indexer;
using accord::testing::source_dir;
using accord::testing::TempDir;

void write_bytes(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

TEST(HostileDocuments, EachIsReportedOrIndexedAndTheRestIsIndexedInBoundedMemory) {
    TempDir dir;
    const fs::path in = dir.path() / "in";
    fs::create_directories(in);
    write_bytes(in / "good1.md",
                "---\ntitle: Good one\ndate: 2025-03-01\n---\nCeasefire talks in Geneva.\n");
    write_bytes(in / "good2.txt", "Good two\n\nKyiv and Washington discussed guarantees.\n");
    {
        // 20 MiB of markup: over the 16 MiB limit for a page.
        std::ofstream page(in / "bomb.html", std::ios::binary);
        page << "<html><head><title>Bomb</title></head><body>";
        const std::string row = "<p><b><i><span>ceasefire</span></i></b></p>\n";
        for (std::size_t written = 0; written < (20U << 20U); written += row.size()) {
            page << row;
        }
        page << "</body></html>";
    }
    {
        std::string nested = "<html><body>";
        for (int i = 0; i < 200000; ++i) {
            nested += "<div>";
        }
        write_bytes(in / "nested.html", nested + "deep</body></html>");
    }
    {
        std::ofstream huge(in / "huge.txt", std::ios::binary);
        const std::string line = std::string(99, 'w') + "\n";
        for (int i = 0; i < 2'000'000; ++i) {  // 200 MB
            huge << line;
        }
    }
    write_bytes(in / "fake.pdf", "this is not a PDF at all\n");
    write_bytes(in / "nul.txt", std::string("Nul title\n\nKyiv \0\0 talks\0resumed.\n", 33));
    write_bytes(in / "mixed.txt",
                "Mixed\n\nOdesa port \xe2\x80\x94 UTF-8 here. Caf\xe9 "
                "\xcf\xf0\xe8\xe2\xe5\xf2 in other encodings.\n");
    {
        std::ofstream lines(in / "big.jsonl", std::ios::binary);
        lines << R"({"id":"huge-line","title":"x","body":")" << std::string(50'000'000, 'a')
              << "\"}\n";
        lines << R"({"id":"after-huge","title":"After","body":"Minsk II remains the reference."})"
              << "\n";
    }
    write_bytes(in / "new\nline.md", "# Newline name\n\nBudapest Memorandum text.\n");
    write_bytes(in / "caf\xe9.txt", "Latin name\n\nDonetsk region text.\n");

    const fs::path db = dir.path() / "db";
    const std::vector<std::string> args = {"--db",   db.string(), "--json",
                                           "--jobs", "2",         in.string()};
    const IndexerRun first = run_indexer(args, dir.path());
    EXPECT_EQ(first.status, 1) << first.err;  // some inputs failed, the rest indexed
    for (const char* named :
         {"bomb.html", "nested.html", "huge.txt", "fake.pdf", "nul.txt", "big.jsonl:1"}) {
        EXPECT_NE(first.err.find(named), std::string::npos) << named << " not reported:\n"
                                                            << first.err;
    }
    const auto summary = first.summary();
    EXPECT_EQ(summary.value("failed", 0), 6) << first.out;
    // good1, good2, mixed, after-huge, the two odd names.
    EXPECT_EQ(summary.value("documents", 0), 6) << first.out;
    // Bounded: nothing above was held whole beyond the limits (a 200 MB file, a 50 MB line).
    EXPECT_LT(first.peak_rss_kb, 600L * 1024) << "peak RSS " << first.peak_rss_kb << " kB";

    spdlog::set_level(spdlog::level::warn);
    auto gazetteer = std::make_shared<const accord::analyzers::Gazetteer>(
        accord::analyzers::Gazetteer::load(source_dir() / "data" / "gazetteer"));
    {
        accord::search::Searcher searcher({db.string()}, gazetteer);
        for (const char* query :
             {"Geneva", "Washington", "Odesa", "Minsk", "Budapest", "Donetsk"}) {
            accord::search::SearchRequest request;
            request.query = query;
            EXPECT_EQ(searcher.search(request).total, 1U) << query;
        }
    }

    // A second run changes nothing and loses nothing; the broken files are reported again.
    const IndexerRun second = run_indexer(args, dir.path());
    EXPECT_EQ(second.status, 1);
    const auto again = second.summary();
    EXPECT_EQ(again.value("documents", 0), 6) << second.out;
    EXPECT_EQ(again.value("added", -1), 0) << second.out;
    EXPECT_EQ(again.value("unchanged", 0), 6) << second.out;
}

}  // namespace
