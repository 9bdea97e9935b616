#include "accord/analyzers/analyzer.hpp"

namespace accord::analyzers {

Analyzer::Analyzer(std::shared_ptr<const Gazetteer> gazetteer) : tagger_(std::move(gazetteer)) {}

Analysis Analyzer::analyze(std::string_view text, std::string_view language, TagMode mode) {
    Analysis analysis;
    analysis.language = language.empty() ? detector_.detect(text) : std::string(language);
    tokenizer_.tokenize(text, analysis.tokens);
    analysis.mentions = tagger_.tag(text, analysis.tokens, mode);
    return analysis;
}

}  // namespace accord::analyzers
