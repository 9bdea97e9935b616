#include <cmark.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <memory>

#include "accord/index/encoding.hpp"
#include "accord/index/errors.hpp"
#include "accord/index/extractors.hpp"

namespace accord::index {
namespace {

// A front-matter value as apply_field() takes it: a scalar, or a list of scalars. Anything
// deeper names no field, and is not walked: aliases let a few hundred bytes of YAML stand for
// billions of nodes ("billion laughs"), and a converter that expanded them would never end.
nlohmann::json field_value(const YAML::Node& node) {
    if (node.IsScalar()) {
        return node.Scalar();
    }
    if (node.IsSequence()) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& item : node) {
            list.push_back(item.IsScalar() ? nlohmann::json(item.Scalar()) : nlohmann::json());
        }
        return list;
    }
    return nullptr;
}

// Splits "---\n<yaml>\n---\n<markdown>" into its parts; no front matter leaves yaml empty.
std::pair<std::string_view, std::string_view> split_front_matter(std::string_view text) {
    if (text.substr(0, 3) != "---") {
        return {{}, text};
    }
    const auto first_newline = text.find('\n');
    if (first_newline == std::string_view::npos ||
        text.substr(3, first_newline - 3).find_first_not_of(" \t\r") != std::string_view::npos) {
        return {{}, text};
    }
    std::size_t at = first_newline + 1;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(at, end - at);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line == "---" || line == "...") {
            return {text.substr(first_newline + 1, at - first_newline - 1),
                    text.substr(std::min(end + 1, text.size()))};
        }
        at = end + 1;
    }
    return {{}, text};  // unterminated: treat it all as Markdown
}

struct NodeDeleter {
    void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct IterDeleter {
    void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

// The plain text of a Markdown document: blocks separated by blank lines, headings on their
// own lines. Returns the first level-1 heading through @p first_h1 when asked.
std::string markdown_text(std::string_view markdown, std::string* first_h1) {
    const std::unique_ptr<cmark_node, NodeDeleter> root(
        cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT));
    const std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(root.get()));
    std::string out;
    std::string heading;
    bool in_heading = false;
    bool skip_heading = false;
    // Ends the current block: trailing spaces and newlines give way to @p separator.
    auto end_block = [&out](std::string_view separator) {
        while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) {
            out.pop_back();
        }
        if (!out.empty()) {
            out += separator;
        }
    };
    for (cmark_event_type event = cmark_iter_next(iter.get()); event != CMARK_EVENT_DONE;
         event = cmark_iter_next(iter.get())) {
        cmark_node* node = cmark_iter_get_node(iter.get());
        const cmark_node_type type = cmark_node_get_type(node);
        const bool enter = event == CMARK_EVENT_ENTER;
        auto append = [&](std::string_view text) {
            if (in_heading) {
                heading += text;
            }
            if (!skip_heading) {
                out += text;
            }
        };
        switch (type) {
            case CMARK_NODE_HEADING:
                if (enter) {
                    end_block("\n\n");
                    in_heading = true;
                    heading.clear();
                    skip_heading = first_h1 != nullptr && first_h1->empty() &&
                                   cmark_node_get_heading_level(node) == 1;
                } else {
                    in_heading = false;
                    if (skip_heading) {
                        *first_h1 = heading;
                        skip_heading = false;
                    }
                    end_block("\n");
                }
                break;
            case CMARK_NODE_PARAGRAPH:
            case CMARK_NODE_BLOCK_QUOTE:
            case CMARK_NODE_LIST:
                if (!enter) {
                    end_block("\n\n");
                }
                break;
            case CMARK_NODE_ITEM:
                if (!enter) {
                    end_block("\n");
                }
                break;
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
                append(cmark_node_get_literal(node) ? cmark_node_get_literal(node) : "");
                break;
            case CMARK_NODE_CODE_BLOCK:
                end_block("\n\n");
                out += cmark_node_get_literal(node) ? cmark_node_get_literal(node) : "";
                end_block("\n\n");
                break;
            case CMARK_NODE_SOFTBREAK:
                append(" ");
                break;
            case CMARK_NODE_LINEBREAK:
                append("\n");
                break;
            case CMARK_NODE_THEMATIC_BREAK:
                end_block("\n\n");
                break;
            default:
                break;  // raw HTML is not text; images keep their alt text via TEXT children
        }
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
        out.pop_back();
    }
    return out;
}

}  // namespace

Document extract_markdown(std::string_view bytes, const std::string& default_id) {
    const DecodedText decoded = decode_text(bytes);
    const auto [front_matter, markdown] = split_front_matter(decoded.text);
    Document document;
    if (!front_matter.empty()) {
        try {
            const YAML::Node node = YAML::Load(std::string(front_matter));
            if (node.IsMap()) {
                for (const auto& item : node) {
                    if (item.first.IsScalar()) {  // a key like {a: b} names no field
                        apply_field(document, item.first.Scalar(), field_value(item.second));
                    }
                }
            } else if (!node.IsNull()) {
                throw ExtractError("front matter is not a YAML mapping");
            }
        } catch (const YAML::Exception& error) {
            throw ExtractError(std::string("invalid YAML front matter: ") + error.what());
        }
    }
    std::string first_h1;
    document.body = markdown_text(markdown, document.title.empty() ? &first_h1 : nullptr);
    if (document.title.empty()) {
        document.title = first_h1;
    }
    if (document.id.empty()) {
        document.id = default_id;
    }
    return document;
}

}  // namespace accord::index
