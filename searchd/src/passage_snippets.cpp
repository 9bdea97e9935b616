#include "passage_snippets.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "accord/analyzers/utf8.hpp"
#include "accord/schema/schema.hpp"
#include "accord/schema/text_chunks.hpp"

namespace accord::search::detail {
namespace {

/// Where one of the query's terms occurs in the text: its word position and which term.
struct Match {
    std::uint32_t position = 0;
    std::uint32_t key = 0;
};

/// The terms whose occurrences choose the windows: the query's words (and wildcard
/// expansions) and its entity terms, whose positions mark where an alias was named.
std::vector<std::string> lookup_terms(const ParsedQuery& parsed) {
    std::vector<std::string> terms(parsed.highlight_terms.begin(), parsed.highlight_terms.end());
    if (!parsed.highlight_prefixes.empty()) {
        for (auto it = parsed.query.get_unique_terms_begin();
             it != parsed.query.get_unique_terms_end(); ++it) {
            const std::string& term = *it;
            const bool expanded =
                std::any_of(parsed.highlight_prefixes.begin(), parsed.highlight_prefixes.end(),
                            [&term](const std::string& prefix) {
                                return term.compare(0, prefix.size(), prefix) == 0;
                            });
            if (expanded && parsed.highlight_terms.count(term) == 0) {
                terms.push_back(term);
            }
        }
    }
    terms.insert(terms.end(), parsed.entity_terms.begin(), parsed.entity_terms.end());
    return terms;
}

/// A window of the text, in word positions, and how good it is.
struct Window {
    std::uint32_t first = 0;  ///< position of its first match
    std::size_t distinct = 0;
    std::size_t matches = 0;
    [[nodiscard]] bool better_than(const Window& other) const {
        return distinct != other.distinct ? distinct > other.distinct
               : matches != other.matches ? matches > other.matches
                                          : first < other.first;
    }
};

/// Up to @p count windows of @p width positions, best first, none overlapping another.
std::vector<Window> best_windows(const std::vector<Match>& matches, std::size_t keys,
                                 std::uint32_t width, std::size_t count) {
    std::vector<Window> windows;
    std::vector<std::size_t> in_window(keys, 0);
    std::size_t distinct = 0;
    std::size_t end = 0;
    for (std::size_t begin = 0; begin < matches.size(); ++begin) {
        while (end < matches.size() && matches[end].position < matches[begin].position + width) {
            if (in_window[matches[end].key]++ == 0) {
                ++distinct;
            }
            ++end;
        }
        windows.push_back({matches[begin].position, distinct, end - begin});
        if (--in_window[matches[begin].key] == 0) {
            --distinct;
        }
    }
    std::vector<Window> chosen;
    while (chosen.size() < count) {
        const Window* best = nullptr;
        for (const Window& window : windows) {
            const bool overlaps = std::any_of(chosen.begin(), chosen.end(), [&](const Window& c) {
                return window.first < c.first + width && c.first < window.first + width;
            });
            if (!overlaps && (best == nullptr || window.better_than(*best))) {
                best = &window;
            }
        }
        if (best == nullptr) {
            break;
        }
        chosen.push_back(*best);
    }
    return chosen;
}

/// The chunks of one record, read and inflated once each.
class ChunkReader {
public:
    ChunkReader(const Xapian::Document& document, const schema::StoredRecord& record)
        : document_(document), record_(record) {}

    const schema::TextChunk* get(std::size_t index) {
        auto found = cache_.find(index);
        if (found == cache_.end()) {
            found = cache_.emplace(index, schema::read_chunk(document_, record_, index)).first;
        }
        return found->second ? &*found->second : nullptr;
    }

