#include <gumbo.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <string_view>

#include "accord/analyzers/utf8.hpp"
#include "accord/index/encoding.hpp"
#include "accord/index/errors.hpp"
#include "accord/index/extractors.hpp"

namespace accord::index {
namespace {

struct OutputDeleter {
    void operator()(GumboOutput* output) const {
        gumbo_destroy_output(&kGumboDefaultOptions, output);
    }
};

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Gumbo's strings are UTF-8 except in one case: a numeric character reference past 2^31
// ("&#x800000C1;") overflows its int and comes out as a lone byte. Checking is cheaper than
// copying, so the copy is made only when the check fails.
std::string_view well_formed(const char* gumbo_text, std::string& repaired) {
    const std::string_view text = gumbo_text;
    if (analyzers::is_valid_utf8(text)) {
        return text;
    }
    repaired = analyzers::sanitize_utf8(text);
    return repaired;
}

std::string attribute(const GumboNode* node, const char* name) {
    if (node->type != GUMBO_NODE_ELEMENT) {
        return {};
    }
    const GumboAttribute* attr = gumbo_get_attribute(&node->v.element.attributes, name);
    if (attr == nullptr) {
        return {};
    }
    std::string repaired;
    return std::string(well_formed(attr->value, repaired));
}

std::vector<const GumboNode*> children(const GumboNode* node) {
    std::vector<const GumboNode*> result;
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) {
        return result;
    }
    const GumboVector& list =
        node->type == GUMBO_NODE_ELEMENT ? node->v.element.children : node->v.document.children;
    for (unsigned int i = 0; i < list.length; ++i) {
        result.push_back(static_cast<const GumboNode*>(list.data[i]));
    }
    return result;
}

// Visits elements depth-first without recursion (documents can nest thousands deep).
template <typename Visit>
void for_each_element(const GumboNode* root, Visit&& visit) {
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type == GUMBO_NODE_ELEMENT && !visit(node)) {
            continue;  // visit() returned false: do not descend
        }
        auto kids = children(node);
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) {
            stack.push_back(*it);
        }
    }
}

bool is_block(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_P:
        case GUMBO_TAG_DIV:
        case GUMBO_TAG_SECTION:
        case GUMBO_TAG_ARTICLE:
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2:
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
        case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
        case GUMBO_TAG_LI:
        case GUMBO_TAG_UL:
        case GUMBO_TAG_OL:
        case GUMBO_TAG_BR:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_PRE:
        case GUMBO_TAG_DD:
        case GUMBO_TAG_DT:
        case GUMBO_TAG_FIGCAPTION:
        case GUMBO_TAG_MAIN:
        case GUMBO_TAG_HR:
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
            return true;
        default:
            return false;
    }
}

bool is_heading(GumboTag tag) {
    return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 ||
           tag == GUMBO_TAG_H4 || tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

bool never_text(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_NAV:
        case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_FORM:
        case GUMBO_TAG_IFRAME:
        case GUMBO_TAG_SVG:
        case GUMBO_TAG_BUTTON:
        case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_HEAD:
        case GUMBO_TAG_SELECT:
        case GUMBO_TAG_OBJECT:
        case GUMBO_TAG_EMBED:
        case GUMBO_TAG_CANVAS:
        case GUMBO_TAG_MENU:
            return true;
        default:
            return false;
    }
}

// class/id/role words that mark page furniture rather than the story.
bool is_boilerplate(const GumboNode* node) {
    static constexpr std::array<std::string_view, 22> kWords = {
        "cookie",     "consent",   "banner",       "related",  "share",   "social",
        "newsletter", "subscribe", "advert",       "promo",    "comment", "breadcrumb",
        "menu",       "navbar",    "nav-",         "footer",   "sidebar", "popup",
        "modal",      "masthead",  "byline-share", "recommend"};
    const std::string marks = lower(attribute(node, "class") + " " + attribute(node, "id") + " " +
                                    attribute(node, "role"));
    if (marks.size() <= 2) {
        return false;
    }
    if (marks.find("navigation") != std::string::npos ||
        marks.find("complementary") != std::string::npos) {
        return true;
    }
    return std::any_of(kWords.begin(), kWords.end(), [&marks](std::string_view word) {
        return marks.find(word) != std::string::npos;
    });
}

