#pragma once
/// @file errors.hpp
/// Typed errors of the search layer. The HTTP layer maps them to status codes; the core never
/// speaks HTTP.

#include <stdexcept>
#include <string>

namespace accord::search {

/// Base of every error the search layer throws.
class SearchError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The query or a parameter is malformed or out of range (the caller's mistake).
class InvalidRequest : public SearchError {
public:
    InvalidRequest(std::string code, const std::string& message)
        : SearchError(message), code_(std::move(code)) {}
    /// Short machine-readable reason ("invalid_query", "invalid_date", "limit_out_of_range" …).
    [[nodiscard]] const std::string& code() const { return code_; }

private:
    std::string code_;
};

/// The database cannot be opened or read.
class DatabaseUnavailable : public SearchError {
public:
    using SearchError::SearchError;
};

}  // namespace accord::search
