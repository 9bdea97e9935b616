#include "accord/analyzers/gazetteer.hpp"

#include <algorithm>
#include <cstring>

#include "accord/analyzers/cyrillic.hpp"
#include "accord/analyzers/errors.hpp"
#include "accord/analyzers/tokenizer.hpp"
#include "accord/analyzers/utf8.hpp"

#ifndef ACCORD_DATA_DIR
#define ACCORD_DATA_DIR "data"
#endif

namespace accord::analyzers {

std::string_view to_string(EntityType type) {
    switch (type) {
        case EntityType::kParty:
            return "party";
        case EntityType::kRegion:
            return "region";
        case EntityType::kAgreement:
            return "agreement";
        case EntityType::kNone:
            break;
    }
    return "";
}

std::optional<EntityType> parse_entity_type(std::string_view name) {
    if (name == "party") {
        return EntityType::kParty;
    }
    if (name == "region") {
        return EntityType::kRegion;
    }
    if (name == "agreement") {
        return EntityType::kAgreement;
    }
    return std::nullopt;
}

std::filesystem::path Gazetteer::bundled_directory() {
    return std::filesystem::path(ACCORD_DATA_DIR) / "gazetteer";
}

std::optional<std::uint32_t> Gazetteer::containing_region(std::uint32_t named) const {
    const std::uint32_t facet = entity(named).facet;
    if (facet == named || entity(facet).type != EntityType::kRegion) {
        return std::nullopt;
    }
    return facet;
}

std::vector<std::uint32_t> Gazetteer::places_in(std::uint32_t region) const {
    std::vector<std::uint32_t> places;
    if (entity(region).type != EntityType::kRegion) {
        return places;
    }
    for (std::uint32_t i = 0; i < entities_.size(); ++i) {
        if (i != region && entities_[i].facet == region) {
            places.push_back(i);
        }
    }
    return places;
}

std::optional<std::uint32_t> Gazetteer::find(std::string_view id) const {
    const auto found = by_id_.find(std::string(id));
    if (found == by_id_.end()) {
        return std::nullopt;
    }
    return found->second;
}

namespace {

constexpr std::size_t kFilterBits = std::size_t{1} << 17;  // 16 KiB: a few % false positives

// Constant time whatever the length: the first and last eight bytes and the length, mixed.
std::size_t filter_bit(std::string_view key) {
    std::uint64_t head = 0;
    std::uint64_t tail = 0;
    const std::size_t size = key.size();
    if (size > 0) {
        std::memcpy(&head, key.data(), std::min<std::size_t>(size, 8));
    }
    if (size > 8) {
        const std::size_t from = size > 16 ? size - 8 : 8;
        std::memcpy(&tail, key.data() + from, std::min<std::size_t>(size - 8, 8));
    }
    std::uint64_t hash = (head ^ (tail * 0x9E3779B97F4A7C15ULL) ^ size) * 0xBF58476D1CE4E5B9ULL;
    hash ^= hash >> 31;
    hash *= 0x94D049BB133111EBULL;
    hash ^= hash >> 29;
    return static_cast<std::size_t>(hash) & (kFilterBits - 1);
}

template <typename Index>
const std::vector<std::uint32_t>* lookup(const Index& table, std::string_view key) {
    const auto found = table.find(key);
    return found == table.end() ? nullptr : &found->second;
}

}  // namespace

void Gazetteer::add_to_filter(std::string_view key) {
    if (key_filter_.empty()) {
        key_filter_.assign(kFilterBits / 64, 0);
    }
    const std::size_t bit = filter_bit(key);
    key_filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
}

bool Gazetteer::may_hold(std::string_view key) const {
    if (key_filter_.empty()) {
        return false;
    }
    const std::size_t bit = filter_bit(key);
    return ((key_filter_[bit / 64] >> (bit % 64)) & 1U) != 0;
}

const std::vector<std::uint32_t>* Gazetteer::by_first_token(std::string_view text) const {
    return may_hold(text) ? lookup(first_token_, text) : nullptr;
}

const std::vector<std::uint32_t>* Gazetteer::by_adjective_base(std::string_view base) const {
    return may_hold(base) ? lookup(adjective_base_, base) : nullptr;
}

std::vector<std::string_view> relational_bases(std::string_view stem) {
    // Suffixes of relational adjectives, Ukrainian then Russian, as the light stem leaves them
    // (the case ending is gone): -ськ-, -цьк- (the ц belongs to the base: Вінниц-я), -ск-,
    // -цк-. An irregular stem change (Запоріжжя → запорізький) is not undone: the oblast's own
    // name ("Запорізька область") covers it.
    struct Suffix {
        std::string_view text;
        std::size_t keep;  // bytes of the suffix that stay with the base
    };
    static constexpr Suffix kSuffixes[] = {
        {"\xD1\x81\xD1\x8C\xD0\xBA", 0},  // ськ
        {"\xD1\x86\xD1\x8C\xD0\xBA", 2},  // цьк → keeps ц
        {"\xD1\x81\xD0\xBA", 0},          // ск
        {"\xD1\x86\xD0\xBA", 2},          // цк → keeps ц
    };
    constexpr std::size_t kMinBase = 3;  // code points
    std::vector<std::string_view> bases;
    auto add_base = [&](std::string_view base) {
        if (utf8_length(base) >= kMinBase && bases.size() < 4 &&
            std::find(bases.begin(), bases.end(), base) == bases.end()) {
            bases.push_back(base);
        }
    };
    auto add = [&](std::string_view base) {
        if (base.ends_with("\xD1\x8C")) {  // "маріупольськ" → "маріуполь" → "маріупол"
            base.remove_suffix(2);
        }
        add_base(base);
    };
    for (const Suffix& suffix : kSuffixes) {
        if (stem.ends_with(suffix.text) && stem.size() > suffix.text.size()) {
            add(stem);  // the place's own name ends so: Донецьк, Луганськ, Минск
            add(stem.substr(0, stem.size() - suffix.text.size() + suffix.keep));
            if (suffix.keep == 0) {
                // A base ending in с merges with the suffix: "одеськ" is Одес-а + ськ.
                add(stem.substr(0, stem.size() - suffix.text.size() + 2));
            }
            break;
        }
    }
    // An inhabitant's noun after a labial: "харків'ян" (харків'янин, харків'янка, харків'яни),
    // "львів'ян"; the apostrophe is already unified to '.
    if (const std::size_t at = stem.find("'\xD1\x8F\xD0\xBD");
        at != std::string_view::npos) {  // 'ян
        add(stem.substr(0, at));
    }
    // A joined compound: "кримськотатарськ" (кримсько-татарський written as one word).
    for (const Suffix& suffix : kSuffixes) {
        const std::string joint = std::string(suffix.text) + "\xD0\xBE";  // + о
        const std::size_t at = stem.find(joint);
        if (at != std::string_view::npos && at + joint.size() < stem.size()) {
            add(stem.substr(0, at + suffix.keep));
            break;
        }
    }
    return bases;
}

const std::vector<std::uint32_t>* Gazetteer::by_first_stem(std::string_view stem) const {
    return may_hold(stem) ? lookup(first_stem_, stem) : nullptr;
}

const std::vector<std::uint32_t>* Gazetteer::by_latin_key(std::string_view key) const {
    return may_hold(key) ? lookup(latin_key_, key) : nullptr;
}

int Gazetteer::word_list_index(std::string_view name) const {
    const auto found = word_list_index_.find(std::string(name));
    return found == word_list_index_.end() ? -1 : found->second;
}

namespace {

// Length of a whitespace or hyphen character at @p i of @p text, or 0.
std::size_t ignorable_at(std::string_view text, std::size_t i) {
    const char ch = text[i];
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '-') {
        return 1;
    }
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("\xC2\xA0")) {  // no-break space
        return 2;
    }
    for (const std::string_view wide :
         {"\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\xAF", "\xE2\x80\x89", "\xE2\x80\x8A"}) {
        if (rest.starts_with(wide)) {  // hyphen, non-breaking hyphen, narrow/thin/hair space
            return 3;
        }
    }
    return 0;
}

