#pragma once
/// @file text_chunks.hpp
/// A record's text stored in chunks of about kTextChunkBytes, one per value slot from
/// schema::kTextChunkSlot, so that a snippet of a 500 KB treaty reads one 4 KB chunk and not
/// the whole text (Xapian reads and inflates a record's data whole: 2.5 ms for 500 KB).
///
/// Each chunk carries what a snippet of it needs besides the text: the byte offset of every
/// kCheckpointEvery-th word starting in it, with that word's position (so a window chosen from
/// Xapian's position lists maps to bytes without analysing the text before it), and the entity
/// mentions starting in it. The record's stored data lists each chunk's first byte and first
/// word position (StoredRecord::chunks).
///
/// Value layout: 'C', a flags byte (1: compressed), the payload's size as a varint, then the
/// payload (compressed with LZ4 when that saves space): varint counts and deltas of the
/// checkpoints and mentions, then the text.

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accord/schema/stored_record.hpp"

namespace accord::schema {

/// Chunks are cut at the first word that starts this many bytes or more after the chunk's own
/// start (a word is never split).
inline constexpr std::size_t kTextChunkBytes = 4096;
/// Every this many words of a chunk, its byte offset is recorded.
inline constexpr std::size_t kCheckpointEvery = 16;

/// One chunk, decoded: owns its text (inflated).
struct TextChunk {
    std::uint32_t offset = 0;  ///< byte offset of the chunk in the record's text
    std::string text;
    /// (word position, byte offset in the record's text), ascending.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> checkpoints;
    struct Mention {
        std::uint32_t start = 0;  ///< byte offsets in the record's text
        std::uint32_t end = 0;
        std::string entity;  ///< the named entity's id
    };
    std::vector<Mention> mentions;  ///< starting in this chunk
};

/// Where a word of the text starts, and its position as indexed.
struct WordStart {
    std::uint32_t start = 0;  ///< byte offset in the text
    std::uint32_t position = 0;
};

/// A text cut into chunk values, with the table the stored data keeps.
struct ChunkedText {
    std::vector<std::string> values;  ///< for slots kTextChunkSlot, kTextChunkSlot + 1, …
    std::vector<StoredChunk> chunks;
};

/// Cuts @p text into chunks. @p words: the words of @p text in order; @p mentions: entity
/// mentions in @p text, in order (offsets relative to @p text).
[[nodiscard]] ChunkedText chunk_text(std::string_view text, const std::vector<WordStart>& words,
                                     const std::vector<StoredMention>& mentions);

/// Decodes the chunk value @p value that starts at byte @p offset of its record's text;
/// nullopt when it is not a chunk value.
[[nodiscard]] std::optional<TextChunk> decode_chunk(std::string_view value, std::uint32_t offset);

/// Chunk @p index of @p document (whose stored data is @p record); nullopt when missing.
[[nodiscard]] std::optional<TextChunk> read_chunk(const Xapian::Document& document,
                                                  const StoredRecord& record, std::size_t index);

/// The whole text and mentions of a record: from its chunks, or from its stored data when
/// it was written before texts were chunked.
struct RecordText {
    std::string text;
    std::vector<TextChunk::Mention> mentions;
};
[[nodiscard]] RecordText read_text(const Xapian::Document& document, const StoredRecord& record);

}  // namespace accord::schema
