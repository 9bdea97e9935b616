#include "accord/analyzers/cyrillic.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <array>

#include "accord/analyzers/errors.hpp"
#include "accord/analyzers/normalizer.hpp"

namespace accord::analyzers {
namespace {

// Longest endings first, so "ами" wins over "и". UTF-8; every letter is two bytes. There is
// no "ть": it would cut nouns in -ть ("область" → "облас") away from their case forms
// ("області" → "област"); the soft sign comes off alone instead.
constexpr auto kEndings = std::to_array<std::string_view>(
    {"ьому", "ього", "ями", "ами", "ими", "іми", "ого", "ому", "ему", "его", "ові", "еві",
     "єві",  "ьої",  "ою",  "ею",  "єю",  "ої",  "ий",  "ій",  "ый",  "ой",  "ей",  "ая",
     "яя",   "ое",   "ее",  "ые",  "ие",  "ую",  "юю",  "ом",  "ем",  "єм",  "ам",  "ям",
     "ах",   "ях",   "ів",  "їв",  "ов",  "ев",  "им",  "ім",  "ым",  "их",  "іх",  "ых",
     "ти",   "ла",   "ло",  "ли",  "ся",  "сь",  "а",   "я",   "у",   "ю",   "і",   "ї",
     "є",    "е",    "о",   "и",   "ы",   "ь",   "й"});

constexpr std::size_t kMinStemBytes = 6;  // three Cyrillic letters

bool ends_with(std::string_view word, std::string_view suffix) {
    return word.size() >= suffix.size() && word.substr(word.size() - suffix.size()) == suffix;
}

bool has_ukrainian_letter(std::string_view word) {
    // і ї є ґ
    for (const std::string_view letter : {"\xD1\x96", "\xD1\x97", "\xD1\x94", "\xD2\x91"}) {
        if (word.find(letter) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

std::unique_ptr<icu::Transliterator> make_transliterator(const char* id) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> result(
        icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !result) {
        throw ResourceError(std::string("ICU transliterator ") + id + " unavailable");
    }
    return result;
}

}  // namespace

std::string_view cyrillic_light_stem_view(std::string_view folded) {
    if (folded.size() < 2 || static_cast<unsigned char>(folded.front()) < 0xD0 ||
        static_cast<unsigned char>(folded.front()) > 0xD3) {
        return folded;
    }
    // Every ending ends in a two-byte letter: compare that first (cheap) before the rest.
    const std::size_t size = folded.size();
    const char last0 = folded[size - 2];
    const char last1 = folded[size - 1];
    std::size_t best = 0;
    for (const std::string_view ending : kEndings) {
        const std::size_t length = ending.size();
        if (ending[length - 1] != last1 || ending[length - 2] != last0 || length <= best ||
            size < length + kMinStemBytes) {
            continue;
        }
        if (folded.compare(size - length, length, ending) == 0) {
            best = length;
        }
    }
    std::string_view stem = folded.substr(0, folded.size() - best);
    // The soft sign may remain after the ending came off: Russian "областью" → "област" like
    // "область" and "области".
    if (ends_with(stem, "\xD1\x8C") && stem.size() - 2 >= kMinStemBytes) {
        stem.remove_suffix(2);
    }
    return stem;
}

std::string cyrillic_light_stem(std::string_view folded) {
    return std::string(cyrillic_light_stem_view(folded));
}

std::string latin_key(std::string_view ascii_lower) {
    // Letters only, lower case: on the stack for ordinary words.
    char buffer[64];
    std::string heap;
    char* letters = buffer;
    if (ascii_lower.size() > sizeof buffer) {
        heap.resize(ascii_lower.size());
        letters = heap.data();
    }
    std::size_t count = 0;
    for (const char ch : ascii_lower) {
        if (ch >= 'a' && ch <= 'z') {
            letters[count++] = ch;
        } else if (ch >= 'A' && ch <= 'Z') {
            letters[count++] = static_cast<char>(ch - 'A' + 'a');
        }
    }
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kRules = {{
        {"shch", "s"},
        {"zh", "z"},
        {"kh", "k"},
        {"ch", "c"},
        {"sh", "s"},
        {"ts", "c"},
        {"ck", "k"},
        {"ph", "f"},
        {"h", "g"},
        {"w", "v"},
        {"j", "i"},
        {"y", "i"},
        {"q", "k"},
        {"x", "ks"},
    }};
    const std::string_view text(letters, count);
    std::string out;  // replaced, with runs of one letter collapsed ("zaporizzia" → "zaporizia")
    out.reserve(count);
    auto put = [&out](std::string_view piece) {
        for (const char ch : piece) {
            if (out.empty() || out.back() != ch) {
                out.push_back(ch);
            }
        }
    };
    for (std::size_t i = 0; i < count;) {
        bool replaced = false;
        for (const auto& [from, to] : kRules) {
            if (text.substr(i, from.size()) == from) {
                put(to);
                i += from.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            put(text.substr(i, 1));
            ++i;
        }
    }
    return out;
}

LatinKeyMaker::LatinKeyMaker()
    : ukrainian_(make_transliterator("Ukrainian-Latin/BGN")),
      russian_(make_transliterator("Russian-Latin/BGN")) {}

LatinKeyMaker::~LatinKeyMaker() = default;

std::string LatinKeyMaker::key(std::string_view folded) {
    if (is_ascii(folded)) {
        return latin_key(folded);
    }
    const std::string word(folded);
    if (const auto found = cache_.find(word); found != cache_.end()) {
        return found->second;
    }
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(word);
    (has_ukrainian_letter(folded) ? ukrainian_ : russian_)->transliterate(text);
    std::string latin;
    text.toUTF8String(latin);
    std::string result = latin_key(latin);
    if (cache_.size() > 100'000) {
        cache_.clear();
    }
    cache_.emplace(word, result);
    return result;
}

}  // namespace accord::analyzers
