#include "accord/search/query_parser.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "accord/analyzers/utf8.hpp"
#include "accord/schema/schema.hpp"
#include "accord/schema/values.hpp"
#include "accord/search/errors.hpp"
#include "accord/search/query_lexer.hpp"

namespace accord::search {

using analyzers::Token;

namespace {

// Words too common to narrow a search; kept inside phrases.
constexpr std::array<std::string_view, 64> kStopwords = {
    "a",     "an",    "and",   "are",   "as",   "at",    "be",   "been",  "but",  "by",    "can",
    "could", "did",   "do",    "does",  "for",  "from",  "had",  "has",   "have", "how",   "i",
    "if",    "in",    "into",  "is",    "it",   "its",   "may",  "more",  "most", "no",    "not",
    "of",    "on",    "or",    "other", "some", "such",  "than", "that",  "the",  "their", "them",
    "then",  "there", "these", "they",  "this", "those", "to",   "was",   "we",   "were",  "what",
    "when",  "where", "which", "who",   "why",  "will",  "with", "would", "about"};

/// Words the query side leaves out of a run of words (the index keeps them; phrases match them
/// by position). Not the index's own list (schema::TermMaker::is_stopword), which is shorter.
bool is_common_query_word(const std::string& folded) {
    return std::find(kStopwords.begin(), kStopwords.end(), folded) != kStopwords.end();
}

/// One compiled piece of a conjunction.
struct Item {
    enum class Role { kWeighted, kRequired, kNegative, kFilter };
    Item(Role role_, Xapian::Query query_, std::vector<Xapian::Query> leaves_ = {},
         Xapian::termcount span_ = 0)
        : role(role_), query(std::move(query_)), leaves(std::move(leaves_)), span(span_) {}
    Role role = Role::kWeighted;
    Xapian::Query query;
    /// For NEAR: the words' own terms (each a term or an OR of a word's forms) and how many
    /// positions they span. Empty when the item has no positions (a filter, a wildcard).
    std::vector<Xapian::Query> leaves;
    Xapian::termcount span = 0;
};

/// The terms of a phrase or word, in order, and the positions they span.
struct Positional {
    std::vector<Xapian::Query> leaves;
    Xapian::termcount span = 0;
};

/// Result of compiling an expression.
struct Compiled {
    Xapian::Query query;
    bool filter_only = false;  // only filters: contributes no weight
    bool empty = true;         // nothing at all (e.g. only stopwords)
};

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
    if (parts.empty()) {
        return {};
    }
    if (parts.size() == 1) {
        return parts.front();
    }
    return {op, parts.begin(), parts.end()};
}

class Parser {
public:
    Parser(analyzers::Analyzer& analyzer, schema::TermMaker& terms,
           const QueryParserOptions& options, QueryParser& owner, const Xapian::Database* db,
           std::string_view text, std::vector<Lexeme> lexemes, Xapian::Query::op default_op,
           bool any_word, ParsedQuery& out)
        : analyzer_(analyzer),
          terms_(terms),
          options_(options),
          owner_(owner),
          db_(db),
          text_(text),
          lexemes_(std::move(lexemes)),
          default_op_(default_op),
          any_word_(any_word),
          out_(out) {}

    Compiled parse() {
        Compiled result = parse_or();
        while (pos_ < lexemes_.size()) {  // stray ')' and the like: skip, keep what follows
            ++pos_;
            Compiled more = parse_or();
            result = join_or(result, more);
        }
        return result;
    }

private:
    bool at(LexKind kind) const { return pos_ < lexemes_.size() && lexemes_[pos_].kind == kind; }

    static Compiled join_or(const Compiled& a, const Compiled& b) {
        if (a.empty) {
            return b;
        }
        if (b.empty) {
            return a;
        }
        return {Xapian::Query(Xapian::Query::OP_OR, a.query, b.query),
                a.filter_only && b.filter_only, false};
    }

    Compiled parse_or() {
        Compiled result = parse_and();
        while (at(LexKind::kOr)) {
            ++pos_;
            result = join_or(result, parse_and());
        }
        return result;
    }

