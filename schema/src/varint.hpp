#pragma once
// LEB128 varints and length-prefixed bytes, shared by the stored record and the text chunks.

#include <cstdint>
#include <string>
#include <string_view>

namespace accord::schema::detail {

inline void put_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7F) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

/// Reads a varint from the front of @p in; false when @p in ends inside one.
inline bool get_varint(std::string_view& in, std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
        const auto byte = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) {
            return true;
        }
    }
    return false;
}

/// Reads a varint that must fit 32 bits.
inline bool get_varint32(std::string_view& in, std::uint32_t& value) {
    std::uint64_t wide = 0;
    if (!get_varint(in, wide) || wide > UINT32_MAX) {
        return false;
    }
    value = static_cast<std::uint32_t>(wide);
    return true;
}

inline void put_bytes(std::string& out, std::string_view bytes) {
    put_varint(out, bytes.size());
    out.append(bytes);
}

inline bool get_bytes(std::string_view& in, std::string_view& out) {
    std::uint64_t length = 0;
    if (!get_varint(in, length) || length > in.size()) {
        return false;
    }
    out = in.substr(0, length);
    in.remove_prefix(length);
    return true;
}

}  // namespace accord::schema::detail
