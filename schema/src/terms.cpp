#include "accord/schema/terms.hpp"

#include <algorithm>
#include <array>

#include "accord/analyzers/cyrillic.hpp"

namespace accord::schema {
namespace {

bool has_digit_or_dot(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

// The commonest English function words: about a third of running text, and no use to BM25.
constexpr std::array<std::string_view, 33> kStopwords = {
    "a",    "an",  "and",   "are",  "as", "at",  "be",   "been",  "but",  "by",   "for",
    "from", "had", "has",   "have", "in", "is",  "it",   "its",   "of",   "on",   "or",
    "that", "the", "their", "this", "to", "was", "were", "which", "will", "with", "would"};

constexpr std::size_t kMaxMemo = 500'000;

}  // namespace

TermMaker::TermMaker() : english_("english"), russian_("russian") {}

bool TermMaker::is_stopword(const analyzers::Token& token) {
    return token.script == analyzers::Script::kLatin && token.text.size() <= 5 &&
           std::binary_search(kStopwords.begin(), kStopwords.end(), token.text);
}

const std::string& TermMaker::stem(Xapian::Stem& stemmer,
                                   std::unordered_map<std::string, std::string>& memo,
                                   const std::string& word) {
    if (const auto found = memo.find(word); found != memo.end()) {
        return found->second;
    }
    if (memo.size() >= kMaxMemo) {
        memo.clear();
    }
    return memo.emplace(word, stemmer(word)).first->second;
}

std::string TermMaker::term(const analyzers::Token& token, std::string_view language) {
    const std::string& text = token.text;
    if (text.empty() || text.size() > kMaxTokenBytes) {
        return {};
    }
    switch (token.script) {
        case analyzers::Script::kLatin:
            return has_digit_or_dot(text) ? text : stem(english_, english_memo_, text);
        case analyzers::Script::kCyrillic:
            return language == "ru" ? stem(russian_, russian_memo_, text)
                                    : analyzers::cyrillic_light_stem(text);
        case analyzers::Script::kNumber:
        case analyzers::Script::kOther:
            break;
    }
    return text;
}

std::vector<std::string> TermMaker::query_terms(const analyzers::Token& token) {
    if (token.script != analyzers::Script::kCyrillic) {
        std::string only = term(token, "en");
        return only.empty() ? std::vector<std::string>{} : std::vector<std::string>{only};
    }
    std::vector<std::string> terms;
    for (const std::string_view language : {"uk", "ru"}) {
        std::string candidate = term(token, language);
        if (!candidate.empty() && std::find(terms.begin(), terms.end(), candidate) == terms.end()) {
            terms.push_back(std::move(candidate));
        }
    }
    return terms;
}

bool TermMaker::spellable(const analyzers::Token& token) {
    if (token.script != analyzers::Script::kLatin && token.script != analyzers::Script::kCyrillic) {
        return false;
    }
    const std::size_t size = token.text.size();
    return size >= 3 && size <= 32 && !has_digit_or_dot(token.text) &&
           token.text.find('\'') == std::string::npos;
}

}  // namespace accord::schema
