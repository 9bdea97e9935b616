// How a word of the query becomes terms of the index (query_terms.hpp); the grammar around
// it is in query_parser.cpp.
#include "query_terms.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "accord/analyzers/utf8.hpp"
#include "accord/schema/schema.hpp"
#include "accord/schema/values.hpp"
#include "accord/search/errors.hpp"

namespace accord::search::detail {

using analyzers::Token;

// Words too common to narrow a search; kept inside phrases.
constexpr std::array<std::string_view, 64> kStopwords = {
    "a",     "an",    "and",   "are",   "as",   "at",    "be",   "been",  "but",  "by",    "can",
    "could", "did",   "do",    "does",  "for",  "from",  "had",  "has",   "have", "how",   "i",
    "if",    "in",    "into",  "is",    "it",   "its",   "may",  "more",  "most", "no",    "not",
    "of",    "on",    "or",    "other", "some", "such",  "than", "that",  "the",  "their", "them",
    "then",  "there", "these", "they",  "this", "those", "to",   "was",   "we",   "were",  "what",
    "when",  "where", "which", "who",   "why",  "will",  "with", "would", "about"};

bool is_common_query_word(const std::string& folded) {
    return std::find(kStopwords.begin(), kStopwords.end(), folded) != kStopwords.end();
}

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
    if (parts.empty()) {
        return {};
    }
    if (parts.size() == 1) {
        return parts.front();
    }
    return {op, parts.begin(), parts.end()};
}

TermCompiler::TermCompiler(analyzers::Analyzer& analyzer, schema::TermMaker& terms,
                           const QueryParserOptions& options, QueryParser& owner,
                           const Xapian::Database* db, bool any_word, ParsedQuery& out)
    : analyzer_(analyzer),
      terms_(terms),
      options_(options),
      owner_(owner),
      db_(db),
      any_word_(any_word),
      out_(out) {}

Item::Role TermCompiler::role_of(char sign) {
    if (sign == '+') {
        out_.operators = true;
    }
    return sign == '-'                 ? Item::Role::kNegative
           : sign == '+' && !any_word_ ? Item::Role::kRequired
                                       : Item::Role::kWeighted;
}

void TermCompiler::count_terms(std::size_t more) {
    terms_count_ += more;
    if (terms_count_ > options_.max_terms) {
        throw InvalidRequest("query_too_long", "the query has more than " +
                                                   std::to_string(options_.max_terms) + " terms");
    }
}

/// Query for one token: its term, or an OR of its variants (Cyrillic).
std::optional<Xapian::Query> TermCompiler::token_query(const Token& token,
                                                       const std::string& prefix, bool highlight) {
    std::vector<std::string> variants = terms_.query_terms(token);
    if (variants.empty()) {
        return std::nullopt;
    }
    if (token.has(analyzers::kPercent) && prefix.empty()) {
        variants = {variants.front() + "%"};
    }
    count_terms(variants.size());
    std::vector<Xapian::Query> parts;
    for (const std::string& term : variants) {
        parts.emplace_back(prefix + term);
        if (highlight) {
            out_.highlight_terms.insert(term);
        }
    }
    return combine(Xapian::Query::OP_OR, parts);
}

/// Phrase (or single term) for a run of tokens. The index leaves out English function
/// words but keeps their positions, so "Charter of the United Nations" is the phrase
/// "charter … unit nation" within its original span of five positions.
std::optional<Xapian::Query> TermCompiler::tokens_query(const std::vector<Token>& tokens,
                                                        std::size_t from, std::size_t to,
                                                        const std::string& prefix, bool highlight,
                                                        Positional* positional) {
    std::vector<Xapian::Query> parts;
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    for (std::size_t i = from; i < to; ++i) {
        if (schema::TermMaker::is_stopword(tokens[i])) {
            continue;
        }
        if (auto query = token_query(tokens[i], prefix, highlight)) {
            if (parts.empty()) {
                first = tokens[i].position;
            }
            last = tokens[i].position;
            parts.push_back(*query);
        }
    }
    if (parts.empty()) {
        return std::nullopt;
    }
    const auto span = static_cast<Xapian::termcount>(last - first + 1);
    if (positional != nullptr) {
        *positional = {parts, span};
    }
    if (parts.size() == 1) {
        return parts.front();
    }
    return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), span);
}

std::optional<Xapian::Query> TermCompiler::phrase_query(const std::string& text,
                                                        const std::string& prefix, bool highlight,
                                                        Positional* positional) {
    const std::vector<Token> tokens = analyzer_.tokenizer().tokenize(text);
    return tokens_query(tokens, 0, tokens.size(), prefix, highlight, positional);
}

