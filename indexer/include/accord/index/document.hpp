#pragma once
/// @file document.hpp
/// The document model every extractor produces and the index writer consumes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accord::index {

/// A part of a structured text ("Article 5", "Point 12") as byte offsets into the body.
struct Section {
    std::string label;
    std::uint32_t start = 0;
    std::uint32_t end = 0;
};

/// One logical document: an article, a statement, a treaty.
struct Document {
    std::string id;
    std::string title;
    std::string body;
    std::string date;    ///< ISO "YYYY-MM-DD", or empty when unknown
    std::string source;  ///< publisher or outlet
    std::string url;
    std::string type;      ///< article, treaty, statement or other; empty = decide from content
    std::string language;  ///< ISO 639-1 given by the publisher; empty = detect
    std::vector<std::string> parties;  ///< entity ids given by the publisher
    std::vector<std::string> regions;
    std::vector<std::string> agreements;
    std::vector<Section> sections;  ///< filled by split_sections() when the body has them
};

/// The four document types of the schema.
inline constexpr std::string_view kDocumentTypes[] = {"article", "treaty", "statement", "other"};

/// Maps a publisher's type word to one of kDocumentTypes ("news" → article, "agreement" →
/// treaty, "press release" → statement …); unknown words give "other", empty gives "".
[[nodiscard]] std::string normalize_type(std::string_view type);

/// The ISO 639-1 code of a language tag as publishers write it ("en", "en-GB", "UK_ua" → "en",
/// "en", "uk"); empty, so that the language is detected, for anything else ("", "fil",
/// "x-klingon", "日本").
[[nodiscard]] std::string language_code(std::string_view tag);

/// Parses the date forms publishers use — ISO 8601 dates and timestamps, "2025/11/20",
/// "20 November 2025", "November 20, 2025", RFC 2822 "Thu, 20 Nov 2025 10:00:00 GMT",
/// PDF "D:20251120…" — into "YYYY-MM-DD"; std::nullopt when nothing valid is found.
[[nodiscard]] std::optional<std::string> parse_date(std::string_view text);

/// Splits @p document's body at headings ("Article 5", "CHAPTER VII", "Section 2", "Part II",
/// "Annex", "Point 12", and for treaties numbered lines "12. …") into sections. Text before
/// the first heading becomes "Preamble" when it has words. Leaves sections empty unless the
/// body has at least two headings. Sets an empty type to "treaty" when it finds articles.
void split_sections(Document& document);

}  // namespace accord::index
