#include "accord/server/http.hpp"

#include "accord/search/result_json.hpp"

namespace accord::server {

void add_security_headers(Response& response) {
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.set("X-Frame-Options", "DENY");
    response.set(http::field::server, "accord");
}

Response json_response(const Request& request, http::status status, const nlohmann::json& body) {
    Response response{status, request.version()};
    response.set(http::field::content_type, "application/json; charset=utf-8");
    response.set(http::field::cache_control, "no-store");
    add_security_headers(response);
    response.keep_alive(request.keep_alive());
    response.body() = search::dump(body);
    response.body().push_back('\n');
    response.prepare_payload();
    return response;
}

Response error_response(const Request& request, http::status status, std::string_view code,
                        std::string_view message) {
    return json_response(request, status,
                         search::error_json(std::string(code), std::string(message)));
}

Response bare_error(http::status status, std::string_view code, std::string_view message) {
    Request request;
    request.version(11);
    request.keep_alive(false);
    Response response = error_response(request, status, code, message);
    response.keep_alive(false);
    return response;
}

}  // namespace accord::server
