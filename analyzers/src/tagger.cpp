#include "accord/analyzers/tagger.hpp"

#include <algorithm>

namespace accord::analyzers {

/// Per-call state: the text, its tokens, sentence bounds and lazily computed stems.
struct EntityTagger::Context {
    std::string_view text;
    const std::vector<Token>& tokens;
    TagMode mode;
    std::vector<std::size_t> sentence_begin;  // by token index: first token of its sentence
    std::vector<std::size_t> sentence_end;    // by token index: one past its sentence's last
    mutable std::vector<std::string> stems;
    mutable std::vector<bool> stemmed;

    Context(std::string_view t, const std::vector<Token>& tk, TagMode m)
        : text(t), tokens(tk), mode(m), sentence_begin(tk.size()), sentence_end(tk.size()),
          stems(tk.size()), stemmed(tk.size(), false) {
        std::size_t begin = 0;
        for (std::size_t i = 0; i <= tokens.size(); ++i) {
            if (i == tokens.size() || (i > begin && tokens[i].sentence != tokens[begin].sentence)) {
                for (std::size_t j = begin; j < i; ++j) {
                    sentence_begin[j] = begin;
                    sentence_end[j] = i;
                }
                begin = i;
            }
        }
    }

    [[nodiscard]] const std::string& stem(std::size_t i) const {
        if (!stemmed[i]) {
            stems[i] = cyrillic_light_stem(tokens[i].text);
            stemmed[i] = true;
        }
        return stems[i];
    }

    [[nodiscard]] std::string_view surface(std::size_t i) const {
        return text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
    }

    [[nodiscard]] bool same_sentence(std::size_t a, std::size_t b) const {
        return tokens[a].sentence == tokens[b].sentence;
    }

    /// True when the folded words of @p phrase occur at token @p at.
    [[nodiscard]] bool phrase_at(const std::vector<std::string>& phrase, std::size_t at) const {
        if (at + phrase.size() > sentence_end[at]) {
            return false;
        }
        for (std::size_t k = 0; k < phrase.size(); ++k) {
            if (tokens[at + k].text != phrase[k]) {
                return false;
            }
        }
        return true;
    }

