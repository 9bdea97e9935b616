#include "accord/schema/default_database.hpp"

#include <cstdlib>

namespace accord::schema {

std::string default_database() {
    if (const char* env = std::getenv("ACCORD_DB"); env != nullptr && *env != '\0') {
        return env;
    }
    return "var/index";
}

}  // namespace accord::schema
