#include "accord/bench/corpus_generator.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "vocabulary.hpp"

namespace accord::bench {
namespace {

// --- randomness: fixed algorithms (no std:: distributions), so output is the same everywhere.

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// xoshiro256** seeded through splitmix64.
class Rng {
public:
    Rng(std::uint64_t seed, std::uint64_t stream) {
        std::uint64_t state = seed ^ (stream * 0xd1342543de82ef95ULL + 0x632be59bd9b4e019ULL);
        for (auto& word : s_) {
            word = splitmix64(state);
        }
    }
    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    /// Uniform in [0, 1) with 53 random bits (exact, no rounding differences).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform integer in [lo, hi].
    std::uint64_t between(std::uint64_t lo, std::uint64_t hi) {
        return lo + next() % (hi - lo + 1);
    }
    bool chance(double p) { return unit() < p; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> s_{};
};

/// Zipf–Mandelbrot sampling over ranks 0..n-1: P(r) ∝ 1 / (r + 1 + q), exponent 1 (no pow(), so
/// the table is bit-identical on every IEEE machine).
class Zipf {
public:
    Zipf(std::size_t n, double q) : cumulative_(n) {
        double sum = 0.0;
        for (std::size_t r = 0; r < n; ++r) {
            sum += 1.0 / (static_cast<double>(r) + 1.0 + q);
            cumulative_[r] = sum;
        }
    }
    std::size_t sample(Rng& rng) const {
        const double target = rng.unit() * cumulative_.back();
        const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
        return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_.begin()),
                                     cumulative_.size() - 1);
    }

private:
    std::vector<double> cumulative_;
};

// --- vocabulary

constexpr std::string_view kOnsets[] = {"b",  "br", "c",  "ch", "cr", "d", "dr", "f",  "g",  "gr",
                                        "h",  "k",  "l",  "m",  "n",  "p", "pr", "r",  "s",  "sh",
                                        "st", "t",  "tr", "v",  "w",  "z", "",   "pl", "sk", "kr"};
constexpr std::string_view kVowels[] = {"a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"};
constexpr std::string_view kCodas[] = {"", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "k"};

template <typename T, std::size_t N>
std::string_view pick(const T (&items)[N], Rng& rng) {
    return items[rng.next() % N];
}

/// The core words, then made-up words (fixed stream, independent of the corpus seed).
std::vector<std::string> build_vocabulary(std::size_t size) {
    std::vector<std::string> words;
    std::unordered_set<std::string> seen;
    for (const auto word : detail::kCoreWords) {
        if (words.size() >= size) {
            break;
        }
        if (seen.emplace(word).second) {
            words.emplace_back(word);
        }
    }
    Rng rng(0x5eedULL, 0);
    while (words.size() < size) {
        std::string word;
        const auto syllables = rng.between(1, 3);
        for (std::uint64_t i = 0; i < syllables; ++i) {
            word += pick(kOnsets, rng);
            word += pick(kVowels, rng);
            word += pick(kCodas, rng);
        }
        if (word.size() >= 4 && seen.insert(word).second) {
            words.push_back(std::move(word));
        }
    }
    return words;
}

// --- text

constexpr std::string_view kSources[] = {"Accord Wire",     "Policy Monitor",
                                         "Security Review", "Diplomatic Brief",
                                         "Council Notes",   "Eastern Europe Digest"};
constexpr std::string_view kTreatyKinds[] = {
    "Agreement",           "Treaty",           "Memorandum of Understanding", "Protocol",
    "Framework Agreement", "Joint Declaration"};

void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
                    out += buffer;
                } else {
                    out.push_back(c);
                }
        }
    }
    out.push_back('"');
}

void capitalise_first(std::string& text, std::size_t from) {
    if (from < text.size() && text[from] >= 'a' && text[from] <= 'z') {
        text[from] = static_cast<char>(text[from] - 'a' + 'A');
    }
}

