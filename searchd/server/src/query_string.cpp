#include "accord/server/query_string.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "accord/analyzers/utf8.hpp"

namespace accord::server {

std::optional<std::string> Target::get(std::string_view key) const {
    std::optional<std::string> found;
    for (const auto& [name, value] : params) {
        if (name == key) {
            found = value;
        }
    }
    return found;
}

std::vector<std::string> Target::all(std::string_view key) const {
    std::vector<std::string> values;
    for (const auto& [name, value] : params) {
        if (name != key) {
            continue;
        }
        std::size_t start = 0;
        while (start <= value.size()) {
            std::size_t comma = value.find(',', start);
            if (comma == std::string::npos) {
                comma = value.size();
            }
            if (comma > start) {
                values.push_back(value.substr(start, comma - start));
            }
            start = comma + 1;
        }
    }
    return values;
}

std::optional<Target> parse_target(std::string_view target) {
    const auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) {
        return std::nullopt;
    }
    const boost::urls::url_view url = *parsed;
    Target result;
    result.path = url.path();  // decoded
    auto acceptable = [](const std::string& text) {
        return text.find('\0') == std::string::npos && analyzers::is_valid_utf8(text);
    };
    if (!acceptable(result.path)) {
        return std::nullopt;
    }
    for (const auto& param : url.params()) {  // decoded, '+' as space
        std::string key(param.key);
        std::string value = param.has_value ? std::string(param.value) : std::string();
        if (!acceptable(key) || !acceptable(value)) {
            return std::nullopt;
        }
        result.params.emplace_back(std::move(key), std::move(value));
    }
    return result;
}

}  // namespace accord::server
