#pragma once
/// @file analysis_json.hpp
/// The contract's JSON form of an Analysis (accord-analyze, POST /api/analyze).

#include <nlohmann/json.hpp>

#include <string_view>

#include "accord/analyzers/analyzer.hpp"

namespace accord::analyzers {

/// {"language", "tokens": [folded forms], "entities": [{"id", "type", "label", "text",
/// "start", "end", "via"?}]}. "via" names the entity whose name matched when it is not the
/// facet entity itself (a leader, a capital, a city).
[[nodiscard]] nlohmann::json to_json(const Analysis& analysis, std::string_view text,
                                     const Gazetteer& gazetteer);

/// JSON object for a facet entity: {"id", "type", "label"} (+ "parent" for regions).
[[nodiscard]] nlohmann::json entity_json(const Entity& entity);

}  // namespace accord::analyzers
