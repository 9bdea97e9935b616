#pragma once
/// @file default_database.hpp
/// Where accord-index, accord-search and accord-searchd look for the database when no --db is
/// given. Only the executables call it: the libraries read no environment of their own here.

#include <string>

namespace accord::schema {

/// $ACCORD_DB when set and not empty, else "var/index" (relative to the working directory,
/// as the README's commands use it).
[[nodiscard]] std::string default_database();

}  // namespace accord::schema
