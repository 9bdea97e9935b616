#include "accord/index/document.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "accord/analyzers/utf8.hpp"

namespace accord::index {
namespace {

bool is_roman(std::string_view word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return std::string_view("IVXLCivxlc").find(c) != std::string_view::npos;
    });
}

bool is_number_word(std::string_view word) {
    static constexpr std::array<std::string_view, 20> kWords = {
        "one",     "two",     "three",     "four",     "five",     "six",      "seven",
        "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen", "fourteen",
        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
    const std::string lower = analyzers::ascii_lower(word);
    return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

struct Heading {
    bool found = false;
    bool article = false;
    std::string label;
};

// Recognises a heading line. Keeps at most 80 bytes of it as the label.
Heading heading_of(std::string_view line, bool numbered_points) {
    Heading heading;
    std::size_t start = line.find_first_not_of(" \t#*");
    if (start == std::string_view::npos) {
        return heading;
    }
    line = line.substr(start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '*' ||
                             line.back() == '\t')) {
        line.remove_suffix(1);
    }
    if (line.size() > 160) {
        return heading;  // a paragraph that starts with "Article 5 …", not a heading
    }
    const auto space = line.find(' ');
    const std::string first = analyzers::ascii_lower(line.substr(0, space));
    std::string_view rest = space == std::string_view::npos ? "" : line.substr(space + 1);
    const auto next_end = rest.find_first_of(" .:—–-");
    std::string_view number = rest.substr(0, next_end);
    while (!number.empty() && (number.back() == '.' || number.back() == ':')) {
        number.remove_suffix(1);
    }
    static constexpr std::array<std::string_view, 8> kWords = {
        "article", "chapter", "section", "part", "annex", "point", "art", "paragraph"};
    const bool keyword =
        std::find(kWords.begin(), kWords.end(), first) != kWords.end() || first == "art.";
    const bool numbered =
        !number.empty() && (std::all_of(number.begin(), number.end(), analyzers::is_ascii_digit) ||
                            is_roman(number) || is_number_word(number));
    if (keyword && (numbered || first == "annex")) {
        heading.found = true;
        heading.article = first == "article" || first == "art" || first == "art.";
        heading.label = std::string(analyzers::utf8_prefix(line, 80));
        return heading;
    }
    if (numbered_points) {
        // "12. The parties …" — numbered points of a plan.
        std::size_t digits = 0;
        while (digits < line.size() && analyzers::is_ascii_digit(line[digits])) {
            ++digits;
        }
        if (digits > 0 && digits <= 3 && digits + 1 < line.size() &&
            (line[digits] == '.' || line[digits] == ')') && line[digits + 1] == ' ') {
            heading.found = true;
            heading.label = "Point " + std::string(line.substr(0, digits));
        }
    }
    return heading;
}

bool has_words(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](unsigned char c) { return std::isalpha(c) != 0 || c >= 0x80; });
}

}  // namespace

void split_sections(Document& document) {
    const std::string_view body = document.body;
    struct Cut {
        std::size_t line_start;
        std::size_t text_start;
        std::string label;
        bool article;
    };
    auto find_cuts = [&](bool numbered_points) {
        std::vector<Cut> cuts;
        std::size_t at = 0;
        while (at < body.size()) {
            std::size_t end = body.find('\n', at);
            if (end == std::string_view::npos) {
                end = body.size();
            }
            const Heading heading = heading_of(body.substr(at, end - at), numbered_points);
            if (heading.found) {
                // Numbered points keep their text on the heading line.
                const bool keep_line = heading.label.rfind("Point ", 0) == 0 &&
                                       !std::isalpha(static_cast<unsigned char>(body[at]));
                cuts.push_back({at, keep_line ? at : std::min(end + 1, body.size()), heading.label,
                                heading.article});
            }
            at = end + 1;
        }
        return cuts;
    };
    std::vector<Cut> cuts = find_cuts(false);
    const bool treaty_like = document.type == "treaty";
    if (cuts.size() < 2 && treaty_like) {
        cuts = find_cuts(true);
    }
    if (cuts.size() < 2) {
        return;
    }
    const auto articles =
        std::count_if(cuts.begin(), cuts.end(), [](const Cut& c) { return c.article; });
    if (document.type.empty() && articles >= 2) {
        document.type = "treaty";
    }
    std::vector<Section> sections;
    if (has_words(body.substr(0, cuts.front().line_start))) {
        sections.push_back({"Preamble", 0, static_cast<std::uint32_t>(cuts.front().line_start)});
    }
    for (std::size_t i = 0; i < cuts.size(); ++i) {
        const std::size_t end = i + 1 < cuts.size() ? cuts[i + 1].line_start : body.size();
        const std::size_t start = std::min(cuts[i].text_start, end);
        if (!has_words(body.substr(start, end - start))) {
            continue;  // "CHAPTER VII" right before "Article 39": the article carries the text
        }
        sections.push_back({cuts[i].label, static_cast<std::uint32_t>(cuts[i].line_start),
                            static_cast<std::uint32_t>(end)});
    }
    if (sections.size() >= 2) {
        document.sections = std::move(sections);
    }
}

}  // namespace accord::index
