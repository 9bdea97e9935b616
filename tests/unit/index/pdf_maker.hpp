#pragma once
// Writes small, valid PDF files for tests (one page of Helvetica text per page string).

#include <sstream>
#include <string>
#include <vector>

namespace accord::testing {

inline std::string escape_pdf_text(const std::string& text) {
    std::string out;
    for (const char ch : text) {
        if (ch == '(' || ch == ')' || ch == '\\') {
            out.push_back('\\');
        }
        out.push_back(ch);
    }
    return out;
}

/// A PDF with document info Title/CreationDate and one page per entry of @p pages, each page
/// holding its lines (split on '\n').
inline std::string make_pdf(const std::string& title, const std::string& creation_date,
                            const std::vector<std::string>& pages) {
    std::vector<std::string> objects;
    const std::size_t page_count = pages.size();
    // 1 catalog, 2 pages, 3 font, 4 info, then per page: page object, content stream.
    objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
    std::string kids;
    for (std::size_t i = 0; i < page_count; ++i) {
        kids += std::to_string(5 + 2 * i) + " 0 R ";
    }
    objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(page_count) +
                      " >>");
    objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    objects.push_back("<< /Title (" + escape_pdf_text(title) + ") /CreationDate (" + creation_date +
                      ") >>");
    for (std::size_t i = 0; i < page_count; ++i) {
        objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents " +
                          std::to_string(6 + 2 * i) +
                          " 0 R /Resources << /Font << /F1 3 0 R >> >> >>");
        std::string stream = "BT /F1 12 Tf 72 720 Td 14 TL\n";
        std::istringstream lines(pages[i]);
        std::string line;
        while (std::getline(lines, line)) {
            stream += "(" + escape_pdf_text(line) + ") Tj T*\n";
        }
        stream += "ET";
        objects.push_back("<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream +
                          "\nendstream");
    }
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (const std::size_t offset : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R /Info 4 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

}  // namespace accord::testing
