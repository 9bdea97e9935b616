// The executables' defaults: a non-empty variable wins, an empty or missing one gives the
// built-in default.
#include "accord/cli/environment.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "accord/analyzers/gazetteer.hpp"

namespace accord::cli {
namespace {

/// Sets (or, with nullptr, unsets) one variable for the scope and restores it afterwards.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name); old != nullptr) {
            old_ = old;
            had_ = true;
        }
        if (value != nullptr) {
            ::setenv(name, value, 1);
        } else {
            ::unsetenv(name);
        }
    }
    ~ScopedEnv() {
        if (had_) {
            ::setenv(name_, old_.c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::string old_;
    bool had_ = false;
};

TEST(Environment, DatabaseFollowsAccordDb) {
    {
        const ScopedEnv env("ACCORD_DB", "/data/policy-index");
        EXPECT_EQ(default_database(), "/data/policy-index");
    }
    {
        const ScopedEnv env("ACCORD_DB", "");
        EXPECT_EQ(default_database(), "var/index");
    }
    const ScopedEnv env("ACCORD_DB", nullptr);
    EXPECT_EQ(default_database(), "var/index");
}

TEST(Environment, GazetteerFollowsAccordGazetteer) {
    {
        const ScopedEnv env("ACCORD_GAZETTEER", "/somewhere/else");
        EXPECT_EQ(default_gazetteer(), std::filesystem::path("/somewhere/else"));
    }
    {
        const ScopedEnv env("ACCORD_GAZETTEER", "");
        EXPECT_EQ(default_gazetteer(), analyzers::Gazetteer::bundled_directory());
    }
    const ScopedEnv env("ACCORD_GAZETTEER", nullptr);
    EXPECT_EQ(default_gazetteer(), analyzers::Gazetteer::bundled_directory());
}

}  // namespace
}  // namespace accord::cli
