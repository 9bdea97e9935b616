#pragma once
/// @file query_string.hpp
/// A request target split into its decoded path and parameters (Boost.URL).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace accord::server {

struct Target {
    std::string path;                                         ///< percent-decoded
    std::vector<std::pair<std::string, std::string>> params;  ///< decoded, in order

    /// The last value of @p key, if present.
    [[nodiscard]] std::optional<std::string> get(std::string_view key) const;
    /// Every value of @p key (repeated keys; comma-separated values split).
    [[nodiscard]] std::vector<std::string> all(std::string_view key) const;
};

/// Parses an origin-form request target ("/api/search?q=kyiv&party=ua"). Returns nullopt for
/// targets that are not origin-form, have bad percent-encoding, or decode to invalid UTF-8 or
/// to NUL bytes.
[[nodiscard]] std::optional<Target> parse_target(std::string_view target);

}  // namespace accord::server
