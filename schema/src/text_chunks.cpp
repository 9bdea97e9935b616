#include "accord/schema/text_chunks.hpp"

#include <lz4.h>

#include <algorithm>

#include "accord/analyzers/utf8.hpp"
#include "accord/schema/schema.hpp"

#include "varint.hpp"

namespace accord::schema {
namespace {

constexpr char kChunkMagic = 'C';
constexpr unsigned char kCompressed = 1;

/// LZ4: it inflates 4 KB in about a microsecond (zlib took nine, two thirds of a snippet's
/// cost), and prose still shrinks to about half.
std::string compress(std::string_view raw) {
    std::string out(static_cast<std::size_t>(LZ4_compressBound(static_cast<int>(raw.size()))),
                    '\0');
    const int size = LZ4_compress_default(raw.data(), out.data(), static_cast<int>(raw.size()),
                                          static_cast<int>(out.size()));
    if (size <= 0) {
        return {};
    }
    out.resize(static_cast<std::size_t>(size));
    return out;
}

bool decompress_to(std::string_view packed, std::size_t size, std::string& out) {
    out.resize(size);
    return LZ4_decompress_safe(packed.data(), out.data(), static_cast<int>(packed.size()),
                               static_cast<int>(size)) == static_cast<int>(size);
}

std::string encode_chunk(std::string_view text, std::uint32_t offset,
                         const std::vector<WordStart>& tokens, std::size_t first, std::size_t last,
                         const std::vector<StoredMention>& mentions, std::size_t mention_first,
                         std::size_t mention_last) {
    std::string payload;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> checkpoints;
    for (std::size_t i = first; i < last; i += kCheckpointEvery) {
        checkpoints.emplace_back(tokens[i].position, tokens[i].start - offset);
    }
    detail::put_varint(payload, checkpoints.size());
    std::uint32_t position = 0;
    std::uint32_t at = 0;
    for (const auto& [word, byte] : checkpoints) {
        detail::put_varint(payload, word - position);
        detail::put_varint(payload, byte - at);
        position = word;
        at = byte;
    }
    detail::put_varint(payload, mention_last - mention_first);
    at = 0;
    for (std::size_t i = mention_first; i < mention_last; ++i) {
        const StoredMention& mention = mentions[i];
        detail::put_varint(payload, mention.start - offset - at);
        detail::put_varint(payload, mention.end - mention.start);
        detail::put_bytes(payload, mention.entity);
        at = mention.start - offset;
    }
    payload.append(text);

    std::string value;
    value.push_back(kChunkMagic);
    std::string packed = compress(payload);
    const bool compressed = !packed.empty() && packed.size() + 16 < payload.size();
    value.push_back(static_cast<char>(compressed ? kCompressed : 0));
    detail::put_varint(value, payload.size());
    value.append(compressed ? packed : payload);
    return value;
}

}  // namespace

ChunkedText chunk_text(std::string_view text, const std::vector<WordStart>& tokens,
                       const std::vector<StoredMention>& mentions) {
    ChunkedText out;
    std::size_t token = 0;
    std::size_t mention = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        // The first word starting kTextChunkBytes or more after the chunk's start ends it;
        // text without words is cut on a character boundary.
        std::size_t end = std::min(text.size(), start + kTextChunkBytes);
        std::size_t last = token;
        while (last < tokens.size() && tokens[last].start < end) {
            ++last;
        }
        if (end < text.size()) {
            if (last < tokens.size() && tokens[last].start <= end + kTextChunkBytes) {
                end = std::max<std::size_t>(end, tokens[last].start);
            } else {
                end = analyzers::utf8_floor(text, end);  // no word near: cut between characters
            }
            if (end <= start) {
                end = text.size();  // a single character wider than the chunk: never loop
            }
        }
        while (last < tokens.size() && tokens[last].start < end) {
            ++last;
        }
        std::size_t mention_last = mention;
        while (mention_last < mentions.size() && mentions[mention_last].start < end) {
            ++mention_last;
        }
        const auto offset = static_cast<std::uint32_t>(start);
        const std::uint32_t first_position =
            token < last ? tokens[token].position
                         : (out.chunks.empty() ? 0 : out.chunks.back().first_position);
        out.values.push_back(encode_chunk(text.substr(start, end - start), offset, tokens, token,
                                          last, mentions, mention, mention_last));
        out.chunks.push_back({offset, first_position});
        token = last;
        mention = mention_last;
        start = end;
    }
    return out;
}

