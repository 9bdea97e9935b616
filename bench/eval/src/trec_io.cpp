#include "accord/bench/trec_io.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string_view>

namespace accord::bench {
namespace {

std::vector<std::string> split_fields(const std::string& line) {
    std::vector<std::string> fields;
    std::istringstream stream(line);
    std::string field;
    while (stream >> field) {
        fields.push_back(field);
    }
    return fields;
}

[[noreturn]] void fail(const char* what, std::size_t number, const std::string& message) {
    throw TrecFormatError(std::string(what) + " line " + std::to_string(number) + ": " + message);
}

bool parse_long(const std::string& text, long& value) {
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end;
}

bool parse_double(const std::string& text, double& value) {
    // strtod, like trec_eval's atof, but the whole field must be a number.
    errno = 0;
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && !text.empty() && errno != ERANGE;
}

}  // namespace

Qrels read_qrels(std::istream& in) {
    Qrels qrels;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        const auto fields = split_fields(line);
        if (fields.empty()) {
            continue;
        }
        if (fields.size() != 4) {
            fail("qrels", number,
                 "expected 'qid iter docid grade', got " + std::to_string(fields.size()) +
                     " fields");
        }
        long grade = 0;
        if (!parse_long(fields[3], grade)) {
            fail("qrels", number, "grade is not an integer: " + fields[3]);
        }
        auto& judged = qrels[fields[0]];
        if (!judged.emplace(fields[2], static_cast<int>(grade)).second) {
            fail("qrels", number, "document " + fields[2] + " judged twice for query " + fields[0]);
        }
    }
    return qrels;
}

Run read_run(std::istream& in) {
    Run run;
    std::map<std::string, std::set<std::string>> seen;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        const auto fields = split_fields(line);
        if (fields.empty()) {
            continue;
        }
        if (fields.size() != 6) {
            fail("run", number,
                 "expected 'qid Q0 docid rank score tag', got " + std::to_string(fields.size()) +
                     " fields");
        }
        RunEntry entry;
        entry.doc = fields[2];
        if (!parse_long(fields[3], entry.rank)) {
            fail("run", number, "rank is not an integer: " + fields[3]);
        }
        if (!parse_double(fields[4], entry.score)) {
            fail("run", number, "score is not a number: " + fields[4]);
        }
        if (!seen[fields[0]].insert(entry.doc).second) {
            fail("run", number,
                 "document " + entry.doc + " retrieved twice for query " + fields[0]);
        }
        run[fields[0]].push_back(std::move(entry));
    }
    return run;
}

std::vector<RunEntry> ranked(std::vector<RunEntry> entries, RankOrder order) {
    if (order == RankOrder::Score) {
        std::sort(entries.begin(), entries.end(), [](const RunEntry& a, const RunEntry& b) {
            if (a.score != b.score) {
                return a.score > b.score;
            }
            return a.doc > b.doc;  // trec_eval: strcmp(b, a), i.e. document id descending
        });
    } else {
        std::stable_sort(entries.begin(), entries.end(),
                         [](const RunEntry& a, const RunEntry& b) { return a.rank < b.rank; });
    }
    return entries;
}

}  // namespace accord::bench
