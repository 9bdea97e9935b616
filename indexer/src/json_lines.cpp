#include <nlohmann/json.hpp>

#include "accord/index/errors.hpp"
#include "accord/index/extractors.hpp"

namespace accord::index {

void read_json_lines(std::istream& in, const std::string& id_base, std::size_t max_line_bytes,
                     const std::function<void(std::size_t, Document&&)>& on_document,
                     const std::function<void(const LineError&)>& on_error) {
    std::string line;
    std::size_t number = 0;
    constexpr std::size_t kChunk = 1U << 16U;
    std::vector<char> buffer(kChunk);
    bool too_long = false;
    bool at_end = false;
    auto finish_line = [&]() {
        ++number;
        if (too_long) {
            on_error({number, "line longer than " + std::to_string(max_line_bytes) +
                                  " bytes, skipped"});
        } else if (line.find_first_not_of(" \t\r") != std::string::npos) {
            try {
                const auto record = nlohmann::json::parse(line);
                on_document(number,
                            document_from_json(record, id_base + "#" + std::to_string(number)));
            } catch (const nlohmann::json::exception& error) {
                on_error({number, std::string("invalid JSON: ") + error.what()});
            } catch (const ExtractError& error) {
                on_error({number, error.what()});
            }
        }
        line.clear();
        too_long = false;
    };
    while (!at_end) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        at_end = got == 0;
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

}  // namespace accord::index