void TermCompiler::phrase(const Lexeme& lexeme, std::vector<Item>& items) {
    const bool negative = lexeme.sign == '-';
    if (any_word_ && !negative) {
        // Relaxed: the phrase's words, each on its own.
        Lexeme loose = lexeme;
        loose.kind = LexKind::kWord;
        words({&loose}, 0, items);
        return;
    }
    Positional positional;
    if (auto query = phrase_query(lexeme.text, "", !negative, &positional)) {
        if (positional.leaves.size() > 1) {
            out_.operators = true;
        }
        items.push_back(
            {role_of(lexeme.sign), *query, std::move(positional.leaves), positional.span});
        if (!negative) {
            ++out_.words;
        }
    }
}

void TermCompiler::words(const std::vector<const Lexeme*>& run, char sign,
                         std::vector<Item>& items) {
    if (run.empty()) {
        return;
    }
    // Join the words as they were typed so the tagger sees names spanning words.
    std::string joined;
    std::vector<std::pair<std::size_t, std::size_t>> origin;  // joined offset → query offset
    for (const Lexeme* lexeme : run) {
        if (!joined.empty()) {
            joined.push_back(' ');
        }
        origin.emplace_back(joined.size(), lexeme->start);
        joined += lexeme->text;
    }
    auto query_offset = [&](std::size_t joined_offset) {
        std::size_t i = origin.size();
        while (i > 0 && origin[i - 1].first > joined_offset) {
            --i;
        }
        return i == 0 ? joined_offset
                      : origin[i - 1].second + (joined_offset - origin[i - 1].first);
    };

    const bool wildcard = run.size() == 1 && run.front()->wildcard;
    const bool negative = sign == '-';
    const Item::Role role = role_of(sign);
    const auto analysis = analyzer_.analyze(joined, "en", analyzers::TagMode::kQuery);
    const auto& tokens = analysis.tokens;
    if (wildcard) {
        wildcard_item(tokens, role, items);
        return;
    }

    std::vector<std::int64_t> mention_at(tokens.size(), -1);
    for (std::size_t m = 0; m < analysis.mentions.size(); ++m) {
        mention_at[analysis.mentions[m].first_token] = static_cast<std::int64_t>(m);
    }
    const bool only_stopwords = std::all_of(
        tokens.begin(), tokens.end(), [](const Token& t) { return is_common_query_word(t.text); });
    // The positive words in order, for the proximity pairs.
    std::vector<Placed> placed;
    auto place = [&](std::size_t from, std::size_t to, const Positional& positional) {
        if (!negative && !positional.leaves.empty()) {
            placed.push_back({tokens[from].position, tokens[to - 1].position, positional.leaves,
                              positional.span});
        }
    };
    for (std::size_t i = 0; i < tokens.size();) {
        if (mention_at[i] >= 0) {
            const auto& mention = analysis.mentions[static_cast<std::size_t>(mention_at[i])];
            const std::size_t end = i + mention.token_count;
            const analyzers::Gazetteer& gazetteer = analyzer_.gazetteer();
            const std::string named = gazetteer.entity(mention.named).id;
            Positional positional;
            std::optional<Xapian::Query> literal =
                tokens_query(tokens, i, end, "", !negative, &positional);
            Xapian::Query entity(std::string(schema::kEntityPrefix) + named);
            // City and region, below the name itself (docs/query-language.md): a region's
            // search finds the documents naming only its towns ("Donetsk region": Mariupol);
            // a regional centre's finds its region ("Kharkov": Харківщина). Documents say the
            // one where the searcher says the other.
            const analyzers::Entity& named_entity = gazetteer.entity(mention.named);
            const bool region = named_entity.type == analyzers::EntityType::kRegion;
            const std::optional<std::uint32_t> centre_of =
                named_entity.centre ? gazetteer.containing_region(mention.named) : std::nullopt;
            std::string wider;
            if (!negative && (region || centre_of)) {
                wider = region
                            ? std::string(schema::kInRegionPrefix) + named
                            : std::string(schema::kEntityPrefix) + gazetteer.entity(*centre_of).id;
                entity = Xapian::Query(Xapian::Query::OP_OR, entity,
                                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                                     Xapian::Query(wider), options_.region_weight));
            }
            Xapian::Query both = literal
                                     ? Xapian::Query(Xapian::Query::OP_OR, *literal,
                                                     Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                                                   entity, options_.entity_weight))
                                     : entity;
            place(i, end, positional);
            items.push_back({role, both, std::move(positional.leaves), positional.span});
            if (!negative) {
                // What the entity terms match is marked.
                out_.entity_terms.insert(std::string(schema::kEntityPrefix) + named);
                if (!wider.empty()) {
                    out_.entity_terms.insert(wider);
                }
                out_.highlight_entities.insert(named);
                if (centre_of) {
                    out_.highlight_entities.insert(gazetteer.entity(*centre_of).id);
                }
                if (region) {
                    for (const std::uint32_t town : gazetteer.places_in(mention.named)) {
                        out_.highlight_entities.insert(gazetteer.entity(town).id);
                    }
                }
                ++out_.words;
            }
            i = end;
            continue;
        }
        // The tokens of one typed word stay together ("20-point" is a phrase), unless the
        // search is relaxed to any word.
        std::size_t end = i + 1;
        while (!any_word_ && end < tokens.size() && mention_at[end] < 0 &&
               tokens[end].has(analyzers::kHyphenJoined)) {
            ++end;
        }
        const bool single = end == i + 1;
        if (single && is_common_query_word(tokens[i].text) && !only_stopwords && sign == 0) {
            i = end;
            continue;
        }
        Positional positional;
        if (auto query = tokens_query(tokens, i, end, "", !negative, &positional)) {
            if (!single) {
                // "cease-fire" is also written "ceasefire": either form matches.
                if (auto closed = closed_compound(tokens, i, end)) {
                    query = Xapian::Query(Xapian::Query::OP_OR, *query, *closed);
                }
            }
            place(i, end, positional);
            items.push_back({role, *query, std::move(positional.leaves), positional.span});
            if (!negative) {
                ++out_.words;
                if (single) {
                    const auto variants = terms_.query_terms(tokens[i]);
                    out_.spellable.push_back({query_offset(tokens[i].start),
                                              query_offset(tokens[i].end), tokens[i].text,
                                              variants.empty() ? "" : variants.front()});
                }
            }
        }
        i = end;
    }
    add_proximity_pairs(placed);
}

