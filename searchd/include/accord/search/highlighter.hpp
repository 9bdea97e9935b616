#pragma once
/// @file highlighter.hpp
/// Snippets: the best window of a text, HTML-escaped, with <mark> around what matched.

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "accord/analyzers/tokenizer.hpp"
#include "accord/schema/terms.hpp"

namespace accord::search {

/// What to mark: index terms, folded word prefixes (wildcards) and entity mentions.
struct HighlightTargets {
    const std::set<std::string>* terms = nullptr;
    const std::vector<std::string>* prefixes = nullptr;
    /// Byte spans of entity mentions to mark (a match through an alias: "Kiev" for Kyiv).
    std::vector<std::pair<std::size_t, std::size_t>> spans;
};

/// A piece of text to mark, and what matched there (distinct keys make a better window).
struct MarkSpan {
    std::size_t start = 0;  ///< byte offsets
    std::size_t end = 0;
    std::string key;
};

/// Renders the window of about @p max_bytes of @p text with the most distinct @p spans, then
/// the most spans: HTML-escaped, spans in <mark>…</mark>, "…" where the whole text (of which
/// @p text is the part from byte @p offset, @p total bytes in all) was cut.
[[nodiscard]] std::string render_snippet(std::string_view text, std::size_t offset,
                                         std::size_t total, std::vector<MarkSpan> spans,
                                         std::size_t max_bytes);

/// Escapes &, <, >, " and ' for HTML text and attributes.
[[nodiscard]] std::string html_escape(std::string_view text);

/// Finds the window of a text with the most distinct matches and renders it. Words are found
/// with the same Tokenizer and TermMaker as the index, so a match on "guarantees" marks
/// "guaranteed" too. Not thread-safe (holds references to per-thread analyzers).
class Highlighter {
public:
    Highlighter(analyzers::Tokenizer& tokenizer, schema::TermMaker& terms);

    /// A snippet of about @p max_bytes of @p text: "…" where text was cut, HTML-escaped,
    /// matches in <mark>…</mark>. With no match, the start of the text.
    [[nodiscard]] std::string snippet(std::string_view text, std::string_view language,
                                      const HighlightTargets& targets, std::size_t max_bytes = 240);

    /// The same, when @p slice is the part of a longer text that starts at byte @p offset of
    /// it and the whole is @p total bytes: "…" marks where the whole text was cut, and
    /// targets.spans are relative to @p slice.
    [[nodiscard]] std::string snippet_of_slice(std::string_view slice, std::size_t offset,
                                               std::size_t total, std::string_view language,
                                               const HighlightTargets& targets,
                                               std::size_t max_bytes = 240);

    /// The tokenizer it finds words with (the index's own).
    [[nodiscard]] analyzers::Tokenizer& tokenizer() { return tokenizer_; }

private:
    analyzers::Tokenizer& tokenizer_;
    schema::TermMaker& terms_;
};

}  // namespace accord::search