    Compiled parse_and() {
        std::vector<Item> items;
        bool explicit_and = false;
        while (pos_ < lexemes_.size() && !at(LexKind::kOr) && !at(LexKind::kClose)) {
            if (at(LexKind::kAnd)) {
                explicit_and = !any_word_;  // relaxed: any word will do
                out_.operators = true;
                ++pos_;
                continue;
            }
            if (at(LexKind::kNear)) {
                near(items);
                continue;
            }
            if (at(LexKind::kNot)) {
                ++pos_;
                if (pos_ >= lexemes_.size() || at(LexKind::kOr) || at(LexKind::kClose)) {
                    break;  // a trailing NOT: forgiven
                }
                std::vector<Item> negated;
                parse_unit(negated);
                for (Item& item : negated) {
                    if (item.role != Item::Role::kNegative) {
                        items.push_back({Item::Role::kNegative, item.query});
                    }
                }
                continue;
            }
            parse_unit(items);
        }
        return conjunction(items, explicit_and ? Xapian::Query::OP_AND : default_op_);
    }

    Compiled conjunction(const std::vector<Item>& items, Xapian::Query::op op) {
        std::vector<Xapian::Query> weighted;
        std::vector<Xapian::Query> required;
        std::vector<Xapian::Query> negative;
        std::vector<Xapian::Query> filters;
        for (const Item& item : items) {
            switch (item.role) {
                case Item::Role::kWeighted:
                    weighted.push_back(item.query);
                    break;
                case Item::Role::kRequired:
                    required.push_back(item.query);
                    break;
                case Item::Role::kNegative:
                    negative.push_back(item.query);
                    break;
                case Item::Role::kFilter:
                    filters.push_back(item.query);
                    break;
            }
        }
        Compiled result;
        Xapian::Query core;
        if (op == Xapian::Query::OP_AND) {
            required.insert(required.end(), weighted.begin(), weighted.end());
            core = combine(Xapian::Query::OP_AND, required);
        } else if (required.empty()) {
            core = combine(Xapian::Query::OP_OR, weighted);
        } else if (weighted.empty()) {
            core = combine(Xapian::Query::OP_AND, required);
        } else {
            core =
                Xapian::Query(Xapian::Query::OP_AND_MAYBE, combine(Xapian::Query::OP_AND, required),
                              combine(Xapian::Query::OP_OR, weighted));
        }
        const bool has_core = !core.empty();
        if (!has_core && (negative.empty() && filters.empty())) {
            return result;
        }
        if (!has_core) {
            core = match_all_query();
        }
        if (!negative.empty()) {
            core = Xapian::Query(Xapian::Query::OP_AND_NOT, core,
                                 combine(Xapian::Query::OP_OR, negative));
        }
        if (!filters.empty()) {
            core = Xapian::Query(Xapian::Query::OP_FILTER, core,
                                 combine(Xapian::Query::OP_AND, filters));
        }
        result.query = core;
        result.empty = false;
        result.filter_only = !has_core;
        return result;
    }

    Item::Role role_of(char sign) {
        if (sign == '+') {
            out_.operators = true;
        }
        return sign == '-'                 ? Item::Role::kNegative
               : sign == '+' && !any_word_ ? Item::Role::kRequired
                                           : Item::Role::kWeighted;
    }

    /// "a NEAR b", "a NEAR/n b": the last item before NEAR and the first after it, at most n
    /// words apart in either order. Sides without positions (a filter, a wildcard, a group)
    /// are both required instead; relaxed, NEAR is dropped and any word will do.
    void near(std::vector<Item>& items) {
        const std::size_t distance = lexemes_[pos_].near_window;
        out_.operators = true;
        ++pos_;
        if (items.empty() || pos_ >= lexemes_.size() || at(LexKind::kOr) || at(LexKind::kClose)) {
            return;  // a NEAR with one side: forgiven
        }
        std::vector<Item> right;
        parse_unit(right);
        if (right.empty() || any_word_) {
            items.insert(items.end(), right.begin(), right.end());
            return;
        }
        Item& left = items.back();
        Item& first = right.front();
        const auto positive = [](const Item& item) {
            return item.role == Item::Role::kWeighted || item.role == Item::Role::kRequired;
        };
        if (positive(left) && positive(first) && !left.leaves.empty() && !first.leaves.empty()) {
            std::vector<Xapian::Query> leaves = left.leaves;
            leaves.insert(leaves.end(), first.leaves.begin(), first.leaves.end());
            const auto window = static_cast<Xapian::termcount>(left.span + first.span + distance);
            Item joined{left.role == Item::Role::kRequired || first.role == Item::Role::kRequired
                            ? Item::Role::kRequired
                            : Item::Role::kWeighted,
                        Xapian::Query(Xapian::Query::OP_NEAR, leaves.begin(), leaves.end(), window),
                        leaves, window};
            left = std::move(joined);
        } else {
            for (Item* side : {&left, &first}) {
                if (side->role == Item::Role::kWeighted) {
                    side->role = Item::Role::kRequired;
                }
            }
            items.push_back(std::move(first));
        }
        items.insert(items.end(), std::make_move_iterator(right.begin() + 1),
                     std::make_move_iterator(right.end()));
    }