bool looks_like_story_body(const GumboNode* node) {
    static constexpr std::array<std::string_view, 8> kWords = {
        "story-body",    "article-body", "article__body", "articlebody",
        "entry-content", "post-content", "content-body",  "story-content"};
    if (attribute(node, "itemprop") == "articleBody") {
        return true;
    }
    const std::string marks = lower(attribute(node, "class") + " " + attribute(node, "id"));
    return std::any_of(kWords.begin(), kWords.end(), [&marks](std::string_view word) {
        return marks.find(word) != std::string::npos;
    });
}

// Text of @p root with blocks on their own lines and furniture left out. A site's <header>
// is furniture; an article's own <header> holds its headline and standfirst.
std::string text_of(const GumboNode* root) {
    const bool keep_headers =
        root->type == GUMBO_NODE_ELEMENT && root->v.element.tag == GUMBO_TAG_ARTICLE;
    std::string out;
    auto newline = [&out]() {
        while (!out.empty() && out.back() == ' ') {
            out.pop_back();
        }
        if (!out.empty() && out.back() != '\n') {
            out.push_back('\n');
        }
    };
    struct Frame {
        const GumboNode* node;
        bool closing;
    };
    std::vector<Frame> stack{{root, false}};
    while (!stack.empty()) {
        const Frame frame = stack.back();
        stack.pop_back();
        const GumboNode* node = frame.node;
        if (frame.closing) {
            newline();
            if (is_heading(node->v.element.tag)) {
                out.push_back('\n');
            }
            continue;
        }
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
            node->type == GUMBO_NODE_CDATA) {
            std::string repaired;
            const std::string_view text = well_formed(node->v.text.text, repaired);
            for (const char ch : text) {
                const bool space =
                    ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f';
                if (space) {
                    if (!out.empty() && out.back() != ' ' && out.back() != '\n') {
                        out.push_back(' ');
                    }
                } else {
                    out.push_back(ch);
                }
            }
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT) {
            continue;
        }
        const GumboTag tag = node->v.element.tag;
        if (never_text(tag) || (node != root && is_boilerplate(node)) ||
            (tag == GUMBO_TAG_HEADER && !keep_headers) || attribute(node, "hidden") == "hidden" ||
            attribute(node, "aria-hidden") == "true") {
            continue;
        }
        const bool block = is_block(tag);
        if (block) {
            newline();
            if (is_heading(tag)) {
                out.push_back('\n');
            }
            stack.push_back({node, true});
        }
        auto kids = children(node);
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) {
            stack.push_back({*it, false});
        }
    }
    // Collapse runs of blank lines to one.
    std::string collapsed;
    int newlines = 0;
    for (const char ch : out) {
        newlines = ch == '\n' ? newlines + 1 : 0;
        if (newlines <= 2) {
            collapsed.push_back(ch);
        }
    }
    const auto first = collapsed.find_first_not_of(" \n");
    const auto last = collapsed.find_last_not_of(" \n");
    return first == std::string::npos ? std::string() : collapsed.substr(first, last - first + 1);
}

std::string flat_text(const GumboNode* node) {
    std::string text = text_of(node);
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}

// datePublished (and friends) from JSON-LD, which may be an object, a list or an @graph.
std::string json_ld_date(const nlohmann::json& value, int depth = 0) {
    if (depth > 8) {
        return {};
    }
    if (value.is_array()) {
        for (const auto& item : value) {
            if (std::string date = json_ld_date(item, depth + 1); !date.empty()) {
                return date;
            }
        }
    } else if (value.is_object()) {
        for (const char* key : {"datePublished", "dateCreated", "uploadDate"}) {
            if (value.contains(key) && value[key].is_string()) {
                return value[key].get<std::string>();
            }
        }
        if (value.contains("@graph")) {
            return json_ld_date(value["@graph"], depth + 1);
        }
    }
    return {};
}