    /// True when one of @p phrases occurs in the sentence of [from, to), outside that span.
    [[nodiscard]] bool in_sentence(const std::vector<std::vector<std::string>>& phrases,
                                   std::size_t from, std::size_t to) const {
        for (std::size_t i = sentence_begin[from]; i < sentence_end[from]; ++i) {
            if (i >= from && i < to) {
                continue;
            }
            for (const auto& phrase : phrases) {
                if (phrase_at(phrase, i)) {
                    return true;
                }
            }
        }
        return false;
    }
};

EntityTagger::EntityTagger(std::shared_ptr<const Gazetteer> gazetteer)
    : gazetteer_(std::move(gazetteer)) {}

bool EntityTagger::matches(const Alias& alias, const Context& context, std::size_t at,
                           bool by_key, bool& by_stem) const {
    const std::size_t count = alias.tokens.size();
    if (at + count > context.sentence_end[at]) {
        return false;
    }
    by_stem = false;
    for (std::size_t k = 0; k < count; ++k) {
        const NameToken& name = alias.tokens[k];
        const Token& token = context.tokens[at + k];
        if (by_key) {
            by_stem = true;  // a phonetic-key match ranks like a stem match
        } else if (token.text != name.text) {
            if (name.stem.empty() || token.script != Script::kCyrillic ||
                context.stem(at + k) != name.stem) {
                return false;
            }
            by_stem = true;
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

bool EntityTagger::rules_hold(const Alias& alias, const Context& context, std::size_t at) const {
    const std::size_t end = at + alias.tokens.size();
    const auto& tokens = context.tokens;
    const bool has_prev = at > context.sentence_begin[at];
    const bool has_next = end < context.sentence_end[at];

    if (has_prev && !alias.unless_prev.empty() &&
        std::find(alias.unless_prev.begin(), alias.unless_prev.end(), tokens[at - 1].text) !=
            alias.unless_prev.end()) {
        return false;
    }
    if (has_next && !alias.unless_next.empty() &&
        std::find(alias.unless_next.begin(), alias.unless_next.end(), tokens[end].text) !=
            alias.unless_next.end()) {
        return false;
    }
    if (alias.requires_next >= 0) {
        if (!has_next) {
            return false;
        }
        const auto& entries = gazetteer_->word_list(alias.requires_next);
        const bool found = std::any_of(entries.begin(), entries.end(), [&](const auto& entry) {
            return context.phrase_at(entry, end);
        });
        if (!found) {
            return false;
        }
    }
    if (!alias.near.empty() && !context.in_sentence(alias.near, at, end)) {
        return false;
    }
    if (!alias.unless_near.empty() && context.in_sentence(alias.unless_near, at, end)) {
        return false;
    }
    if (alias.person_guard && context.mode == TagMode::kText) {
        // "Michael Jordan", "Chad Smith": a capitalised word the gazetteer does not know, right
        // before or after the name, makes it part of a person's name.
        auto unknown_capitalised = [&](std::size_t i) {
            return tokens[i].has(kCapitalised) && tokens[i].script == Script::kLatin &&
                   gazetteer_->by_first_token(tokens[i].text) == nullptr &&
                   !gazetteer_->is_name_guard_exception(tokens[i].text);
        };
        if ((has_prev && unknown_capitalised(at - 1)) || (has_next && unknown_capitalised(end))) {
            return false;
        }
    }
    return true;
}

std::vector<Mention> EntityTagger::tag(std::string_view text, const std::vector<Token>& tokens,
                                       TagMode mode) {
    std::vector<Mention> mentions;
    if (tokens.empty()) {
        return mentions;
    }
    const Context context(text, tokens, mode);
    const Gazetteer& gazetteer = *gazetteer_;
    const auto& aliases = gazetteer.aliases();

    std::size_t i = 0;
    while (i < tokens.size()) {
        const Token& token = tokens[i];
        const Alias* best = nullptr;
        bool best_by_stem = true;

        auto consider = [&](const std::vector<std::uint32_t>* candidates, bool by_key) {
            if (candidates == nullptr) {
                return;
            }
            for (const std::uint32_t index : *candidates) {
                const Alias& alias = aliases[index];
                // Lists are longest first: nothing later can beat what we hold.
                if (best != nullptr && (alias.tokens.size() < best->tokens.size() ||
                                        (alias.tokens.size() == best->tokens.size() &&
                                         !best_by_stem))) {
                    return;
                }
                bool by_stem = false;
                if (matches(alias, context, i, by_key, by_stem) &&
                    (best == nullptr || alias.tokens.size() > best->tokens.size() ||
                     (best_by_stem && !by_stem))) {
                    best = &alias;
                    best_by_stem = by_stem;
                }
            }
        };
        consider(gazetteer.by_first_token(token.text), false);
        if (token.script == Script::kCyrillic) {
            consider(gazetteer.by_first_stem(context.stem(i)), false);
        }
        if (best == nullptr && token.text.size() >= 4 &&
            (token.has(kCapitalised) || mode == TagMode::kQuery) &&
            (token.script == Script::kCyrillic || token.script == Script::kLatin)) {
            consider(gazetteer.by_latin_key(keys_.key(token.text)), true);
        }

        if (best == nullptr) {
            ++i;
            continue;
        }
        const std::size_t count = best->tokens.size();
        Mention mention;
        mention.named = best->entity;
        mention.entity = gazetteer.entity(best->entity).facet;
        mention.start = token.start;
        mention.end = tokens[i + count - 1].end;
        mention.first_token = static_cast<std::uint32_t>(i);
        mention.token_count = static_cast<std::uint32_t>(count);
        mentions.push_back(mention);
        i += count;
    }
    return mentions;
}

}  // namespace accord::analyzers
