#include "incremental_writer.hpp"

namespace accord::index::detail {

using nlohmann::json;
namespace fs = std::filesystem;

void prune(Writer& writer, Xapian::WritableDatabase& db, const Xapian::Database& reader,
           const std::vector<fs::path>& directories, const std::set<std::string>& present_keys,
           IndexSummary& summary) {
    std::vector<std::pair<std::string, std::string>> gone;  // metadata key, file key
    const std::string prefix(schema::kFileKeyPrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
        const std::string key = *it;
        const std::string file_key = key.substr(prefix.size());
        if (present_keys.count(file_key) != 0) {
            continue;
        }
        const json record = json::parse(db.get_metadata(key), nullptr, false);
        if (!record.is_object()) {
            continue;
        }
        const fs::path path(record.value("path", ""));
        const bool under =
            std::any_of(directories.begin(), directories.end(), [&path](const fs::path& dir) {
                const auto rel = path.lexically_relative(dir);
                return !rel.empty() && *rel.begin() != "..";
            });
        std::error_code error;
        if (under && !fs::exists(path, error)) {
            gone.emplace_back(key, file_key);
        }
    }
    for (const auto& [key, file_key] : gone) {
        const std::string source = std::string(schema::kSourcePrefix) + file_key;
        std::vector<std::string> ids;
        for (auto posting = reader.postlist_begin(source); posting != reader.postlist_end(source);
             ++posting) {
            const Xapian::Document document = reader.get_document(*posting);
            if (!document.get_value(schema::kHashSlot).empty()) {
                ids.push_back(document.get_value(schema::kDocIdSlot));
            }
        }
        for (const std::string& id : ids) {
            Xapian::WritableDatabase& shard = writer.shard(id);
            shard.delete_document(schema::id_term(id));
            shard.delete_document(schema::parent_term(id));
            ++summary.deleted;
        }
        db.set_metadata(key, "");
    }
}

}  // namespace accord::index::detail
