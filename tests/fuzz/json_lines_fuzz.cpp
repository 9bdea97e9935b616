// libFuzzer target: the JSON Lines path as the indexer drives it, read_json_lines over an
// in-memory stream (line splitting, the per-line size limit, nlohmann::json parsing,
// document_from_json and apply_field), with split_sections on every document. A small line
// limit makes the "too long" path reachable with fuzzer-sized inputs.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "accord/index/extractors.hpp"

#include "fuzz_support.hpp"

namespace {
constexpr std::size_t kMaxLineBytes = 2048;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::istringstream in(text);
    std::size_t last_line = 0;
    std::size_t lines = 1;
    for (const char ch : text) {
        lines += ch == '\n' ? 1 : 0;
    }
    auto next_line = [&](std::size_t number) {
        // Every line is reported at most once, in order, and exists.
        ACCORD_FUZZ_CHECK(number > last_line);
        ACCORD_FUZZ_CHECK(number <= lines);
        last_line = number;
    };
    accord::index::read_json_lines(
        in, "fuzz.jsonl", kMaxLineBytes,
        [&](std::size_t number, accord::index::Document&& document) {
            next_line(number);
            accord::fuzz::check_document(document);
        },
        [&](const accord::index::LineError& error) {
            next_line(error.line);
            ACCORD_FUZZ_CHECK(!error.message.empty());
        });
    return 0;
}
