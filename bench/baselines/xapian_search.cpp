// accord-baseline-xapian-search: the "plain Xapian" baseline searcher. QueryParser with the
// English stemmer (STEM_SOME), default operator OR, default flags, default BM25 weighting.
// Reads `qid<TAB>query` topics and writes TREC run lines `qid Q0 docid rank score tag`.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <xapian.h>

namespace {

Xapian::Query parse(Xapian::QueryParser& parser, const std::string& text, const std::string& qid) {
    try {
        return parser.parse_query(text);
    } catch (const Xapian::QueryParserError& error) {
        // Odd punctuation: fall back to plain words, as a careful application would.
        std::cerr << "accord-baseline-xapian-search: topic " << qid << ": "
                  << error.get_description() << "; retrying without query syntax\n";
        return parser.parse_query(text, 0);
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Plain Xapian baseline searcher: TREC run for a topics file"};
    std::string database;
    std::string topics;
    Xapian::doccount limit = 1000;
    std::string tag = "xapian";
    app.add_option("--db", database, "Database directory")->required();
    app.add_option("--topics", topics, "Topics file: qid<TAB>query lines")->required();
    app.add_option("--limit", limit, "Documents per topic")->capture_default_str();
    app.add_option("--tag", tag, "Run tag (last column)")->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 2;
    }
    std::ifstream in(topics);
    if (!in) {
        std::cerr << "accord-baseline-xapian-search: cannot open " << topics << "\n";
        return 2;
    }
    try {
        Xapian::Database db(database);
        Xapian::QueryParser parser;
        parser.set_database(db);
        parser.set_stemmer(Xapian::Stem("english"));
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser.set_default_op(Xapian::Query::OP_OR);
        Xapian::Enquire enquire(db);  // BM25Weight is the default
        std::string line;
        std::size_t number = 0;
        while (std::getline(in, line)) {
            ++number;
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (line.empty()) {
                continue;
            }
            const auto tab = line.find('\t');
            if (tab == std::string::npos) {
                std::cerr << "accord-baseline-xapian-search: " << topics << ":" << number
                          << ": expected qid<TAB>query\n";
                return 2;
            }
            const std::string qid = line.substr(0, tab);
            enquire.set_query(parse(parser, line.substr(tab + 1), qid));
            const Xapian::MSet mset = enquire.get_mset(0, limit);
            Xapian::doccount rank = 0;
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                // %.9g keeps distinct weights distinct, so ties in the run are real ties.
                std::printf("%s Q0 %s %u %.9g %s\n", qid.c_str(),
                            it.get_document().get_data().c_str(), ++rank, it.get_weight(),
                            tag.c_str());
            }
        }
    } catch (const Xapian::Error& error) {
        std::cerr << "accord-baseline-xapian-search: " << error.get_description() << "\n";
        return 2;
    }
    return 0;
}
