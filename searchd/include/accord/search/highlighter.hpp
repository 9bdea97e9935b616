#pragma once
/// @file highlighter.hpp
/// Snippets: the best window of a text, HTML-escaped, with <mark> around what matched.

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "accord/analyzers/tokenizer.hpp"
#include "accord/index/terms.hpp"

namespace accord::search {

/// What to mark: index terms, folded word prefixes (wildcards) and entity mentions.
struct HighlightTargets {
    const std::set<std::string>* terms = nullptr;
    const std::vector<std::string>* prefixes = nullptr;
    /// Byte spans of entity mentions to mark (a match through an alias: "Kiev" for Kyiv).
    std::vector<std::pair<std::size_t, std::size_t>> spans;
};

/// Escapes &, <, >, " and ' for HTML text and attributes.
[[nodiscard]] std::string html_escape(std::string_view text);

/// Finds the window of a text with the most distinct matches and renders it. Words are found
/// with the same Tokenizer and TermMaker as the index, so a match on "guarantees" marks
/// "guaranteed" too. Not thread-safe (holds references to per-thread analyzers).
class Highlighter {
public:
    Highlighter(analyzers::Tokenizer& tokenizer, index::TermMaker& terms);

    /// A snippet of about @p max_bytes of @p text: "…" where text was cut, HTML-escaped,
    /// matches in <mark>…</mark>. With no match, the start of the text.
    [[nodiscard]] std::string snippet(std::string_view text, std::string_view language,
                                      const HighlightTargets& targets, std::size_t max_bytes = 240);

private:
    analyzers::Tokenizer& tokenizer_;
    index::TermMaker& terms_;
};

}  // namespace accord::search
