#pragma once
/// @file stored_record.hpp
/// The document data stored with every record, in a compact binary form: writing it costs a
/// copy, reading it costs no parse (fields are views into the stored bytes), where JSON cost
/// about a tenth of indexing time and a tenth of a millisecond per search hit.
///
/// Layout: the byte 'A', the version byte, then fields as (tag byte, varint length, bytes);
/// numbers and lists inside a field are varints. Unknown tags are skipped, so fields can be
/// added without breaking older readers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accord::schema {

struct StoredMention {
    std::uint32_t start = 0;  ///< byte offsets into the record's text (or title)
    std::uint32_t end = 0;
    std::string_view entity;  ///< the named entity's id
};

/// Where one chunk of a record's text starts (text_chunks.hpp).
struct StoredChunk {
    std::uint32_t offset = 0;          ///< byte offset in the record's text
    std::uint32_t first_position = 0;  ///< position of its first word (as indexed, body-relative)
};

struct StoredSection {
    std::string_view label;
    std::uint32_t start = 0;
    std::uint32_t end = 0;
};

/// A record's stored fields. Views point into the encoded bytes (decode) or into the strings
/// the caller encodes from (encode): keep those alive while the record is used.
struct StoredRecord {
    std::string_view id;
    std::string_view title;
    std::string_view date;
    std::string_view source;
    std::string_view url;
    std::string_view type;
    std::string_view language;
    std::string_view section;  ///< passages: their section label
    std::string_view text;     ///< the body, or a passage's section text (older records only:
                               ///< chunked records keep it in value slots, text_chunks.hpp)
    std::uint32_t offset = 0;  ///< passages: byte offset of text in the body
    std::vector<std::string_view> parties;
    std::vector<std::string_view> regions;
    std::vector<std::string_view> agreements;
    std::vector<StoredMention> mentions;        ///< in text (older records; chunked: in chunks)
    std::vector<StoredMention> title_mentions;  ///< in title
    std::vector<StoredSection> sections;        ///< document records: the body's sections
    std::uint32_t text_bytes = 0;               ///< chunked records: the text's size
    std::vector<StoredChunk> chunks;            ///< chunked records: where each chunk starts

    /// The text is in chunks (value slots), not in the stored data.
    [[nodiscard]] bool chunked() const { return !chunks.empty(); }
};

[[nodiscard]] std::string encode(const StoredRecord& record);

/// Decodes @p data; nullopt when it is not a stored record of a known version.
[[nodiscard]] std::optional<StoredRecord> decode_record(std::string_view data);

}  // namespace accord::schema
