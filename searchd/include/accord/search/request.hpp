#pragma once
/// @file request.hpp
/// What a search asks for and what it answers (the shapes of GET /api/search).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace accord::search {

enum class SortOrder { kDefault, kRelevance, kDate };

/// A search: query text plus filters, sort and paging.
struct SearchRequest {
    std::string query;
    std::vector<std::string> parties;  ///< OR within the facet, AND across facets
    std::vector<std::string> regions;
    std::vector<std::string> agreements;
    std::vector<std::string> types;
    std::vector<std::string> languages;
    std::string from;                      ///< ISO date (inclusive), or empty
    std::string to;                        ///< ISO date (inclusive), or empty
    SortOrder sort = SortOrder::kDefault;  ///< default: relevance with a query, else newest first
    std::size_t offset = 0;
    std::size_t limit = 10;
    bool facets = true;
    bool snippets = true;
    bool details = true;    ///< false: hits carry only id and score (TREC runs)
    bool count = true;      ///< false: skip counting; total is Xapian's estimate
    std::string more_like;  ///< document id: find documents like it
};

/// An entity attached to a hit.
struct EntityRef {
    std::string id;
    std::string type;
    std::string label;
};

struct Hit {
    std::string id;
    std::string title;
    std::string date;
    std::string type;
    std::string source;
    std::string url;
    std::string language;
    std::string section;  ///< label of the best passage ("Article 5"), or empty
    std::optional<std::size_t> section_start;  ///< byte offset of that passage in the body
    std::string snippet;                       ///< HTML-escaped text with <mark> around matches
    /// A long text's best passages, best first (snippet is the first); empty when the text
    /// has only one.
    std::vector<std::string> snippets;
    double score = 0;
    std::vector<EntityRef> entities;
};

struct FacetValue {
    std::string id;
    std::string label;
    std::size_t count = 0;
    std::string parent;  ///< regions: enclosing region or state id
    std::string parent_label;
    bool selected = false;
};

struct SearchResult {
    std::string query;
    std::size_t total = 0;
    bool total_exact = true;
    std::size_t offset = 0;
    std::size_t limit = 0;
    double took_ms = 0;
    std::vector<Hit> hits;
    /// "party", "region", "agreement", "type", "language", "year", "month"
    std::map<std::string, std::vector<FacetValue>> facets;
    bool facets_approximate = false;
    std::optional<std::string> suggestion;  ///< a respelt query when words look misspelt
    /// Too few documents had every word (or none matched the operators), so any word was
    /// enough; the documents that had every word (strict_total of them) come first.
    bool relaxed = false;
    std::size_t strict_total = 0;
    std::string sort;  ///< "relevance" or "date"
};

/// A whole document for GET /api/doc/{id}.
struct DocumentView {
    std::string id;
    std::string title;
    std::string date;
    std::string source;
    std::string url;
    std::string type;
    std::string language;
    std::string body;
    struct Mention {
        std::string id;  ///< facet entity
        std::string type;
        std::string label;
        std::string text;
        std::size_t start = 0;
        std::size_t end = 0;
        std::string via;  ///< the named entity, when not the facet entity itself
    };
    std::vector<Mention> mentions;    ///< in the body, in order
    std::vector<EntityRef> entities;  ///< distinct facet entities of the document
    struct Section {
        std::string label;
        std::size_t start = 0;
        std::size_t end = 0;
    };
    std::vector<Section> sections;
};

}  // namespace accord::search
