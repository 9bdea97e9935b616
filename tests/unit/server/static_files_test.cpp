// StaticFiles: MIME types, ETag and If-None-Match, gzip, HEAD, index.html, and refusing every
// path that would leave the web root (paths here are already decoded, as the router passes them).
#include "accord/server/static_files.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using accord::server::Request;
using accord::server::Response;
using accord::server::StaticFiles;
using accord::server::http::field;
using accord::server::http::status;
using accord::server::http::verb;
using accord::testing::TempDir;

const std::string kIndexHtml = "<!doctype html><title>Accord</title><p>search</p>\n";

// Text that compresses well and is long enough to be worth it.
std::string long_text(char seed) {
    std::string text;
    for (int i = 0; i < 400; ++i) {
        text += "const value";
        text += seed;
        text += " = 'accord';\n";
    }
    return text;
}

std::string gunzip(const std::string& data) {
    z_stream stream{};
    EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    int result = Z_OK;
    while (result == Z_OK) {
        char chunk[4096];
        stream.next_out = reinterpret_cast<Bytef*>(chunk);
        stream.avail_out = sizeof chunk;
        result = inflate(&stream, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - stream.avail_out);
    }
    inflateEnd(&stream);
    EXPECT_EQ(result, Z_STREAM_END);
    return out;
}

Request get(std::string_view target, verb method = verb::get) {
    Request request{method, target, 11};
    request.keep_alive(true);
    return request;
}

