#pragma once
/// @file environment.hpp
/// The defaults the executables take from the environment when a flag is not given. Only the
/// mains (accord-index, accord-search, accord-searchd, accord-analyze, the benchmarks) call
/// these: the libraries read no environment, so what a library does depends on its arguments.

#include <filesystem>
#include <string>

namespace accord::cli {

/// $ACCORD_DB when set and not empty, else "var/index" (relative to the working directory,
/// as the README's commands use it).
[[nodiscard]] std::string default_database();

/// $ACCORD_GAZETTEER when set and not empty, else the gazetteer Accord was built with
/// (analyzers::Gazetteer::bundled_directory()).
[[nodiscard]] std::filesystem::path default_gazetteer();

}  // namespace accord::cli
