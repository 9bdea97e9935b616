#include "accord/analyzers/tokenizer.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <memory>

#include "accord/analyzers/errors.hpp"
#include "accord/analyzers/utf8.hpp"

namespace accord::analyzers {
namespace {

constexpr std::size_t kMaxText = static_cast<std::size_t>(std::numeric_limits<int32_t>::max());

struct CaseShape {
    bool capitalised = false;
    bool all_caps = false;
};

CaseShape case_shape(std::string_view surface) {
    CaseShape shape;
    int letters = 0;
    bool all_upper = true;
    if (is_ascii(surface)) {  // most words: no ICU property lookups
        for (const char ch : surface) {
            const bool lower = ch >= 'a' && ch <= 'z';
            const bool upper = ch >= 'A' && ch <= 'Z';
            if (!lower && !upper) {
                continue;
            }
            if (letters == 0) {
                shape.capitalised = upper;
            }
            all_upper = all_upper && upper;
            ++letters;
        }
        shape.all_caps = letters >= 2 && all_upper;
        return shape;
    }
    std::size_t i = 0;
    while (i < surface.size()) {
        const UChar32 c = next_code_point(surface, i);
        if (c < 0 || u_isalpha(c) == 0) {
            continue;
        }
        const bool upper = u_isupper(c) != 0 || u_istitle(c) != 0;
        if (letters == 0) {
            shape.capitalised = upper;
        }
        all_upper = all_upper && upper;
        ++letters;
    }
    shape.all_caps = letters >= 2 && all_upper;
    return shape;
}

// Length in bytes of an apostrophe ending at @p end (exclusive), or 0.
std::size_t apostrophe_before(std::string_view text, std::size_t end) {
    for (std::size_t length = 1; length <= 3 && length <= end; ++length) {
        if (apostrophe_prefix(text.substr(end - length, length)) == length) {
            return length;
        }
    }
    return 0;
}

// Abbreviations whose dot belongs to the word: they stand before a name or a number and do
// not end a sentence ("Gov. Kemp", "St. Petersburg", "Dec. 10", "Art. 5", "ст. 5"). Compared
// with the surface as written, so "Art." is an abbreviation and "art." is not. ("No." is left
// out: it is also a one-word answer.)
constexpr std::string_view kAbbreviations[] = {
    "Mr", "Mrs", "Ms", "Dr", "St", "Ste", "Mt", "Ft", "Gen", "Gov", "Sen", "Rep", "Lt", "Col",
    "Capt", "Cpt", "Sgt", "Maj", "Cmdr", "Adm", "Amb", "Pres", "Prof", "Rev", "Hon", "Gens", "Govs",
    "Sens", "Reps", "Messrs", "Art", "Arts", "Sec", "Para", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "cf", "approx",
    // Cyrillic: стаття/статья, область, вулиця/улица, імені/имени
    "ст", "Ст", "обл", "вул", "ул", "ім", "им"};

// True when @p segment is one of kAbbreviations; a capitalised one may also be written in
// capitals ("GOV.", "ST. PETERSBURG" in a headline).
bool is_known_abbreviation(std::string_view segment) {
    auto upper = [](char ch) { return ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch; };
    return std::any_of(std::begin(kAbbreviations), std::end(kAbbreviations),
                       [&](std::string_view entry) {
                           if (entry == segment) {
                               return true;
                           }
                           if (entry.size() != segment.size() || entry[0] < 'A' || entry[0] > 'Z') {
                               return false;
                           }
                           for (std::size_t i = 0; i < entry.size(); ++i) {
                               if (upper(entry[i]) != segment[i]) {
                                   return false;
                               }
                           }
                           return true;
                       });
}

// "U.S", "e.g", "D.C", "т.зв": letter groups of one or two, separated by single dots.
bool looks_dotted(std::string_view segment) {
    if (segment.find('.') == std::string_view::npos) {
        return false;
    }
    std::size_t group = 0;
    std::size_t i = 0;
    while (i < segment.size()) {
        if (segment[i] == '.') {
            if (group == 0) {
                return false;
            }
            group = 0;
            ++i;
            continue;
        }
        const UChar32 c = next_code_point(segment, i);
        if (c < 0 || u_isalpha(c) == 0 || ++group > 2) {
            return false;
        }
    }
    return group > 0;
}

// A single capital letter: the initial of a given name ("Donald J. Trump", "В. Путін").
bool is_initial(std::string_view segment) {
    std::size_t i = 0;
    const UChar32 c = next_code_point(segment, i);
    return i == segment.size() && c >= 0 && u_isupper(c) != 0;
}

// Whether the '.' after @p segment belongs to it rather than ending a sentence.
bool keeps_dot(std::string_view segment) {
    return looks_dotted(segment) || is_initial(segment) || is_known_abbreviation(segment);
}

bool gap_ends_sentence(std::string_view gap) {
    int newlines = 0;
    for (std::size_t i = 0; i < gap.size(); ++i) {
        const char ch = gap[i];
        if (ch == '.' || ch == '!' || ch == '?' || ch == ';') {
            return true;
        }
        if (ch == '\n') {
            if (++newlines >= 2) {
                return true;
            }
        } else if (ch != ' ' && ch != '\r' && ch != '\t') {
            // Heading-like lines end a sentence too: a newline followed by '#' or a bullet.
            if (newlines > 0 && (ch == '#' || ch == '*' || ch == '-')) {
                return true;
            }
        }
        if (gap.substr(i, 3) == "\xE2\x80\xA6") {  // …
            return true;
        }
    }
    return false;
}

bool gap_is_hyphen(std::string_view gap) {
    return gap == "-" || gap == "\xE2\x80\x90" || gap == "\xE2\x80\x91";
}

}  // namespace

std::size_t apostrophe_prefix(std::string_view text) {
    static constexpr std::string_view kApostrophes[] = {
        "'",
        "\xE2\x80\x99",  // ’ right single quotation mark
        "\xE2\x80\x98",  // ‘ left single quotation mark, often typed for ’
        "\xEF\xBC\x87",  // ＇ fullwidth apostrophe
        "\xCA\xBC",      // ʼ modifier letter apostrophe
        "\xCA\xB9",      // ʹ modifier letter prime
    };
    for (const std::string_view apostrophe : kApostrophes) {
        if (text.starts_with(apostrophe)) {
            return apostrophe.size();
        }
    }
    return 0;
}

Tokenizer::Tokenizer() {
    UErrorCode status = U_ZERO_ERROR;
    words_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !words_) {
        throw ResourceError(std::string("ICU word break iterator unavailable: ") +
                            u_errorName(status));
    }
}

Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

