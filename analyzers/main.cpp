// accord-analyze: prints the language, tokens and entity mentions of a text as JSON.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "accord/analyzers/analysis_json.hpp"
#include "accord/analyzers/analyzer.hpp"
#include "accord/analyzers/errors.hpp"
#include "accord/cli/environment.hpp"

namespace {

std::string read_all(std::istream& in) {
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Print the language, tokens and entity mentions of a text as JSON."};
    std::string gazetteer_dir = accord::cli::default_gazetteer().string();
    std::string input = "-";
    bool json_output = false;
    bool pretty = false;
    app.add_option("--gazetteer", gazetteer_dir, "Gazetteer directory")->capture_default_str();
    app.add_flag("--json", json_output, "Print JSON (the default and only output format)");
    app.add_flag("--pretty", pretty, "Indent the JSON");
    app.add_option("input", input, "File to analyse, or - for standard input")
        ->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // --help and --version exit 0; every usage error exits 2, as the contract says.
        return app.exit(error) == 0 ? 0 : 2;
    }
    (void)json_output;

    try {
        std::string text;
        if (input == "-") {
            text = read_all(std::cin);
        } else {
            std::ifstream file(input, std::ios::binary);
            if (!file) {
                std::cerr << "accord-analyze: cannot open " << input << "\n";
                return 2;
            }
            text = read_all(file);
        }
        auto gazetteer = std::make_shared<const accord::analyzers::Gazetteer>(
            accord::analyzers::Gazetteer::load(gazetteer_dir));
        accord::analyzers::Analyzer analyzer(gazetteer);
        const auto analysis = analyzer.analyze(text);
        const auto object = accord::analyzers::to_json(analysis, text, *gazetteer);
        std::cout << object.dump(pretty ? 2 : -1, ' ', false,
                                 nlohmann::json::error_handler_t::replace)
                  << "\n";
        return 0;
    } catch (const accord::analyzers::AnalyzerError& error) {
        std::cerr << "accord-analyze: " << error.what() << "\n";
        return 2;
    }
}
