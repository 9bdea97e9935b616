#include "accord/cli/environment.hpp"

#include <cstdlib>

#include "accord/analyzers/gazetteer.hpp"

namespace accord::cli {
namespace {

const char* non_empty_env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : nullptr;
}

}  // namespace

std::string default_database() {
    const char* env = non_empty_env("ACCORD_DB");
    return env != nullptr ? std::string(env) : std::string("var/index");
}

std::filesystem::path default_gazetteer() {
    const char* env = non_empty_env("ACCORD_GAZETTEER");
    return env != nullptr ? std::filesystem::path(env) : analyzers::Gazetteer::bundled_directory();
}

}  // namespace accord::cli
