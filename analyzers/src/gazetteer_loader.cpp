// Loading a gazetteer: the JSON Lines records are read and checked (file and line in every
// error), extends and 'for' chains resolved, and every alias compiled into folded tokens, stems
// and lookup tables (docs/gazetteer.md). The lookups themselves are in gazetteer.cpp.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>

#include "accord/analyzers/cyrillic.hpp"
#include "accord/analyzers/errors.hpp"
#include "accord/analyzers/gazetteer.hpp"
#include "accord/analyzers/tokenizer.hpp"
#include "accord/analyzers/utf8.hpp"

namespace accord::analyzers {

using nlohmann::json;

namespace {

// A Latin key this short would join unrelated names ("Iran", "Oman" are matched exactly anyway).
constexpr std::size_t kMinLatinKey = 5;

// Letters a one-word name's Cyrillic stem must keep for inflected forms to match by it.
constexpr std::size_t kMinNameStem = 4;

// Capitalised words that, right before a name, do not make it part of a person's name.
constexpr std::string_view kDefaultGuardExceptions[] = {
    "the",         "a",     "an",       "in",      "of",         "and",       "or",
    "for",         "with",  "on",       "at",      "to",         "from",      "by",
    "as",          "but",   "while",    "after",   "before",     "president", "king",
    "queen",       "prime", "minister", "foreign", "government", "republic",  "kingdom",
    "state",       "north", "south",    "east",    "west",       "central",   "neighbouring",
    "neighboring", "both",  "only",     "when",    "if",         "says",      "said"};

struct Location {
    std::string file;
    std::size_t line = 0;
    [[nodiscard]] std::string str() const { return file + ":" + std::to_string(line); }
};

struct RawAlias {
    std::string language;
    json spec;  // string or object
    Location where;
};

struct RawEntity {
    Entity entity;
    std::vector<RawAlias> aliases;
    Location where;
};

// The fields docs/gazetteer.md documents; anything else is a typo that would silently drop a
// rule ("unless_nxt"), so it is an error.
constexpr std::string_view kEntityKeys[] = {"id",     "type", "kind",   "label",
                                            "parent", "for",  "centre", "aliases"};
constexpr std::string_view kExtendKeys[] = {"extend", "label", "kind", "parent", "aliases"};
constexpr std::string_view kListKeys[] = {"list", "words"};
constexpr std::string_view kAliasKeys[] = {"text",          "case",        "near",
                                           "unless_near",   "unless_next", "unless_prev",
                                           "requires_next", "person_guard"};

[[noreturn]] void fail(const Location& where, const std::string& message) {
    throw GazetteerError(where.str() + ": " + message);
}

template <std::size_t N>
void check_keys(const json& object, const std::string_view (&allowed)[N], const char* what,
                const Location& where) {
    for (const auto& item : object.items()) {
        if (std::find(std::begin(allowed), std::end(allowed), item.key()) == std::end(allowed)) {
            fail(where, "unknown field '" + item.key() + "' in " + what);
        }
    }
}

std::string string_field(const json& object, const char* key, const Location& where) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        return {};
    }
    if (!found->is_string()) {
        fail(where, std::string("field '") + key + "' must be a string");
    }
    return found->get<std::string>();
}

void collect_aliases(const json& aliases, const Location& where, std::vector<RawAlias>& out) {
    if (aliases.is_null()) {
        return;
    }
    auto add_list = [&](const std::string& language, const json& list) {
        if (!list.is_array()) {
            fail(where, "aliases of language '" + language + "' must be a list");
        }
        for (const json& alias : list) {
            if (alias.is_object()) {
                check_keys(alias, kAliasKeys, "an alias", where);
            }
            if (!alias.is_string() &&
                !(alias.is_object() && alias.contains("text") && alias["text"].is_string())) {
                fail(where, "an alias must be a string or an object with a string 'text'");
            }
            out.push_back(RawAlias{language, alias, where});
        }
    };
    if (aliases.is_array()) {
        add_list("any", aliases);
    } else if (aliases.is_object()) {
        for (const auto& [language, list] : aliases.items()) {
            add_list(language, list);
        }
    } else {
        fail(where, "'aliases' must be an object of lists");
    }
}

}  // namespace

