#include "accord/analyzers/utf8.hpp"

namespace accord::analyzers {

bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        if (next_code_point(text, i) < 0) {
            return false;
        }
    }
    return true;
}

std::string sanitize_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t start = i;
        if (next_code_point(text, i) < 0) {
            out += "\xEF\xBF\xBD";
        } else {
            out.append(text.substr(start, i - start));
        }
    }
    return out;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

}  // namespace accord::analyzers
