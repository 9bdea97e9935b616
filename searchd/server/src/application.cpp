#include "accord/server/application.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>
#include <set>

#include "accord/analyzers/analysis_json.hpp"
#include "accord/analyzers/utf8.hpp"
#include "accord/search/errors.hpp"
#include "accord/search/result_json.hpp"

namespace accord::server {

using nlohmann::json;

namespace {

std::shared_ptr<const analyzers::Gazetteer> load_gazetteer(const ServerConfig& config) {
    const auto directory =
        config.gazetteer.empty() ? analyzers::Gazetteer::bundled_directory() : config.gazetteer;
    return std::make_shared<const analyzers::Gazetteer>(analyzers::Gazetteer::load(directory));
}

std::size_t parse_count(const std::optional<std::string>& text, std::size_t fallback,
                        const char* name) {
    if (!text || text->empty()) {
        return fallback;
    }
    std::size_t value = 0;
    const char* begin = text->data();
    const char* end = begin + text->size();
    const auto [stop, error] = std::from_chars(begin, end, value);
    if (error != std::errc() || stop != end || text->size() > 9) {
        throw search::InvalidRequest(std::string("invalid_") + name,
                                     std::string("'") + name + "' must be a whole number from 0");
    }
    return value;
}

bool parse_flag(const std::optional<std::string>& text, bool fallback) {
    if (!text) {
        return fallback;
    }
    return !(*text == "0" || *text == "false" || *text == "no" || *text == "off");
}

// Control characters out of what goes into the log, and long paths cut.
std::string loggable(std::string_view text) {
    std::string out = analyzers::sanitize_utf8(text.substr(0, 300));
    for (char& ch : out) {
        if (static_cast<unsigned char>(ch) < 0x20 || ch == '"') {
            ch = '?';
        }
    }
    return out;
}

}  // namespace

const std::vector<Application::Route>& Application::routes() {
    using http::verb;
    static const std::vector<Route> kRoutes = {
        {"search", "/api/search", Match::kExact, {verb::get, verb::head}, &Application::search},
        {"document", "/api/doc/", Match::kPrefix, {verb::get, verb::head}, &Application::document},
        {"analyze", "/api/analyze", Match::kExact, {verb::post}, &Application::analyze},
        {"entities",
         "/api/entities",
         Match::kExact,
         {verb::get, verb::head},
         &Application::entities},
        {"health", "/api/health", Match::kExact, {verb::get, verb::head}, &Application::health},
        {"metrics", "/metrics", Match::kExact, {verb::get, verb::head}, &Application::metrics},
        {"api",
         "/api/",
         Match::kPrefix,
         {verb::get, verb::head, verb::post},
         &Application::api_not_found},
        {"static", "/", Match::kPrefix, {verb::get, verb::head}, &Application::page},
    };
    return kRoutes;
}

Application::Application(const ServerConfig& config)
    : config_(config),
      gazetteer_(load_gazetteer(config)),
      pool_(config.databases, gazetteer_, config.search, config.threads == 0 ? 1 : config.threads,
            config.refresh_interval),
      static_files_(config.web_root),
      entity_names_(gazetteer_) {}

void Application::add_cors(Response& response) const {
    if (!config_.cors_origin.empty()) {
        response.set(http::field::access_control_allow_origin, config_.cors_origin);
        response.set(http::field::vary, "Origin");
    }
}

Response Application::handle(const Request& request, std::string_view client) {
    const auto started = std::chrono::steady_clock::now();
    std::string route = "invalid";
    Response response;
    try {
        const auto target = parse_target(request.target());
        if (!target) {
            response = error_response(request, http::status::bad_request, "invalid_target",
                                      "the request target is not a valid path and query");
        } else {
            response = dispatch(request, *target, route);
        }
    } catch (const search::DocumentNotFound& error) {
        // "more like" a document that does not exist is a missing resource, as /api/doc says.
        response = error_response(request, http::status::not_found, error.code(), error.what());
    } catch (const search::InvalidRequest& error) {
        response = error_response(request, http::status::bad_request, error.code(), error.what());
    } catch (const search::DatabaseUnavailable& error) {
        spdlog::error("database unavailable: {}", error.what());
        response = error_response(request, http::status::internal_server_error,
                                  "database_unavailable", error.what());
    } catch (const std::exception& error) {
        spdlog::error("internal error on {}: {}", loggable(request.target()), error.what());
        response = error_response(request, http::status::internal_server_error, "internal_error",
                                  "the server failed to answer this request");
    } catch (...) {
        spdlog::error("unknown error on {}", loggable(request.target()));
        response = error_response(request, http::status::internal_server_error, "internal_error",
                                  "the server failed to answer this request");
    }
    if (route != "static") {
        add_cors(response);
    }
    if (request.method() == http::verb::head) {
        response.body().clear();  // whatever the status; Content-Length stays as for GET
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::size_t bytes = response.body().size();
    metrics_.record(route, response.result_int(), seconds, bytes);
    spdlog::info("client={} method={} path=\"{}\" route={} status={} bytes={} ms={:.3f}",
                 loggable(client), std::string(request.method_string()), loggable(request.target()),
                 route, response.result_int(), bytes, seconds * 1000.0);
    return response;
}

Response Application::dispatch(const Request& request, const Target& target,
                               std::string& route_name) {
    for (const Route& route : routes()) {
        const bool matched = route.match == Match::kExact ? target.path == route.path
                                                          : target.path.rfind(route.path, 0) == 0;
        if (!matched) {
            continue;
        }
        route_name = route.name;
        if (request.method() == http::verb::options && !config_.cors_origin.empty()) {
            Response response{http::status::no_content, request.version()};
            add_security_headers(response);
            response.set(http::field::access_control_allow_methods, "GET, HEAD, POST");
            response.set(http::field::access_control_allow_headers, "Content-Type");
            response.set(http::field::access_control_max_age, "600");
            response.keep_alive(request.keep_alive());
            return response;
        }
        if (std::find(route.methods.begin(), route.methods.end(), request.method()) ==
            route.methods.end()) {
            Response response =
                error_response(request, http::status::method_not_allowed, "method_not_allowed",
                               "this path does not accept " + std::string(request.method_string()));
            std::string allow;
            for (const http::verb verb : route.methods) {
                allow += allow.empty() ? "" : ", ";
                allow += std::string(http::to_string(verb));
            }
            response.set(http::field::allow, allow);
            return response;
        }
        return (this->*route.handler)(request, target);
    }
    route_name = "unknown";
    return error_response(request, http::status::not_found, "not_found", "no such path");
}

Response Application::search(const Request& request, const Target& target) {
    search::SearchRequest query;
    query.query = target.get("q").value_or("");
    query.parties = target.all("party");
    query.regions = target.all("region");
    query.agreements = target.all("agreement");
    query.types = target.all("type");
    query.languages = target.all("lang");
    query.from = target.get("from").value_or("");
    query.to = target.get("to").value_or("");
    query.offset = parse_count(target.get("offset"), 0, "offset");
    query.limit = parse_count(target.get("limit"), 10, "limit");
    query.facets = parse_flag(target.get("facets"), true);
    query.snippets = parse_flag(target.get("snippets"), true);
    query.more_like = target.get("more_like").value_or("");
    const std::string sort = target.get("sort").value_or("");
    if (sort == "relevance") {
        query.sort = search::SortOrder::kRelevance;
    } else if (sort == "date") {
        query.sort = search::SortOrder::kDate;
    } else if (!sort.empty()) {
        throw search::InvalidRequest("invalid_sort", "'sort' must be 'relevance' or 'date'");
    }
    auto searcher = pool_.acquire();
    const search::SearchResult result = searcher->search(query);
    return json_response(request, http::status::ok, search::to_json(result));
}

Response Application::document(const Request& request, const Target& target) {
    const std::string id = target.path.substr(std::string_view("/api/doc/").size());
    if (id.empty()) {
        return error_response(request, http::status::not_found, "not_found",
                              "give a document id: /api/doc/{id}");
    }
    auto searcher = pool_.acquire();
    const auto view = searcher->document(id);
    if (!view) {
        return error_response(request, http::status::not_found, "not_found",
                              "no document with this id");
    }
    json body = search::to_json(*view);
    // Distinct entities with how often the document mentions each.
    std::map<std::string, std::size_t> counts;
    for (const auto& mention : view->mentions) {
        ++counts[mention.id];
    }
    for (auto& entity : body["entities"]) {
        entity["count"] = counts[entity["id"].get<std::string>()];
    }
    return json_response(request, http::status::ok, body);
}

Response Application::analyze(const Request& request, const Target& /*target*/) {
    const std::string& text = request.body();
    if (!analyzers::is_valid_utf8(text)) {
        throw search::InvalidRequest("invalid_utf8", "the body is not valid UTF-8 text");
    }
    auto searcher = pool_.acquire();
    const auto analysis = searcher->analyzer().analyze(text);
    return json_response(request, http::status::ok,
                         analyzers::to_json(analysis, text, *gazetteer_));
}

Response Application::entities(const Request& request, const Target& target) {
    const std::string type = target.get("type").value_or("");
    const std::size_t limit =
        std::min<std::size_t>(parse_count(target.get("limit"), 10, "limit"), 100);
    auto searcher = pool_.acquire();
    const auto ranked =
        entity_names_.suggest(target.get("prefix").value_or(""), type, limit, *searcher);
    json list = json::array();
    for (const search::EntitySuggestion& suggestion : ranked) {
        json item = analyzers::entity_json(gazetteer_->entity(suggestion.entity));
        item["count"] = suggestion.count;
        item["match"] = suggestion.match;
        list.push_back(std::move(item));
    }
    return json_response(request, http::status::ok,
                         {{"type", type.empty() ? json(nullptr) : json(type)},
                          {"prefix", target.get("prefix").value_or("")},
                          {"entities", std::move(list)}});
}

Response Application::health(const Request& request, const Target& /*target*/) {
    auto searcher = pool_.acquire();
    return json_response(request, http::status::ok,
                         {{"status", "ok"},
                          {"documents", searcher->document_count()},
                          {"generation", searcher->generation()}});
}

Response Application::metrics(const Request& request, const Target& /*target*/) {
    std::uint64_t documents = 0;
    std::uint64_t generation = 0;
    {
        auto searcher = pool_.acquire();
        documents = searcher->document_count();
        generation = searcher->generation();
    }
    Response response{http::status::ok, request.version()};
    response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    response.set(http::field::cache_control, "no-store");
    add_security_headers(response);
    response.keep_alive(request.keep_alive());
    response.body() = metrics_.render(documents, generation, open_connections_.load());
    response.prepare_payload();
    return response;
}

Response Application::api_not_found(const Request& request, const Target& /*target*/) {
    return error_response(request, http::status::not_found, "not_found", "no such API endpoint");
}

Response Application::page(const Request& request, const Target& target) {
    return static_files_.serve(request, target.path);
}

}  // namespace accord::server