/// Days since 1970-01-01 → y-m-d (Howard Hinnant's civil_from_days).
std::string civil_date(long days) {
    days += 719468;
    const long era = (days >= 0 ? days : days - 146096) / 146097;
    const long doe = days - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long d = doy - (153 * mp + 2) / 5 + 1;
    const long m = mp < 10 ? mp + 3 : mp - 9;
    const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04ld-%02ld-%02ld", y, m, d);
    return buffer;
}

constexpr long kFirstDay = 16071;  // 2014-01-01
constexpr long kLastDay = 20453;   // 2025-12-31

/// Written by hand, as opposed to generated by scripts/gen-gazetteer ("// Generated by" header).
bool is_curated(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string first;
    std::getline(in, first);
    return !first.starts_with("// Generated by");
}

void add_aliases(const nlohmann::json& aliases, const std::string& id,
                 std::vector<EntityName>& names) {
    for (const char* language : {"en", "any"}) {
        const auto found = aliases.find(language);
        if (found == aliases.end() || !found->is_array()) {
            continue;
        }
        for (const auto& alias : *found) {
            EntityName name;
            name.id = id;
            if (alias.is_string()) {
                name.text = alias.get<std::string>();
            } else if (alias.is_object() && alias.contains("text")) {
                if (alias.contains("near")) {
                    continue;
                }
                name.text = alias["text"].get<std::string>();
                name.needs_actor_noun = alias.contains("requires_next");
            } else {
                continue;
            }
            if (!name.text.empty()) {
                names.push_back(std::move(name));
            }
        }
    }
}

}  // namespace

GazetteerNames load_gazetteer_names(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".jsonl") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::stable_partition(files.begin(), files.end(), is_curated);

    GazetteerNames result;
    std::map<std::string, std::size_t> index;  // entity id → position in result.entities
    for (const auto& file : files) {
        std::ifstream in(file);
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line.starts_with("//")) {
                continue;
            }
            const auto record = nlohmann::json::parse(line, nullptr, false);
            if (record.is_discarded() || !record.is_object()) {
                continue;
            }
            if (record.contains("list")) {
                if (record["list"] == "actor_nouns" && record.contains("words")) {
                    for (const auto& word : record["words"]) {
                        result.actor_nouns.push_back(word.get<std::string>());
                    }
                }
                continue;
            }
            std::string id;
            if (record.contains("id")) {
                id = record["id"].get<std::string>();
            } else if (record.contains("extend")) {
                id = record["extend"].get<std::string>();
            } else {
                continue;
            }
            std::vector<EntityName> names;
            if (record.contains("aliases")) {
                add_aliases(record["aliases"], id, names);
            }
            const auto [it, added] = index.emplace(id, result.entities.size());
            if (added) {
                result.entities.emplace_back();
            }
            auto& target = result.entities[it->second];
            target.insert(target.end(), names.begin(), names.end());
        }
    }
    std::erase_if(result.entities, [](const auto& names) { return names.empty(); });
    if (result.entities.empty()) {
        throw std::runtime_error("no English entity names in " + dir.string());
    }
    if (result.actor_nouns.empty()) {
        result.actor_nouns = {"officials", "forces", "government"};
    }
    return result;
}

