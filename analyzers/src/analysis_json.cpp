#include "accord/analyzers/analysis_json.hpp"

namespace accord::analyzers {

nlohmann::json entity_json(const Entity& entity) {
    nlohmann::json object = {
        {"id", entity.id}, {"type", to_string(entity.type)}, {"label", entity.label}};
    if (!entity.parent.empty()) {
        object["parent"] = entity.parent;
    }
    return object;
}

nlohmann::json to_json(const Analysis& analysis, std::string_view text,
                       const Gazetteer& gazetteer) {
    nlohmann::json tokens = nlohmann::json::array();
    for (const Token& token : analysis.tokens) {
        tokens.push_back(token.text);
    }
    nlohmann::json entities = nlohmann::json::array();
    for (const Mention& mention : analysis.mentions) {
        const Entity& facet = gazetteer.entity(mention.entity);
        nlohmann::json object = {
            {"id", facet.id},
            {"type", to_string(facet.type)},
            {"label", facet.label},
            {"text", std::string(text.substr(mention.start, mention.end - mention.start))},
            {"start", mention.start},
            {"end", mention.end}};
        if (mention.named != mention.entity) {
            object["via"] = gazetteer.entity(mention.named).id;
        }
        entities.push_back(std::move(object));
    }
    return {{"language", analysis.language},
            {"tokens", std::move(tokens)},
            {"entities", std::move(entities)}};
}

}  // namespace accord::analyzers
