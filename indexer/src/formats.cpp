#include <algorithm>
#include <cctype>

#include "accord/index/extractors.hpp"

namespace accord::index {

Format format_of(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".txt" || extension == ".text") {
        return Format::kText;
    }
    if (extension == ".md" || extension == ".markdown") {
        return Format::kMarkdown;
    }
    if (extension == ".html" || extension == ".htm" || extension == ".xhtml") {
        return Format::kHtml;
    }
    if (extension == ".jsonl" || extension == ".ndjson") {
        return Format::kJsonLines;
    }
    if (extension == ".pdf") {
        return Format::kPdf;
    }
    return Format::kUnknown;
}

std::string_view to_string(Format format) {
    switch (format) {
        case Format::kText:
            return "text";
        case Format::kMarkdown:
            return "markdown";
        case Format::kHtml:
            return "html";
        case Format::kJsonLines:
            return "jsonl";
        case Format::kPdf:
            return "pdf";
        case Format::kUnknown:
            break;
    }
    return "unknown";
}

}  // namespace accord::index
