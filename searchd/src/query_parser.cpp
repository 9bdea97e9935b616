// The query language's grammar (OR over AND over units, NOT, NEAR, groups) and the public
// QueryParser. What a word, phrase or field means in the index is query_terms.cpp's.
#include "accord/search/query_parser.hpp"

#include <algorithm>

#include "accord/analyzers/utf8.hpp"
#include "accord/schema/schema.hpp"
#include "accord/schema/values.hpp"
#include "accord/search/errors.hpp"
#include "accord/search/query_lexer.hpp"

#include "query_terms.hpp"

namespace accord::search {

using analyzers::Token;
using detail::combine;
using detail::Item;

namespace {

/// Result of compiling an expression.
struct Compiled {
    Xapian::Query query;
    bool filter_only = false;  // only filters: contributes no weight
    bool empty = true;         // nothing at all (e.g. only stopwords)
};

/// Recursive descent over the lexemes; every word, phrase and field goes to the TermCompiler.
class Parser {
public:
    Parser(analyzers::Analyzer& analyzer, schema::TermMaker& terms,
           const QueryParserOptions& options, QueryParser& owner, const Xapian::Database* db,
           std::vector<Lexeme> lexemes, Xapian::Query::op default_op, bool any_word,
           ParsedQuery& out)
        : compiler_(analyzer, terms, options, owner, db, any_word, out),
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
            case LexKind::kPhrase:
                ++pos_;
                compiler_.phrase(lexeme, items);
                return;
            case LexKind::kField:
                ++pos_;
                compiler_.field(lexeme, items);
                return;
            case LexKind::kWord:
                if (lexeme.wildcard || lexeme.sign != 0) {
                    ++pos_;
                    compiler_.words({&lexeme}, lexeme.sign, items);
                    return;
                }
                {
                    std::vector<const Lexeme*> run;
                    while (at(LexKind::kWord) && lexemes_[pos_].sign == 0 &&
                           !lexemes_[pos_].wildcard) {
                        run.push_back(&lexemes_[pos_]);
                        ++pos_;
                    }
                    compiler_.words(run, 0, items);
                }
                return;
            default:
                ++pos_;  // stray operator
                return;
        }
    }

    detail::TermCompiler compiler_;
    std::vector<Lexeme> lexemes_;
    Xapian::Query::op default_op_;
    bool any_word_ = false;  ///< relaxed: every positive word on its own, joined by OR
    ParsedQuery& out_;
    std::size_t pos_ = 0;
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
                    if (!detail::is_common_query_word(token.text) &&
                        !token.has(analyzers::kHyphenJoined)) {
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
    Parser parser(analyzer_, terms_, options_, *this, database, std::move(lexemes), default_op,
                  op == DefaultOperator::kAnyWord, parsed);
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
