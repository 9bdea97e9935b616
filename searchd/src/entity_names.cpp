#include "accord/search/entity_names.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "accord/analyzers/tokenizer.hpp"
#include "accord/search/errors.hpp"
#include "accord/search/searcher.hpp"

namespace accord::search {
namespace {

std::string folded(analyzers::Tokenizer& tokenizer, std::string_view text) {
    std::string out;
    for (const auto& token : tokenizer.tokenize(text)) {
        out += out.empty() ? token.text : " " + token.text;
    }
    return out;
}

FacetFamily family_of(analyzers::EntityType type) {
    switch (type) {
        case analyzers::EntityType::kParty:
            return FacetFamily::kParty;
        case analyzers::EntityType::kRegion:
            return FacetFamily::kRegion;
        default:
            return FacetFamily::kAgreement;
    }
}

}  // namespace

EntityNames::EntityNames(std::shared_ptr<const analyzers::Gazetteer> gazetteer)
    : gazetteer_(std::move(gazetteer)) {
    analyzers::Tokenizer tokenizer;
    for (std::uint32_t index = 0; index < gazetteer_->entities().size(); ++index) {
        const auto& entity = gazetteer_->entity(index);
        std::set<std::string> seen;
        auto add = [&](const std::string& name) {
            std::string key = folded(tokenizer, name);
            if (!key.empty() && seen.insert(key).second) {
                names_.push_back({std::move(key), name, entity.facet});
            }
        };
        add(entity.label);
        for (const auto& [language, name] : entity.names) {
            add(name);
        }
    }
    std::sort(names_.begin(), names_.end(),
              [](const Entry& a, const Entry& b) { return a.folded < b.folded; });
}

std::vector<EntitySuggestion> EntityNames::suggest(std::string_view prefix, std::string_view type,
                                                   std::size_t limit, Searcher& searcher) const {
    if (!type.empty() && type != "party" && type != "region" && type != "agreement") {
        throw InvalidRequest("invalid_type", "'type' must be party, region or agreement");
    }
    const std::string key = folded(searcher.analyzer().tokenizer(), prefix);
    std::map<std::uint32_t, EntitySuggestion> found;
    const auto first =
        std::lower_bound(names_.begin(), names_.end(), key,
                         [](const Entry& entry, const std::string& k) { return entry.folded < k; });
    for (auto it = first; it != names_.end() && it->folded.compare(0, key.size(), key) == 0; ++it) {
        const auto& entity = gazetteer_->entity(it->entity);
        if (!type.empty() && analyzers::to_string(entity.type) != type) {
            continue;
        }
        if (found.count(it->entity) != 0) {
            continue;
        }
        found[it->entity] = {it->entity, it->name,
                             searcher.documents_with(family_of(entity.type), entity.id)};
        if (found.size() > kMaxCandidates) {
            break;
        }
    }
    std::vector<EntitySuggestion> ranked;
    ranked.reserve(found.size());
    for (auto& [_, suggestion] : found) {
        ranked.push_back(std::move(suggestion));
    }
    std::sort(ranked.begin(), ranked.end(),
              [this](const EntitySuggestion& a, const EntitySuggestion& b) {
                  if (a.count != b.count) {
                      return a.count > b.count;
                  }
                  return gazetteer_->entity(a.entity).label < gazetteer_->entity(b.entity).label;
              });
    if (ranked.size() > limit) {
        ranked.resize(limit);
    }
    return ranked;
}

}  // namespace accord::search
