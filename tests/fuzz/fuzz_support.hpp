#pragma once
/// @file fuzz_support.hpp
/// What the fuzz targets share: invariant checks that crash loudly, a private scratch
/// directory, the gazetteer and a small database built once at start-up.

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "accord/analyzers/gazetteer.hpp"
#include "accord/analyzers/utf8.hpp"
#include "accord/index/document.hpp"
#include "accord/index/indexer.hpp"

/// An invariant of the code under test: a violation is a finding, so it aborts (libFuzzer
/// then saves the input).
#define ACCORD_FUZZ_CHECK(condition)                                                    \
    do {                                                                                \
        if (!(condition)) {                                                             \
            std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, \
                         #condition);                                                   \
            std::abort();                                                               \
        }                                                                               \
    } while (false)

namespace accord::fuzz {

/// The source tree (data/gazetteer, tests/fixtures).
inline std::filesystem::path source_dir() {
    return ACCORD_SOURCE_DIR;
}

/// A fresh directory under $TMPDIR, removed when the process exits normally.
class ScratchDir {
public:
    ScratchDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "accord-fuzz-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            std::perror("mkdtemp");
            std::abort();
        }
        path_ = pattern;
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

/// The real gazetteer (data/gazetteer), loaded once.
inline std::shared_ptr<const analyzers::Gazetteer> gazetteer() {
    static const auto loaded = std::make_shared<const analyzers::Gazetteer>(
        analyzers::Gazetteer::load(source_dir() / "data" / "gazetteer"));
    return loaded;
}

/// Observer that treats any failure of the fixture corpus as a broken harness.
class StrictObserver final : public index::IndexObserver {
public:
    void failure(const std::string& input, const std::string& message) override {
        std::fprintf(stderr, "indexing the fuzz fixture failed: %s: %s\n", input.c_str(),
                     message.c_str());
        std::abort();
    }
    void warning(const std::string& /*input*/, const std::string& /*message*/) override {}
    void progress(const index::IndexProgress& /*progress*/) override {}
};

/// Indexes tests/fixtures/search/corpus.jsonl (70 small documents, three languages) into
/// @p directory/index and returns its path.
inline std::string build_fixture_database(const std::filesystem::path& directory) {
    spdlog::set_level(spdlog::level::off);
    index::IndexOptions options;
    options.database = directory / "index";
    options.gazetteer = source_dir() / "data" / "gazetteer";
    options.jobs = 1;
    StrictObserver observer;
    index::Indexer(options, &observer)
        .index({(source_dir() / "tests" / "fixtures" / "search" / "corpus.jsonl").string()});
    return options.database.string();
}

/// The invariants of every Document an extractor returns: UTF-8 text fields, a non-empty id,
/// and sections (after split_sections) that lie inside the body, in order.
inline void check_document(index::Document& document) {
    ACCORD_FUZZ_CHECK(!document.id.empty());
    for (const std::string* text :
         {&document.id, &document.title, &document.body, &document.date, &document.source,
          &document.url, &document.type, &document.language}) {
        ACCORD_FUZZ_CHECK(analyzers::is_valid_utf8(*text));
    }
    ACCORD_FUZZ_CHECK(document.date.empty() || document.date.size() == 10);
    index::split_sections(document);
    std::uint32_t previous_end = 0;
    for (const index::Section& section : document.sections) {
        ACCORD_FUZZ_CHECK(section.start <= section.end);
        ACCORD_FUZZ_CHECK(section.end <= document.body.size());
        ACCORD_FUZZ_CHECK(section.start >= previous_end);
        ACCORD_FUZZ_CHECK(analyzers::is_valid_utf8(section.label));
        previous_end = section.end;
    }
}

}  // namespace accord::fuzz
