#include "inputs.hpp"

namespace accord::index::detail {

using nlohmann::json;
namespace fs = std::filesystem;

std::vector<Input> collect_inputs(const std::vector<std::string>& arguments, IndexSummary& summary,
                                  IndexObserver* observer, std::vector<fs::path>& directories) {
    std::vector<Input> inputs;
    auto add_file = [&](const fs::path& path, const std::string& id, const std::string& display) {
        Input input;
        input.path = fs::absolute(path).lexically_normal();
        input.display = printable(display);
        input.id = analyzers::sanitize_utf8(id);
        input.format = format_of(path);
        std::error_code error;
        input.size = fs::file_size(path, error);
        if (input.format == Format::kUnknown) {
            ++summary.skipped;
            if (observer != nullptr) {
                observer->warning(input.display,
                                  "skipped: not a known format (.txt .md .html "
                                  ".jsonl .pdf)");
            }
            return;
        }
        input.key = schema::hash_hex(input.path.string());
        inputs.push_back(std::move(input));
    };
    for (const std::string& argument : arguments) {
        if (argument == "-") {
            Input input;
            input.display = "-";
            input.id = "stdin";
            input.from_stdin = true;
            input.format = Format::kJsonLines;
            inputs.push_back(std::move(input));
            continue;
        }
        const fs::path path(argument);
        std::error_code error;
        const fs::file_status status = fs::status(path, error);
        if (error || !fs::exists(status)) {
            ++summary.failed;
            if (observer != nullptr) {
                observer->failure(printable(argument), "no such file or directory");
            }
            continue;
        }
        if (fs::is_directory(status)) {
            directories.push_back(fs::absolute(path).lexically_normal());
            std::vector<fs::path> found;
            fs::recursive_directory_iterator walk(
                path, fs::directory_options::skip_permission_denied, error);
            for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error)) {
                const std::string name = walk->path().filename().string();
                if (!name.empty() && name.front() == '.') {
                    if (walk->is_directory(error)) {
                        walk.disable_recursion_pending();
                    }
                    continue;
                }
                if (walk->is_regular_file(error)) {
                    found.push_back(walk->path());
                }
            }
            std::sort(found.begin(), found.end());
            for (const fs::path& file : found) {
                const std::string relative = file.lexically_relative(path).generic_string();
                add_file(file, relative, (path / relative).string());
            }
        } else if (fs::is_regular_file(status)) {
            add_file(path, path.filename().string(), argument);
        } else {
            ++summary.failed;
            if (observer != nullptr) {
                observer->failure(printable(argument), "not a regular file or directory");
            }
        }
    }
    return inputs;
}

void split_inputs(const std::vector<Input>& inputs, const IndexOptions& options,
                  const std::optional<fs::path>& state, BoundedQueue<Unit>& units,
                  BoundedQueue<Batch>& batches, Worker& finisher, std::atomic<bool>& abort) {
    StateReader reader(state);
    auto finish_piece = [&finisher](const std::shared_ptr<FileState>& file) {
        if (--file->pending == 0) {
            finisher.finish_file(*file);
        }
    };
    for (const Input& input : inputs) {
        if (abort) {
            break;
        }
        auto file = std::make_shared<FileState>();
        file->input = input;
        if (input.format != Format::kJsonLines) {
            ++file->pending;
            Unit unit{file, true, {}, {}};
            if (!units.push(std::move(unit))) {
                break;
            }
            finish_piece(file);
            continue;
        }
        try {
            std::ifstream in_file;
            std::istream* in = &std::cin;
            if (!input.from_stdin) {
                file->hash = hash_file(input.path);
                if (const auto stored = reader.file_record(input.key);
                    stored && stored->value("hash", "") == file->hash) {
                    Batch unchanged;
                    unchanged.unchanged = stored->value("documents", std::size_t{0});
                    unchanged.file_done = true;
                    unchanged.file_bytes = input.size;
                    batches.push(std::move(unchanged));
                    continue;
                }
                in_file.open(input.path, std::ios::binary);
                if (!in_file) {
                    throw ExtractError("cannot open file");
                }
                in = &in_file;
            }
            Unit chunk{file, false, {}, {}};
            std::size_t chunk_bytes = 0;
            auto send = [&]() {
                if (chunk.lines.empty() && chunk.errors.empty()) {
                    return true;
                }
                ++file->pending;
                const bool sent = units.push(std::move(chunk));
                chunk = Unit{file, false, {}, {}};
                chunk_bytes = 0;
                return sent;
            };
            read_lines(*in, options.max_record_bytes,
                       [&](std::size_t number, std::string&& line, bool too_long) {
                           if (abort) {
                               return;
                           }
                           if (too_long) {
                               chunk.errors.push_back(
                                   {number, too_long_message(options.max_record_bytes)});
                           } else {
                               chunk_bytes += line.size();
                               chunk.lines.emplace_back(number, std::move(line));
                           }
                           if (chunk.lines.size() >= kChunkLines || chunk_bytes >= kChunkBytes) {
                               send();
                           }
                       });
            send();
        } catch (const std::exception& error) {
            Batch failed;
            failed.failures.push_back({input.display, error.what()});
            batches.push(std::move(failed));
            file->failed = true;
        }
        if (abort) {
            file->failed = true;  // an aborted file is not complete: do not record it
        }
        finish_piece(file);
    }
}

}  // namespace accord::index::detail
