#pragma once
/// @file gazetteer.hpp
/// The entities Accord recognises and every name they go by (format: docs/gazetteer.md).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace accord::analyzers {

/// The three facets an entity can belong to. kNone: the entity only stands for another
/// (a leader for a state, a city for an oblast).
enum class EntityType : std::uint8_t { kNone, kParty, kRegion, kAgreement };

[[nodiscard]] std::string_view to_string(EntityType type);
[[nodiscard]] std::optional<EntityType> parse_entity_type(std::string_view name);

/// One entity of the gazetteer.
struct Entity {
    std::string id;
    EntityType type = EntityType::kNone;
    std::string kind;        ///< state, organisation, oblast, capital, person, treaty …
    std::string label;       ///< display name
    std::string parent;      ///< regions: id of the enclosing region or state
    std::string stands_for;  ///< id of the entity this one's mentions count for ("for")
    std::uint32_t facet = 0; ///< index of the facet entity mentions resolve to (self if typed)
    std::vector<std::pair<std::string, std::string>> names;  ///< (language, name) as written
};

/// When a name counts, by the letter case of the text.
enum class CaseRule : std::uint8_t {
    kTitle,  ///< capitalised words of the name must be capitalised in the text
    kExact,  ///< the surface must equal the name ("US" is never "us")
    kAny,    ///< any case ("grain deal")
};

/// One token of a compiled name.
struct NameToken {
    std::string text;     ///< folded form, as the Tokenizer folds text
    std::string stem;     ///< cyrillic_light_stem(text) for Cyrillic tokens, else empty
    std::string surface;  ///< as written in the gazetteer
    bool capitalised = false;
    bool short_acronym = false;  ///< two-letter all-caps name ("US", "EU"): needs caps in text
};

/// A compiled name: the token sequence that names entity @ref entity, and when it counts.
struct Alias {
    std::uint32_t entity = 0;
    std::vector<NameToken> tokens;
    CaseRule case_rule = CaseRule::kTitle;
    std::vector<std::vector<std::string>> near;         ///< folded token sequences
    std::vector<std::vector<std::string>> unless_near;  ///< folded token sequences
    std::vector<std::string> unless_next;               ///< folded words
    std::vector<std::string> unless_prev;               ///< folded words
    int requires_next = -1;                             ///< index of a word list, or -1
    bool person_guard = false;
};

/// The entities and their compiled names, with the lookup tables the tagger needs.
/// Immutable once loaded; share one instance between threads.
class Gazetteer {
public:
    /// Loads every *.jsonl file of @p directory in name order. Throws GazetteerError naming
    /// the file and line of the first problem.
    [[nodiscard]] static Gazetteer load(const std::filesystem::path& directory);

    /// $ACCORD_GAZETTEER, else data/gazetteer of the source tree Accord was built from.
    [[nodiscard]] static std::filesystem::path default_directory();

    [[nodiscard]] const std::vector<Entity>& entities() const { return entities_; }
    [[nodiscard]] const Entity& entity(std::uint32_t index) const { return entities_.at(index); }
    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view id) const;
    [[nodiscard]] const std::vector<Alias>& aliases() const { return aliases_; }

    /// Aliases whose first token folds to @p text, longest first.
    [[nodiscard]] const std::vector<std::uint32_t>* by_first_token(const std::string& text) const;
    /// Cyrillic aliases whose first token has light stem @p stem, longest first.
    [[nodiscard]] const std::vector<std::uint32_t>* by_first_stem(const std::string& stem) const;
    /// One-token aliases whose Latin key is @p key.
    [[nodiscard]] const std::vector<std::uint32_t>* by_latin_key(const std::string& key) const;

    /// Entries of a word list (each entry a folded token sequence).
    [[nodiscard]] const std::vector<std::vector<std::string>>& word_list(int index) const {
        return word_lists_.at(static_cast<std::size_t>(index));
    }
    /// True when @p folded is a word that, capitalised before a name, is not a given name
    /// ("The", "President", "King"): the person guard ignores it.
    [[nodiscard]] bool is_name_guard_exception(const std::string& folded) const;

private:
    friend class GazetteerBuilder;

    std::vector<Entity> entities_;
    std::unordered_map<std::string, std::uint32_t> by_id_;
    std::vector<Alias> aliases_;
    std::unordered_map<std::string, std::vector<std::uint32_t>> first_token_;
    std::unordered_map<std::string, std::vector<std::uint32_t>> first_stem_;
    std::unordered_map<std::string, std::vector<std::uint32_t>> latin_key_;
    std::vector<std::vector<std::vector<std::string>>> word_lists_;
    std::unordered_map<std::string, int> word_list_index_;
    std::unordered_map<std::string, bool> guard_exceptions_;
};

}  // namespace accord::analyzers
