#include "accord/schema/schema.hpp"

#include <xxhash.h>

#include <array>
#include <cstdio>
#include <string>

namespace accord::schema {
namespace {

std::string prefixed_id(std::string_view prefix, std::string_view id) {
    std::string term(prefix);
    if (id.size() + prefix.size() <= kMaxTermBytes) {
        term += id;
    } else {
        term += '#';
        term += hash_hex(id);
    }
    return term;
}

}  // namespace

std::string id_term(std::string_view id) {
    return prefixed_id(kIdPrefix, id);
}

std::string parent_term(std::string_view id) {
    return prefixed_id(kParentPrefix, id);
}

std::string facet_term(std::string_view prefix, std::string_view id) {
    return prefixed_id(prefix, id);
}

std::string hash_hex(std::string_view bytes) {
    const XXH64_hash_t hash = XXH3_64bits(bytes.data(), bytes.size());
    static constexpr std::array<char, 16> kDigits = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                     '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kDigits[(hash >> (4 * (15 - i))) & 0xFU];
    }
    return out;
}

std::string date_value(std::string_view iso_date) {
    std::string value;
    for (const char ch : iso_date) {
        if (ch >= '0' && ch <= '9') {
            value.push_back(ch);
        }
    }
    return value;
}

std::string newest_first_key(std::string_view iso_date, std::string_view id) {
    const std::string date = date_value(iso_date);
    std::uint32_t value = 0;
    if (date.size() == 8) {
        value = static_cast<std::uint32_t>(std::stoul(date));
    }
    std::array<char, 9> inverted{};
    std::snprintf(inverted.data(), inverted.size(), "%08u", 99999999U - value);
    std::string key(inverted.data());
    key += id;
    return key;
}

}  // namespace accord::schema
