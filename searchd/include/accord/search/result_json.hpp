#pragma once
/// @file result_json.hpp
/// The contract's JSON shapes for search results and documents.

#include <nlohmann/json.hpp>

#include "accord/search/request.hpp"

namespace accord::search {

/// GET /api/search's answer (also accord-search --json).
[[nodiscard]] nlohmann::json to_json(const SearchResult& result);

/// GET /api/doc/{id}'s answer.
[[nodiscard]] nlohmann::json to_json(const DocumentView& document);

/// {"error": {"code": …, "message": …}}
[[nodiscard]] nlohmann::json error_json(const std::string& code, const std::string& message);

/// Serialises without ever throwing on bad UTF-8 (replaced by U+FFFD).
[[nodiscard]] std::string dump(const nlohmann::json& value, int indent = -1);

}  // namespace accord::search
