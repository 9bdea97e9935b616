#include "accord/analyzers/language.hpp"

#include <libexttextcat/textcat.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <cctype>
#include <cstdlib>

#include "accord/analyzers/errors.hpp"
#include "accord/analyzers/utf8.hpp"

#ifndef ACCORD_DATA_DIR
#define ACCORD_DATA_DIR "data"
#endif
#ifndef ACCORD_TEXTCAT_DIR
#define ACCORD_TEXTCAT_DIR "/usr/share/libexttextcat"
#endif

namespace accord::analyzers {
namespace {

// n-gram ranking needs some text; beyond a few hundred bytes accuracy barely moves while the
// cost (fingerprinting is ~300 instructions a byte) grows with every byte: language detection
// was a third of indexing time at 4 KiB.
constexpr std::size_t kMinTextcatBytes = 120;
constexpr std::size_t kMaxTextcatBytes = 640;

}  // namespace

std::filesystem::path LanguageDetector::default_config() {
    return std::filesystem::path(ACCORD_DATA_DIR) / "textcat" / "accord.conf";
}

std::filesystem::path LanguageDetector::default_models() {
    return ACCORD_TEXTCAT_DIR;
}

LanguageDetector::LanguageDetector(const std::filesystem::path& config,
                                   const std::filesystem::path& models) {
    const std::string prefix_dir = models.string() + "/";
    handle_ = special_textcat_Init(config.c_str(), prefix_dir.c_str());
    if (handle_ == nullptr) {
        throw ResourceError("cannot load language models from " + config.string() + " and " +
                            models.string() + " (is libexttextcat-data installed?)");
    }
}

LanguageDetector::~LanguageDetector() {
    if (handle_ != nullptr) {
        textcat_Done(handle_);
    }
}

std::string LanguageDetector::detect_by_script(std::string_view text) {
    std::size_t latin = 0;
    std::size_t cyrillic = 0;
    bool ukrainian_letter = false;
    bool russian_letter = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {  // ASCII: no need to ask ICU
            latin += std::isalpha(byte) != 0 ? 1 : 0;
            ++i;
            continue;
        }
        const UChar32 c = next_code_point(text, i);
        if (c < 0 || u_isalpha(c) == 0) {
            continue;
        }
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &status);
        if (script == USCRIPT_LATIN) {
            ++latin;
        } else if (script == USCRIPT_CYRILLIC) {
            ++cyrillic;
            const UChar32 lower = u_tolower(c);
            ukrainian_letter = ukrainian_letter || lower == 0x0456 || lower == 0x0457 ||
                               lower == 0x0454 || lower == 0x0491;
            russian_letter = russian_letter || lower == 0x044B || lower == 0x044D ||
                             lower == 0x044A || lower == 0x0451;
        }
    }
    if (cyrillic > latin) {
        if (ukrainian_letter && !russian_letter) {
            return "uk";
        }
        if (russian_letter && !ukrainian_letter) {
            return "ru";
        }
        return ukrainian_letter ? "uk" : "ru";
    }
    return latin > 0 ? "en" : "und";
}

namespace {

/// True when English function words make up a good share of the first words of @p text:
/// "the", "of", "and" … are a fifth to a third of English prose and rare in other languages
/// written in Latin script, so this settles most English texts without n-gram statistics.
bool reads_as_english(std::string_view text) {
    static constexpr std::string_view kFunctionWords[] = {
        "the",  "of",    "and", "to",   "in",   "is",  "that", "for",  "on",
        "with", "was",   "as",  "by",   "it",   "are", "be",   "this", "from",
        "at",   "which", "has", "have", "were", "its", "an"};
    std::size_t words = 0;
    std::size_t function_words = 0;
    std::size_t i = 0;
    std::string word;
    while (i < text.size() && words < 200) {
        word.clear();
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) != 0) {
            word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))));
            ++i;
        }
        if (!word.empty()) {
            ++words;
            for (const std::string_view function_word : kFunctionWords) {
                if (word == function_word) {
                    ++function_words;
                    break;
                }
            }
        }
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) == 0) {
            ++i;
        }
    }
    return words >= 20 && function_words * 100 >= words * 12;
}

}  // namespace

std::string LanguageDetector::detect(std::string_view text) {
    if (text.size() < kMinTextcatBytes) {
        return detect_by_script(text);
    }
    // Cheap evidence first: n-gram ranking costs about a million instructions a text.
    const std::string by_letters = detect_by_script(utf8_prefix(text, kMaxTextcatBytes));
    if (by_letters == "en" && reads_as_english(text)) {
        return "en";
    }
    std::string_view sample = utf8_prefix(text, kMaxTextcatBytes);
    // libexttextcat trusts its input to be UTF-8: a lead byte without its continuation bytes
    // sends its character walk past the buffer (a crash found by fuzzing). Invalid sequences
    // become U+FFFD first.
    std::string repaired;
    if (!is_valid_utf8(sample)) {
        repaired = sanitize_utf8(sample);
        sample = repaired;
    }
    const char* result = textcat_Classify(handle_, sample.data(), sample.size());
    const std::string_view answer = result == nullptr ? std::string_view() : result;
    if (answer.size() < 3 || answer.front() != '[') {
        return detect_by_script(text);  // "SHORT" or "UNKNOWN"
    }
    const std::size_t end = answer.find_first_of("-]", 1);
    std::string code(answer.substr(1, end == std::string_view::npos ? answer.size() - 1 : end - 1));
    const std::string by_script = detect_by_script(sample);
    // n-grams confuse close Cyrillic languages more often than letters do.
    if ((code == "uk" || code == "ru") && (by_script == "uk" || by_script == "ru") &&
        code != by_script) {
        return by_script;
    }
    return code;
}

}  // namespace accord::analyzers
