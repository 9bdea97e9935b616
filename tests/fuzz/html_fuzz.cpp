// libFuzzer target: extract_html on arbitrary bytes (gumbo, charset sniffing and conversion,
// the nesting guard, JSON-LD dates, the story-body heuristics), then split_sections.
// Expected failures are ExtractError; anything else escaping is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "accord/index/errors.hpp"
#include "accord/index/extractors.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        accord::index::Document document = accord::index::extract_html(bytes, "fuzz.html");
        accord::fuzz::check_document(document);
    } catch (const accord::index::ExtractError&) {
        // binary content, nesting over the limit, nothing to index: reported per file
    }
    return 0;
}