    /// Parses one primary (or a run of plain words) and appends its items.
    void parse_unit(std::vector<Item>& items) {
        const Lexeme& lexeme = lexemes_[pos_];
        switch (lexeme.kind) {
            case LexKind::kOpen: {
                ++pos_;
                Compiled inner = parse_or();
                if (at(LexKind::kClose)) {
                    ++pos_;
                }
                if (!inner.empty) {
                    items.push_back(
                        {inner.filter_only ? Item::Role::kFilter : Item::Role::kWeighted,
                         inner.query});
                }
                return;
            }
            case LexKind::kPhrase: {
                ++pos_;
                const bool negative = lexeme.sign == '-';
                if (any_word_ && !negative) {
                    // Relaxed: the phrase's words, each on its own.
                    Lexeme loose = lexeme;
                    loose.kind = LexKind::kWord;
                    words({&loose}, 0, items);
                    return;
                }
                Positional positional;
                if (auto query = phrase(lexeme.text, "", !negative, &positional)) {
                    if (positional.leaves.size() > 1) {
                        out_.operators = true;
                    }
                    items.push_back({role_of(lexeme.sign), *query, std::move(positional.leaves),
                                     positional.span});
                    if (!negative) {
                        ++out_.words;
                    }
                }
                return;
            }
            case LexKind::kField:
                ++pos_;
                field(lexeme, items);
                return;
            case LexKind::kWord:
                if (lexeme.wildcard || lexeme.sign != 0) {
                    ++pos_;
                    words({&lexeme}, lexeme.sign, items);
                    return;
                }
                {
                    std::vector<const Lexeme*> run;
                    while (at(LexKind::kWord) && lexemes_[pos_].sign == 0 &&
                           !lexemes_[pos_].wildcard) {
                        run.push_back(&lexemes_[pos_]);
                        ++pos_;
                    }
                    words(run, 0, items);
                }
                return;
            default:
                ++pos_;  // stray operator
                return;
        }
    }

    void count_terms(std::size_t more) {
        terms_count_ += more;
        if (terms_count_ > options_.max_terms) {
            throw InvalidRequest(
                "query_too_long",
                "the query has more than " + std::to_string(options_.max_terms) + " terms");
        }
    }

