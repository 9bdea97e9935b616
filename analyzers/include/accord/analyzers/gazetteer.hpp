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

#include "accord/analyzers/string_hash.hpp"

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
    std::string kind;         ///< state, organisation, oblast, capital, person, treaty …
    std::string label;        ///< display name
    std::string parent;       ///< regions: id of the enclosing region or state
    std::string stands_for;   ///< id of the entity this one's mentions count for ("for")
    std::uint32_t facet = 0;  ///< index of the facet entity mentions resolve to (self if typed)
    /// The city its region is named after (Kharkiv of Kharkiv Oblast, "centre": true): its
    /// name is the region's too, in speech ("Kharkov" for the area) and in inflected text
    /// ("Донецької" is the city's genitive and the oblast's adjective).
    bool centre = false;
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
    /// What separates this token from the previous one in the name, besides spaces, hyphens
    /// and a possessive 's (see gap_residue): "," in "Washington, D.C.", else empty. The text
    /// must have the same between the two tokens, so names do not run across punctuation.
    std::string gap;
    bool capitalised = false;
    bool short_acronym = false;  ///< two-letter all-caps name ("US", "EU"): needs caps in text
    /// Written with a possessive 's in a longer name ("NATO's" in "NATO's Article 5"): the words
    /// up to it name the owner, which the tagger records as a mention of its own.
    bool possessive = false;
};

/// A word or a run of words a context rule looks for ("collective defence", "state of").
struct Phrase {
    std::vector<std::string> words;  ///< folded, as the Tokenizer folds text
    /// Per word: written with a capital in the gazetteer, so it must be capitalised in the text
    /// ("Alliance" is NATO, "alliance" is not); words written in lower case match any case.
    std::vector<bool> capitalised;
};

/// A compiled name: the token sequence that names entity @ref entity, and when it counts.
struct Alias {
    std::uint32_t entity = 0;
    std::vector<NameToken> tokens;
    CaseRule case_rule = CaseRule::kTitle;
    std::vector<Phrase> near;         ///< one of them must be in the sentence
    std::vector<Phrase> unless_near;  ///< none of them may be in the sentence
    std::vector<Phrase> unless_next;  ///< none of them may start right after the name
    std::vector<Phrase> unless_prev;  ///< none of them may end right before the name
    int requires_next = -1;           ///< index of a word list, or -1
    bool person_guard = false;
};

/// The punctuation of a gap between two tokens that a name must match: @p gap without
/// whitespace (incl. no-break spaces), hyphens and a leading possessive ('s, ’s). Empty for
/// the usual single space or hyphen.
[[nodiscard]] std::string gap_residue(std::string_view gap);

/// True when gap_residue(@p gap) == @p residue, without allocating.
[[nodiscard]] bool gap_matches(std::string_view gap, std::string_view residue);

/// The bases a Cyrillic relational adjective may be built on, from its light stem @p stem:
/// "харківськ" → "харків", "вінницьк" → "вінниц", "херсонск" → "херсон", "одеськ" → "одес",
/// the stem itself ("донецьк": the name of the place ends so), an inhabitant's noun
/// ("харків'ян-ин" → "харків"), and the first part of a joined
/// compound, "кримськотатарськ" → "крим". Empty when @p stem is no such adjective. At most four
/// bases, each of three letters or more.
[[nodiscard]] std::vector<std::string_view> relational_bases(std::string_view stem);

/// The entities and their compiled names, with the lookup tables the tagger needs.
/// Immutable once loaded; share one instance between threads.
class Gazetteer {
public:
    /// Loads every *.jsonl file of @p directory in name order. Throws GazetteerError naming
    /// the file and line of the first problem.
    [[nodiscard]] static Gazetteer load(const std::filesystem::path& directory);

    /// data/gazetteer of the source tree Accord was built from. (The executables let
    /// $ACCORD_GAZETTEER override it: cli::default_gazetteer().)
    [[nodiscard]] static std::filesystem::path bundled_directory();

    [[nodiscard]] const std::vector<Entity>& entities() const { return entities_; }
    [[nodiscard]] const Entity& entity(std::uint32_t index) const { return entities_.at(index); }
    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view id) const;
    /// The region a place lies in, when @p named is a place inside one ("Kharkiv" the city in
    /// Kharkivska oblast, a plant or an island in its oblast): its facet entity when that is a
    /// region other than itself. Not for what stands for a state (a capital, a leader), which
    /// would make every mention of Putin one of Russia.
    [[nodiscard]] std::optional<std::uint32_t> containing_region(std::uint32_t named) const;
    /// The places whose containing_region() is @p region, in gazetteer order (a scan: for
    /// queries, not for every token of a document).
    [[nodiscard]] std::vector<std::uint32_t> places_in(std::uint32_t region) const;
    [[nodiscard]] const std::vector<Alias>& aliases() const { return aliases_; }

    /// Aliases whose first token folds to @p text, longest first.
    [[nodiscard]] const std::vector<std::uint32_t>* by_first_token(std::string_view text) const;
    /// Cyrillic aliases whose first token has light stem @p stem, longest first.
    [[nodiscard]] const std::vector<std::uint32_t>* by_first_stem(std::string_view stem) const;
    /// One-token aliases whose Latin key is @p key.
    [[nodiscard]] const std::vector<std::uint32_t>* by_latin_key(std::string_view key) const;
    /// One-word Cyrillic names of places (entities counting for a region) whose light stem,
    /// without a final soft sign, is @p base: the base a relational adjective is built on
    /// ("харківськ-ий" → "харків", "маріупольськ-ий" → "маріупол"; see relational_bases). Short
    /// stems are kept here ("Суми" → "сум"), since only an adjective's base is looked up.
    [[nodiscard]] const std::vector<std::uint32_t>* by_adjective_base(std::string_view base) const;

    /// Entries of a word list (each entry a token sequence).
    [[nodiscard]] const std::vector<Phrase>& word_list(int index) const {
        return word_lists_.at(static_cast<std::size_t>(index));
    }
    /// Index of the word list @p name, or -1 when 90-rules.jsonl has none of that name.
    [[nodiscard]] int word_list_index(std::string_view name) const;

    /// True when @p folded is a word that, capitalised before a name, is not a given name
    /// ("The", "President", "King"): the person guard ignores it.
    [[nodiscard]] bool is_name_guard_exception(const std::string& folded) const;

private:
    friend class GazetteerBuilder;

    std::vector<Entity> entities_;
    std::unordered_map<std::string, std::uint32_t> by_id_;
    std::vector<Alias> aliases_;
    /// Bitmap over a cheap hash of every key of the three tables below: most words of a text
    /// start no name, and one bit test rejects them before a hash-table lookup.
    std::vector<std::uint64_t> key_filter_;
    [[nodiscard]] bool may_hold(std::string_view key) const;
    void add_to_filter(std::string_view key);

    using Index =
        std::unordered_map<std::string, std::vector<std::uint32_t>, StringHash, std::equal_to<>>;
    Index first_token_;
    Index first_stem_;
    Index latin_key_;
    Index adjective_base_;
    std::vector<std::vector<Phrase>> word_lists_;
    std::unordered_map<std::string, int> word_list_index_;
    std::unordered_map<std::string, bool> guard_exceptions_;
};

}  // namespace accord::analyzers