std::string declared_charset(std::string_view bytes) {
    const std::string head = lower(bytes.substr(0, 4096));
    const auto at = head.find("charset=");
    if (at == std::string::npos) {
        return {};
    }
    std::size_t start = at + 8;
    while (start < head.size() && (head[start] == '"' || head[start] == '\'')) {
        ++start;
    }
    std::size_t end = start;
    while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) != 0 ||
                                 head[end] == '-' || head[end] == '_')) {
        ++end;
    }
    return head.substr(start, end - start);
}

// Gumbo's tree construction is quadratic in nesting depth (50,000 nested <div>s take minutes),
// so depth is estimated first in one linear pass: open tags minus closing ones, leaving out
// void elements and the ones HTML closes by itself (<p>, <li>, <td> …).
constexpr std::size_t kMaxNesting = 2048;

std::size_t estimated_depth(std::string_view html) {
    static constexpr std::string_view kNotNesting[] = {
        "br",    "img",    "input", "meta",  "link",  "hr",       "area", "base", "col",    "embed",
        "param", "source", "track", "wbr",   "p",     "li",       "dt",   "dd",   "option", "tr",
        "td",    "th",     "tbody", "thead", "tfoot", "!doctype", "html", "head", "body"};
    std::size_t depth = 0;
    std::size_t deepest = 0;
    std::size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos) {
        ++i;
        if (html.substr(i, 3) == "!--") {
            const auto end = html.find("-->", i);
            i = end == std::string_view::npos ? html.size() : end + 3;
            continue;
        }
        const bool closing = i < html.size() && html[i] == '/';
        std::size_t start = closing ? i + 1 : i;
        std::size_t end = start;
        while (end < html.size() &&
               (std::isalnum(static_cast<unsigned char>(html[end])) != 0 || html[end] == '!')) {
            ++end;
        }
        if (end == start) {
            continue;
        }
        const std::string name = lower(html.substr(start, end - start));
        const auto tag_end = html.find('>', end);
        const bool self_closing =
            tag_end != std::string_view::npos && tag_end > 0 && html[tag_end - 1] == '/';
        if (self_closing || std::find(std::begin(kNotNesting), std::end(kNotNesting), name) !=
                                std::end(kNotNesting)) {
            continue;
        }
        if (closing) {
            depth = depth > 0 ? depth - 1 : 0;
        } else {
            deepest = std::max(deepest, ++depth);
        }
    }
    return deepest;
}

}  // namespace

