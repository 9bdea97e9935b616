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

/// A request names a document the index does not hold ("more like" an unknown id). An
/// InvalidRequest with code "unknown_document", so callers that only tell good requests from
/// bad still can; the HTTP layer answers it 404, like /api/doc for a missing id.
class DocumentNotFound : public InvalidRequest {
public:
    explicit DocumentNotFound(const std::string& id)
        : InvalidRequest("unknown_document", "no document with id '" + id + "'") {}
};

/// The database cannot be opened or read. Every Xapian error a Searcher meets reaches its
/// caller as this (or as InvalidRequest): nothing above the search layer sees Xapian's types.
class DatabaseUnavailable : public SearchError {
public:
    using SearchError::SearchError;
};

}  // namespace accord::search
