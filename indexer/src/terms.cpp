#include "accord/index/terms.hpp"

#include <algorithm>

#include "accord/analyzers/cyrillic.hpp"

namespace accord::index {
namespace {

bool has_digit_or_dot(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

}  // namespace

TermMaker::TermMaker() : english_("english"), russian_("russian") {}

std::string TermMaker::term(const analyzers::Token& token, std::string_view language) {
    const std::string& text = token.text;
    if (text.empty() || text.size() > kMaxTokenBytes) {
        return {};
    }
    switch (token.script) {
        case analyzers::Script::kLatin:
            return has_digit_or_dot(text) ? text : english_(text);
        case analyzers::Script::kCyrillic:
            return language == "ru" ? russian_(text) : analyzers::cyrillic_light_stem(text);
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
        if (!candidate.empty() &&
            std::find(terms.begin(), terms.end(), candidate) == terms.end()) {
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

}  // namespace accord::index
