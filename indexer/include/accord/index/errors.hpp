#pragma once
/// @file errors.hpp
/// Typed errors of the indexer layer.

#include <stdexcept>

namespace accord::index {

/// Base of every error the index layer throws.
class IndexError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One input (a file or a record) cannot be turned into documents. The indexer reports it,
/// skips the input and goes on.
class ExtractError : public IndexError {
public:
    using IndexError::IndexError;
};

/// The database cannot be opened, locked, written or swapped. Fatal for a run.
class DatabaseError : public IndexError {
public:
    using IndexError::IndexError;
};

}  // namespace accord::index
