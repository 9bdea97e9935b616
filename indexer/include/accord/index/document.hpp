#pragma once
/// @file document.hpp
/// The document model every extractor produces and the index writer consumes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accord/schema/values.hpp"

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

/// Splits @p document's body at headings ("Article 5", "CHAPTER VII", "Section 2", "Part II",
/// "Annex", "Point 12", and for treaties numbered lines "12. …") into sections. Text before
/// the first heading becomes "Preamble" when it has words. Leaves sections empty unless the
/// body has at least two headings. Sets an empty type to "treaty" when it finds articles.
void split_sections(Document& document);

}  // namespace accord::index