/// Turns raw records into a Gazetteer: resolves extends and 'for' chains, compiles names.
class GazetteerBuilder {
public:
    Gazetteer build(const std::filesystem::path& directory) {
        std::vector<std::filesystem::path> files;
        std::error_code error;
        for (const auto& item : std::filesystem::directory_iterator(directory, error)) {
            if (item.path().extension() == ".jsonl") {
                files.push_back(item.path());
            }
        }
        if (error) {
            throw GazetteerError("cannot read gazetteer directory " + directory.string() + ": " +
                                 error.message());
        }
        if (files.empty()) {
            throw GazetteerError("no *.jsonl files in gazetteer directory " + directory.string());
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            read_file(file);
        }
        apply_extends();
        resolve();
        compile();
        return std::move(result_);
    }

private:
    void read_file(const std::filesystem::path& file) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            throw GazetteerError("cannot open " + file.string());
        }
        std::string line;
        Location where{file.filename().string(), 0};
        while (std::getline(in, line)) {
            ++where.line;
            const auto first = line.find_first_not_of(" \t\r");
            if (first == std::string::npos || line.compare(first, 2, "//") == 0) {
                continue;
            }
            json record;
            try {
                record = json::parse(line);
            } catch (const json::parse_error& e) {
                fail(where, std::string("invalid JSON: ") + e.what());
            }
            if (!record.is_object()) {
                fail(where, "each line must be a JSON object");
            }
            if (record.contains("list")) {
                check_keys(record, kListKeys, "a list record", where);
                read_list(record, where);
            } else if (record.contains("extend")) {
                check_keys(record, kExtendKeys, "an extend record", where);
                extends_.push_back({record, where});
            } else {
                check_keys(record, kEntityKeys, "an entity record", where);
                read_entity(record, where);
            }
        }
    }

    void read_list(const json& record, const Location& where) {
        const std::string name = string_field(record, "list", where);
        const auto words = record.find("words");
        if (name.empty() || words == record.end() || !words->is_array()) {
            fail(where, "a list record needs 'list' and 'words'");
        }
        std::vector<std::string> entries;
        for (const json& word : *words) {
            if (!word.is_string()) {
                fail(where, "list words must be strings");
            }
            entries.push_back(word.get<std::string>());
        }
        auto& [list, first_where] = lists_[name];
        if (list.empty()) {
            first_where = where;
        }
        list.insert(list.end(), entries.begin(), entries.end());
    }

    void read_entity(const json& record, const Location& where) {
        RawEntity raw;
        raw.where = where;
        Entity& entity = raw.entity;
        entity.id = string_field(record, "id", where);
        if (entity.id.empty()) {
            fail(where, "entity without 'id'");
        }
        if (index_.count(entity.id) != 0) {
            fail(where, "duplicate entity id '" + entity.id + "' (first at " +
                            raw_[index_[entity.id]].where.str() + ")");
        }
        const std::string type = string_field(record, "type", where);
        if (!type.empty()) {
            const auto parsed = parse_entity_type(type);
            if (!parsed) {
                fail(where, "unknown type '" + type + "'");
            }
            entity.type = *parsed;
        }
        entity.kind = string_field(record, "kind", where);
        entity.label = string_field(record, "label", where);
        entity.parent = string_field(record, "parent", where);
        entity.stands_for = string_field(record, "for", where);
        if (entity.type == EntityType::kNone && entity.stands_for.empty()) {
            fail(where, "entity '" + entity.id + "' has neither 'type' nor 'for'");
        }
        if (record.contains("centre")) {
            if (!record["centre"].is_boolean() || entity.stands_for.empty()) {
                fail(where, "'centre' is true or false, on a place with 'for' (its region)");
            }
            entity.centre = record["centre"].get<bool>();
        }
        if (entity.label.empty()) {
            entity.label = entity.id;
        }
        collect_aliases(record.value("aliases", json()), where, raw.aliases);
        index_[entity.id] = raw_.size();
        raw_.push_back(std::move(raw));
    }

    void apply_extends() {
        for (const auto& [record, where] : extends_) {
            const std::string id = string_field(record, "extend", where);
            const auto found = index_.find(id);
            if (found == index_.end()) {
                fail(where, "'extend' names unknown entity '" + id + "'");
            }
            RawEntity& raw = raw_[found->second];
            for (const auto& [key, field] :
                 {std::pair{"label", &raw.entity.label}, std::pair{"parent", &raw.entity.parent},
                  std::pair{"kind", &raw.entity.kind}}) {
                const std::string value = string_field(record, key, where);
                if (!value.empty()) {
                    *field = value;
                }
            }
            collect_aliases(record.value("aliases", json()), where, raw.aliases);
        }
    }

    void resolve() {
        result_.entities_.reserve(raw_.size());
        for (const RawEntity& raw : raw_) {
            result_.by_id_[raw.entity.id] = static_cast<std::uint32_t>(result_.entities_.size());
            result_.entities_.push_back(raw.entity);
        }
        for (std::size_t i = 0; i < raw_.size(); ++i) {
            Entity& entity = result_.entities_[i];
            const Location& where = raw_[i].where;
            if (!entity.parent.empty() && result_.by_id_.count(entity.parent) == 0) {
                fail(where, "parent '" + entity.parent + "' of '" + entity.id + "' is unknown");
            }
            std::uint32_t current = static_cast<std::uint32_t>(i);
            for (int hops = 0; result_.entities_[current].type == EntityType::kNone; ++hops) {
                const std::string& target = result_.entities_[current].stands_for;
                const auto found = result_.by_id_.find(target);
                if (found == result_.by_id_.end()) {
                    fail(where,
                         "'for' of '" + entity.id + "' names unknown entity '" + target + "'");
                }
                if (hops > 8) {
                    fail(where,
                         "'for' chain of '" + entity.id + "' does not end in a typed entity");
                }
                current = found->second;
            }
            entity.facet = current;
        }
    }

    std::vector<Phrase> fold_phrases(const json& value, const Location& where) {
        std::vector<Phrase> phrases;
        if (value.is_null()) {
            return phrases;
        }
        if (!value.is_array()) {
            fail(where, "rule lists must be arrays of strings");
        }
        for (const json& item : value) {
            if (!item.is_string()) {
                fail(where, "rule lists must be arrays of strings");
            }
            Phrase phrase;
            for (Token& token : tokenizer_.tokenize(item.get<std::string>())) {
                phrase.capitalised.push_back(token.has(kCapitalised));
                phrase.words.push_back(std::move(token.text));
            }
            if (!phrase.words.empty()) {
                phrases.push_back(std::move(phrase));
            }
        }
        return phrases;
    }

    int list_index(const std::string& name, const Location& where) const {
        const auto known = result_.word_list_index_.find(name);
        if (known == result_.word_list_index_.end()) {
            fail(where, "unknown word list '" + name + "'");
        }
        return known->second;
    }

    void compile_lists() {
        std::vector<std::string> names;
        for (const auto& [name, _] : lists_) {
            names.push_back(name);
        }
        std::sort(names.begin(), names.end());
        for (const std::string& name : names) {
            const auto& [words, where] = lists_.at(name);
            result_.word_list_index_[name] = static_cast<int>(result_.word_lists_.size());
            result_.word_lists_.push_back(fold_phrases(json(words), where));
        }
    }

    void compile() {
        // A later alias with the same text on the same entity replaces the earlier one: that
        // is how curated records add rules (guards, case) to generated names.
        compile_lists();
        // Value: (index in aliases_, index in the entity's names).
        std::map<std::pair<std::vector<std::string>, std::uint32_t>,
                 std::pair<std::size_t, std::size_t>>
            seen;
        for (std::size_t i = 0; i < raw_.size(); ++i) {
            const RawEntity& raw = raw_[i];
            Entity& entity = result_.entities_[i];
            for (const RawAlias& raw_alias : raw.aliases) {
                json spec =
                    raw_alias.spec.is_string() ? json{{"text", raw_alias.spec}} : raw_alias.spec;
                Alias alias;
                try {
                    alias = compile_alias(spec, raw_alias.where);
                } catch (const json::exception& e) {
                    fail(raw_alias.where, "bad alias " + spec["text"].dump() + ": " + e.what());
                }
                alias.entity = static_cast<std::uint32_t>(i);
                if (alias.tokens.empty()) {
                    continue;
                }
                std::pair<std::string, std::string> name(raw_alias.language,
                                                         spec["text"].get<std::string>());
                std::vector<std::string> key;
                for (const NameToken& token : alias.tokens) {
                    // "Trump's peace plan" and "Trump peace plan" are two names: one has an owner.
                    key.push_back(token.possessive ? token.surface + "'s" : token.surface);
                }
                const auto [found, inserted] = seen.try_emplace(
                    {key, alias.entity}, std::pair{result_.aliases_.size(), entity.names.size()});
                if (inserted) {
                    result_.aliases_.push_back(std::move(alias));
                    entity.names.push_back(std::move(name));
                } else {
                    result_.aliases_[found->second.first] = std::move(alias);
                    entity.names[found->second.second] = std::move(name);
                }
            }
        }
        for (std::uint32_t a = 0; a < result_.aliases_.size(); ++a) {
            const Alias& alias = result_.aliases_[a];
            result_.first_token_[alias.tokens.front().text].push_back(a);
            if (!alias.tokens.front().stem.empty()) {
                result_.first_stem_[alias.tokens.front().stem].push_back(a);
            }
            const Entity& facet = result_.entities_[result_.entities_[alias.entity].facet];
            if (alias.tokens.size() == 1 && facet.type == EntityType::kRegion &&
                alias.case_rule != CaseRule::kExact &&
                Normalizer::script_of(alias.tokens.front().text) == Script::kCyrillic) {
                // Keyed by the name itself and by its light stem ("харків" and "харк"), each
                // without a final soft sign ("маріуполь" → "маріупол").
                const std::string& text = alias.tokens.front().text;
                for (std::string base : {text, cyrillic_light_stem(text)}) {
                    if (base.ends_with("\xD1\x8C")) {
                        base.resize(base.size() - 2);
                    }
                    auto& list = result_.adjective_base_[base];
                    if (list.empty() || list.back() != a) {
                        list.push_back(a);
                    }
                }
            }
            if (alias.tokens.size() == 1 && alias.case_rule != CaseRule::kExact) {
                std::string key = keys_.key(alias.tokens.front().text);
                if (key.size() >= kMinLatinKey) {
                    result_.latin_key_[key].push_back(a);
                }
            }
        }
        auto longest_first = [this](std::uint32_t x, std::uint32_t y) {
            return result_.aliases_[x].tokens.size() > result_.aliases_[y].tokens.size();
        };
        for (auto* table : {&result_.first_token_, &result_.first_stem_, &result_.latin_key_}) {
            for (auto& [key, list] : *table) {
                std::stable_sort(list.begin(), list.end(), longest_first);
                result_.add_to_filter(key);
            }
        }
        // An adjective alone names the city or facility more often than the oblast, which has
        // a name of its own with "область" ("харківського університету", "Сумська міська
        // рада"): entities that stand for a region come before the region itself.
        for (auto& [key, list] : result_.adjective_base_) {
            std::stable_sort(list.begin(), list.end(), [this](std::uint32_t x, std::uint32_t y) {
                const auto& entities = result_.entities_;
                return entities[result_.aliases_[x].entity].type == EntityType::kNone &&
                       entities[result_.aliases_[y].entity].type != EntityType::kNone;
            });
            result_.add_to_filter(key);
        }
        for (const std::string_view word : kDefaultGuardExceptions) {
            result_.guard_exceptions_[std::string(word)] = true;
        }
        if (const auto extra = lists_.find("name_guard_exceptions"); extra != lists_.end()) {
            for (const std::string& word : extra->second.first) {
                result_.guard_exceptions_[tokenizer_.normalizer().fold(word)] = true;
            }
        }
    }

    Alias compile_alias(const json& spec, const Location& where) {
        Alias alias;
        const std::string text = spec["text"].get<std::string>();
        const std::vector<Token> tokens = tokenizer_.tokenize(text);
        bool any_upper = false;
        for (std::size_t k = 0; k < tokens.size(); ++k) {
            const Token& token = tokens[k];
            if (k > 0 && token.sentence != tokens[k - 1].sentence) {
                fail(where, "alias '" + text + "' spans a sentence boundary and can never match");
            }
            NameToken name;
            name.text = token.text;
            name.surface = text.substr(token.start, token.end - token.start);
            if (k > 0) {
                name.gap = gap_residue(std::string_view(text).substr(
                    tokens[k - 1].end, token.start - tokens[k - 1].end));
            }
            name.capitalised = token.has(kCapitalised);
            name.short_acronym = token.has(kAllCaps) && name.text.size() == 2;
            name.possessive = token.has(kPossessive) && k + 1 < tokens.size();
            // Acronyms ("НАТО", "ОБСЄ") do not inflect; a stem would only invite accidents.
            if (token.script == Script::kCyrillic && !token.has(kAllCaps)) {
                name.stem = cyrillic_light_stem(name.text);
                // Ukrainian and Russian write a relational adjective in lower case inside a
                // phrase ("мінські домовленості", "чорнобильська АЕС"): in a longer name the
                // other words keep the match precise, so its capital is not required.
                if (tokens.size() > 1 && !relational_bases(name.stem).empty()) {
                    name.capitalised = false;
                }
            }
            any_upper = any_upper || name.capitalised;
            alias.tokens.push_back(std::move(name));
        }
        // A one-word name whose stem is shorter than four letters ("Суми" → "сум", "Куба" →
        // "куб", "Китая" → "кит") would meet ordinary words by stem: it matches only its listed
        // forms. In longer names the other words keep the match precise.
        if (alias.tokens.size() == 1 && utf8_length(alias.tokens.front().stem) < kMinNameStem) {
            alias.tokens.front().stem.clear();
        }
        const std::string case_rule = spec.value("case", std::string());
        if (spec.contains("person_guard") && !spec["person_guard"].is_boolean()) {
            fail(where, "'person_guard' of alias '" + text + "' must be true or false");
        }
        if (case_rule == "exact") {
            alias.case_rule = CaseRule::kExact;
        } else if (case_rule == "any" || (case_rule.empty() && !any_upper)) {
            alias.case_rule = CaseRule::kAny;
        } else if (case_rule.empty() || case_rule == "title") {
            alias.case_rule = CaseRule::kTitle;
        } else {
            fail(where, "unknown case rule '" + case_rule + "' for alias '" + text + "'");
        }
        alias.near = fold_phrases(spec.value("near", json()), where);
        alias.unless_near = fold_phrases(spec.value("unless_near", json()), where);
        alias.unless_next = fold_phrases(spec.value("unless_next", json()), where);
        alias.unless_prev = fold_phrases(spec.value("unless_prev", json()), where);
        const std::string requires_next = spec.value("requires_next", std::string());
        if (!requires_next.empty()) {
            alias.requires_next = list_index(requires_next, where);
        }
        alias.person_guard = spec.value("person_guard", false);
        return alias;
    }

    Gazetteer result_;
    Tokenizer tokenizer_;
    LatinKeyMaker keys_;
    std::vector<RawEntity> raw_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<std::pair<json, Location>> extends_;
    std::unordered_map<std::string, std::pair<std::vector<std::string>, Location>> lists_;
};

Gazetteer Gazetteer::load(const std::filesystem::path& directory) {
    return GazetteerBuilder().build(directory);
}
}  // namespace accord::analyzers
