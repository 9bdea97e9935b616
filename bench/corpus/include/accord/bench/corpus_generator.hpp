#pragma once
/// @file corpus_generator.hpp
/// A deterministic generator of policy-style documents for scale benchmarks: dated articles
/// (2014–2025) and some treaty texts with "Article N" headings, a Zipf-distributed vocabulary,
/// and entity mentions drawn from the gazetteer's English aliases. Two length mixes: `news`
/// (1–8 KB articles) and `long` (news mixed with 10–60 KB speeches and statements and
/// 50–500 KB treaties and reports), lognormal within each band.
///
/// Document n depends only on (seed, n, gazetteer, options): the first 10,000 documents of a
/// 100,000-document corpus are the 10,000-document corpus, and ranges can be made in parallel.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
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

/// The document mixes: short news only, or news with long speeches, treaties and reports.
enum class Mix { news, long_texts };

/// "news" or "long"; throws std::invalid_argument for anything else.
[[nodiscard]] Mix parse_mix(std::string_view name);
[[nodiscard]] std::string_view mix_name(Mix mix);

/// A length band of a mix: the body's length in bytes is lognormal around `median_bytes`
/// (log-space deviation `sigma`), resampled until it falls in [min_bytes, max_bytes].
struct LengthBand {
    std::string_view name;  ///< "news", "speeches" (speeches and statements), "documents"
    double share;           ///< share of the mix's documents
    std::size_t min_bytes;
    std::size_t max_bytes;
    std::size_t median_bytes;
    double sigma;
};

/// The bands of a mix, in the order their shares are drawn (shares sum to 1).
[[nodiscard]] std::span<const LengthBand> length_bands(Mix mix);

struct CorpusOptions {
    std::uint64_t seed = 1;
    Mix mix = Mix::news;
    double treaty_share = 0.02;      ///< share of (short) treaty texts among the news
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

    /// The length band document @p n falls in (one of length_bands(options.mix)).
    [[nodiscard]] const LengthBand& band(std::uint64_t n) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace accord::bench
