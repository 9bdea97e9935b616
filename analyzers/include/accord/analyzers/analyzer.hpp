#pragma once
/// @file analyzer.hpp
/// The text pipeline in one object: language, tokens and entity mentions of a text.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "accord/analyzers/gazetteer.hpp"
#include "accord/analyzers/language.hpp"
#include "accord/analyzers/tagger.hpp"
#include "accord/analyzers/token.hpp"
#include "accord/analyzers/tokenizer.hpp"

namespace accord::analyzers {

/// What the pipeline found in one text.
struct Analysis {
    std::string language;  ///< ISO 639-1 code or "und"
    std::vector<Token> tokens;
    std::vector<Mention> mentions;  ///< in text order, not overlapping
};

/// Owns one Tokenizer, LanguageDetector and EntityTagger over a shared Gazetteer. The same
/// object analyses documents (indexer), queries (search) and POST /api/analyze, so all three
/// agree on terms and names. Not thread-safe: one per thread.
class Analyzer {
public:
    explicit Analyzer(std::shared_ptr<const Gazetteer> gazetteer);

    /// Analyses @p text; @p language, when given, is trusted instead of detected.
    [[nodiscard]] Analysis analyze(std::string_view text, std::string_view language = {},
                                   TagMode mode = TagMode::kText);

    Tokenizer& tokenizer() { return tokenizer_; }
    EntityTagger& tagger() { return tagger_; }
    LanguageDetector& language_detector() { return detector_; }
    [[nodiscard]] const Gazetteer& gazetteer() const { return tagger_.gazetteer(); }

private:
    Tokenizer tokenizer_;
    LanguageDetector detector_;
    EntityTagger tagger_;
};

}  // namespace accord::analyzers
