#include <algorithm>

#include "accord/index/encoding.hpp"
#include "accord/index/extractors.hpp"

namespace accord::index {
namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n\f");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n\f");
    return text.substr(first, last - first + 1);
}

// A title longer than this is the first paragraph of an untitled text: cut it at a word.
constexpr std::size_t kMaxTitle = 200;

std::string title_from_line(std::string_view line) {
    if (line.size() <= kMaxTitle) {
        return std::string(line);
    }
    auto cut = line.rfind(' ', kMaxTitle);
    if (cut == std::string_view::npos || cut < kMaxTitle / 2) {
        cut = kMaxTitle;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0U) == 0x80U) {
            --cut;
        }
    }
    return std::string(line.substr(0, cut)) + "…";
}

}  // namespace

Document extract_text(std::string_view bytes, const std::string& default_id) {
    const DecodedText decoded = decode_text(bytes);
    const std::string_view text = decoded.text;
    Document document;
    document.id = default_id;

    std::size_t at = 0;
    std::size_t body_start = 0;
    int lines_seen = 0;
    while (at < text.size() && lines_seen < 6) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view line = trim(text.substr(at, end - at));
        if (!line.empty()) {
            ++lines_seen;
            if (document.title.empty()) {
                document.title = title_from_line(line);
                body_start = end;
                if (line.size() > kMaxTitle) {
                    body_start = at;  // the "title" is the start of the text: keep it in the body
                }
            } else if (line.size() > 5 &&
                       (line.substr(0, 5) == "Date:" || line.substr(0, 5) == "date:")) {
                document.date = schema::parse_date(line.substr(5)).value_or("");
                body_start = end;
            } else if (line.size() > 7 && line.substr(0, 7) == "Source:") {
                document.source = std::string(trim(line.substr(7)));
                body_start = end;
            } else {
                break;
            }
        }
        at = end + 1;
    }
    document.body = std::string(trim(text.substr(std::min(body_start, text.size()))));
    return document;
}

}  // namespace accord::index