/// Neighbouring words of a run, each pair in order (as typed, with the stopwords between
/// them) and in any order within the proximity window: documents where they stand close
/// rank higher (ParsedQuery::ordered_pairs).
void TermCompiler::add_proximity_pairs(const std::vector<Placed>& placed) {
    if (options_.proximity_window == 0) {
        return;
    }
    for (std::size_t i = 1; i < placed.size(); ++i) {
        const Placed& a = placed[i - 1];
        const Placed& b = placed[i];
        std::vector<Xapian::Query> leaves = a.leaves;
        leaves.insert(leaves.end(), b.leaves.begin(), b.leaves.end());
        const auto exact = static_cast<Xapian::termcount>(b.last - a.first + 1);
        out_.ordered_pairs.emplace_back(Xapian::Query::OP_PHRASE, leaves.begin(), leaves.end(),
                                        exact);
        out_.unordered_pairs.emplace_back(
            Xapian::Query::OP_NEAR, leaves.begin(), leaves.end(),
            static_cast<Xapian::termcount>(a.span + b.span + options_.proximity_window));
    }
}

/// The term of a hyphenated word written closed up ("cease-fire" → "ceasefire"), when the
/// index has it: Latin letters only, so "20-point" and "u.s.-led" stay phrases.
std::optional<Xapian::Query> TermCompiler::closed_compound(const std::vector<Token>& tokens,
                                                           std::size_t from, std::size_t to) {
    Token closed = tokens[from];
    closed.flags = 0;
    for (std::size_t i = from + 1; i < to; ++i) {
        closed.text += tokens[i].text;
    }
    const bool letters = std::all_of(closed.text.begin(), closed.text.end(),
                                     [](char c) { return c >= 'a' && c <= 'z'; });
    if (!letters || closed.script != analyzers::Script::kLatin) {
        return std::nullopt;
    }
    const std::vector<std::string> variants = terms_.query_terms(closed);
    if (variants.empty() || (db_ != nullptr && !db_->term_exists(variants.front()))) {
        return std::nullopt;
    }
    count_terms(1);
    out_.highlight_terms.insert(variants.front());
    return Xapian::Query(variants.front());
}

