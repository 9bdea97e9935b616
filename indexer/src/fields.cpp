#include <nlohmann/json.hpp>

#include "accord/analyzers/utf8.hpp"
#include "accord/index/document.hpp"
#include "accord/index/errors.hpp"
#include "accord/index/extractors.hpp"

namespace accord::index {
namespace {

std::string scalar_text(const nlohmann::json& value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_number_integer() || value.is_number_unsigned() || value.is_number_float() ||
        value.is_boolean()) {
        return value.dump();
    }
    return {};
}

std::vector<std::string> id_list(const nlohmann::json& value) {
    std::vector<std::string> ids;
    auto add = [&ids](const std::string& text) {
        std::string id;
        for (const char ch : text) {
            if (ch != ' ' && ch != '\t') {
                id.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
            }
        }
        if (!id.empty() && id.size() <= 64) {
            ids.push_back(std::move(id));
        }
    };
    if (value.is_string()) {
        add(value.get<std::string>());
    } else if (value.is_array()) {
        for (const auto& item : value) {
            if (item.is_string()) {
                add(item.get<std::string>());
            }
        }
    }
    return ids;
}

}  // namespace

void apply_field(Document& document, std::string_view key, const nlohmann::json& value) {
    const auto text = [&value] { return analyzers::sanitize_utf8(scalar_text(value)); };
    if (key == "id") {
        document.id = text();
    } else if (key == "title") {
        document.title = text();
    } else if (key == "body" || key == "text" || key == "content") {
        if (document.body.empty()) {
            document.body = text();
        }
    } else if (key == "date" || key == "published" || key == "datePublished") {
        document.date = schema::parse_date(text()).value_or("");
    } else if (key == "source") {
        document.source = text();
    } else if (key == "url") {
        document.url = text();
    } else if (key == "type") {
        document.type = schema::normalize_type(text());
    } else if (key == "language" || key == "lang") {
        document.language = schema::language_code(text());
    } else if (key == "parties") {
        document.parties = id_list(value);
    } else if (key == "regions") {
        document.regions = id_list(value);
    } else if (key == "agreements") {
        document.agreements = id_list(value);
    }
}

Document document_from_json(const nlohmann::json& record, const std::string& default_id) {
    if (!record.is_object()) {
        throw ExtractError("record is not a JSON object");
    }
    Document document;
    for (const auto& [key, value] : record.items()) {
        apply_field(document, key, value);
    }
    // A record may be empty of text (test collections have such documents) but not of
    // everything: without an id and text there is nothing to index or to find.
    if (document.title.empty() && document.body.empty() && document.id.empty()) {
        throw ExtractError("record has no id, title or body");
    }
    if (document.id.empty()) {
        document.id = default_id;
    }
    return document;
}

}  // namespace accord::index
