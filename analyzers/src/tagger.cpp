#include "accord/analyzers/tagger.hpp"

#include <algorithm>

namespace accord::analyzers {
namespace {

// Coordinated demonyms before one actor noun: "Russian and Ukrainian officials",
// "Ukrainian, American and European negotiators". At most this many demonyms are chained.
constexpr int kMaxCoordinated = 4;

// A name shorter than this (in bytes) is not looked up by its Latin key: too many short words
// would meet by accident.
constexpr std::size_t kMinKeyedWord = 4;

}  // namespace

/// Per-call view of the text, its tokens, sentence bounds and lazily computed stems (the
/// buffers belong to the tagger and are reused between calls).
struct EntityTagger::Context {
    std::string_view text;
    const std::vector<Token>& tokens;
    TagMode mode;
    const std::vector<std::uint32_t>& sentence_begin;  // by token: first token of its sentence
    const std::vector<std::uint32_t>& sentence_end;    // by token: one past its sentence's last
    std::vector<std::string_view>& stems;
    std::vector<std::uint8_t>& stemmed;

    /// cyrillic_light_stem of token @p i, computed once (a prefix of its text: no copy).
    [[nodiscard]] std::string_view stem(std::size_t i) const {
        if (stemmed[i] == 0) {
            stems[i] = cyrillic_light_stem_view(tokens[i].text);
            stemmed[i] = 1;
        }
        return stems[i];
    }

    [[nodiscard]] std::string_view surface(std::size_t i) const {
        return text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
    }

    /// The text between token @p i - 1 and token @p i.
    [[nodiscard]] std::string_view gap_before(std::size_t i) const {
        return text.substr(tokens[i - 1].end, tokens[i].start - tokens[i - 1].end);
    }

    [[nodiscard]] bool case_holds(const Token& token, bool capitalised) const {
        return !capitalised || mode == TagMode::kQuery || token.has(kCapitalised);
    }

    /// True when the words of @p phrase occur at token @p at, within its sentence.
    [[nodiscard]] bool phrase_at(const Phrase& phrase, std::size_t at) const {
        const std::size_t count = phrase.words.size();
        if (at >= tokens.size() || at + count > sentence_end[at]) {
            return false;
        }
        for (std::size_t k = 0; k < count; ++k) {
            const Token& token = tokens[at + k];
            if (token.text != phrase.words[k] || !case_holds(token, phrase.capitalised[k])) {
                return false;
            }
        }
        return true;
    }

    /// True when one of @p phrases starts at token @p at.
    [[nodiscard]] bool any_at(const std::vector<Phrase>& phrases, std::size_t at) const {
        return std::any_of(phrases.begin(), phrases.end(),
                           [&](const Phrase& phrase) { return phrase_at(phrase, at); });
    }

    /// True when one of @p phrases ends right before token @p at, in the same sentence.
    [[nodiscard]] bool any_before(const std::vector<Phrase>& phrases, std::size_t at) const {
        return std::any_of(phrases.begin(), phrases.end(), [&](const Phrase& phrase) {
            const std::size_t count = phrase.words.size();
            return at >= sentence_begin[at] + count && phrase_at(phrase, at - count);
        });
    }

