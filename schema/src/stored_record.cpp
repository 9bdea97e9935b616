#include "accord/schema/stored_record.hpp"

#include "varint.hpp"

namespace accord::schema {
namespace {

constexpr char kMagic = 'A';
constexpr char kVersion = 1;

enum Tag : unsigned char {
    kId = 1,
    kTitle,
    kDate,
    kSource,
    kUrl,
    kType,
    kLanguage,
    kSection,
    kText,
    kOffset,
    kParties,
    kRegions,
    kAgreements,
    kMentions,
    kTitleMentions,
    kSections,
    kTextBytes,  ///< chunked records: the text's size (the text itself is in value slots)
    kChunks,     ///< chunked records: (offset delta, first position delta) of each chunk
};

using detail::get_bytes;
using detail::get_varint;
using detail::put_bytes;
using detail::put_varint;

void put_field(std::string& out, Tag tag, std::string_view bytes) {
    if (bytes.empty()) {
        return;
    }
    out.push_back(static_cast<char>(tag));
    put_bytes(out, bytes);
}

std::string list_bytes(const std::vector<std::string_view>& items) {
    std::string out;
    for (const auto item : items) {
        put_bytes(out, item);
    }
    return out;
}

std::string mention_bytes(const std::vector<StoredMention>& mentions) {
    std::string out;
    for (const auto& mention : mentions) {
        put_varint(out, mention.start);
        put_varint(out, mention.end - mention.start);
        put_bytes(out, mention.entity);
    }
    return out;
}

bool read_list(std::string_view in, std::vector<std::string_view>& items) {
    while (!in.empty()) {
        std::string_view item;
        if (!get_bytes(in, item)) {
            return false;
        }
        items.push_back(item);
    }
    return true;
}

bool read_mentions(std::string_view in, std::vector<StoredMention>& mentions) {
    while (!in.empty()) {
        std::uint64_t start = 0;
        std::uint64_t length = 0;
        StoredMention mention;
        if (!get_varint(in, start) || !get_varint(in, length) || !get_bytes(in, mention.entity) ||
            start + length > UINT32_MAX) {
            return false;
        }
        mention.start = static_cast<std::uint32_t>(start);
        mention.end = static_cast<std::uint32_t>(start + length);
        mentions.push_back(mention);
    }
    return true;
}

bool read_sections(std::string_view in, std::vector<StoredSection>& sections) {
    while (!in.empty()) {
        StoredSection section;
        std::uint64_t start = 0;
        std::uint64_t length = 0;
        if (!get_bytes(in, section.label) || !get_varint(in, start) || !get_varint(in, length) ||
            start + length > UINT32_MAX) {
            return false;
        }
        section.start = static_cast<std::uint32_t>(start);
        section.end = static_cast<std::uint32_t>(start + length);
        sections.push_back(section);
    }
    return true;
}

bool read_chunks(std::string_view in, std::vector<StoredChunk>& chunks) {
    std::uint64_t offset = 0;
    std::uint64_t position = 0;
    while (!in.empty()) {
        std::uint64_t offset_delta = 0;
        std::uint64_t position_delta = 0;
        if (!get_varint(in, offset_delta) || !get_varint(in, position_delta)) {
            return false;
        }
        offset += offset_delta;
        position += position_delta;
        if (offset > UINT32_MAX || position > UINT32_MAX) {
            return false;
        }
        chunks.push_back(
            {static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(position)});
    }
    return true;
}

}  // namespace

std::string encode(const StoredRecord& record) {
    std::string out;
    out.reserve(record.text.size() + record.title.size() + 256);
    out.push_back(kMagic);
    out.push_back(kVersion);
    put_field(out, kId, record.id);
    put_field(out, kTitle, record.title);
    put_field(out, kDate, record.date);
    put_field(out, kSource, record.source);
    put_field(out, kUrl, record.url);
    put_field(out, kType, record.type);
    put_field(out, kLanguage, record.language);
    put_field(out, kSection, record.section);
    put_field(out, kText, record.text);
    if (record.offset != 0) {
        std::string offset;
        put_varint(offset, record.offset);
        put_field(out, kOffset, offset);
    }
    put_field(out, kParties, list_bytes(record.parties));
    put_field(out, kRegions, list_bytes(record.regions));
    put_field(out, kAgreements, list_bytes(record.agreements));
    put_field(out, kMentions, mention_bytes(record.mentions));
    put_field(out, kTitleMentions, mention_bytes(record.title_mentions));
    std::string sections;
    for (const auto& section : record.sections) {
        put_bytes(sections, section.label);
        put_varint(sections, section.start);
        put_varint(sections, section.end - section.start);
    }
    put_field(out, kSections, sections);
    if (!record.chunks.empty()) {
        std::string size;
        put_varint(size, record.text_bytes);
        put_field(out, kTextBytes, size);
        std::string chunks;
        std::uint32_t offset = 0;
        std::uint32_t position = 0;
        for (const auto& chunk : record.chunks) {
            put_varint(chunks, chunk.offset - offset);
            put_varint(chunks, chunk.first_position - position);
            offset = chunk.offset;
            position = chunk.first_position;
        }
        put_field(out, kChunks, chunks);
    }
    return out;
}

std::optional<StoredRecord> decode_record(std::string_view data) {
    if (data.size() < 2 || data[0] != kMagic || data[1] != kVersion) {
        return std::nullopt;
    }
    data.remove_prefix(2);
    StoredRecord record;
    while (!data.empty()) {
        const auto tag = static_cast<unsigned char>(data.front());
        data.remove_prefix(1);
        std::string_view value;
        if (!get_bytes(data, value)) {
            return std::nullopt;
        }
        bool ok = true;
        switch (tag) {
            case kId:
                record.id = value;
                break;
            case kTitle:
                record.title = value;
                break;
            case kDate:
                record.date = value;
                break;
            case kSource:
                record.source = value;
                break;
            case kUrl:
                record.url = value;
                break;
            case kType:
                record.type = value;
                break;
            case kLanguage:
                record.language = value;
                break;
            case kSection:
                record.section = value;
                break;
            case kText:
                record.text = value;
                break;
            case kOffset: {
                std::uint64_t offset = 0;
                ok = get_varint(value, offset) && offset <= UINT32_MAX;
                record.offset = static_cast<std::uint32_t>(offset);
                break;
            }
            case kParties:
                ok = read_list(value, record.parties);
                break;
            case kRegions:
                ok = read_list(value, record.regions);
                break;
            case kAgreements:
                ok = read_list(value, record.agreements);
                break;
            case kMentions:
                ok = read_mentions(value, record.mentions);
                break;
            case kTitleMentions:
                ok = read_mentions(value, record.title_mentions);
                break;
            case kSections:
                ok = read_sections(value, record.sections);
                break;
            case kTextBytes:
                ok = detail::get_varint32(value, record.text_bytes);
                break;
            case kChunks:
                ok = read_chunks(value, record.chunks);
                break;
            default:
                break;  // a field a newer writer added
        }
        if (!ok) {
            return std::nullopt;
        }
    }
    return record;
}

}  // namespace accord::schema
