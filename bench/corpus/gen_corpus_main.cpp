// accord-gen-corpus: a deterministic scale corpus (JSON Lines records of the contract) on stdout.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>

#include "accord/bench/corpus_generator.hpp"

int main(int argc, char** argv) {
    CLI::App app{
        "Writes N policy-style documents (dated 2014-2025 articles, some treaty texts with\n"
        "'Article N' headings, gazetteer entity names, Zipf vocabulary) as JSON Lines to stdout.\n"
        "--mix news: 1-8 KB news articles; --mix long: 60 % news, 30 % speeches and statements\n"
        "(10-60 KB), 10 % treaties and reports (50-500 KB), lognormal within each band.\n"
        "Document n depends only on the seed, the mix and n, so smaller corpora are prefixes of\n"
        "larger ones."};
    std::uint64_t docs = 0;
    std::uint64_t start = 0;
    accord::bench::CorpusOptions options;
    std::string gazetteer = ACCORD_DEFAULT_GAZETTEER;
    app.add_option("--docs", docs, "Number of documents")->required();
    app.add_option("--seed", options.seed, "Seed")->capture_default_str();
    app.add_option("--start", start, "First document number (to make a range)")
        ->capture_default_str();
    app.add_option("--gazetteer", gazetteer, "Gazetteer directory")->capture_default_str();
    std::string mix = "news";
    app.add_option("--mix", mix, "Document mix: news or long")
        ->check(CLI::IsMember({"news", "long"}))
        ->capture_default_str();
    app.add_option("--treaty-share", options.treaty_share, "Share of treaty texts")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--vocabulary", options.vocabulary, "Zipf vocabulary size")
        ->check(CLI::Range(100, 10000000))
        ->capture_default_str();
    app.add_option("--id-prefix", options.id_prefix, "Id prefix (ids are PREFIX-SEED-N)")
        ->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 2;
    }
    try {
        options.mix = accord::bench::parse_mix(mix);
        const accord::bench::CorpusGenerator generator(
            accord::bench::load_gazetteer_names(gazetteer), options);
        std::string buffer;
        buffer.reserve(1 << 20);
        for (std::uint64_t n = start; n < start + docs; ++n) {
            generator.write_record(n, buffer);
            if (buffer.size() > (1 << 20) - (1 << 16)) {
                std::fwrite(buffer.data(), 1, buffer.size(), stdout);
                buffer.clear();
            }
        }
        std::fwrite(buffer.data(), 1, buffer.size(), stdout);
        if (std::fflush(stdout) != 0) {
            std::cerr << "accord-gen-corpus: write error\n";
            return 2;
        }
    } catch (const std::exception& error) {
        std::cerr << "accord-gen-corpus: " << error.what() << "\n";
        return 2;
    }
    return 0;
}
