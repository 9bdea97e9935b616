#include "accord/search/result_json.hpp"

namespace accord::search {

using nlohmann::json;

namespace {

json entities_json(const std::vector<EntityRef>& entities) {
    json list = json::array();
    for (const EntityRef& entity : entities) {
        list.push_back({{"id", entity.id}, {"type", entity.type}, {"label", entity.label}});
    }
    return list;
}

json or_null(const std::string& text) {
    return text.empty() ? json(nullptr) : json(text);
}

}  // namespace

json to_json(const SearchResult& result) {
    json hits = json::array();
    for (const Hit& hit : result.hits) {
        hits.push_back(
            {{"id", hit.id},
             {"title", hit.title},
             {"date", or_null(hit.date)},
             {"type", hit.type},
             {"source", hit.source},
             {"url", hit.url},
             {"language", hit.language},
             {"score", hit.score},
             {"snippet", hit.snippet},
             {"section", or_null(hit.section)},
             {"section_start", hit.section_start ? json(*hit.section_start) : json(nullptr)},
             {"entities", entities_json(hit.entities)}});
        if (!hit.snippets.empty()) {
            hits.back()["snippets"] = hit.snippets;
        }
    }
    json facets = json::object();
    for (const auto& [name, values] : result.facets) {
        json list = json::array();
        for (const FacetValue& value : values) {
            json item = {{"id", value.id}, {"label", value.label}, {"count", value.count}};
            if (!value.parent.empty()) {
                item["parent"] = value.parent;
                item["parent_label"] = value.parent_label;
            }
            if (value.selected) {
                item["selected"] = true;
            }
            list.push_back(std::move(item));
        }
        facets[name] = std::move(list);
    }
    if (result.facets_approximate) {
        facets["approximate"] = true;
    }
    json answer = {{"query", result.query},
                   {"total", result.total},
                   {"total_exact", result.total_exact},
                   {"offset", result.offset},
                   {"limit", result.limit},
                   {"took_ms", result.took_ms},
                   {"sort", result.sort},
                   {"relaxed", result.relaxed},
                   {"hits", std::move(hits)},
                   {"facets", std::move(facets)},
                   {"suggestion", result.suggestion ? json(*result.suggestion) : json(nullptr)}};
    if (result.relaxed) {
        answer["strict_total"] = result.strict_total;
    }
    return answer;
}

json to_json(const DocumentView& document) {
    json mentions = json::array();
    for (const auto& mention : document.mentions) {
        json item = {{"id", mention.id},     {"type", mention.type},   {"label", mention.label},
                     {"text", mention.text}, {"start", mention.start}, {"end", mention.end}};
        if (!mention.via.empty()) {
            item["via"] = mention.via;
        }
        mentions.push_back(std::move(item));
    }
    json sections = json::array();
    for (const auto& section : document.sections) {
        sections.push_back(
            {{"label", section.label}, {"start", section.start}, {"end", section.end}});
    }
    return {{"id", document.id},
            {"title", document.title},
            {"date", or_null(document.date)},
            {"source", document.source},
            {"url", document.url},
            {"type", document.type},
            {"language", document.language},
            {"body", document.body},
            {"entities", entities_json(document.entities)},
            {"mentions", std::move(mentions)},
            {"sections", std::move(sections)}};
}

json error_json(const std::string& code, const std::string& message) {
    return {{"error", {{"code", code}, {"message", message}}}};
}

std::string dump(const json& value, int indent) {
    return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace accord::search
