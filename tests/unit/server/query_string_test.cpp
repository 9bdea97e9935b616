// Request targets: decoding, '+' as space, repeated and comma-separated parameters, and what is
// refused (bad percent-encoding, NUL, invalid UTF-8, targets that are not origin-form).
#include "accord/server/query_string.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using accord::server::parse_target;
using accord::server::Target;
using Strings = std::vector<std::string>;

Target must_parse(std::string_view target) {
    auto parsed = parse_target(target);
    EXPECT_TRUE(parsed.has_value()) << target;
    return parsed.value_or(Target{});
}

TEST(QueryString, SplitsPathAndParameters) {
    const Target target = must_parse("/api/search?q=kyiv&party=ua&limit=5");
    EXPECT_EQ(target.path, "/api/search");
    ASSERT_EQ(target.params.size(), 3U);
    EXPECT_EQ(target.params[0].first, "q");
    EXPECT_EQ(target.params[0].second, "kyiv");
    EXPECT_EQ(target.get("party"), "ua");
    EXPECT_EQ(target.get("limit"), "5");
    EXPECT_FALSE(target.get("offset").has_value());
}

TEST(QueryString, PathWithoutQuery) {
    const Target target = must_parse("/");
    EXPECT_EQ(target.path, "/");
    EXPECT_TRUE(target.params.empty());
    EXPECT_EQ(must_parse("/api/health?").path, "/api/health");
}

TEST(QueryString, DecodesPercentEncoding) {
    const Target target = must_parse("/api/search?q=%22security%20guarantees%22&to=2025%2D12%2D31");
    EXPECT_EQ(target.get("q"), "\"security guarantees\"");
    EXPECT_EQ(target.get("to"), "2025-12-31");
}

TEST(QueryString, DecodesUtf8) {
    // "Київ" percent-encoded.
    const Target target = must_parse("/api/search?q=%D0%9A%D0%B8%D1%97%D0%B2");
    EXPECT_EQ(target.get("q"), "\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2");
}

TEST(QueryString, PlusIsSpaceInTheQueryButEncodedPlusIsPlus) {
    const Target target = must_parse("/api/search?q=security+guarantees&x=a%2Bb");
    EXPECT_EQ(target.get("q"), "security guarantees");
    EXPECT_EQ(target.get("x"), "a+b");
}

TEST(QueryString, DecodesThePath) {
    EXPECT_EQ(must_parse("/api/doc/articles%2Fa%20b.md").path, "/api/doc/articles/a b.md");
    // The router decodes first, so StaticFiles sees "..": it must refuse that itself.
    EXPECT_EQ(must_parse("/%2e%2e/%2E%2E/etc/passwd").path, "/../../etc/passwd");
}

TEST(QueryString, DecodesKeys) {
    const Target target = must_parse("/x?p%61rty=ua");
    EXPECT_EQ(target.get("party"), "ua");
}

TEST(QueryString, GetReturnsTheLastOfRepeatedValues) {
    const Target target = must_parse("/api/search?limit=5&limit=7");
    EXPECT_EQ(target.get("limit"), "7");
}

TEST(QueryString, AllCollectsRepeatedAndCommaSeparatedValues) {
    const Target target =
        must_parse("/api/search?party=ua&party=us,ru&region=ua-14&party=%2Cnato%2C");
    EXPECT_EQ(target.all("party"), (Strings{"ua", "us", "ru", "nato"}));
    EXPECT_EQ(target.all("region"), (Strings{"ua-14"}));
    EXPECT_TRUE(target.all("agreement").empty());
}

TEST(QueryString, AllSkipsEmptyValues) {
    const Target target = must_parse("/api/search?party=&party=,,&party=ua");
    EXPECT_EQ(target.all("party"), (Strings{"ua"}));
}

TEST(QueryString, KeyWithoutValueIsEmpty) {
    const Target target = must_parse("/api/search?q&facets=");
    EXPECT_EQ(target.get("q"), "");
    EXPECT_EQ(target.get("facets"), "");
}

TEST(QueryString, KeepsParameterOrder) {
    const Target target = must_parse("/x?b=1&a=2&b=3");
    ASSERT_EQ(target.params.size(), 3U);
    EXPECT_EQ(target.params[0], (std::pair<std::string, std::string>{"b", "1"}));
    EXPECT_EQ(target.params[1], (std::pair<std::string, std::string>{"a", "2"}));
    EXPECT_EQ(target.params[2], (std::pair<std::string, std::string>{"b", "3"}));
}

TEST(QueryString, RejectsBadPercentEncoding) {
    for (const char* bad : {"/api/search?q=%", "/api/search?q=%2", "/api/search?q=%zz",
                            "/api/search?q=100%", "/api/search?q=%G1", "/a%zzb", "/a%"}) {
        EXPECT_FALSE(parse_target(bad).has_value()) << bad;
    }
}

TEST(QueryString, RejectsNul) {
    EXPECT_FALSE(parse_target("/api/search?q=a%00b").has_value());
    EXPECT_FALSE(parse_target("/api/search?q%00=a").has_value());
    EXPECT_FALSE(parse_target("/index.html%00.js").has_value());
}

TEST(QueryString, RejectsInvalidUtf8) {
    for (const char* bad : {
             "/api/search?q=%FF",           // never valid
             "/api/search?q=%C3",           // truncated sequence
             "/api/search?q=%C0%AF",        // overlong '/'
             "/api/search?q=%ED%A0%80",     // UTF-16 surrogate
             "/api/search?q=%F4%90%80%80",  // beyond U+10FFFF
             "/%C0%AE%C0%AE/etc/passwd",    // overlong ".." in the path
             "/api/search?%FF=x",           // in a key
         }) {
        EXPECT_FALSE(parse_target(bad).has_value()) << bad;
    }
}

TEST(QueryString, RejectsTargetsThatAreNotOriginForm) {
    for (const char* bad : {"", "*", "http://example.org/", "example.org:443", "api/search", "/a b",
                            "/a\r\nX: y", "/#frag"}) {
        EXPECT_FALSE(parse_target(bad).has_value()) << bad;
    }
}

TEST(QueryString, AcceptsAbsoluteLookingPathsAsPaths) {
    // "//etc/passwd" is an origin-form path with an empty first segment, not an authority.
    const auto target = parse_target("//etc/passwd");
    ASSERT_TRUE(target.has_value());
    EXPECT_EQ(target->path, "//etc/passwd");
}

}  // namespace