    /// Query for one token: its term, or an OR of its variants (Cyrillic).
    std::optional<Xapian::Query> token_query(const Token& token, const std::string& prefix,
                                             bool highlight) {
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
    std::optional<Xapian::Query> tokens_query(const std::vector<Token>& tokens, std::size_t from,
                                              std::size_t to, const std::string& prefix,
                                              bool highlight, Positional* positional = nullptr) {
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

    std::optional<Xapian::Query> phrase(const std::string& text, const std::string& prefix,
                                        bool highlight, Positional* positional = nullptr) {
        const std::vector<Token> tokens = analyzer_.tokenizer().tokenize(text);
        return tokens_query(tokens, 0, tokens.size(), prefix, highlight, positional);
    }

    /// A run of plain words: tagged for entity names, then one item per word or name.
    void words(const std::vector<const Lexeme*>& run, char sign, std::vector<Item>& items) {
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
        const bool only_stopwords = std::all_of(tokens.begin(), tokens.end(), [](const Token& t) {
            return is_common_query_word(t.text);
        });
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
                const std::string named = analyzer_.gazetteer().entity(mention.named).id;
                Positional positional;
                std::optional<Xapian::Query> literal =
                    tokens_query(tokens, i, end, "", !negative, &positional);
                Xapian::Query entity(std::string(schema::kEntityPrefix) + named);
                Xapian::Query both =
                    literal ? Xapian::Query(Xapian::Query::OP_OR, *literal,
                                            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, entity,
                                                          options_.entity_weight))
                            : entity;
                place(i, end, positional);
                items.push_back({role, both, std::move(positional.leaves), positional.span});
                if (!negative) {
                    out_.highlight_entities.insert(named);
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

    /// A positive word (or name, or hyphenated word) of a run, where it stands in the run.
    struct Placed {
        std::uint32_t first = 0;
        std::uint32_t last = 0;
        std::vector<Xapian::Query> leaves;
        Xapian::termcount span = 0;
    };

    /// Neighbouring words of a run, each pair in order (as typed, with the stopwords between
    /// them) and in any order within the proximity window: documents where they stand close
    /// rank higher (ParsedQuery::ordered_pairs).
    void add_proximity_pairs(const std::vector<Placed>& placed) {
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
    std::optional<Xapian::Query> closed_compound(const std::vector<Token>& tokens, std::size_t from,
                                                 std::size_t to) {
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

    void wildcard_item(const std::vector<Token>& tokens, Item::Role role,
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
            for (auto term = db_->allterms_begin(prefix); term != db_->allterms_end(prefix);
                 ++term) {
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

    void field(const Lexeme& lexeme, std::vector<Item>& items) {
        const std::string& name = lexeme.field;
        const std::string& value = lexeme.text;
        if (value.empty()) {
            return;
        }
        if (name == "title") {
            const bool negative = lexeme.sign == '-';
            if (auto query = phrase(value, std::string(schema::kTitlePrefix), !negative)) {
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
            const std::string low =
                from.empty() ? std::string("00000101") : date_bound(from, false);
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
                    alternatives.emplace_back(schema::facet_term(
                        schema::kPartyPrefix, owner_.resolve_entity(part, name)));
                } else if (name == "region") {
                    alternatives.emplace_back(schema::facet_term(
                        schema::kRegionPrefix, owner_.resolve_entity(part, name)));
                } else if (name == "agreement") {
                    alternatives.emplace_back(schema::facet_term(
                        schema::kAgreementPrefix, owner_.resolve_entity(part, name)));
                } else if (name == "type") {
                    const std::string type = schema::normalize_type(part);
                    alternatives.emplace_back(std::string(schema::kTypePrefix) + type);
                } else if (name == "lang") {
                    std::string code = part;
                    std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) {
                        return static_cast<char>(std::tolower(c));
                    });
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

    analyzers::Analyzer& analyzer_;
    schema::TermMaker& terms_;
    const QueryParserOptions& options_;
    QueryParser& owner_;
    const Xapian::Database* db_;
    std::string_view text_;
    std::vector<Lexeme> lexemes_;
    Xapian::Query::op default_op_;
    bool any_word_ = false;  ///< relaxed: every positive word on its own, joined by OR
    ParsedQuery& out_;
    std::size_t pos_ = 0;
    std::size_t terms_count_ = 0;
};

}  // namespace

std::string date_bound(std::string_view text, bool end) {
    auto invalid = [&text]() {
        return InvalidRequest("invalid_date", "invalid date '" + std::string(text) +
                                                  "' (use YYYY, YYYY-MM or YYYY-MM-DD)");
    };
    // Digits exactly where the forms YYYY, YYYY-MM and YYYY-MM-DD have them ("2025--1" is no
    // month).
    auto digits = [&text](std::size_t from, std::size_t count) {
        return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from),
                           text.begin() + static_cast<std::ptrdiff_t>(from + count),
                           [](char c) { return c >= '0' && c <= '9'; });
    };
    const bool well_formed = (text.size() == 4 && digits(0, 4)) ||
                             (text.size() == 7 && digits(0, 4) && text[4] == '-' && digits(5, 2)) ||
                             (text.size() == 10 && digits(0, 4) && text[4] == '-' && digits(5, 2) &&
                              text[7] == '-' && digits(8, 2));
    if (!well_formed) {
        throw invalid();
    }
    if (text.size() == 4) {
        return std::string(text) + (end ? "1231" : "0101");
    }
    if (text.size() == 7) {
        const int month = std::stoi(std::string(text.substr(5, 2)));
        if (month < 1 || month > 12) {
            throw invalid();
        }
        if (!end) {
            return std::string(text.substr(0, 4)) + std::string(text.substr(5, 2)) + "01";
        }
        const auto last = schema::parse_date(std::string(text) + "-31")
                              .value_or(schema::parse_date(std::string(text) + "-30")
                                            .value_or(schema::parse_date(std::string(text) + "-29")
                                                          .value_or(std::string(text) + "-28")));
        return schema::date_value(last);
    }
    if (text.size() == 10) {
        const auto parsed = schema::parse_date(text);
        if (!parsed || *parsed != text) {
            throw invalid();
        }
        return schema::date_value(*parsed);
    }
    throw invalid();
}

QueryParser::QueryParser(analyzers::Analyzer& analyzer, schema::TermMaker& terms,
                         QueryParserOptions options)
    : analyzer_(analyzer), terms_(terms), options_(options) {}

std::string QueryParser::resolve_entity(std::string_view value, std::string_view type) {
    const auto& gazetteer = analyzer_.gazetteer();
    std::string id(value);
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (const auto found = gazetteer.find(id)) {
        const auto& entity = gazetteer.entity(gazetteer.entity(*found).facet);
        if (analyzers::to_string(entity.type) == type) {
            return entity.id;
        }
    }
    const auto analysis = analyzer_.analyze(value, "en", analyzers::TagMode::kQuery);
    for (const auto& mention : analysis.mentions) {
        const auto& entity = gazetteer.entity(mention.entity);
        if (analyzers::to_string(entity.type) == type) {
            return entity.id;
        }
    }
    // Ids a publisher gave that the gazetteer does not know are still filterable.
    const bool id_like =
        !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        });
    if (id_like) {
        return id;
    }
    throw InvalidRequest("unknown_entity",
                         "no " + std::string(type) + " is called '" + std::string(value) + "'");
}

ParsedQuery QueryParser::parse(std::string_view text, const Xapian::Database* database,
                               DefaultOperator op) {
    if (text.size() > options_.max_bytes) {
        throw InvalidRequest("query_too_long", "the query is longer than " +
                                                   std::to_string(options_.max_bytes) + " bytes");
    }
    if (!analyzers::is_valid_utf8(text)) {
        throw InvalidRequest("invalid_utf8", "the query is not valid UTF-8");
    }
    LexedQuery lexed = lex_query(text);
    std::vector<Lexeme>& lexemes = lexed.lexemes;
    if (lexemes.size() > options_.max_terms) {
        throw InvalidRequest("query_too_long", "the query has more than " +
                                                   std::to_string(options_.max_terms) + " words");
    }

    Xapian::Query::op default_op = Xapian::Query::OP_AND;
    if (op == DefaultOperator::kOr || op == DefaultOperator::kAnyWord) {
        default_op = Xapian::Query::OP_OR;
    } else if (op == DefaultOperator::kAuto) {
        std::size_t plain = 0;
        for (const Lexeme& lexeme : lexemes) {
            if (lexeme.kind == LexKind::kWord && lexeme.sign == 0) {
                for (const Token& token : analyzer_.tokenizer().tokenize(lexeme.text)) {
                    if (!is_common_query_word(token.text) && !token.has(analyzers::kHyphenJoined)) {
                        ++plain;
                    }
                }
            } else if (lexeme.kind == LexKind::kPhrase && lexeme.sign == 0) {
                ++plain;
            }
        }
        if (plain > options_.and_max_words) {
            default_op = Xapian::Query::OP_OR;
        }
    }

    ParsedQuery parsed;
    parsed.used_or = default_op == Xapian::Query::OP_OR;
    parsed.upper_case_text = lexed.upper_case_text;
    Parser parser(analyzer_, terms_, options_, *this, database, text, std::move(lexemes),
                  default_op, op == DefaultOperator::kAnyWord, parsed);
    const Compiled compiled = parser.parse();
    if (compiled.empty) {
        parsed.query = match_all_query();
        parsed.match_all = true;
    } else {
        parsed.query = compiled.query;
        parsed.match_all = compiled.filter_only;
    }
    return parsed;
}

}  // namespace accord::search
