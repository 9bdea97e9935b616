#pragma once
/// @file extractors.hpp
/// Format extraction: the bytes of an input file → Documents.

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accord/index/document.hpp"

namespace accord::index {

/// Input formats, chosen by file extension.
enum class Format { kText, kMarkdown, kHtml, kJsonLines, kPdf, kUnknown };

[[nodiscard]] Format format_of(const std::filesystem::path& path);
[[nodiscard]] std::string_view to_string(Format format);

/// Plain text: the first non-empty line is the title; a "Date: …" line among the first five
/// lines gives the date. Throws ExtractError for binary or undecodable bytes.
[[nodiscard]] Document extract_text(std::string_view bytes, const std::string& default_id);

/// Markdown (CommonMark via cmark) with optional YAML front matter between "---" lines; the
/// front matter takes the JSON Lines keys. The body is the plain text of the Markdown, one
/// line per heading so sections can be found; the first level-1 heading is the title when
/// the front matter has none.
[[nodiscard]] Document extract_markdown(std::string_view bytes, const std::string& default_id);

/// HTML (gumbo): title from og:title, <title> or <h1>; date from article:published_time and
/// similar meta tags, JSON-LD datePublished or <time datetime>; source from og:site_name; url
/// from the canonical link; language from <html lang>; the main text from <article>, <main>
/// or the usual article-body containers, without scripts, styles, navigation, cookie banners,
/// related-story boxes and footers.
[[nodiscard]] Document extract_html(std::string_view bytes, const std::string& default_id);

/// PDF (poppler-cpp): the text of every page; title and date from the document information.
/// Throws ExtractError for a file poppler cannot open (not a PDF, encrypted, damaged).
[[nodiscard]] Document extract_pdf(std::string_view bytes, const std::string& default_id);

/// Builds a Document from a JSON object with the contract's keys (id, title, body, date,
/// source, url, type, language, parties, regions, agreements). Throws ExtractError when the
/// record is not an object, or has no id, no title and no body.
[[nodiscard]] Document document_from_json(const nlohmann::json& record,
                                          const std::string& default_id);

/// Sets a metadata field from front matter or JSON ("title", "date", "parties" …); unknown
/// keys are ignored. Dates are parsed with parse_date(); lists accept one string too.
void apply_field(Document& document, std::string_view key, const nlohmann::json& value);

/// One line of a JSON Lines stream that could not be used.
struct LineError {
    std::size_t line = 0;
    std::string message;
};

/// Calls @p on_line(number, text, too_long) for every non-blank line of @p in, never holding
/// more than @p max_line_bytes of one line (a longer line comes with too_long set and no text).
void read_lines(std::istream& in, std::size_t max_line_bytes,
                const std::function<void(std::size_t, std::string&&, bool)>& on_line);

/// Parses one JSON Lines record; on failure fills @p error and returns nullopt.
[[nodiscard]] std::optional<Document> parse_json_line(std::string_view line, std::size_t number,
                                                      const std::string& id_base, LineError& error);

/// The failure message for a line over the limit.
[[nodiscard]] std::string too_long_message(std::size_t max_line_bytes);

/// Reads JSON Lines from @p in without holding more than @p max_line_bytes of one line:
/// calls @p on_document for each good record (line number, Document) and @p on_error for
/// each line that is not valid JSON, not a usable record or too long. Blank lines are
/// skipped. Record ids default to "<id_base>#<line>".
void read_json_lines(std::istream& in, const std::string& id_base, std::size_t max_line_bytes,
                     const std::function<void(std::size_t, Document&&)>& on_document,
                     const std::function<void(const LineError&)>& on_error);

}  // namespace accord::index
