#include <nlohmann/json.hpp>

#include <vector>

#include "accord/index/errors.hpp"
#include "accord/index/extractors.hpp"

namespace accord::index {

void read_lines(std::istream& in, std::size_t max_line_bytes,
                const std::function<void(std::size_t, std::string&&, bool)>& on_line) {
    std::string line;
    std::size_t number = 0;
    std::vector<char> buffer(1U << 16U);
    bool too_long = false;
    auto finish_line = [&]() {
        ++number;
        if (too_long || line.find_first_not_of(" \t\r") != std::string::npos) {
            on_line(number, too_long ? std::string() : std::move(line), too_long);
        }
        line.clear();
        too_long = false;
    };
    for (;;) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) {
            break;
        }
        std::size_t start = 0;
        for (std::size_t i = 0; i < got; ++i) {
            if (buffer[i] != '\n') {
                continue;
            }
            if (!too_long) {
                line.append(buffer.data() + start, i - start);
                too_long = line.size() > max_line_bytes;
            }
            finish_line();
            start = i + 1;
        }
        if (!too_long && start < got) {
            line.append(buffer.data() + start, got - start);
            if (line.size() > max_line_bytes) {
                // Drop what we hold: a 50 MB line never sits in memory whole.
                too_long = true;
                line.clear();
                line.shrink_to_fit();
            }
        }
    }
    if (too_long || !line.empty()) {
        finish_line();
    }
}

std::optional<Document> parse_json_line(std::string_view line, std::size_t number,
                                        const std::string& id_base, LineError& error) {
    try {
        const auto record = nlohmann::json::parse(line);
        return document_from_json(record, id_base + "#" + std::to_string(number));
    } catch (const nlohmann::json::exception& e) {
        error = {number, std::string("invalid JSON: ") + e.what()};
    } catch (const ExtractError& e) {
        error = {number, e.what()};
    }
    return std::nullopt;
}

void read_json_lines(std::istream& in, const std::string& id_base, std::size_t max_line_bytes,
                     const std::function<void(std::size_t, Document&&)>& on_document,
                     const std::function<void(const LineError&)>& on_error) {
    read_lines(in, max_line_bytes, [&](std::size_t number, std::string&& line, bool too_long) {
        if (too_long) {
            on_error({number, too_long_message(max_line_bytes)});
            return;
        }
        LineError error;
        if (auto document = parse_json_line(line, number, id_base, error)) {
            on_document(number, std::move(*document));
        } else {
            on_error(error);
        }
    });
}

std::string too_long_message(std::size_t max_line_bytes) {
    return "line longer than " + std::to_string(max_line_bytes) + " bytes, skipped";
}

}  // namespace accord::index
