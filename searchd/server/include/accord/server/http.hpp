#pragma once
/// @file http.hpp
/// The request and response types of the HTTP layer, and response helpers.

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace accord::server {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

/// A JSON response with the given status.
[[nodiscard]] Response json_response(const Request& request, http::status status,
                                     const nlohmann::json& body);

/// The contract's error shape: {"error": {"code", "message"}}.
[[nodiscard]] Response error_response(const Request& request, http::status status,
                                      std::string_view code, std::string_view message);

/// A response built without a parsed request (parse errors, limits): always closes.
[[nodiscard]] Response bare_error(http::status status, std::string_view code,
                                  std::string_view message);

/// Adds the headers every response carries (nosniff, referrer policy, frame denial).
void add_security_headers(Response& response);

}  // namespace accord::server
