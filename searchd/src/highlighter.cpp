#include "accord/search/highlighter.hpp"

#include <algorithm>
#include <map>

#include "accord/analyzers/utf8.hpp"

namespace accord::search {
namespace {

// Texts are scanned this far at most: a snippet of a 50 MB file need not read all of it.
constexpr std::size_t kMaxScanBytes = 256U << 10U;

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char ch : text) {
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out.push_back(ch);
        }
    }
    return out;
}

Highlighter::Highlighter(analyzers::Tokenizer& tokenizer, schema::TermMaker& terms)
    : tokenizer_(tokenizer), terms_(terms) {}

std::string Highlighter::snippet(std::string_view text, std::string_view language,
                                 const HighlightTargets& targets, std::size_t max_bytes) {
    return snippet_of_slice(text, 0, text.size(), language, targets, max_bytes);
}

std::string Highlighter::snippet_of_slice(std::string_view text, std::size_t offset,
                                          std::size_t total, std::string_view language,
                                          const HighlightTargets& targets, std::size_t max_bytes) {
    const std::string_view scanned = analyzers::utf8_prefix(text, kMaxScanBytes);
    std::vector<MarkSpan> spans;
    const bool want_terms = (targets.terms != nullptr && !targets.terms->empty()) ||
                            (targets.prefixes != nullptr && !targets.prefixes->empty());
    if (want_terms) {
        for (const auto& token : tokenizer_.tokenize(scanned)) {
            const std::string term = terms_.term(token, language);
            bool hit = targets.terms != nullptr && targets.terms->count(term) != 0;
            if (!hit && targets.prefixes != nullptr) {
                hit = std::any_of(targets.prefixes->begin(), targets.prefixes->end(),
                                  [&token](const std::string& prefix) {
                                      return token.text.compare(0, prefix.size(), prefix) == 0;
                                  });
            }
            if (hit) {
                spans.push_back({token.start, token.end, term});
            }
        }
    }
    for (const auto& [start, end] : targets.spans) {
        if (end <= scanned.size() && start < end) {
            spans.push_back({start, end, std::string(text.substr(start, end - start))});
        }
    }
    return render_snippet(text, offset, total, std::move(spans), max_bytes);
}

std::string render_snippet(std::string_view text, std::size_t offset, std::size_t total,
                           std::vector<MarkSpan> spans, std::size_t max_bytes) {
    // Spans past the text's end (a mention the slice cut) or empty ones mark nothing.
    spans.erase(std::remove_if(spans.begin(), spans.end(),
                               [&text](const MarkSpan& span) {
                                   return span.start >= span.end || span.end > text.size();
                               }),
                spans.end());
    std::sort(spans.begin(), spans.end(),
              [](const MarkSpan& a, const MarkSpan& b) { return a.start < b.start; });
    // Drop spans inside an earlier one (a word inside a marked name).
    std::vector<MarkSpan> merged;
    for (MarkSpan& span : spans) {
        if (!merged.empty() && span.start < merged.back().end) {
            merged.back().end = std::max(merged.back().end, span.end);
            continue;
        }
        merged.push_back(std::move(span));
    }

    // The window with the most distinct matches, then the most matches.
    std::size_t best_start = 0;
    if (!merged.empty()) {
        std::size_t best_score = 0;
        const std::size_t reach = max_bytes * 4 / 5;
        for (std::size_t i = 0; i < merged.size(); ++i) {
            std::map<std::string, int> distinct;
            std::size_t count = 0;
            for (std::size_t j = i; j < merged.size() && merged[j].end <= merged[i].start + reach;
                 ++j) {
                ++distinct[merged[j].key];
                ++count;
            }
            const std::size_t score = distinct.size() * 1000 + count;
            if (score > best_score) {
                best_score = score;
                best_start = merged[i].start;
            }
        }
    }

    // Start a little before the first match, at a word boundary.
    std::size_t start = best_start > 40 ? best_start - 40 : 0;
    if (start > 0) {
        const auto space = text.find_first_of(" \n", start);
        start = space != std::string_view::npos && space < best_start
                    ? space + 1
                    : analyzers::utf8_floor(text, start);
    }
    std::size_t end = std::min(text.size(), start + max_bytes);
    if (offset + end < total) {
        const auto space = text.rfind(' ', end);
        end = space != std::string_view::npos && space > start + max_bytes / 2
                  ? space
                  : analyzers::utf8_floor(text, end);
    }

    std::string out;
    if (offset + start > 0) {
        out += "… ";
    }
    std::size_t at = start;
    auto append_text = [&out](std::string_view piece) {
        std::string escaped = html_escape(piece);
        std::replace(escaped.begin(), escaped.end(), '\n', ' ');
        out += escaped;
    };
    for (const MarkSpan& span : merged) {
        if (span.end <= start || span.start >= end) {
            continue;
        }
        const std::size_t from = std::max(span.start, start);
        const std::size_t to = std::min(span.end, end);
        append_text(text.substr(at, from - at));
        out += "<mark>";
        append_text(text.substr(from, to - from));
        out += "</mark>";
        at = to;
    }
    append_text(text.substr(at, end - at));
    if (offset + end < total) {
        out += " …";
    }
    return out;
}

}  // namespace accord::search
