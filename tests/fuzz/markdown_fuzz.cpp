// libFuzzer target: extract_markdown on arbitrary bytes (YAML front matter through yaml-cpp,
// apply_field for every key, cmark's CommonMark parser and the plain-text walk), then
// split_sections. Expected failures are ExtractError; anything else escaping is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "accord/index/errors.hpp"
#include "accord/index/extractors.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        accord::index::Document document = accord::index::extract_markdown(bytes, "fuzz.md");
        accord::fuzz::check_document(document);
    } catch (const accord::index::ExtractError&) {
        // bad front matter, binary content: reported per file
    }
    return 0;
}