void TermCompiler::wildcard_item(const std::vector<Token>& tokens, Item::Role role,
                                 std::vector<Item>& items) {
    if (tokens.size() != 1 || tokens.front().text.size() < 2) {
        // "a*", "*", "u.s.-*": not a usable prefix; search the words themselves.
        for (const Token& token : tokens) {
            if (auto query = token_query(token, "", role != Item::Role::kNegative)) {
                items.push_back({role, *query});
            }
        }
        return;
    }
    const std::string& prefix = tokens.front().text;
    // Expanded here over the whole collection's term list (not by OP_WILDCARD, which
    // expands shard by shard and so weighs differently once the index is sharded).
    std::vector<Xapian::Query> parts;
    if (db_ != nullptr) {
        std::vector<std::pair<Xapian::doccount, std::string>> expansions;
        for (auto term = db_->allterms_begin(prefix); term != db_->allterms_end(prefix); ++term) {
            expansions.emplace_back(term.get_termfreq(), *term);
        }
        // The most frequent words first, as far as the limit goes.
        std::stable_sort(expansions.begin(), expansions.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        if (expansions.size() > options_.wildcard_limit) {
            expansions.resize(options_.wildcard_limit);
        }
        for (const auto& [frequency, term] : expansions) {
            parts.emplace_back(term);
        }
    } else {
        parts.emplace_back(Xapian::Query::OP_WILDCARD, prefix, options_.wildcard_limit,
                           Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    }
    // Terms are stems, and a typed prefix can run past its word's stem ("negotiat*" →
    // "negoti"): stemming removes at most a few letters, so stems that the prefix itself
    // starts with, one to three letters shorter, are the words meant too.
    if (db_ != nullptr && analyzers::is_ascii(prefix)) {
        for (std::size_t length = prefix.size() - 1; length + 3 >= prefix.size() && length >= 4;
             --length) {
            const std::string shorter = prefix.substr(0, length);
            if (db_->term_exists(shorter)) {
                parts.emplace_back(shorter);
            }
        }
    }
    count_terms(parts.size());
    // One word however many forms matched: a synonym, weighted as a single term.
    items.push_back(
        {role, parts.empty() ? Xapian::Query() : combine(Xapian::Query::OP_SYNONYM, parts)});
    if (role != Item::Role::kNegative) {
        out_.highlight_prefixes.push_back(prefix);
        ++out_.words;
    }
}

void TermCompiler::field(const Lexeme& lexeme, std::vector<Item>& items) {
    const std::string& name = lexeme.field;
    const std::string& value = lexeme.text;
    if (value.empty()) {
        return;
    }
    if (name == "title") {
        const bool negative = lexeme.sign == '-';
        if (auto query = phrase_query(value, std::string(schema::kTitlePrefix), !negative)) {
            items.push_back({role_of(lexeme.sign), *query});
            if (!negative) {
                ++out_.words;
            }
        }
        return;
    }
    std::vector<Xapian::Query> alternatives;
    if (name == "date") {
        const auto dots = value.find("..");
        const std::string from = dots == std::string::npos ? value : value.substr(0, dots);
        const std::string to = dots == std::string::npos ? value : value.substr(dots + 2);
        if (from.empty() && to.empty()) {
            throw InvalidRequest("invalid_date", "empty date range in 'date:" + value + "'");
        }
        const std::string low = from.empty() ? std::string("00000101") : date_bound(from, false);
        const std::string high = to.empty() ? std::string("99991231") : date_bound(to, true);
        if (low > high) {
            throw InvalidRequest("invalid_date",
                                 "date range 'date:" + value + "' ends before it starts");
        }
        alternatives.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, low, high);
    } else {
        std::size_t start = 0;
        while (start <= value.size()) {
            std::size_t comma = value.find(',', start);
            if (comma == std::string::npos || lexeme.quoted) {
                comma = value.size();
            }
            const std::string part = value.substr(start, comma - start);
            start = comma + 1;
            if (part.empty()) {
                continue;
            }
            if (name == "party") {
                alternatives.emplace_back(
                    schema::facet_term(schema::kPartyPrefix, owner_.resolve_entity(part, name)));
            } else if (name == "region") {
                alternatives.emplace_back(
                    schema::facet_term(schema::kRegionPrefix, owner_.resolve_entity(part, name)));
            } else if (name == "agreement") {
                alternatives.emplace_back(schema::facet_term(schema::kAgreementPrefix,
                                                             owner_.resolve_entity(part, name)));
            } else if (name == "type") {
                const std::string type = schema::normalize_type(part);
                alternatives.emplace_back(std::string(schema::kTypePrefix) + type);
            } else if (name == "lang") {
                std::string code = part;
                std::transform(code.begin(), code.end(), code.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                alternatives.emplace_back(std::string(schema::kLanguagePrefix) + code);
            }
        }
    }
    if (alternatives.empty()) {
        return;
    }
    const Xapian::Query query = combine(Xapian::Query::OP_OR, alternatives);
    items.push_back({lexeme.sign == '-' ? Item::Role::kNegative : Item::Role::kFilter, query});
}

}  // namespace accord::search::detail
