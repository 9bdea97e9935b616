#pragma once
/// @file string_hash.hpp
/// Transparent hashing, so maps keyed by std::string can be searched with a std::string_view.

#include <cstddef>
#include <functional>
#include <string_view>

namespace accord::analyzers {

/// Hash for std::unordered_map<std::string, T, StringHash, std::equal_to<>>: find() then
/// accepts a std::string_view without building a std::string (no allocation per lookup).
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
        return std::hash<std::string_view>{}(text);
    }
};

}  // namespace accord::analyzers
