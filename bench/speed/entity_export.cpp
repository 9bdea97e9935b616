// accord-bench-entities: the facet values of every document of an Accord database, as TSV,
// so that the SQL baselines of the speed benchmarks count facets over exactly the entity lists
// Accord tagged (see docs/benchmarks.md, "Facets in the SQL baselines").
//
//   id  date(YYYY-MM-DD or empty)  type  language  parties  regions  agreements
//
// One line per document record (passage records are skipped); the id lists are
// comma-separated. Reads only the value slots documented in docs/term-prefixes.md.
#include <CLI/CLI.hpp>
#include <xapian.h>

#include <iostream>
#include <string>

#include "accord/schema/facet_families.hpp"
#include "accord/schema/schema.hpp"

namespace {

namespace schema = accord::schema;
using schema::FacetFamily;

// A field of the TSV: tabs and line breaks cannot occur in it.
std::string field(std::string value) {
    for (char& ch : value) {
        if (ch == '\t' || ch == '\n' || ch == '\r') {
            ch = ' ';
        }
    }
    return value;
}

std::string packed_list(const std::string& packed) {
    std::string out;
    schema::for_each_packed(packed, [&](std::string_view id) {
        if (!out.empty()) {
            out.push_back(',');
        }
        out += field(std::string(id));
    });
    return out;
}

std::string iso_date(const std::string& value) {
    if (value.size() != 8) {
        return {};
    }
    return value.substr(0, 4) + "-" + value.substr(4, 2) + "-" + value.substr(6, 2);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Facet values of every document of an Accord database, as TSV on stdout"};
    std::string database;
    app.add_option("--db", database, "Accord database directory")->required();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 2;
    }
    try {
        const Xapian::Database db(database);
        std::ios::sync_with_stdio(false);
        std::string line;
        // Document records carry the content hash; passages do not (term-prefixes.md).
        for (auto it = db.valuestream_begin(schema::kHashSlot);
             it != db.valuestream_end(schema::kHashSlot); ++it) {
            const Xapian::Document doc = db.get_document(it.get_docid());
            line = field(doc.get_value(schema::kDocIdSlot));
            line += '\t';
            line += iso_date(doc.get_value(schema::kDateSlot));
            for (const FacetFamily family : {FacetFamily::kType, FacetFamily::kLanguage}) {
                line += '\t';
                line += field(doc.get_value(schema::facet_family(family).slot));
            }
            for (const FacetFamily family :
                 {FacetFamily::kParty, FacetFamily::kRegion, FacetFamily::kAgreement}) {
                line += '\t';
                line += packed_list(doc.get_value(schema::facet_family(family).slot));
            }
            line += '\n';
            std::cout << line;
        }
        std::cout.flush();
    } catch (const Xapian::Error& error) {
        std::cerr << "accord-bench-entities: " << error.get_description() << "\n";
        return 2;
    }
    return std::cout ? 0 : 2;
}
