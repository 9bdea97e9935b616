#include "pipeline.hpp"

#include <xxhash.h>

namespace accord::index::detail {

using nlohmann::json;
namespace fs = std::filesystem;

std::string printable(std::string_view text) {
    std::string out = analyzers::sanitize_utf8(text);
    for (char& ch : out) {
        if (static_cast<unsigned char>(ch) < 0x20) {
            ch = '?';
        }
    }
    return out;
}

std::string hash_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ExtractError("cannot open file");
    }
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    std::vector<char> buffer(1U << 20U);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        XXH3_64bits_update(state, buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    const XXH64_hash_t hash = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    return schema::hash_hex(std::string_view(reinterpret_cast<const char*>(&hash), sizeof hash));
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ExtractError("cannot open file");
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t shard_of(std::string_view id, std::size_t shards) {
    return shards <= 1 ? 0 : XXH3_64bits(id.data(), id.size()) % shards;
}

std::size_t document_count(const Xapian::Database& db) {
    return db.get_termfreq(std::string(schema::kDocumentKind));
}

}  // namespace accord::index::detail
