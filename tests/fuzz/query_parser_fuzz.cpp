// libFuzzer target: QueryParser::parse on a small fixed database (tests/fixtures/search/
// corpus.jsonl, indexed once at start-up), with the default operator of a plain search and of
// the "any word" fallback, and the parsed query run through Xapian so that a malformed query
// tree shows up too; resolve_entity on the same text. InvalidRequest is the expected failure.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "accord/analyzers/analyzer.hpp"
#include "accord/schema/terms.hpp"
#include "accord/search/errors.hpp"
#include "accord/search/query_parser.hpp"

#include "fuzz_support.hpp"

namespace {

struct State {
    accord::fuzz::ScratchDir dir;
    Xapian::Database database{accord::fuzz::build_fixture_database(dir.path())};
    accord::analyzers::Analyzer analyzer{accord::fuzz::gazetteer()};
    accord::schema::TermMaker terms;
    accord::search::QueryParser parser{analyzer, terms};
};

State& state() {
    static State instance;
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    (void)state();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using accord::search::DefaultOperator;
    State& s = state();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const DefaultOperator op : {DefaultOperator::kAuto, DefaultOperator::kOr}) {
        try {
            const accord::search::ParsedQuery parsed = s.parser.parse(text, &s.database, op);
            ACCORD_FUZZ_CHECK(parsed.match_all || !parsed.query.empty());
            for (const auto& word : parsed.spellable) {
                ACCORD_FUZZ_CHECK(word.start <= word.end && word.end <= text.size());
            }
            Xapian::Enquire enquire(s.database);
            enquire.set_query(parsed.query);
            (void)enquire.get_mset(0, 10);
        } catch (const accord::search::InvalidRequest&) {
            // not UTF-8, too long, a bad date or entity: a 400 for the client
        }
    }
    for (const std::string_view type : {"party", "region", "agreement"}) {
        try {
            (void)s.parser.resolve_entity(text, type);
        } catch (const accord::search::InvalidRequest&) {
        }
    }
    return 0;
}
