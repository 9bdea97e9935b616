#include "accord/index/document.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "accord/analyzers/utf8.hpp"

namespace accord::index {
namespace {

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

std::optional<std::string> format_date(int year, int month, int day) {
    if (year < 1000 || year > 2999 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month)) {
        return std::nullopt;
    }
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02d", year, month, day);
    return std::string(buffer.data());
}

// Reads an unsigned number of @p digits digits at @p at.
std::optional<int> read_number(std::string_view text, std::size_t at, std::size_t digits) {
    if (at + digits > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = at; i < at + digits; ++i) {
        if (!is_digit(text[i])) {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

int month_of_word(std::string_view word) {
    const std::string lower = lower_ascii(word.substr(0, 3));
    for (std::size_t m = 0; m < kMonths.size(); ++m) {
        if (word.size() >= 3 && lower == kMonths[m]) {
            return static_cast<int>(m) + 1;
        }
    }
    return 0;
}

std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) == 0)) {
            ++i;
        }
        const std::size_t start = i;
        while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) != 0)) {
            ++i;
        }
        if (i > start) {
            words.push_back(text.substr(start, i - start));
        }
    }
    return words;
}

std::optional<int> whole_number(std::string_view word) {
    if (word.empty() || word.size() > 4 || !std::all_of(word.begin(), word.end(), is_digit)) {
        return std::nullopt;
    }
    return std::stoi(std::string(word));
}

}  // namespace

std::string language_code(std::string_view tag) {
    const std::string_view primary = tag.substr(0, tag.find_first_of("-_"));
    const bool two_letters =
        primary.size() == 2 && std::all_of(primary.begin(), primary.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        });
    return two_letters ? lower_ascii(primary) : std::string();
}

std::string normalize_type(std::string_view type) {
    const std::string word = lower_ascii(type);
    if (word.empty()) {
        return {};
    }
    for (const std::string_view known : kDocumentTypes) {
        if (word == known) {
            return word;
        }
    }
    for (const std::string_view article : {"news", "newsarticle", "report", "analysis", "brief",
                                           "blogposting", "opinion", "feature", "wire"}) {
        if (word == article) {
            return "article";
        }
    }
    for (const std::string_view treaty : {"agreement", "convention", "charter", "memorandum",
                                          "protocol", "accord", "plan", "framework", "law"}) {
        if (word == treaty) {
            return "treaty";
        }
    }
    for (const std::string_view statement :
         {"press release", "press-release", "speech", "communique", "declaration", "transcript"}) {
        if (word == statement) {
            return "statement";
        }
    }
    return "other";
}

std::optional<std::string> parse_date(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n\"'");
    if (first == std::string_view::npos) {
        return std::nullopt;
    }
    text = text.substr(first);
    if (text.substr(0, 2) == "D:") {  // PDF date
        text = text.substr(2);
        const auto year = read_number(text, 0, 4);
        const auto month = read_number(text, 4, 2);
        const auto day = read_number(text, 6, 2);
        if (year && month && day) {
            return format_date(*year, *month, *day);
        }
        return std::nullopt;
    }
    // ISO: 2025-11-20, 2025/11/20, 2025.11.20, 20251120, optionally followed by a time.
    if (const auto year = read_number(text, 0, 4)) {
        if (text.size() >= 10 && (text[4] == '-' || text[4] == '/' || text[4] == '.') &&
            text[7] == text[4]) {
            const auto month = read_number(text, 5, 2);
            const auto day = read_number(text, 8, 2);
            if (month && day) {
                return format_date(*year, *month, *day);
            }
        }
        if (text.size() >= 7 && text[4] == '-' && (text.size() == 7 || !is_digit(text[7]))) {
            if (const auto month = read_number(text, 5, 2)) {
                return format_date(*year, *month, 1);  // "2025-11": first of the month
            }
        }
        const auto month = read_number(text, 4, 2);
        const auto day = read_number(text, 6, 2);
        if (month && day && (text.size() == 8 || !is_digit(text[8]))) {
            return format_date(*year, *month, *day);
        }
    }
    // Words: "20 November 2025", "November 20, 2025", "Thu, 20 Nov 2025 10:00:00 GMT".
    const auto words = words_of(text);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const int month = month_of_word(words[i]);
        if (month == 0) {
            continue;
        }
        // -1 where there is no number.
        const int before = i > 0 ? whole_number(words[i - 1]).value_or(-1) : -1;
        const int after = i + 1 < words.size() ? whole_number(words[i + 1]).value_or(-1) : -1;
        const int after2 = i + 2 < words.size() ? whole_number(words[i + 2]).value_or(-1) : -1;
        if (before >= 1 && before <= 31 && after >= 1000) {
            return format_date(after, month, before);
        }
        if (after >= 1 && after <= 31 && after2 >= 1000) {
            return format_date(after2, month, after);
        }
    }
    return std::nullopt;
}

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
    const std::string lower = lower_ascii(word);
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
    const std::string first = lower_ascii(line.substr(0, space));
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
    const bool numbered = !number.empty() && (std::all_of(number.begin(), number.end(), is_digit) ||
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
        while (digits < line.size() && is_digit(line[digits])) {
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
