#pragma once
/// @file errors.hpp
/// Typed errors thrown by the analyzers layer.

#include <stdexcept>
#include <string>

namespace accord::analyzers {

/// Base of every error the analyzers layer throws.
class AnalyzerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A gazetteer file is missing, unreadable or malformed (names the file and line).
class GazetteerError : public AnalyzerError {
public:
    using AnalyzerError::AnalyzerError;
};

/// An ICU service or a language model could not be set up.
class ResourceError : public AnalyzerError {
public:
    using AnalyzerError::AnalyzerError;
};

}  // namespace accord::analyzers
