#include "accord/schema/stub_file.hpp"

#include <fstream>

namespace accord::schema {

namespace fs = std::filesystem;

std::optional<fs::path> stub_file_of(const fs::path& path) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
        if (fs::exists(path / "XAPIANDB", error) && !fs::exists(path / "iamglass", error)) {
            return path / "XAPIANDB";
        }
        return std::nullopt;
    }
    if (fs::is_regular_file(path, error)) {
        return path;
    }
    return std::nullopt;
}

std::vector<StubEntry> read_stub(const fs::path& stub) {
    std::ifstream in(stub);
    if (!in) {
        throw StubError("cannot read stub " + stub.string());
    }
    std::vector<StubEntry> entries;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() &&
               (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
            line.pop_back();
        }
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const auto space = line.find(' ');
        const std::string type = line.substr(0, space);
        const std::string rest =
            space == std::string::npos ? "" : line.substr(line.find_first_not_of(' ', space));
        if (type == "remote") {
            if (rest.empty() || rest[0] == ':') {
                throw StubError("stub " + stub.string() +
                                ": only TCP remotes (remote HOST:PORT) are supported");
            }
            entries.push_back({StubEntry::Kind::kRemote, rest});
        } else if ((type == "auto" || type == "glass" || type == "chert") && !rest.empty()) {
            const fs::path target(rest);
            entries.push_back(
                {StubEntry::Kind::kLocal,
                 (target.is_absolute() ? target : stub.parent_path() / target).string()});
        } else {
            throw StubError("stub " + stub.string() + ": cannot read line '" + line + "'");
        }
    }
    return entries;
}

}  // namespace accord::schema
