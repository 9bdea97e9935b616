#include "accord/search/query_lexer.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

#include "accord/analyzers/utf8.hpp"

namespace accord::search {
namespace {

constexpr std::array<std::string_view, 7> kFields = {"title", "party", "region", "agreement",
                                                     "type",  "lang",  "date"};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// "NEAR" or "NEAR/n": how many words may stand between the two sides; nullopt for other words.
std::optional<std::size_t> near_distance(std::string_view word) {
    if (word == "NEAR") {
        return kDefaultNearDistance;
    }
    if (word.size() > 5 && word.substr(0, 5) == "NEAR/") {
        std::size_t n = 0;
        const char* first = word.data() + 5;
        const char* last = word.data() + word.size();
        const auto [end, error] = std::from_chars(first, last, n);
        if (error == std::errc() && end == last && n <= 1000) {
            return n;
        }
    }
    return std::nullopt;
}

bool is_operator_word(std::string_view word) {
    return word == "AND" || word == "OR" || word == "NOT" || word == "&&" || word == "||" ||
           near_distance(word).has_value();
}

/// The field name of "name:value" when it is one the language knows.
bool has_field_prefix(std::string_view word) {
    const auto colon = word.find(':');
    return colon != std::string_view::npos && colon > 0 &&
           is_query_field(analyzers::ascii_lower(word.substr(0, colon)));
}

}  // namespace

bool is_query_field(std::string_view lower_case_name) {
    return std::find(kFields.begin(), kFields.end(), lower_case_name) != kFields.end();
}

bool is_upper_case_query(std::string_view text) {
    std::size_t upper = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (is_space(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && !is_space(text[end])) {
            ++end;
        }
        std::string_view chunk = text.substr(i, end - i);
        i = end;
        // Grouping and signs around a word do not change what the word is.
        while (!chunk.empty() && (chunk.front() == '(' || chunk.front() == '+' ||
                                  chunk.front() == '-' || chunk.front() == '"')) {
            chunk.remove_prefix(1);
        }
        while (!chunk.empty() && (chunk.back() == ')' || chunk.back() == '"')) {
            chunk.remove_suffix(1);
        }
        if (is_operator_word(chunk) || has_field_prefix(chunk)) {
            continue;
        }
        std::size_t at = 0;
        while (at < chunk.size()) {
            const UChar32 c = analyzers::next_code_point(chunk, at);
            if (c < 0) {
                continue;
            }
            if (u_isULowercase(c) || u_istitle(c)) {
                return false;
            }
            if (u_isUUppercase(c)) {
                ++upper;
            }
        }
    }
    return upper >= 2;
}

LexedQuery lex_query(std::string_view text) {
    LexedQuery out;
    out.upper_case_text = is_upper_case_query(text);
    const bool operators = !out.upper_case_text;
    auto push = [&out](LexKind kind, std::size_t start) {
        Lexeme lexeme;
        lexeme.kind = kind;
        lexeme.start = start;
        out.lexemes.push_back(std::move(lexeme));
    };
    std::size_t i = 0;
    while (i < text.size()) {
        if (is_space(text[i])) {
            ++i;
            continue;
        }
        if (text[i] == '(' || text[i] == ')') {
            // In upper-case text a parenthesis is punctuation ("TALKS (SECRET) ON …").
            if (operators) {
                push(text[i] == '(' ? LexKind::kOpen : LexKind::kClose, i);
            }
            ++i;
            continue;
        }
        char sign = 0;
        if ((text[i] == '-' || text[i] == '+') && i + 1 < text.size() && !is_space(text[i + 1])) {
            sign = text[i];
            ++i;
        }
        if (text[i] == '"') {
            const std::size_t close = text.find('"', i + 1);  // unbalanced: to the end
            const std::size_t end = close == std::string_view::npos ? text.size() : close;
            Lexeme lexeme;
            lexeme.kind = LexKind::kPhrase;
            lexeme.text = std::string(text.substr(i + 1, end - i - 1));
            lexeme.sign = sign;
            lexeme.start = i + 1;
            out.lexemes.push_back(std::move(lexeme));
            i = end == text.size() ? end : end + 1;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && !is_space(text[end]) && text[end] != '(' && text[end] != ')' &&
               text[end] != '"') {
            ++end;
        }
        const std::string_view word = text.substr(i, end - i);
        if (operators && sign == 0 && is_operator_word(word)) {
            if (word == "AND" || word == "&&") {
                push(LexKind::kAnd, i);
            } else if (word == "OR" || word == "||") {
                push(LexKind::kOr, i);
            } else if (word == "NOT") {
                push(LexKind::kNot, i);
            } else {
                push(LexKind::kNear, i);
                out.lexemes.back().near_window = *near_distance(word);
            }
            i = end;
            continue;
        }
        const auto colon = word.find(':');
        if (colon != std::string_view::npos && colon > 0) {
            const std::string field = analyzers::ascii_lower(word.substr(0, colon));
            if (is_query_field(field)) {
                Lexeme lexeme;
                lexeme.kind = LexKind::kField;
                lexeme.field = field;
                lexeme.sign = sign;
                lexeme.start = i + colon + 1;
                if (colon + 1 == word.size() && end < text.size() && text[end] == '"') {
                    const std::size_t close = text.find('"', end + 1);
                    const std::size_t stop = close == std::string_view::npos ? text.size() : close;
                    lexeme.text = std::string(text.substr(end + 1, stop - end - 1));
                    lexeme.quoted = true;
                    lexeme.start = end + 1;
                    end = stop == text.size() ? stop : stop + 1;
                } else {
                    lexeme.text = std::string(word.substr(colon + 1));
                }
                out.lexemes.push_back(std::move(lexeme));
                i = end;
                continue;
            }
        }
        Lexeme lexeme;
        lexeme.text = std::string(word);
        lexeme.sign = sign;
        lexeme.start = i;
        if (lexeme.text.size() > 1 && lexeme.text.back() == '*') {
            lexeme.wildcard = true;
            lexeme.text.pop_back();
        }
        out.lexemes.push_back(std::move(lexeme));
        i = end;
    }
    return out;
}

}  // namespace accord::search
