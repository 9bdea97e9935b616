#include "accord/analyzers/cyrillic.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <array>

#include "accord/analyzers/errors.hpp"
#include "accord/analyzers/normalizer.hpp"

namespace accord::analyzers {
namespace {

// Longest endings first, so "ами" wins over "и". UTF-8; every letter is two bytes.
constexpr auto kEndings = std::to_array<std::string_view>({
    "ьому", "ього", "ями", "ами", "ими", "іми", "ого", "ому", "ему", "его", "ові", "еві", "єві",
    "ьої", "ою", "ею", "єю", "ої", "ий", "ій", "ый", "ой", "ей", "ая", "яя", "ое", "ее", "ые",
    "ие", "ую", "юю", "ом", "ем", "єм", "ам", "ям", "ах", "ях", "ів", "їв", "ов", "ев", "им",
    "ім", "ым", "их", "іх", "ых", "ти", "ть", "ла", "ло", "ли", "ся", "сь", "а", "я", "у", "ю",
    "і", "ї", "є", "е", "о", "и", "ы", "ь", "й"});

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

std::string cyrillic_light_stem(std::string_view folded) {
    if (folded.size() < 2 || static_cast<unsigned char>(folded.front()) < 0xD0 ||
        static_cast<unsigned char>(folded.front()) > 0xD3) {
        return std::string(folded);
    }
    std::string_view best;
    for (const std::string_view ending : kEndings) {
        if (ending.size() > best.size() && ends_with(folded, ending) &&
            folded.size() - ending.size() >= kMinStemBytes) {
            best = ending;
        }
    }
    std::string stem(folded.substr(0, folded.size() - best.size()));
    // "область" / "області": the soft sign may remain after the ending came off.
    if (ends_with(stem, "\xD1\x8C") && stem.size() - 2 >= kMinStemBytes) {
        stem.resize(stem.size() - 2);
    }
    return stem;
}

std::string latin_key(std::string_view ascii_lower) {
    std::string letters;
    letters.reserve(ascii_lower.size());
    for (const char ch : ascii_lower) {
        if (ch >= 'a' && ch <= 'z') {
            letters.push_back(ch);
        } else if (ch >= 'A' && ch <= 'Z') {
            letters.push_back(static_cast<char>(ch - 'A' + 'a'));
        }
    }
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kRules = {{
        {"shch", "s"}, {"zh", "z"}, {"kh", "k"}, {"ch", "c"}, {"sh", "s"}, {"ts", "c"},
        {"ck", "k"}, {"ph", "f"}, {"h", "g"}, {"w", "v"}, {"j", "i"}, {"y", "i"}, {"q", "k"},
        {"x", "ks"},
    }};
    std::string out;
    out.reserve(letters.size());
    for (std::size_t i = 0; i < letters.size();) {
        bool replaced = false;
        for (const auto& [from, to] : kRules) {
            if (std::string_view(letters).substr(i, from.size()) == from) {
                out += to;
                i += from.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            out.push_back(letters[i++]);
        }
    }
    std::string collapsed;
    for (const char ch : out) {
        if (collapsed.empty() || collapsed.back() != ch) {
            collapsed.push_back(ch);
        }
    }
    return collapsed;
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
