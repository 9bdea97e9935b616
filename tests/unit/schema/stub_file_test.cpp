#include "accord/schema/stub_file.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "test_support.hpp"

namespace accord::schema {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

TEST(StubFile, ReadsLocalAndRemoteEntriesRelativeToTheStub) {
    accord::testing::TempDir dir;
    write(dir.path() / "XAPIANDB",
          "# live generation\n\nauto gen-000002/shard-0\nglass /abs/shard\r\n"
          "remote 10.0.0.5:3317\n");
    const auto stub = stub_file_of(dir.path());
    ASSERT_TRUE(stub);
    const auto entries = read_stub(*stub);
    ASSERT_EQ(entries.size(), 3U);
    EXPECT_EQ(entries[0].kind, StubEntry::Kind::kLocal);
    EXPECT_EQ(entries[0].target, (dir.path() / "gen-000002/shard-0").string());
    EXPECT_EQ(entries[1].target, "/abs/shard");
    EXPECT_EQ(entries[2].kind, StubEntry::Kind::kRemote);
    EXPECT_EQ(entries[2].target, "10.0.0.5:3317");
}

TEST(StubFile, RejectsWhatItCannotRead) {
    accord::testing::TempDir dir;
    const fs::path stub = dir.path() / "stub";
    write(stub, "remote :/usr/bin/xapian-progsrv\n");
    EXPECT_THROW((void)read_stub(stub), StubError);
    write(stub, "inmemory\n");
    EXPECT_THROW((void)read_stub(stub), StubError);
    write(stub, "auto\n");
    EXPECT_THROW((void)read_stub(stub), StubError);
    EXPECT_THROW((void)read_stub(dir.path() / "missing"), StubError);
}

TEST(StubFile, AGlassDirectoryOrNothingHasNoStub) {
    accord::testing::TempDir dir;
    EXPECT_FALSE(stub_file_of(dir.path()));  // an empty directory
    EXPECT_FALSE(stub_file_of(dir.path() / "missing"));
    write(dir.path() / "iamglass", "");
    write(dir.path() / "XAPIANDB", "auto x\n");
    EXPECT_FALSE(stub_file_of(dir.path()));
    EXPECT_EQ(stub_file_of(dir.path() / "XAPIANDB"), dir.path() / "XAPIANDB");
}

}  // namespace
}  // namespace accord::schema
