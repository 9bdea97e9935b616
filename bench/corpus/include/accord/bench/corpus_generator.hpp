#pragma once
/// @file corpus_generator.hpp
/// A deterministic generator of policy-style documents for scale benchmarks: dated articles
/// (2014–2025) and some treaty texts with "Article N" headings, a Zipf-distributed vocabulary,
/// and entity mentions drawn from the gazetteer's English aliases.
///
/// Document n depends only on (seed, n, gazetteer, options): the first 10,000 documents of a
/// 100,000-document corpus are the 10,000-document corpus, and ranges can be made in parallel.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace accord::bench {

/// A name that may be written for an entity: an English (or script-neutral) alias.
struct EntityName {
    std::string id;                 ///< the entity's id (for `extend` records, the extended id)
    std::string text;               ///< the alias as written
    bool needs_actor_noun = false;  ///< demonyms count only before an actor noun ("officials")
};

/// Names of a gazetteer directory, curated entities first, and its actor nouns.
struct GazetteerNames {
    std::vector<std::vector<EntityName>> entities;  ///< per entity, its usable aliases
    std::vector<std::string> actor_nouns;
};

/// Reads every *.jsonl of @p dir: curated files (not generated ones) first, then the rest, each
/// in file order. Aliases with a `near` condition are left out (they would not count alone).
/// Throws std::runtime_error when the directory has no usable name.
[[nodiscard]] GazetteerNames load_gazetteer_names(const std::filesystem::path& dir);

struct CorpusOptions {
    std::uint64_t seed = 1;
    double treaty_share = 0.02;      ///< share of treaty texts
    std::size_t vocabulary = 50000;  ///< Zipf vocabulary size (real words first, then made-up ones)
    std::string id_prefix = "gen";   ///< ids are <prefix>-<seed>-<n>
};

/// Generates documents as JSON Lines records of the contract ({id, title, body, date, ...}).
class CorpusGenerator {
public:
    CorpusGenerator(GazetteerNames names, CorpusOptions options);
    ~CorpusGenerator();
    CorpusGenerator(const CorpusGenerator&) = delete;
    CorpusGenerator& operator=(const CorpusGenerator&) = delete;

    /// Appends document @p n as one JSON object and a newline to @p out.
    void write_record(std::uint64_t n, std::string& out) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace accord::bench
