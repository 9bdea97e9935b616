#pragma once
/// @file values.hpp
/// How the values publishers give (dates, document types, language tags) become the values
/// the index stores — read the same way by the writer (documents) and the reader (query
/// filters such as `type:speech` or `date:2025-11`).

#include <optional>
#include <string>
#include <string_view>

namespace accord::schema {

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

}  // namespace accord::schema
