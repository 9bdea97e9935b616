// libFuzzer target: Analyzer::analyze with the real gazetteer (language detection, ICU word
// breaking and folding, the entity tagger and its rules) and the JSON form POST /api/analyze
// returns. The first byte picks the tag mode and the trusted language; the rest is the text
// (arbitrary bytes: invalid UTF-8 must be treated as separators).
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "accord/analyzers/analysis_json.hpp"
#include "accord/analyzers/analyzer.hpp"

#include "fuzz_support.hpp"

namespace {

accord::analyzers::Analyzer& analyzer() {
    static accord::analyzers::Analyzer instance(accord::fuzz::gazetteer());
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    (void)analyzer();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    using accord::analyzers::TagMode;
    static constexpr std::string_view kLanguages[] = {"", "en", "uk", "ru"};
    const auto mode = (data[0] & 1U) != 0 ? TagMode::kQuery : TagMode::kText;
    const std::string_view language = kLanguages[(data[0] >> 1U) & 3U];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

    const auto analysis = analyzer().analyze(text, language, mode);
    ACCORD_FUZZ_CHECK(!analysis.language.empty());
    std::uint32_t previous_start = 0;
    std::uint32_t previous_position = 0;
    for (std::size_t i = 0; i < analysis.tokens.size(); ++i) {
        const auto& token = analysis.tokens[i];
        ACCORD_FUZZ_CHECK(token.start <= token.end);
        ACCORD_FUZZ_CHECK(token.end <= text.size());
        ACCORD_FUZZ_CHECK(!token.text.empty());
        ACCORD_FUZZ_CHECK(accord::analyzers::is_valid_utf8(token.text));
        if (i > 0) {
            ACCORD_FUZZ_CHECK(token.start >= previous_start);
            ACCORD_FUZZ_CHECK(token.position >= previous_position);
        }
        previous_start = token.start;
        previous_position = token.position;
    }
    std::uint32_t previous_end = 0;
    const auto& entities = analyzer().gazetteer().entities();
    for (const auto& mention : analysis.mentions) {
        // In text order, not overlapping, inside the text and its tokens.
        ACCORD_FUZZ_CHECK(mention.start >= previous_end);
        ACCORD_FUZZ_CHECK(mention.start < mention.end);
        ACCORD_FUZZ_CHECK(mention.end <= text.size());
        ACCORD_FUZZ_CHECK(mention.token_count > 0);
        ACCORD_FUZZ_CHECK(mention.first_token + mention.token_count <= analysis.tokens.size());
        ACCORD_FUZZ_CHECK(mention.entity < entities.size());
        ACCORD_FUZZ_CHECK(mention.named < entities.size());
        previous_end = mention.end;
    }
    const nlohmann::json json = accord::analyzers::to_json(analysis, text, analyzer().gazetteer());
    (void)json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return 0;
}
