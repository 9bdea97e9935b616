#pragma once
/// @file language.hpp
/// Language identification with libexttextcat (n-gram profiles, Debian's libexttextcat-data).

#include <filesystem>
#include <string>
#include <string_view>

namespace accord::analyzers {

/// Guesses the language of a text as an ISO 639-1 code ("en", "uk", "ru" …), or "und".
///
/// libexttextcat ranks the candidate languages of data/textcat/accord.conf on the first few
/// kilobytes. Texts too short for n-gram statistics (queries, headlines) fall back to the
/// script: Cyrillic with a letter only Ukrainian uses (і ї є ґ) is "uk", with one only Russian
/// uses (ы э ъ ё) is "ru"; Latin is "en". Not thread-safe: one per thread.
class LanguageDetector {
public:
    /// Throws ResourceError when the configuration or a model cannot be read.
    explicit LanguageDetector(const std::filesystem::path& config = default_config(),
                              const std::filesystem::path& models = default_models());
    ~LanguageDetector();
    LanguageDetector(const LanguageDetector&) = delete;
    LanguageDetector& operator=(const LanguageDetector&) = delete;

    [[nodiscard]] std::string detect(std::string_view text);

    /// The guess from letters alone (used for short texts); "und" when there are none.
    [[nodiscard]] static std::string detect_by_script(std::string_view text);

    /// Accord's textcat configuration (data/textcat of the source tree it was built from).
    [[nodiscard]] static std::filesystem::path default_config();
    /// libexttextcat-data's fingerprints.
    [[nodiscard]] static std::filesystem::path default_models();

private:
    void* handle_ = nullptr;
};

}  // namespace accord::analyzers
