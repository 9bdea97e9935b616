#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <climits>
#include <memory>

#include "accord/analyzers/utf8.hpp"
#include "accord/index/errors.hpp"
#include "accord/index/extractors.hpp"

namespace accord::index {
namespace {

std::string utf8_of(const poppler::ustring& text) {
    const poppler::byte_array bytes = text.to_utf8();
    return analyzers::sanitize_utf8(std::string_view(bytes.data(), bytes.size()));
}

void ignore_poppler_message(const std::string& /*message*/, void* /*closure*/) {}

}  // namespace

Document extract_pdf(std::string_view bytes, const std::string& default_id) {
    // poppler prints parse complaints to stderr; the indexer reports failures itself.
    poppler::set_debug_error_function(ignore_poppler_message, nullptr);
    if (bytes.size() < 5 || bytes.substr(0, 5) != "%PDF-") {
        throw ExtractError("not a PDF file (no %PDF- header)");
    }
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        throw ExtractError("PDF too large");
    }
    std::unique_ptr<poppler::document> pdf(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!pdf) {
        throw ExtractError("poppler cannot open this PDF (damaged or not a PDF)");
    }
    if (pdf->is_locked()) {
        throw ExtractError("PDF is encrypted");
    }
    Document document;
    document.id = default_id;
    document.title = utf8_of(pdf->info_key("Title"));
    const std::string created = utf8_of(pdf->info_key("CreationDate"));
    document.date = schema::parse_date(created).value_or("");
    document.source = utf8_of(pdf->info_key("Author"));
    std::string body;
    for (int i = 0; i < pdf->pages(); ++i) {
        const std::unique_ptr<poppler::page> page(pdf->create_page(i));
        if (!page) {
            continue;
        }
        if (!body.empty()) {
            body += "\n\n";
        }
        body += utf8_of(page->text());
    }
    // Page text comes with form feeds and layout spaces; keep the line structure.
    std::string cleaned;
    cleaned.reserve(body.size());
    for (const char ch : body) {
        cleaned.push_back(ch == '\f' ? '\n' : ch);
    }
    document.body = std::move(cleaned);
    if (document.title.empty()) {
        const auto first = document.body.find_first_not_of(" \n\r\t");
        if (first != std::string::npos) {
            const auto end = document.body.find('\n', first);
            document.title = document.body.substr(
                first, std::min<std::size_t>(
                           end == std::string::npos ? std::string::npos : end - first, 200));
        }
    }
    if (document.title.empty() && document.body.empty()) {
        throw ExtractError("PDF has no text (scanned images need OCR)");
    }
    return document;
}

}  // namespace accord::index