    /// The chunk holding word position @p position.
    [[nodiscard]] std::size_t chunk_of(std::uint32_t position) const {
        const auto& chunks = record_.chunks;
        const auto after = std::upper_bound(chunks.begin(), chunks.end(), position,
                                            [](std::uint32_t p, const schema::StoredChunk& chunk) {
                                                return p < chunk.first_position;
                                            });
        std::size_t index =
            after == chunks.begin() ? 0 : static_cast<std::size_t>(after - chunks.begin()) - 1;
        // A chunk without words (a long run of punctuation) shares its predecessor's first
        // position: the words are in the first chunk of such a run.
        while (index > 0 && chunks[index - 1].first_position == chunks[index].first_position) {
            --index;
        }
        return index;
    }

private:
    const Xapian::Document& document_;
    const schema::StoredRecord& record_;
    std::map<std::size_t, std::optional<schema::TextChunk>> cache_;
};

}  // namespace

std::vector<std::string> passage_snippets(const Xapian::Database& db, Xapian::docid docid,
                                          const Xapian::Document& document,
                                          const schema::StoredRecord& record,
                                          const ParsedQuery& parsed, Highlighter& highlighter,
                                          const PassageSnippetOptions& options) {
    if (record.text_bytes == 0 || record.chunks.empty()) {
        return {};
    }
    // Where the query's words are, as word positions of the text.
    const std::vector<std::string> terms = lookup_terms(parsed);
    std::vector<Match> matches;
    for (std::size_t key = 0; key < terms.size(); ++key) {
        const auto before = static_cast<std::ptrdiff_t>(matches.size());
        std::size_t seen = 0;
        for (auto it = db.positionlist_begin(docid, terms[key]);
             it != db.positionlist_end(docid, terms[key]) && seen < options.max_positions_per_term;
             ++it, ++seen) {
            if (*it >= schema::kBodyFirstPosition) {  // not the title's words
                matches.push_back({static_cast<std::uint32_t>(*it - schema::kBodyFirstPosition),
                                   static_cast<std::uint32_t>(key)});
            }
        }
        // Each list is in order already: merge it in.
        std::inplace_merge(matches.begin(), matches.begin() + before, matches.end(),
                           [](const Match& a, const Match& b) { return a.position < b.position; });
    }
    // A window is about as many words as fit in a snippet (six bytes a word and a space).
    const auto width = static_cast<std::uint32_t>(std::max<std::size_t>(8, options.max_bytes / 7));
    std::vector<Window> windows = best_windows(matches, terms.size(), width, options.count);
    if (windows.empty()) {
        windows.push_back({record.chunks.front().first_position, 0, 0});  // the text's start
    }

    ChunkReader chunks(document, record);
    std::vector<std::string> out;
    std::vector<analyzers::Token> tokens;
    for (const Window& window : windows) {
        // From a few words before the first match, at the last checkpoint before that.
        const std::uint32_t lead = window.first > 3 ? window.first - 3 : 0;
        std::size_t index = chunks.chunk_of(lead);
        const schema::TextChunk* chunk = chunks.get(index);
        if (chunk == nullptr) {
            continue;
        }
        std::uint32_t start = chunk->offset;
        std::uint32_t start_position = record.chunks[index].first_position;
        for (const auto& [position, offset] : chunk->checkpoints) {
            if (window.matches > 0 && position > lead) {
                break;
            }
            start = offset;
            start_position = position;
            if (window.matches == 0) {
                break;  // the text's start
            }
        }
        // The slice: a snippet and the way to its first match, across chunk ends if need be;
        // no longer, or the highlighter could pick the next window's words instead.
        const std::size_t want = options.max_bytes + 192;
        std::string slice;
        std::vector<MarkSpan> spans;
        while (chunk != nullptr && slice.size() < want) {
            const std::size_t from = start > chunk->offset ? start - chunk->offset : 0;
            slice.append(chunk->text, std::min(from, chunk->text.size()));
            for (const auto& mention : chunk->mentions) {
                if (mention.start >= start &&
                    parsed.highlight_entities.count(mention.entity) != 0) {
                    spans.push_back({mention.start - start, mention.end - start, mention.entity});
                }
            }
            chunk = slice.size() < want ? chunks.get(++index) : nullptr;
        }
        const std::string_view text = analyzers::utf8_prefix(slice, want);
        // The slice starts at a word, whose position is known: its words are numbered as the
        // index numbered them, and those at a match's position are marked (no stemming).
        tokens.clear();
        highlighter.tokenizer().tokenize(text, tokens, start_position);
        auto match = std::lower_bound(
            matches.begin(), matches.end(), start_position,
            [](const Match& m, std::uint32_t position) { return m.position < position; });
        for (const analyzers::Token& token : tokens) {
            while (match != matches.end() && match->position < token.position) {
                ++match;
            }
            // Entity terms mark whole mentions (the spans above), not the word they start at.
            if (match != matches.end() && match->position == token.position &&
                parsed.entity_terms.count(terms[match->key]) == 0) {
                spans.push_back({token.start, token.end, terms[match->key]});
            }
        }
        std::string snippet =
            render_snippet(text, start, record.text_bytes, std::move(spans), options.max_bytes);
        if (std::find(out.begin(), out.end(), snippet) == out.end()) {
            out.push_back(std::move(snippet));
        }
    }
    return out;
}

}  // namespace accord::search::detail
