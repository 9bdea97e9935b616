#pragma once
/// @file indexer_process.hpp
/// Runs accord-index as a child process (no shell, so file names stay as they are), with its
/// output, exit status and peak memory, optionally under a file-size limit (a full disk) or
/// killed with SIGKILL after a while (a crash at a random moment).

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace accord::testing {

struct IndexerRun {
    int status = -1;  ///< exit status, or 128 + signal
    long peak_rss_kb = 0;
    std::string out;
    std::string err;

    /// The --json summary (the last JSON object on stdout), or null.
    [[nodiscard]] nlohmann::json summary() const {
        const auto start = out.rfind('{');
        return start == std::string::npos
                   ? nlohmann::json()
                   : nlohmann::json::parse(out.substr(start), nullptr, false);
    }
};

/// Faults to inflict on one accord-index run.
struct IndexerFaults {
    /// No file it writes may grow past this size: writes fail with EFBIG, as on a full disk
    /// (SIGXFSZ is ignored so that the failure reaches the program as an error).
    rlim_t max_file_bytes = RLIM_INFINITY;
    /// SIGKILL after this long (if it is still running).
    std::optional<std::chrono::milliseconds> kill_after;
};

/// accord-index @p args; stdout and stderr go through files in @p scratch.
inline IndexerRun run_indexer(const std::vector<std::string>& args,
                              const std::filesystem::path& scratch, IndexerFaults faults = {}) {
    const std::filesystem::path out = scratch / "indexer-stdout.txt";
    const std::filesystem::path err = scratch / "indexer-stderr.txt";
    const std::string program = (binary_dir() / "accord-index").string();
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(out_fd, 1);
        ::dup2(err_fd, 2);
        if (faults.max_file_bytes != RLIM_INFINITY) {
            const rlimit limit{faults.max_file_bytes, faults.max_file_bytes};
            ::setrlimit(RLIMIT_FSIZE, &limit);
            ::signal(SIGXFSZ, SIG_IGN);
            // Under the asan preset: after a failed write, libxapian keeps a few of its table
            // buffers (about 2 KB directly) that LeakSanitizer reports at exit, turning the
            // exit status 2 under test into an abort. What this test checks is the exit
            // status and the database, so leak checking is off for this one child.
            const char* asan = std::getenv("ASAN_OPTIONS");
            const std::string options = std::string(asan != nullptr ? asan : "") +
                                        (asan != nullptr && *asan != '\0' ? ":" : "") +
                                        "detect_leaks=0";
            ::setenv("ASAN_OPTIONS", options.c_str(), 1);
        }
        std::vector<char*> argv{const_cast<char*>(program.c_str())};
        for (const std::string& arg : args) {
            argv.push_back(const_cast<char*>(arg.c_str()));
        }
        argv.push_back(nullptr);
        ::execv(program.c_str(), argv.data());
        ::_exit(127);
    }
    if (faults.kill_after) {
        std::this_thread::sleep_for(*faults.kill_after);
        ::kill(pid, SIGKILL);  // not yet reaped: at worst a zombie, never another process
    }
    IndexerRun run;
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.peak_rss_kb = usage.ru_maxrss;
    run.out = read_file(out);
    run.err = read_file(err);
    return run;
}

}  // namespace accord::testing
