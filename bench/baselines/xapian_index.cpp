// accord-baseline-xapian-index: the "plain Xapian" baseline indexer. Stock Xapian as a
// newcomer would use it: TermGenerator with the English stemmer (STEM_SOME) and positions,
// title and body as unprefixed free text, the record id as the unique term, a commit every
// 1000 documents. Reads JSON Lines records {id, title, body, ...}.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr Xapian::doccount kCommitEvery = 1000;

std::string string_field(const nlohmann::json& record, const char* key) {
    const auto found = record.find(key);
    if (found == record.end() || found->is_null()) {
        return {};
    }
    return found->is_string() ? found->get<std::string>() : found->dump();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Plain Xapian baseline indexer (JSON Lines records {id, title, body})"};
    std::string database;
    std::vector<std::string> inputs;
    bool json = false;
    app.add_option("--db", database, "Database directory (created or overwritten)")->required();
    app.add_option("inputs", inputs, "JSON Lines files ('-' for stdin)")->required();
    app.add_flag("--json", json, "Print {\"documents\": N, \"seconds\": S} at the end");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 2;
    }

    const auto start = std::chrono::steady_clock::now();
    long failed = 0;
    try {
        Xapian::WritableDatabase db(database, Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator generator;
        generator.set_stemmer(Xapian::Stem("english"));
        generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        Xapian::doccount pending = 0;
        for (const auto& input : inputs) {
            std::ifstream file;
            if (input != "-") {
                file.open(input);
                if (!file) {
                    std::cerr << "accord-baseline-xapian-index: cannot open " << input << "\n";
                    return 2;
                }
            }
            std::istream& in = input == "-" ? std::cin : file;
            std::string line;
            std::size_t number = 0;
            while (std::getline(in, line)) {
                ++number;
                if (line.find_first_not_of(" \t\r") == std::string::npos) {
                    continue;
                }
                nlohmann::json record;
                try {
                    record = nlohmann::json::parse(line);
                } catch (const nlohmann::json::exception& error) {
                    std::cerr << input << ":" << number << ": " << error.what() << "\n";
                    ++failed;
                    continue;
                }
                const std::string id = string_field(record, "id");
                if (id.empty()) {
                    std::cerr << input << ":" << number << ": record without id\n";
                    ++failed;
                    continue;
                }
                Xapian::Document doc;
                generator.set_document(doc);
                generator.index_text(string_field(record, "title"));
                generator.increase_termpos();
                generator.index_text(string_field(record, "body"));
                doc.set_data(id);
                const std::string unique = "Q" + id;
                doc.add_boolean_term(unique);
                db.replace_document(unique, doc);
                if (++pending == kCommitEvery) {
                    db.commit();
                    pending = 0;
                }
            }
        }
        db.commit();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (json) {
            std::cout << nlohmann::json{{"documents", db.get_doccount()},
                                        {"failed", failed},
                                        {"seconds", seconds}}
                             .dump()
                      << "\n";
        }
    } catch (const Xapian::Error& error) {
        std::cerr << "accord-baseline-xapian-index: " << error.get_description() << "\n";
        return 2;
    }
    return failed == 0 ? 0 : 1;
}