class StaticFilesTest : public ::testing::Test {
protected:
    StaticFilesTest() {
        root_.write("index.html", kIndexHtml);
        root_.write("app.js", long_text('a'));
        root_.write("style.css", "body{margin:0}\n");
        root_.write("small.js", "let a=1;\n");
        root_.write("data.json", "{\"a\":1}\n");
        root_.write("icon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
        root_.write("logo.PNG", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(2000, 'x'));
        root_.write("font.woff2", "wOF2");
        root_.write("manifest.webmanifest", "{}");
        root_.write("blob.bin", "binary");
        root_.write("docs/index.html", "<p>docs</p>");
        root_.write("docs/guide.txt", "guide");
        root_.write(".hidden", "secret");
        root_.write(".git/config", "[core]");
        root_.write("docs/.env", "SECRET=1");
        outside_.write("secret.txt", "top secret");
        outside_.write("index.html", "outside index");
    }

    Response serve(std::string_view path, verb method = verb::get) {
        return files_.serve(get(path, method), std::string(path));
    }

    TempDir root_;
    TempDir outside_;
    StaticFiles files_{root_.path()};
};

TEST(StaticFilesMime, KnowsTheWebTypes) {
    EXPECT_EQ(StaticFiles::mime_type("index.html"), "text/html; charset=utf-8");
    EXPECT_EQ(StaticFiles::mime_type("a/b/app.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(StaticFiles::mime_type("m.mjs"), "text/javascript; charset=utf-8");
    EXPECT_EQ(StaticFiles::mime_type("style.css"), "text/css; charset=utf-8");
    EXPECT_EQ(StaticFiles::mime_type("d.json"), "application/json; charset=utf-8");
    EXPECT_EQ(StaticFiles::mime_type("i.svg"), "image/svg+xml");
    EXPECT_EQ(StaticFiles::mime_type("i.png"), "image/png");
    EXPECT_EQ(StaticFiles::mime_type("I.PNG"), "image/png");
    EXPECT_EQ(StaticFiles::mime_type("f.woff2"), "font/woff2");
    EXPECT_EQ(StaticFiles::mime_type("favicon.ico"), "image/x-icon");
    EXPECT_EQ(StaticFiles::mime_type("blob.bin"), "application/octet-stream");
    EXPECT_EQ(StaticFiles::mime_type("Makefile"), "application/octet-stream");
}

TEST_F(StaticFilesTest, ServesFilesWithTheirTypes) {
    const Response css = serve("/style.css");
    EXPECT_EQ(css.result(), status::ok);
    EXPECT_EQ(css[field::content_type], "text/css; charset=utf-8");
    EXPECT_EQ(css.body(), "body{margin:0}\n");
    EXPECT_EQ(css[field::content_length], "15");
    EXPECT_EQ(serve("/data.json")[field::content_type], "application/json; charset=utf-8");
    EXPECT_EQ(serve("/icon.svg")[field::content_type], "image/svg+xml");
    EXPECT_EQ(serve("/logo.PNG")[field::content_type], "image/png");
    EXPECT_EQ(serve("/font.woff2")[field::content_type], "font/woff2");
    EXPECT_EQ(serve("/blob.bin")[field::content_type], "application/octet-stream");
    EXPECT_EQ(serve("/docs/guide.txt").body(), "guide");
}

TEST_F(StaticFilesTest, RootAndDirectoriesServeIndexHtml) {
    const Response root = serve("/");
    EXPECT_EQ(root.result(), status::ok);
    EXPECT_EQ(root.body(), kIndexHtml);
    EXPECT_EQ(root[field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(serve("/docs/").body(), "<p>docs</p>");
    EXPECT_EQ(serve("/index.html").body(), kIndexHtml);
}

TEST_F(StaticFilesTest, HtmlCarriesSecurityHeaders) {
    const Response root = serve("/");
    EXPECT_EQ(root["Content-Security-Policy"], StaticFiles::kContentSecurityPolicy);
    EXPECT_NE(root["Content-Security-Policy"].find("default-src 'none'"), std::string::npos);
    EXPECT_EQ(root["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(root["Referrer-Policy"], "no-referrer");
    // Scripts are not documents: no CSP needed there, but nosniff always.
    EXPECT_EQ(serve("/app.js")["X-Content-Type-Options"], "nosniff");
}

TEST_F(StaticFilesTest, MissingFilesAre404) {
    for (const char* path : {"/nope.js", "/docs/nope", "/docs/guide.txt/x", "/index.html/"}) {
        const Response response = serve(path);
        EXPECT_EQ(response.result(), status::not_found) << path;
        EXPECT_EQ(response["X-Content-Type-Options"], "nosniff") << path;
    }
}

TEST_F(StaticFilesTest, DirectoryWithoutIndexIs404) {
    fs::create_directories(root_.path() / "empty");
    EXPECT_EQ(serve("/empty/").result(), status::not_found);
    EXPECT_EQ(serve("/empty").result(), status::not_found);
}

TEST_F(StaticFilesTest, EtagAndIfNoneMatch) {
    const Response first = serve("/style.css");
    const std::string etag(first[field::etag]);
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(etag.front(), '"');
    EXPECT_EQ(etag.back(), '"');
    EXPECT_EQ(serve("/style.css")[field::etag], etag);  // stable
    EXPECT_NE(serve("/small.js")[field::etag], etag);   // per content

    Request conditional = get("/style.css");
    conditional.set(field::if_none_match, etag);
    const Response not_modified = files_.serve(conditional, "/style.css");
    EXPECT_EQ(not_modified.result(), status::not_modified);
    EXPECT_TRUE(not_modified.body().empty());
    EXPECT_EQ(not_modified[field::etag], etag);

    // A list of tags that includes ours.
    conditional.set(field::if_none_match, "\"other\", " + etag);
    EXPECT_EQ(files_.serve(conditional, "/style.css").result(), status::not_modified);

    // Weak comparison: W/"tag" matches too.
    conditional.set(field::if_none_match, "W/" + etag);
    EXPECT_EQ(files_.serve(conditional, "/style.css").result(), status::not_modified);

    conditional.set(field::if_none_match, "\"something-else\"");
    const Response changed = files_.serve(conditional, "/style.css");
    EXPECT_EQ(changed.result(), status::ok);
    EXPECT_EQ(changed.body(), "body{margin:0}\n");
}

TEST_F(StaticFilesTest, IfNoneMatchStarMatchesAnyExistingFile) {
    Request conditional = get("/style.css");
    conditional.set(field::if_none_match, "*");
    EXPECT_EQ(files_.serve(conditional, "/style.css").result(), status::not_modified);
}

TEST_F(StaticFilesTest, ChangedFileGetsANewEtagAndContent) {
    const std::string before(serve("/style.css")[field::etag]);
    root_.write("style.css", "body{margin:1px; padding:0}\n");
    const Response after = serve("/style.css");
    EXPECT_EQ(after.body(), "body{margin:1px; padding:0}\n");
    EXPECT_NE(std::string(after[field::etag]), before);
}

TEST_F(StaticFilesTest, GzipOnlyWhenAccepted) {
    const std::string original = long_text('a');
    const Response plain = serve("/app.js");
    EXPECT_TRUE(plain.body() == original);
    EXPECT_TRUE(plain[field::content_encoding].empty());
    EXPECT_NE(plain[field::vary].find("Accept-Encoding"), std::string::npos);

    Request request = get("/app.js");
    request.set(field::accept_encoding, "br, gzip, deflate");
    const Response zipped = files_.serve(request, "/app.js");
    EXPECT_EQ(zipped.result(), status::ok);
    EXPECT_EQ(zipped[field::content_encoding], "gzip");
    EXPECT_EQ(zipped[field::content_type], "text/javascript; charset=utf-8");
    EXPECT_LT(zipped.body().size(), original.size());
    EXPECT_EQ(zipped[field::content_length], std::to_string(zipped.body().size()));
    EXPECT_TRUE(gunzip(zipped.body()) == original);
    EXPECT_NE(zipped[field::vary].find("Accept-Encoding"), std::string::npos);
}

TEST_F(StaticFilesTest, GzipRefusedByQualityZero) {
    for (const char* refusal : {"gzip;q=0", "gzip; q=0", "GZIP;Q=0", "gzip;q=0.0", "gzip;q=0.000",
                                "identity", "deflate, br"}) {
        Request request = get("/app.js");
        request.set(field::accept_encoding, refusal);
        const Response response = files_.serve(request, "/app.js");
        EXPECT_TRUE(response[field::content_encoding].empty()) << refusal;
        EXPECT_TRUE(response.body() == long_text('a')) << refusal;
    }
    for (const char* consent : {"gzip;q=0.5", "gzip;q=1", "deflate;q=0, gzip", "*"}) {
        Request request = get("/app.js");
        request.set(field::accept_encoding, consent);
        EXPECT_EQ(files_.serve(request, "/app.js")[field::content_encoding], "gzip") << consent;
    }
}

TEST_F(StaticFilesTest, NoGzipWhenNotWorthwhile) {
    Request request = get("/small.js");
    request.set(field::accept_encoding, "gzip");
    // Small files.
    const Response small = files_.serve(request, "/small.js");
    EXPECT_TRUE(small[field::content_encoding].empty());
    EXPECT_EQ(small.body(), "let a=1;\n");
    // Already compressed formats.
    const Response png = files_.serve(request, "/logo.PNG");
    EXPECT_TRUE(png[field::content_encoding].empty());
    // Text that gzip cannot shrink.
    std::mt19937 random(42);
    std::string noise;
    for (int i = 0; i < 600; ++i) {
        noise.push_back(static_cast<char>(random() % 256));
    }
    root_.write("noise.txt", noise);
    const Response incompressible = files_.serve(request, "/noise.txt");
    EXPECT_EQ(incompressible.result(), status::ok);
    EXPECT_TRUE(incompressible[field::content_encoding].empty());
    EXPECT_TRUE(incompressible.body() == noise);
}

TEST_F(StaticFilesTest, HeadHasHeadersButNoBody) {
    const Response got = serve("/app.js");
    const Response head = serve("/app.js", verb::head);
    EXPECT_EQ(head.result(), status::ok);
    EXPECT_TRUE(head.body().empty());
    EXPECT_EQ(head[field::content_length], got[field::content_length]);
    EXPECT_EQ(head[field::content_type], got[field::content_type]);
    EXPECT_EQ(head[field::etag], got[field::etag]);
    EXPECT_EQ(serve("/nope", verb::head).result(), status::not_found);
}

TEST_F(StaticFilesTest, RefusesDotSegments) {
    // What "/../x", "/%2e%2e/x" and "/..%2fx" decode to.
    for (const char* path :
         {"/../", "/..", "/../etc/passwd", "/../../../../etc/passwd", "/docs/../index.html",
          "/docs/../../outside", "/./index.html", "/docs/./guide.txt", "/.", "/docs/.."}) {
        EXPECT_EQ(serve(path).result(), status::not_found) << path;
    }
}

TEST_F(StaticFilesTest, RefusesTraversalToTheOutsideDirectory) {
    const std::string up = "/../" + outside_.path().filename().string() + "/secret.txt";
    const Response response = serve(up);
    EXPECT_EQ(response.result(), status::not_found);
    EXPECT_EQ(response.body().find("top secret"), std::string::npos);
}

TEST_F(StaticFilesTest, RefusesBackslashes) {
    for (const char* path :
         {"/..\\etc\\passwd", "/docs\\guide.txt", "/\\..\\..\\etc", "\\index.html"}) {
        EXPECT_EQ(serve(path).result(), status::not_found) << path;
    }
}

TEST_F(StaticFilesTest, AbsoluteLookingPathsStayUnderTheRoot) {
    const std::string secret = (outside_.path() / "secret.txt").string();  // "/tmp/…/secret.txt"
    for (const std::string& path :
         {"/" + secret, secret, std::string("//etc/passwd"), std::string("/etc/passwd"),
          std::string("etc/passwd"), std::string(""), std::string("C:/Windows/win.ini"),
          std::string("/C:/Windows/win.ini")}) {
        const Response response = serve(path);
        EXPECT_EQ(response.result(), status::not_found) << path;
        EXPECT_EQ(response.body().find("top secret"), std::string::npos) << path;
    }
    // A doubled slash inside the root is still the same file under the root.
    EXPECT_EQ(serve("//docs//guide.txt").body(), "guide");
}

TEST_F(StaticFilesTest, RefusesHiddenFiles) {
    for (const char* path : {"/.hidden", "/.git/config", "/docs/.env", "/.git/", "/.git"}) {
        const Response response = serve(path);
        EXPECT_EQ(response.result(), status::not_found) << path;
        EXPECT_EQ(response.body().find("SECRET"), std::string::npos) << path;
        EXPECT_EQ(response.body().find("[core]"), std::string::npos) << path;
    }
}

TEST_F(StaticFilesTest, RefusesNulInThePath) {
    EXPECT_EQ(serve(std::string_view("/index.html\0.js", 15)).result(), status::not_found);
}

TEST_F(StaticFilesTest, SymlinkLeadingOutOfTheRootIs404) {
    fs::create_symlink(outside_.path() / "secret.txt", root_.path() / "link.txt");
    fs::create_directory_symlink(outside_.path(), root_.path() / "linkdir");
    for (const char* path : {"/link.txt", "/linkdir/secret.txt", "/linkdir/", "/linkdir"}) {
        const Response response = serve(path);
        EXPECT_EQ(response.result(), status::not_found) << path;
        EXPECT_EQ(response.body().find("top secret"), std::string::npos) << path;
        EXPECT_EQ(response.body().find("outside index"), std::string::npos) << path;
    }
}

TEST_F(StaticFilesTest, SymlinkToASiblingWithTheRootAsPrefixIs404) {
    // root "/tmp/x" and a sibling "/tmp/x-evil": a string prefix check would let it through.
    const fs::path sibling = root_.path().string() + "-evil";
    fs::create_directories(sibling);
    std::ofstream(sibling / "secret.txt") << "top secret";
    fs::create_symlink(sibling / "secret.txt", root_.path() / "sibling.txt");
    const Response response = serve("/sibling.txt");
    fs::remove_all(sibling);
    EXPECT_EQ(response.result(), status::not_found);
    EXPECT_EQ(response.body().find("top secret"), std::string::npos);
}

TEST_F(StaticFilesTest, SymlinkInsideTheRootIsServed) {
    fs::create_symlink(root_.path() / "style.css", root_.path() / "alias.css");
    const Response response = serve("/alias.css");
    EXPECT_EQ(response.result(), status::ok);
    EXPECT_EQ(response.body(), "body{margin:0}\n");
}

TEST(StaticFilesEmptyRoot, EverythingIs404) {
    StaticFiles files{fs::path()};
    EXPECT_EQ(files.serve(get("/"), "/").result(), status::not_found);
    StaticFiles missing{fs::path("/nonexistent/accord/web/root")};
    EXPECT_EQ(missing.serve(get("/index.html"), "/index.html").result(), status::not_found);
}

TEST(Gzip, RoundTrips) {
    const std::string text = long_text('z');
    const std::string zipped = accord::server::gzip(text);
    ASSERT_GE(zipped.size(), 2U);
    EXPECT_EQ(static_cast<unsigned char>(zipped[0]), 0x1F);
    EXPECT_EQ(static_cast<unsigned char>(zipped[1]), 0x8B);
    EXPECT_TRUE(gunzip(zipped) == text);
    EXPECT_EQ(gunzip(accord::server::gzip("")), "");
}

}  // namespace