    /// True when one of @p phrases occurs in the sentence of [from, to), outside that span.
    [[nodiscard]] bool in_sentence(const std::vector<Phrase>& phrases, std::size_t from,
                                   std::size_t to) const {
        for (std::size_t i = sentence_begin[from]; i < sentence_end[from]; ++i) {
            if (i >= from && i < to) {
                continue;
            }
            if (any_at(phrases, i)) {
                return true;
            }
        }
        return false;
    }
};

EntityTagger::EntityTagger(std::shared_ptr<const Gazetteer> gazetteer)
    : gazetteer_(std::move(gazetteer)),
      coordinators_(gazetteer_->word_list_index("coordinators")) {}

bool EntityTagger::matches(const Alias& alias, const Context& context, std::size_t at, bool by_key,
                           bool& by_stem) const {
    const std::size_t count = alias.tokens.size();
    if (at + count > context.sentence_end[at]) {
        return false;
    }
    by_stem = by_key;  // a phonetic-key match ranks like a stem match
    for (std::size_t k = 0; k < count; ++k) {
        const NameToken& name = alias.tokens[k];
        const Token& token = context.tokens[at + k];
        if (!by_key && token.text != name.text) {
            if (name.stem.empty() || token.script != Script::kCyrillic ||
                context.stem(at + k) != name.stem) {
                return false;
            }
            by_stem = true;
        }
        if (k > 0 && !gap_matches(context.gap_before(at + k), name.gap)) {
            return false;  // "Donetsk, region" is not "Donetsk region"
        }
        if (alias.case_rule == CaseRule::kExact) {
            if (context.surface(at + k) != name.surface) {
                return false;
            }
        } else if (alias.case_rule == CaseRule::kTitle && context.mode == TagMode::kText) {
            if (name.short_acronym && !token.has(kAllCaps)) {
                return false;
            }
            if (name.capitalised && !token.has(kCapitalised)) {
                return false;
            }
        }
    }
    return rules_hold(alias, context, at);
}

bool EntityTagger::actor_follows(const Alias& alias, const Context& context, std::size_t at,
                                 std::size_t end) const {
    const auto& actors = gazetteer_->word_list(alias.requires_next);
    const auto& aliases = gazetteer_->aliases();
    const auto& tokens = context.tokens;
    // Is token @p j a demonym (a one-word name that itself needs an actor noun)?
    auto demonym_at = [&](std::size_t j) {
        const auto* candidates = gazetteer_->by_first_token(tokens[j].text);
        if (candidates == nullptr && tokens[j].script == Script::kCyrillic) {
            candidates = gazetteer_->by_first_stem(context.stem(j));
        }
        if (candidates == nullptr) {
            return false;
        }
        return std::any_of(candidates->begin(), candidates->end(), [&](std::uint32_t index) {
            const Alias& other = aliases[index];
            return other.tokens.size() == 1 && other.requires_next >= 0 &&
                   context.case_holds(tokens[j], other.tokens.front().capitalised);
        });
    };

    const std::size_t limit = context.sentence_end[at];  // the name's sentence
    std::size_t j = end;
    for (int chained = 0; chained <= kMaxCoordinated; ++chained) {
        if (j >= limit) {
            return false;
        }
        if (context.any_at(actors, j)) {
            return true;
        }
        // "Russian and Ukrainian officials", "Ukrainian, American and European officials".
        // Without a "coordinators" list in 90-rules.jsonl, only a direct actor noun counts.
        if (coordinators_ < 0) {
            return false;
        }
        if (context.any_at(gazetteer_->word_list(coordinators_), j)) {
            ++j;
        } else if (!gap_matches(context.gap_before(j), ",")) {
            return false;
        }
        if (j >= limit || !demonym_at(j)) {
            return false;
        }
        ++j;
    }
    return false;
}

bool EntityTagger::rules_hold(const Alias& alias, const Context& context, std::size_t at) const {
    const std::size_t end = at + alias.tokens.size();
    const auto& tokens = context.tokens;
    const bool has_prev = at > context.sentence_begin[at];
    const bool has_next = end < context.sentence_end[at];

    if (!alias.unless_prev.empty() && context.any_before(alias.unless_prev, at)) {
        return false;
    }
    if (has_next && !alias.unless_next.empty() && context.any_at(alias.unless_next, end)) {
        return false;
    }
    if (alias.requires_next >= 0 && !actor_follows(alias, context, at, end)) {
        return false;
    }
    if (!alias.near.empty() && !context.in_sentence(alias.near, at, end)) {
        return false;
    }
    if (!alias.unless_near.empty() && context.in_sentence(alias.unless_near, at, end)) {
        return false;
    }
    if (alias.person_guard && context.mode == TagMode::kText) {
        // "Michael Jordan", "Chad Smith": a capitalised word the gazetteer does not know, right
        // before or after the name with nothing but a space between, makes it part of a
        // person's name ("Amman, Jordan" does not). Words in capitals ("JORDAN BACKS PLAN")
        // say nothing: a headline in capitals capitalises every word.
        auto name_part = [&](std::size_t i, std::string_view gap) {
            return tokens[i].has(kCapitalised) && !tokens[i].has(kAllCaps) &&
                   tokens[i].script == Script::kLatin && gap_matches(gap, "") &&
                   gazetteer_->by_first_token(tokens[i].text) == nullptr &&
                   !gazetteer_->is_name_guard_exception(tokens[i].text);
        };
        if ((has_prev && name_part(at - 1, context.gap_before(at))) ||
            (has_next && name_part(end, context.gap_before(end)))) {
            return false;
        }
    }
    return true;
}

const Alias* EntityTagger::best_at(const Context& context, std::size_t i, std::size_t max_tokens) {
    const Gazetteer& gazetteer = *gazetteer_;
    const auto& aliases = gazetteer.aliases();
    const Token& token = context.tokens[i];
    const Alias* best = nullptr;
    bool best_by_stem = true;
    bool best_fits = false;
    // Whether the name's possessives are where the text has them: of "Trump peace plan" and
    // "Trump's peace plan", which both match either text, the one written as the text is.
    auto possessives_fit = [&](const Alias& alias) {
        for (std::size_t k = 0; k + 1 < alias.tokens.size(); ++k) {
            if (alias.tokens[k].possessive != context.tokens[i + k].has(kPossessive)) {
                return false;
            }
        }
        return true;
    };

    auto consider = [&](const std::vector<std::uint32_t>* candidates, bool by_key) {
        if (candidates == nullptr) {
            return;
        }
        for (const std::uint32_t index : *candidates) {
            const Alias& alias = aliases[index];
            if (alias.tokens.size() > max_tokens) {
                continue;
            }
            // Lists are longest first: nothing later can beat what we hold.
            if (best != nullptr &&
                (alias.tokens.size() < best->tokens.size() ||
                 (alias.tokens.size() == best->tokens.size() && !best_by_stem && best_fits))) {
                return;
            }
            bool by_stem = false;
            if (!matches(alias, context, i, by_key, by_stem)) {
                continue;
            }
            const bool fits = possessives_fit(alias);
            if (best == nullptr || alias.tokens.size() > best->tokens.size() ||
                (best_by_stem && !by_stem) || (best_by_stem == by_stem && fits && !best_fits)) {
                best = &alias;
                best_by_stem = by_stem;
                best_fits = fits;
            }
        }
    };
    const auto* by_text = gazetteer.by_first_token(token.text);
    const std::vector<std::uint32_t>* by_stem = nullptr;
    consider(by_text, false);
    if (token.script == Script::kCyrillic) {
        by_stem = gazetteer.by_first_stem(context.stem(i));
        consider(by_stem, false);
    }
    if (best == nullptr && token.script == Script::kCyrillic) {
        // A relational adjective of a place, in any case and letter case: "харківського
        // університету", "херсонський суд", "маріупольському напрямку", "кримськотатарського".
        for (const std::string_view base : relational_bases(context.stem(i))) {
            const auto* places = gazetteer.by_adjective_base(base);
            if (places == nullptr) {
                continue;
            }
            for (const std::uint32_t index : *places) {
                if (rules_hold(aliases[index], context, i)) {
                    best = &aliases[index];
                    break;
                }
            }
            if (best != nullptr) {
                return best;
            }
        }
    }
    if (best == nullptr && token.text.size() >= kMinKeyedWord &&
        (token.has(kCapitalised) || context.mode == TagMode::kQuery) &&
        (token.script == Script::kCyrillic || token.script == Script::kLatin)) {
        // Only for words that are not names of their own: "Washington" followed by "Post"
        // was rejected by its rules and must not come back through its Cyrillic spelling.
        // Lists are longest first, so a one-word name is last.
        auto single_word = [&](const std::vector<std::uint32_t>* list) {
            return list != nullptr && aliases[list->back()].tokens.size() == 1;
        };
        if (!single_word(by_text) && !single_word(by_stem)) {
            consider(gazetteer.by_latin_key(keys_.key(token.text)), true);
        }
    }
    return best;
}

std::vector<Mention> EntityTagger::tag(std::string_view text, const std::vector<Token>& tokens,
                                       TagMode mode) {
    std::vector<Mention> mentions;
    if (tokens.empty()) {
        return mentions;
    }
    const std::size_t count = tokens.size();
    sentence_begin_.resize(count);
    sentence_end_.resize(count);
    stems_.resize(count);
    stemmed_.assign(count, 0);
    std::uint32_t begin = 0;
    for (std::uint32_t i = 1; i <= count; ++i) {
        if (i == count || tokens[i].sentence != tokens[begin].sentence) {
            std::fill(sentence_begin_.begin() + begin, sentence_begin_.begin() + i, begin);
            std::fill(sentence_end_.begin() + begin, sentence_end_.begin() + i, i);
            begin = i;
        }
    }
    const Context context{text, tokens, mode, sentence_begin_, sentence_end_, stems_, stemmed_};
    const Gazetteer& gazetteer = *gazetteer_;

    std::size_t i = 0;
    while (i < count) {
        const Alias* best = best_at(context, i, count);
        if (best == nullptr) {
            ++i;
            continue;
        }
        const std::size_t length = best->tokens.size();
        auto record = [&](const Alias& alias, std::size_t first, std::size_t last) {
            Mention mention;
            mention.named = alias.entity;
            mention.entity = gazetteer.entity(alias.entity).facet;
            mention.start = tokens[first].start;
            mention.end = tokens[last].end;
            mention.first_token = static_cast<std::uint32_t>(first);
            mention.token_count = static_cast<std::uint32_t>(last - first + 1);
            mentions.push_back(mention);
        };
        // A possessive inside a longer name names its owner, a mention of its own: "NATO's
        // Article 5" (and "NATO’s Article 5", "NATO Article 5", which the name also matches) is
        // nato ("NATO") and north-atlantic-treaty ("Article 5"); "Trump's peace plan" is us and
        // the plan. The owner is what the words up to the possessive name on their own; the rest
        // of the span stays the longer name's.
        std::size_t owner_end = i;
        while (owner_end + 1 < i + length && !tokens[owner_end].has(kPossessive) &&
               !best->tokens[owner_end - i].possessive) {
            ++owner_end;
        }
        if (owner_end + 1 < i + length) {
            const Alias* owner = best_at(context, i, owner_end - i + 1);
            if (owner != nullptr && owner->tokens.size() == owner_end - i + 1 &&
                gazetteer.entity(owner->entity).facet != gazetteer.entity(best->entity).facet) {
                record(*owner, i, owner_end);
                record(*best, owner_end + 1, i + length - 1);
                i += length;
                continue;
            }
        }
        record(*best, i, i + length - 1);
        i += length;
    }
    return mentions;
}

}  // namespace accord::analyzers