// Length of a possessive ('s, ’s, ʼs) at the start of @p gap, or 0.
std::size_t possessive_prefix(std::string_view gap) {
    const std::size_t apostrophe = apostrophe_prefix(gap);
    if (apostrophe > 0 && gap.size() > apostrophe &&
        (gap[apostrophe] == 's' || gap[apostrophe] == 'S')) {
        return apostrophe + 1;
    }
    return 0;
}

}  // namespace

std::string gap_residue(std::string_view gap) {
    std::string residue;
    std::size_t i = possessive_prefix(gap);
    while (i < gap.size()) {
        const std::size_t skip = ignorable_at(gap, i);
        if (skip > 0) {
            i += skip;
        } else {
            residue.push_back(gap[i++]);
        }
    }
    return residue;
}

bool gap_matches(std::string_view gap, std::string_view residue) {
    if (gap.size() == 1 && (gap[0] == ' ' || gap[0] == '-')) {
        return residue.empty();  // the usual case
    }
    std::size_t matched = 0;
    std::size_t i = possessive_prefix(gap);
    while (i < gap.size()) {
        const std::size_t skip = ignorable_at(gap, i);
        if (skip > 0) {
            i += skip;
            continue;
        }
        if (matched == residue.size() || residue[matched] != gap[i]) {
            return false;
        }
        ++matched;
        ++i;
    }
    return matched == residue.size();
}

bool Gazetteer::is_name_guard_exception(const std::string& folded) const {
    return guard_exceptions_.count(folded) != 0;
}

}  // namespace accord::analyzers