std::vector<Token> Tokenizer::tokenize(std::string_view text) {
    std::vector<Token> tokens;
    tokenize(text, tokens);
    return tokens;
}

void Tokenizer::tokenize(std::string_view text, std::vector<Token>& out,
                         std::uint32_t first_position) {
    if (text.size() > kMaxText) {
        text = text.substr(0, kMaxText);
    }
    UErrorCode status = U_ZERO_ERROR;
    UText storage = UTEXT_INITIALIZER;  // on the stack: no allocation per call
    UText* utext =
        utext_openUTF8(&storage, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status)) {
        throw AnalyzerError(std::string("cannot open text for word breaking: ") +
                            u_errorName(status));
    }
    // The break iterator keeps its own shallow clone; ours is closed on every way out.
    const std::unique_ptr<UText, decltype(&utext_close)> closer(utext, &utext_close);
    words_->setText(utext, status);
    if (U_FAILURE(status)) {
        throw AnalyzerError(std::string("cannot set text for word breaking: ") +
                            u_errorName(status));
    }

    // About one token per six bytes of prose: reserving once saves the moves of regrowth.
    out.reserve(out.size() + text.size() / 6 + 1);
    std::uint32_t position = first_position;
    std::uint32_t sentence = out.empty() ? 0 : out.back().sentence + 1;
    const std::size_t first_new = out.size();
    std::size_t prev_end = 0;

    int32_t start = words_->first();
    for (int32_t end = words_->next(); end != icu::BreakIterator::DONE;
         start = end, end = words_->next()) {
        if (words_->getRuleStatus() < UBRK_WORD_NUMBER) {
            continue;
        }
        auto seg_start = static_cast<std::size_t>(start);
        auto seg_end = static_cast<std::size_t>(end);
        std::uint16_t flags = 0;

        const std::string_view gap = text.substr(prev_end, seg_start - prev_end);
        if (out.size() == first_new || gap_ends_sentence(gap)) {
            if (out.size() != first_new) {
                ++sentence;
            }
            flags |= kSentenceStart;
        } else if (gap_is_hyphen(gap)) {
            flags |= kHyphenJoined;
        }

        std::string_view segment = text.substr(seg_start, seg_end - seg_start);
        if (seg_end < text.size() && text[seg_end] == '.' && keeps_dot(segment)) {
            ++seg_end;  // keep the final dot of "U.S.", "J." or "Gov." with the word
            flags |= kAbbreviation;
        }
        prev_end = seg_end;
        if (seg_end < text.size() && text[seg_end] == '%') {
            flags |= kPercent;
        }

        std::size_t surface_end = seg_end;
        if (surface_end - seg_start > 2 &&
            (text[surface_end - 1] == 's' || text[surface_end - 1] == 'S')) {
            const std::size_t apostrophe = apostrophe_before(text, surface_end - 1);
            if (apostrophe > 0 && surface_end - 1 - apostrophe > seg_start) {
                surface_end -= 1 + apostrophe;
                flags |= kPossessive;
            }
        }

        const std::string_view surface = text.substr(seg_start, surface_end - seg_start);
        std::string folded = normalizer_.fold(surface);
        if ((flags & kAbbreviation) != 0 && !folded.empty() && folded.back() == '.') {
            folded.pop_back();
        }
        if (folded.empty()) {
            continue;
        }

        const CaseShape shape = case_shape(surface);
        if (shape.capitalised) {
            flags |= kCapitalised;
        }
        if (shape.all_caps) {
            flags |= kAllCaps;
        }

        Token token;
        token.text = std::move(folded);
        token.start = static_cast<std::uint32_t>(seg_start);
        token.end = static_cast<std::uint32_t>(surface_end);
        token.position = position++;
        token.sentence = sentence;
        token.script = Normalizer::script_of(surface);
        token.flags = flags;
        out.push_back(std::move(token));
    }
}

}  // namespace accord::analyzers