namespace {

// --- lengths

/// e^x from + − × ÷ only (halving, a Taylor series, squaring), so lengths are the same bytes
/// on every IEEE machine whatever its libm. Accurate to far better than a byte of length.
double exp_portable(double x) {
    int halvings = 0;
    while (x > 0.125 || x < -0.125) {
        x /= 2;
        ++halvings;
    }
    double term = 1.0;
    double sum = 1.0;
    for (int i = 1; i < 14; ++i) {
        term *= x / i;
        sum += term;
    }
    while (halvings-- > 0) {
        sum *= sum;
    }
    return sum;
}

/// An approximately standard normal deviate: the Irwin–Hall sum of 12 uniforms, minus 6.
double normal(Rng& rng) {
    double sum = 0.0;
    for (int i = 0; i < 12; ++i) {
        sum += rng.unit();
    }
    return sum - 6.0;
}

/// A body length of the band: lognormal, resampled into [min, max] (clamped after 64 tries).
std::size_t band_length(const LengthBand& band, Rng& rng) {
    for (int attempt = 0; attempt < 64; ++attempt) {
        const double bytes =
            static_cast<double>(band.median_bytes) * exp_portable(band.sigma * normal(rng));
        if (bytes >= static_cast<double>(band.min_bytes) &&
            bytes <= static_cast<double>(band.max_bytes)) {
            return static_cast<std::size_t>(bytes);
        }
    }
    return band.median_bytes;
}

// Shares and lengths of the mixes (docs/benchmarks.md, "Scale corpus"). The long mix is what an
// analyst's archive looks like: mostly news, a third speeches and statements, a tenth treaty
// texts and reports, which hold most of the bytes.
constexpr LengthBand kNewsBands[] = {{"news", 1.0, 1'000, 8'000, 2'800, 0.55}};
constexpr LengthBand kLongBands[] = {{"news", 0.60, 1'000, 8'000, 2'800, 0.55},
                                     {"speeches", 0.30, 10'000, 60'000, 22'000, 0.45},
                                     {"documents", 0.10, 50'000, 500'000, 120'000, 0.75}};

/// Cuts @p text back to its last sentence end (". " or ".\n" or a final ".") at or before
/// @p max bytes, when it is longer.
void trim_to(std::string& text, std::size_t max) {
    if (text.size() <= max) {
        return;
    }
    std::size_t cut = text.rfind('.', max - 1);
    while (cut != std::string::npos && cut > 0 && cut + 1 < text.size() && text[cut + 1] != ' ' &&
           text[cut + 1] != '\n') {
        cut = text.rfind('.', cut - 1);
    }
    text.resize(cut == std::string::npos ? max : cut + 1);
}

std::string roman(std::uint64_t n) {
    static constexpr std::pair<std::uint64_t, std::string_view> kDigits[] = {
        {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
        {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};
    std::string out;
    for (const auto& [value, text] : kDigits) {
        while (n >= value) {
            out += text;
            n -= value;
        }
    }
    return out;
}

constexpr std::string_view kSpeakers[] = {"Statement by", "Address by", "Remarks by", "Speech by"};
constexpr std::string_view kVenues[] = {
    "the General Assembly",       "the Security Council",     "the Conference on Disarmament",
    "the OSCE Permanent Council", "the Human Rights Council", "the Munich Security Conference",
    "the European Parliament",    "the Council of Europe"};
constexpr std::string_view kSalutations[] = {"Mr. President,", "Madam President,", "Mr. Chairman,",
                                             "Excellencies, ladies and gentlemen,",
                                             "Distinguished delegates,"};
constexpr std::string_view kPreambleOpenings[] = {"Recognising", "Determined", "Reaffirming",
                                                  "Convinced",   "Mindful",    "Noting",
                                                  "Desiring",    "Considering"};
constexpr std::string_view kReportAuthors[] = {"the Secretary-General",
                                               "the Special Monitoring Mission",
                                               "the Independent International Commission",
                                               "the Panel of Experts",
                                               "the High Commissioner",
                                               "the Joint Investigative Team"};
constexpr std::string_view kPlaces[] = {"Geneva",   "Vienna",   "Brussels", "Minsk",
                                        "Istanbul", "Helsinki", "New York", "Astana"};
constexpr std::string_view kPointLetters = "abcdefgh";

}  // namespace

std::string_view mix_name(Mix mix) {
    return mix == Mix::news ? "news" : "long";
}

Mix parse_mix(std::string_view name) {
    if (name == "news") {
        return Mix::news;
    }
    if (name == "long") {
        return Mix::long_texts;
    }
    throw std::invalid_argument("unknown mix '" + std::string(name) + "' (news, long)");
}

std::span<const LengthBand> length_bands(Mix mix) {
    if (mix == Mix::news) {
        return kNewsBands;
    }
    return kLongBands;
}

struct CorpusGenerator::Impl {
    GazetteerNames names;
    CorpusOptions options;
    std::vector<std::string> words;
    Zipf word_zipf;
    Zipf entity_zipf;

    Impl(GazetteerNames n, CorpusOptions o)
        : names(std::move(n)),
          options(std::move(o)),
          words(build_vocabulary(std::max<std::size_t>(options.vocabulary, 100))),
          word_zipf(words.size(), 2.7),
          entity_zipf(names.entities.size(), 1.0) {}

    /// The band of a document: the first draw of its stream in the long mix; the news mix has
    /// one band and draws nothing.
    const LengthBand& draw_band(Rng& rng) const {
        const auto bands = length_bands(options.mix);
        if (bands.size() == 1) {
            return bands.front();
        }
        const double u = rng.unit();
        double cumulative = 0.0;
        for (const auto& band : bands) {
            cumulative += band.share;
            if (u < cumulative) {
                return band;
            }
        }
        return bands.back();
    }

    void entity(Rng& rng, std::string& out) const {
        const auto& aliases = names.entities[entity_zipf.sample(rng)];
        const auto& name = aliases[rng.next() % aliases.size()];
        out += name.text;
        if (name.needs_actor_noun) {
            out.push_back(' ');
            out += names.actor_nouns[rng.next() % names.actor_nouns.size()];
        }
    }

    void sentence(Rng& rng, std::string& out, std::size_t min_words, std::size_t max_words) const {
        const std::size_t start = out.size();
        const auto length = rng.between(min_words, max_words);
        const std::size_t entity_at = rng.chance(0.45) ? rng.between(0, length - 1) : length;
        const std::size_t number_at = rng.chance(0.12) ? rng.between(1, length - 1) : length;
        for (std::size_t i = 0; i < length; ++i) {
            if (i > 0) {
                out.push_back(i + 3 < length && rng.chance(0.06) ? ',' : ' ');
                if (out.back() == ',') {
                    out.push_back(' ');
                }
            }
            if (i == entity_at) {
                entity(rng, out);
            } else if (i == number_at) {
                out +=
                    std::to_string(rng.chance(0.5) ? rng.between(2014, 2025) : rng.between(1, 999));
            } else {
                out += words[word_zipf.sample(rng)];
            }
        }
        capitalise_first(out, start);
        out.push_back('.');
    }

    /// Up to @p sentences sentences; stops early once @p out reaches @p target bytes.
    void paragraph(Rng& rng, std::string& out, std::size_t sentences,
                   std::size_t target = std::string::npos) const {
        for (std::size_t i = 0; i < sentences && out.size() < target; ++i) {
            if (i > 0) {
                out.push_back(' ');
            }
            sentence(rng, out, 6, 24);
        }
    }

    std::string title_words(Rng& rng, std::size_t count) const {
        std::string out;
        for (std::size_t i = 0; i < count; ++i) {
            if (i > 0) {
                out.push_back(' ');
            }
            // Titles skip the most frequent function words (ranks below 30).
            std::size_t rank = word_zipf.sample(rng);
            while (rank < 30) {
                rank = word_zipf.sample(rng);
            }
            out += words[rank];
        }
        return out;
    }

    /// Paragraphs of 2–5 sentences until the body reaches @p target bytes.
    void article(Rng& rng, std::string& title, std::string& body, std::size_t target) const {
        entity(rng, title);
        title.push_back(' ');
        title += title_words(rng, rng.between(3, 8));
        capitalise_first(title, 0);
        while (body.size() < target) {
            if (!body.empty()) {
                body += "\n\n";
            }
            paragraph(rng, body, rng.between(2, 5), target);
        }
    }

    void treaty_title(Rng& rng, std::string& title) const {
        title += pick(kTreatyKinds, rng);
        title += " between ";
        entity(rng, title);
        title += " and ";
        entity(rng, title);
        title += " on ";
        title += title_words(rng, rng.between(2, 4));
    }

    /// A short treaty of the news band: a preamble, "Article N" headings each followed by 1–3
    /// sentences (at least six articles), and a closing line.
    void treaty(Rng& rng, std::string& title, std::string& body, std::size_t target) const {
        treaty_title(rng, title);
        body += "The Parties to this ";
        body += title.substr(0, title.find(" between"));
        body += ", ";
        sentence(rng, body, 12, 30);
        body += " Have agreed as follows:";
        static constexpr std::string_view kClosing =
            "\nDone in two originals, each text being equally authentic.";
        for (std::uint64_t a = 1; a <= 6 || body.size() + kClosing.size() < target; ++a) {
            body += "\nArticle " + std::to_string(a) + "\n";
            paragraph(rng, body, rng.between(1, 3));
        }
        body += kClosing;
    }

    /// A speech of 10–60 KB: a salutation, then paragraphs of 3–8 sentences; or (type
    /// "statement") a statement of numbered paragraphs.
    void speech(Rng& rng, std::string& title, std::string& body, std::size_t target,
                bool numbered) const {
        if (numbered) {
            title += "Statement of ";
            entity(rng, title);
            title += " on ";
        } else {
            title += pick(kSpeakers, rng);
            title.push_back(' ');
            entity(rng, title);
            title += " at ";
            title += pick(kVenues, rng);
            title += " on ";
        }
        title += title_words(rng, rng.between(2, 5));
        if (!numbered) {
            body += pick(kSalutations, rng);
            body += "\n\n";
        }
        for (std::uint64_t point = 1; body.size() + 12 < target; ++point) {
            if (point > 1) {
                body += "\n\n";
            }
            if (numbered) {
                body += std::to_string(point) + ". ";
            }
            paragraph(rng, body, rng.between(numbered ? 2 : 3, numbered ? 5 : 8), target);
        }
        if (!numbered) {
            body += "\n\nThank you.";
        }
    }

    /// Numbered points ("1. …", some with "(a) …" sub-points) of one treaty article.
    void points(Rng& rng, std::string& body) const {
        const auto count = rng.between(1, 4);
        for (std::uint64_t p = 1; p <= count; ++p) {
            body += count > 1 ? std::to_string(p) + ". " : "";
            sentence(rng, body, 10, 28);
            if (rng.chance(0.2)) {
                body.back() = ':';
                const auto letters = rng.between(2, 5);
                for (std::uint64_t l = 0; l < letters; ++l) {
                    body += "\n(";
                    body.push_back(kPointLetters[l]);
                    body += ") ";
                    sentence(rng, body, 6, 16);
                    body.back() = l + 1 < letters ? ';' : '.';
                }
            }
            body.push_back('\n');
        }
    }

    /// A treaty of 50–500 KB: a preamble of considerations, Parts of "Article N" headings
    /// (each with a heading line and numbered points), an annex, and the closing line.
    void long_treaty(Rng& rng, std::string& title, std::string& body, std::size_t target,
                     const std::string& date) const {
        treaty_title(rng, title);
        body += "The Parties to this ";
        body += title.substr(0, title.find(" between"));
        body += ",\n";
        const auto considerations = rng.between(3, 9);
        for (std::uint64_t c = 0; c < considerations; ++c) {
            body += "\n";
            body += pick(kPreambleOpenings, rng);
            body += " that ";
            const auto from = body.size();
            sentence(rng, body, 12, 30);
            body[from] = static_cast<char>(std::tolower(static_cast<unsigned char>(body[from])));
            body.back() = ',';
        }
        body += "\n\nHave agreed as follows:\n";
        std::uint64_t article = 0;
        const std::size_t annex_at = target - target / 12;
        for (std::uint64_t part = 1; body.size() < annex_at; ++part) {
            body += "\nPart " + roman(part) + ". " + title_words(rng, rng.between(1, 3)) + "\n";
            capitalise_first(body, body.rfind(". ") + 2);
            const auto articles = rng.between(3, 12);
            for (std::uint64_t a = 0; a < articles && body.size() < annex_at; ++a) {
                body += "\nArticle " + std::to_string(++article) + "\n";
                const auto heading = body.size();
                body += title_words(rng, rng.between(1, 4)) + "\n";
                capitalise_first(body, heading);
                points(rng, body);
            }
        }
        body += "\nAnnex\n";
        while (body.size() + 200 < target) {
            paragraph(rng, body, rng.between(2, 5), target);
            body += "\n\n";
        }
        body += "Done at ";
        body += pick(kPlaces, rng);
        body += " on " + date + ", in two originals, each text being equally authentic.";
    }

    /// A report of 50–500 KB: a summary, then numbered Sections ("Section II. …") of
    /// paragraphs numbered through the whole report, and conclusions.
    void report(Rng& rng, std::string& title, std::string& body, std::size_t target) const {
        title += "Report of ";
        title += pick(kReportAuthors, rng);
        title += " on ";
        entity(rng, title);
        title.push_back(' ');
        title += title_words(rng, rng.between(2, 5));
        body += "Summary\n";
        paragraph(rng, body, rng.between(4, 8));
        body += "\n\nSection I. Introduction\n";
        std::uint64_t paragraph_number = 0;
        std::uint64_t section = 1;
        const std::size_t conclusions_at = target - target / 10;
        while (body.size() < conclusions_at) {
            const auto paragraphs = rng.between(4, 20);
            for (std::uint64_t p = 0; p < paragraphs && body.size() < conclusions_at; ++p) {
                body += "\n" + std::to_string(++paragraph_number) + ". ";
                paragraph(rng, body, rng.between(2, 6));
                body += "\n";
            }
            if (body.size() < conclusions_at) {
                body += "\nSection " + roman(++section) + ". ";
                const auto heading = body.size();
                body += title_words(rng, rng.between(1, 4)) + "\n";
                capitalise_first(body, heading);
            }
        }
        body += "\nSection " + roman(++section) + ". Conclusions and recommendations\n";
        while (body.size() < target) {
            body += "\n" + std::to_string(++paragraph_number) + ". ";
            paragraph(rng, body, rng.between(2, 5), target);
            body += "\n";
        }
    }
};

CorpusGenerator::CorpusGenerator(GazetteerNames names, CorpusOptions options)
    : impl_(std::make_unique<Impl>(std::move(names), std::move(options))) {}

CorpusGenerator::~CorpusGenerator() = default;

const LengthBand& CorpusGenerator::band(std::uint64_t n) const {
    Rng rng(impl_->options.seed, n + 1);
    return impl_->draw_band(rng);
}

void CorpusGenerator::write_record(std::uint64_t n, std::string& out) const {
    const auto& options = impl_->options;
    Rng rng(options.seed, n + 1);
    const LengthBand& band = impl_->draw_band(rng);
    std::string_view type;
    if (band.name == "news") {
        if (rng.chance(options.treaty_share)) {
            type = "treaty";
        } else {
            const double u = rng.unit();
            type = u < 0.05 ? "statement" : (u < 0.10 ? "brief" : "article");
        }
    } else if (band.name == "speeches") {
        type = rng.chance(0.7) ? "speech" : "statement";
    } else {
        type = rng.chance(0.5) ? "treaty" : "report";
    }
    const std::string date = civil_date(static_cast<long>(rng.between(kFirstDay, kLastDay)));
    const std::string_view source = pick(kSources, rng);
    const std::size_t target = band_length(band, rng);
    std::string title;
    std::string body;
    if (band.name == "news") {
        if (type == "treaty") {
            impl_->treaty(rng, title, body, target);
        } else {
            impl_->article(rng, title, body, target);
        }
    } else if (band.name == "speeches") {
        impl_->speech(rng, title, body, target, type == "statement");
    } else if (type == "treaty") {
        impl_->long_treaty(rng, title, body, target, date);
    } else {
        impl_->report(rng, title, body, target);
    }
    trim_to(body, band.max_bytes);
    const std::string id =
        options.id_prefix + "-" + std::to_string(options.seed) + "-" + std::to_string(n);

    out += "{\"id\": ";
    append_json_string(out, id);
    out += ", \"title\": ";
    append_json_string(out, title);
    out += ", \"date\": ";
    append_json_string(out, date);
    out += ", \"type\": ";
    append_json_string(out, type);
    out += ", \"source\": ";
    append_json_string(out, source);
    out += ", \"url\": ";
    append_json_string(out, "https://example.org/generated/" + id);
    out += ", \"language\": \"en\", \"body\": ";
    append_json_string(out, body);
    out += "}\n";
}

}  // namespace accord::bench
