#include "accord/schema/values.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "accord/analyzers/utf8.hpp"

namespace accord::schema {
namespace {

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
        if (!analyzers::is_ascii_digit(text[i])) {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

int month_of_word(std::string_view word) {
    const std::string lower = analyzers::ascii_lower(word.substr(0, 3));
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
    if (word.empty() || word.size() > 4 ||
        !std::all_of(word.begin(), word.end(), analyzers::is_ascii_digit)) {
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
    return two_letters ? analyzers::ascii_lower(primary) : std::string();
}

std::string normalize_type(std::string_view type) {
    const std::string word = analyzers::ascii_lower(type);
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
        if (text.size() >= 7 && text[4] == '-' &&
            (text.size() == 7 || !analyzers::is_ascii_digit(text[7]))) {
            if (const auto month = read_number(text, 5, 2)) {
                return format_date(*year, *month, 1);  // "2025-11": first of the month
            }
        }
        const auto month = read_number(text, 4, 2);
        const auto day = read_number(text, 6, 2);
        if (month && day && (text.size() == 8 || !analyzers::is_ascii_digit(text[8]))) {
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

}  // namespace accord::schema