Document extract_html(std::string_view bytes, const std::string& default_id) {
    const DecodedText decoded = decode_text(bytes, declared_charset(bytes));
    if (const std::size_t depth = estimated_depth(decoded.text); depth > kMaxNesting) {
        throw ExtractError("HTML nested too deeply (" + std::to_string(depth) +
                           " levels; the limit is " + std::to_string(kMaxNesting) + ")");
    }
    const std::unique_ptr<GumboOutput, OutputDeleter> output(
        gumbo_parse_with_options(&kGumboDefaultOptions, decoded.text.data(), decoded.text.size()));
    if (!output) {
        throw ExtractError("HTML parser failed");
    }
    Document document;
    document.id = default_id;
    std::string title_tag;
    std::string og_title;
    std::string h1;
    std::string meta_date;
    std::string ld_date;
    std::string time_date;
    std::string og_url;
    std::vector<const GumboNode*> articles;
    const GumboNode* main_node = nullptr;
    const GumboNode* story_body = nullptr;
    const GumboNode* body = nullptr;

    if (output->root->type == GUMBO_NODE_ELEMENT) {
        document.language = schema::language_code(attribute(output->root, "lang"));
    }
    for_each_element(output->root, [&](const GumboNode* node) {
        const GumboTag tag = node->v.element.tag;
        switch (tag) {
            case GUMBO_TAG_TITLE:
                if (title_tag.empty()) {
                    title_tag = flat_text(node);
                }
                return false;
            case GUMBO_TAG_META: {
                const std::string key =
                    lower(attribute(node, "property") + attribute(node, "name") +
                          attribute(node, "itemprop"));
                const std::string content = attribute(node, "content");
                if (key == "og:title" || key == "twitter:title") {
                    if (og_title.empty()) {
                        og_title = content;
                    }
                } else if (key == "article:published_time" || key == "og:published_time" ||
                           key == "og:article:published_time" || key == "datepublished" ||
                           key == "pubdate" || key == "publishdate" || key == "date" ||
                           key == "dc.date" || key == "dc.date.issued" ||
                           key == "dcterms.created" || key == "sailthru.date" ||
                           key == "parsely-pub-date") {
                    if (meta_date.empty()) {
                        meta_date = content;
                    }
                } else if (key == "og:site_name" && document.source.empty()) {
                    document.source = content;
                } else if (key == "og:url") {
                    og_url = content;
                } else if (key == "og:type" && document.type.empty() && content == "article") {
                    document.type = "article";
                }
                return false;
            }
            case GUMBO_TAG_LINK:
                if (lower(attribute(node, "rel")) == "canonical" && document.url.empty()) {
                    document.url = attribute(node, "href");
                }
                return false;
            case GUMBO_TAG_SCRIPT:
                if (lower(attribute(node, "type")) == "application/ld+json" && ld_date.empty()) {
                    for (const GumboNode* child : children(node)) {
                        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA) {
                            const auto json =
                                nlohmann::json::parse(child->v.text.text, nullptr, false);
                            if (!json.is_discarded()) {
                                ld_date = json_ld_date(json);
                            }
                        }
                    }
                }
                return false;
            case GUMBO_TAG_STYLE:
            case GUMBO_TAG_NOSCRIPT:
            case GUMBO_TAG_TEMPLATE:
                return false;
            case GUMBO_TAG_ARTICLE:
                articles.push_back(node);
                break;
            case GUMBO_TAG_MAIN:
                if (main_node == nullptr) {
                    main_node = node;
                }
                break;
            case GUMBO_TAG_BODY:
                body = node;
                break;
            case GUMBO_TAG_H1:
                if (h1.empty()) {
                    h1 = flat_text(node);
                }
                break;
            case GUMBO_TAG_TIME:
                if (time_date.empty()) {
                    time_date = attribute(node, "datetime");
                }
                break;
            default:
                break;
        }
        if (story_body == nullptr && looks_like_story_body(node)) {
            story_body = node;
        }
        return true;
    });

    document.title = !og_title.empty() ? og_title : !title_tag.empty() ? title_tag : h1;
    for (const std::string& candidate : {meta_date, ld_date, time_date}) {
        if (auto date = schema::parse_date(candidate)) {
            document.date = *date;
            break;
        }
    }
    if (document.url.empty()) {
        document.url = og_url;
    }

    // The story: the <article> with the most text, else the usual containers, else <body>.
    std::string text;
    for (const GumboNode* article : articles) {
        std::string candidate = text_of(article);
        if (candidate.size() > text.size()) {
            text = std::move(candidate);
        }
    }
    for (const GumboNode* container :
         std::initializer_list<const GumboNode*>{story_body, main_node, body, output->root}) {
        if (text.size() >= 200 || container == nullptr) {
            continue;
        }
        std::string candidate = text_of(container);
        if (candidate.size() > text.size()) {
            text = std::move(candidate);
        }
    }
    // The headline usually opens the story too; the title field already has it.
    if (!h1.empty() && text.rfind(h1, 0) == 0) {
        text.erase(0, h1.size());
        text.erase(0, text.find_first_not_of(" \n"));
    }
    document.body = std::move(text);
    if (document.title.empty() && document.body.empty()) {
        throw ExtractError("HTML page has no title and no text");
    }
    return document;
}

}  // namespace accord::index
