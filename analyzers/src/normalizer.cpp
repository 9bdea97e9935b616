#include "accord/analyzers/normalizer.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include "accord/analyzers/errors.hpp"
#include "accord/analyzers/utf8.hpp"

namespace accord::analyzers {
namespace {

// A memo that grows without bound would turn a long-running indexer into a leak; real text
// repeats a few tens of thousands of distinct non-ASCII words, so start over past this.
constexpr std::size_t kMaxCachedWords = 200'000;

bool is_apostrophe(UChar32 c) {
    return c == 0x2019 || c == 0x02BC || c == 0x2018 || c == 0x0060 || c == 0x00B4 || c == 0x02B9 ||
           c == 0xFF07;
}

bool is_hyphen(UChar32 c) {
    return c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2212;
}

// Latin letters that carry a mark Unicode does not decompose (after case folding): folded to
// the plain letter like the decomposable ones ("Łódź" → "lodz", "Kırıkkale" → "kirikkale").
const char* plain_latin(UChar32 c) {
    switch (c) {
        case 0x0142:  // ł
            return "l";
        case 0x00F8:  // ø
            return "o";
        case 0x0111:  // đ
            return "d";
        case 0x0127:  // ħ
            return "h";
        case 0x0131:  // ı
            return "i";
        case 0x0167:  // ŧ
            return "t";
        case 0x00E6:  // æ
            return "ae";
        case 0x0153:  // œ
            return "oe";
        default:
            return nullptr;
    }
}

}  // namespace

bool is_ascii(std::string_view text) {
    for (const char ch : text) {
        if (static_cast<unsigned char>(ch) >= 0x80) {
            return false;
        }
    }
    return true;
}

Normalizer::Normalizer() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
    nfd_ = icu::Normalizer2::getNFDInstance(status);
    nfc_ = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) {
        throw ResourceError(std::string("ICU normalizers unavailable: ") + u_errorName(status));
    }
}

Script Normalizer::script_of(std::string_view word) {
    for (const char ch : word) {  // ASCII prefix: decided without ICU
        if (ch >= '0' && ch <= '9') {
            return Script::kNumber;
        }
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
            return Script::kLatin;
        }
        if (static_cast<unsigned char>(ch) >= 0x80) {
            break;
        }
    }
    std::size_t i = 0;
    while (i < word.size()) {
        const UChar32 c = next_code_point(word, i);
        if (c < 0) {
            continue;
        }
        if (u_isdigit(c) != 0) {
            return Script::kNumber;
        }
        if (u_isalpha(c) == 0) {
            continue;
        }
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode code = uscript_getScript(c, &status);
        if (code == USCRIPT_LATIN) {
            return Script::kLatin;
        }
        if (code == USCRIPT_CYRILLIC) {
            return Script::kCyrillic;
        }
        return Script::kOther;
    }
    return Script::kOther;
}

std::string Normalizer::fold(std::string_view word) {
    if (is_ascii(word)) {
        std::string out;
        out.reserve(word.size());
        const bool numeric = !word.empty() && word.front() >= '0' && word.front() <= '9';
        for (const char ch : word) {
            if (numeric && ch == ',') {
                continue;  // "1,000" and "1000" are the same number
            }
            out.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
        }
        return out;
    }
    if (const auto found = cache_.find(word); found != cache_.end()) {
        return found->second;
    }
    if (cache_.size() >= kMaxCachedWords) {
        cache_.clear();
    }
    std::string folded = fold_unicode(word);
    cache_.emplace(std::string(word), folded);
    return folded;
}

std::string Normalizer::fold_unicode(std::string_view word) const {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString input = icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    const icu::UnicodeString folded = nfkc_casefold_->normalize(input, status);
    const icu::UnicodeString decomposed = nfd_->normalize(folded, status);
    if (U_FAILURE(status)) {
        std::string out(word);
        return out;
    }

    icu::UnicodeString kept;
    UScriptCode base_script = USCRIPT_COMMON;
    UChar32 base = 0;
    const bool numeric = u_isdigit(decomposed.char32At(0)) != 0;
    for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
        UChar32 c = decomposed.char32At(i);
        if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) {
            // Latin (and Greek) marks are folded away; Cyrillic й ї keep theirs, but ё → е.
            const bool fold_mark = base_script == USCRIPT_LATIN || base_script == USCRIPT_GREEK ||
                                   (base == 0x0435 && c == 0x0308);
            if (!fold_mark) {
                kept.append(c);
            }
            continue;
        }
        if (const char* plain = plain_latin(c); plain != nullptr) {
            kept.append(icu::UnicodeString(plain, -1, icu::UnicodeString::kInvariant));
            base_script = USCRIPT_LATIN;
            base = c;
            continue;
        }
        if (is_apostrophe(c)) {
            c = '\'';
        } else if (is_hyphen(c)) {
            c = '-';
        } else if (c == 0x0491) {
            c = 0x0433;  // ґ → г: often typed as г, and search should not care
        } else if (numeric && (c == ',' || c == ' ' || c == 0x00A0 || c == 0x202F)) {
            // NFKC has already made no-break spaces plain spaces.
            continue;
        }
        UErrorCode script_status = U_ZERO_ERROR;
        base_script = uscript_getScript(c, &script_status);
        base = c;
        kept.append(c);
    }
    std::string out;
    nfc_->normalize(kept, status).toUTF8String(out);
    return out;
}

}  // namespace accord::analyzers