std::optional<TextChunk> decode_chunk(std::string_view value, std::uint32_t offset) {
    if (value.size() < 3 || value[0] != kChunkMagic) {
        return std::nullopt;
    }
    const auto flags = static_cast<unsigned char>(value[1]);
    value.remove_prefix(2);
    std::uint64_t size = 0;
    if (!detail::get_varint(value, size) || size > (1U << 30U)) {
        return std::nullopt;
    }
    std::string inflated;
    std::string_view payload = value;
    if ((flags & kCompressed) != 0) {
        if (!decompress_to(value, size, inflated)) {
            return std::nullopt;
        }
        payload = inflated;
    } else if (payload.size() != size) {
        return std::nullopt;
    }
    TextChunk chunk;
    chunk.offset = offset;
    std::uint64_t count = 0;
    if (!detail::get_varint(payload, count) || count > payload.size()) {
        return std::nullopt;
    }
    std::uint64_t position = 0;
    std::uint64_t at = offset;
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t word = 0;
        std::uint64_t byte = 0;
        if (!detail::get_varint(payload, word) || !detail::get_varint(payload, byte)) {
            return std::nullopt;
        }
        position += word;
        at += byte;
        if (position > UINT32_MAX || at > UINT32_MAX) {
            return std::nullopt;
        }
        chunk.checkpoints.emplace_back(static_cast<std::uint32_t>(position),
                                       static_cast<std::uint32_t>(at));
    }
    if (!detail::get_varint(payload, count) || count > payload.size()) {
        return std::nullopt;
    }
    at = offset;
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t start = 0;
        std::uint64_t length = 0;
        std::string_view entity;
        if (!detail::get_varint(payload, start) || !detail::get_varint(payload, length) ||
            !detail::get_bytes(payload, entity)) {
            return std::nullopt;
        }
        at += start;
        if (at + length > UINT32_MAX) {
            return std::nullopt;
        }
        chunk.mentions.push_back({static_cast<std::uint32_t>(at),
                                  static_cast<std::uint32_t>(at + length), std::string(entity)});
    }
    chunk.text.assign(payload);
    return chunk;
}

std::optional<TextChunk> read_chunk(const Xapian::Document& document, const StoredRecord& record,
                                    std::size_t index) {
    if (index >= record.chunks.size()) {
        return std::nullopt;
    }
    const std::string value =
        document.get_value(schema::kTextChunkSlot + static_cast<Xapian::valueno>(index));
    return decode_chunk(value, record.chunks[index].offset);
}

RecordText read_text(const Xapian::Document& document, const StoredRecord& record) {
    RecordText out;
    if (!record.chunked()) {
        out.text = std::string(record.text);
        for (const StoredMention& mention : record.mentions) {
            out.mentions.push_back({mention.start, mention.end, std::string(mention.entity)});
        }
        return out;
    }
    out.text.reserve(record.text_bytes);
    for (std::size_t i = 0; i < record.chunks.size(); ++i) {
        auto chunk = read_chunk(document, record, i);
        if (!chunk || chunk->offset != out.text.size()) {
            break;  // a damaged chunk: the text up to it
        }
        out.text += chunk->text;
        for (auto& mention : chunk->mentions) {
            out.mentions.push_back(std::move(mention));
        }
    }
    return out;
}

}  // namespace accord::schema
