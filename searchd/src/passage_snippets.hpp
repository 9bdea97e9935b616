#pragma once
// Snippets of a record whose text is stored in chunks (accord/schema/text_chunks.hpp), found
// from where the query's words are (Xapian's position lists) instead of by analysing the whole
// text: the cost of a hit's snippets does not grow with its document.

#include <xapian.h>

#include <string>
#include <vector>

#include "accord/schema/stored_record.hpp"
#include "accord/search/highlighter.hpp"
#include "accord/search/query_parser.hpp"

namespace accord::search::detail {

struct PassageSnippetOptions {
    std::size_t max_bytes = 240;  ///< about this long each
    std::size_t count = 3;        ///< at most this many, best first, never overlapping
    /// Each term's position list is read this far at most (a word said 10,000 times in one
    /// text tells no more about where the best window is than its first 10,000 times).
    std::size_t max_positions_per_term = 10'000;
};

/// The best windows of the record @p docid of @p db (stored data @p record): the windows of
/// about @p options.max_bytes with the most distinct query words, then the most matches, each
/// rendered by @p highlighter with its words and the query's entity aliases marked. With no
/// word of the query in its text, one snippet: the text's start. Empty for an empty text.
[[nodiscard]] std::vector<std::string> passage_snippets(
    const Xapian::Database& db, Xapian::docid docid, const Xapian::Document& document,
    const schema::StoredRecord& record, const ParsedQuery& parsed, Highlighter& highlighter,
    const PassageSnippetOptions& options);

}  // namespace accord::search::detail
