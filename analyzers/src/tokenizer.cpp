#include "accord/analyzers/tokenizer.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <limits>

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
    if (end >= 1 && text[end - 1] == '\'') {
        return 1;
    }
    if (end >= 3 && text.substr(end - 3, 3) == "\xE2\x80\x99") {  // ’
        return 3;
    }
    if (end >= 2 && text.substr(end - 2, 2) == "\xCA\xBC") {  // ʼ
        return 2;
    }
    return 0;
}

// "U.S", "e.g", "D.C": letter groups of one or two, separated by single dots.
bool looks_dotted(std::string_view segment) {
    if (segment.find('.') == std::string_view::npos) {
        return false;
    }
    std::size_t group = 0;
    for (const char ch : segment) {
        if (ch == '.') {
            if (group == 0) {
                return false;
            }
            group = 0;
        } else if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')) {
            if (++group > 2) {
                return false;
            }
        } else {
            return false;
        }
    }
    return group > 0;
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
    UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status)) {
        throw AnalyzerError(std::string("cannot open text for word breaking: ") +
                            u_errorName(status));
    }
    words_->setText(utext, status);

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
        if (seg_end < text.size() && text[seg_end] == '.' && looks_dotted(segment)) {
            ++seg_end;  // keep the final dot of "U.S." with the word
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
    utext_close(utext);
}

}  // namespace accord::analyzers
