#include "facet_counter.hpp"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "accord/schema/facet_families.hpp"
#include "accord/schema/schema.hpp"
#include "accord/schema/values.hpp"

namespace accord::search::detail {

std::optional<Xapian::Query> FacetSelection::family_filter(std::size_t family) const {
    if (ids[family].empty()) {
        return std::nullopt;
    }
    std::vector<Xapian::Query> terms;
    terms.reserve(ids[family].size());
    for (const std::string& id : ids[family]) {
        terms.emplace_back(schema::facet_filter_term(static_cast<FacetFamily>(family), id));
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::optional<Xapian::Query> FacetSelection::date_filter() const {
    if (from.empty() && to.empty()) {
        return std::nullopt;
    }
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot,
                         from.empty() ? std::string("00000101") : from,
                         to.empty() ? std::string("99991231") : to);
}

FacetCounter::FacetCounter(std::vector<CountedShard> shards, const SearchOptions& options,
                           const analyzers::Gazetteer& gazetteer)
    : shards_(std::move(shards)), options_(options), gazetteer_(gazetteer) {}

namespace {

constexpr std::array<std::size_t, kFacetFamilies> kEveryFamily = {0, 1, 2, 3, 4};

std::string label_of(const analyzers::Gazetteer& gazetteer, const std::string& id) {
    if (const auto index = gazetteer.find(id)) {
        return gazetteer.entity(*index).label;
    }
    return id;
}

// "uk" → "Ukrainian" (ICU's English display names); the code itself when ICU has none.
std::string language_name(const std::string& code) {
    icu::UnicodeString name;
    icu::Locale(code.c_str()).getDisplayLanguage(icu::Locale::getEnglish(), name);
    std::string out;
    name.toUTF8String(out);
    return out.empty() || out == code ? code : out;
}

std::string type_label(const std::string& type) {
    if (type == "article") {
        return "Article";
    }
    if (type == "treaty") {
        return "Treaty";
    }
    if (type == "statement") {
        return "Statement";
    }
    return "Other";
}

/// Adds a ValueCountMatchSpy's counts into @p by_id, splitting packed id lists: the spy counts
/// each distinct list ("ua\nus"), and a document with that list has each of its ids.
void add_value_counts(const Xapian::ValueCountMatchSpy& spy, double scale,
                      std::map<std::string, double>& by_id) {
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        const std::string packed = *it;
        const double count = static_cast<double>(it.get_termfreq()) * scale;
        schema::for_each_packed(packed,
                                [&](std::string_view id) { by_id[std::string(id)] += count; });
    }
}

}  // namespace

FacetCounter::SpyPass FacetCounter::spy_pass(Xapian::Enquire& enquire, const FacetIndex& index,
                                             const FacetFilters& filters) const {
    SpyPass pass;
    FacetSpy spy(index, filters, pass.counts);
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    enquire.add_matchspy(&spy);
    const Xapian::MSet all =
        enquire.get_mset(0, 0, static_cast<Xapian::doccount>(options_.exact_limit));
    enquire.clear_matchspies();  // the spy dies with this call
    pass.exact = all.get_matches_lower_bound() == all.get_matches_upper_bound() &&
                 pass.counts.seen == all.get_matches_lower_bound();
    // Past the exact limit Xapian stops looking: scale what was seen to its estimate.
    if (!pass.exact && pass.counts.seen > 0) {
        pass.scale = static_cast<double>(all.get_matches_estimated()) /
                     static_cast<double>(pass.counts.seen);
    }
    return pass;
}

void FacetCounter::add_pass(const FacetIndex& index, const SpyPass& pass, bool total,
                            std::span<const std::size_t> families, bool months,
                            FacetTotals& merged) {
    merged.exact = merged.exact && pass.exact;
    if (total) {
        merged.total_exact = merged.total_exact && pass.exact;
        merged.total += static_cast<double>(pass.counts.total) * pass.scale;
    }
    for (const std::size_t family : families) {
        const auto& dictionary = index.values(static_cast<FacetFamily>(family));
        for (std::uint32_t ordinal = 0; ordinal < dictionary.size(); ++ordinal) {
            if (const std::uint32_t n = pass.counts.by_ordinal[family][ordinal]; n != 0) {
                merged.by_id[family][dictionary[ordinal]] += static_cast<double>(n) * pass.scale;
            }
        }
    }
    if (months) {
        for (const auto& [month, n] : pass.counts.by_month) {
            merged.by_month[month] += static_cast<double>(n) * pass.scale;
        }
    }
}

FacetTotals FacetCounter::count(const Xapian::Query& query, const FacetSelection& selection) const {
    const auto& selected = selection.ids;
    const std::string& from = selection.from;
    const std::string& to = selection.to;
    FacetTotals merged;
    const Xapian::Query documents(Xapian::Query::OP_FILTER, query,
                                  Xapian::Query(std::string(schema::kDocumentKind)));
    const bool every_document = query.get_type() == Xapian::Query::LEAF_MATCH_ALL;
    const bool filtered =
        !from.empty() || !to.empty() ||
        std::any_of(selected.begin(), selected.end(), [](const auto& ids) { return !ids.empty(); });
    for (const CountedShard& shard : shards_) {
        if (shard.facets == nullptr) {
            count_by_passes(*shard.db, nullptr, documents, selection, merged);
            continue;
        }
        const FacetIndex& index = *shard.facets;
        FacetFilters filters;
        for (std::size_t family = 0; family < kFacetFamilies; ++family) {
            if (selected[family].empty()) {
                continue;
            }
            std::vector<bool> allowed(index.values(static_cast<FacetFamily>(family)).size(), false);
            for (const std::string& id : selected[family]) {
                if (auto ordinal = index.ordinal(static_cast<FacetFamily>(family), id)) {
                    allowed[*ordinal] = true;
                }
            }
            filters.allowed[family] = std::move(allowed);
        }
        if (!from.empty() || !to.empty()) {
            filters.dates = {from.empty() ? 0U : static_cast<std::uint32_t>(std::stoul(from)),
                             to.empty() ? 99991231U : static_cast<std::uint32_t>(std::stoul(to))};
        }
        if (every_document) {
            // Browsing: the matches are every document record, which the index lists itself.
            SpyPass pass;
            pass.counts = count_every_document(index, filters);
            add_pass(index, pass, true, kEveryFamily, true, merged);
            continue;
        }
        Xapian::Enquire counter(*shard.db);
        counter.set_query(documents);
        counter.set_weighting_scheme(Xapian::BoolWeight());
        const SpyPass pass = spy_pass(counter, index, filters);
        if (!pass.exact && filtered) {
            // The exact limit is on the documents that match, filters included, not on what
            // the words match before them: "sanctions" may match 180,000 documents and
            // "sanctions" in Ukraine since 2024 only 8,000, which must be counted, not
            // estimated. The spy saw only the first documents of the words' matches, so count
            // again with the filters in the query, one pass per filtered family.
            count_by_passes(*shard.db, &index, documents, selection, merged);
            continue;
        }
        add_pass(index, pass, true, kEveryFamily, true, merged);
    }
    return merged;
}

void FacetCounter::count_by_passes(const Xapian::Database& db, const FacetIndex* index,
                                   const Xapian::Query& documents, const FacetSelection& selection,
                                   FacetTotals& merged) const {
    // Xapian's own ValueCountMatchSpy is all a stock xapian-tcpsrv runs, and it cannot test the
    // facet filters per document; a FacetSpy that the spy pass stopped early cannot either. So:
    // one pass with every filter (the total and the counts of unfiltered families), and one
    // pass per filtered family with every filter but its own.
    constexpr std::size_t kDates = kFacetFamilies;  // the date range, counted by month
    std::array<std::optional<Xapian::Query>, kFacetFamilies + 1> filter;
    for (std::size_t family = 0; family < kFacetFamilies; ++family) {
        filter[family] = selection.family_filter(family);
    }
    filter[kDates] = selection.date_filter();
    auto run = [&](std::optional<std::size_t> without, const std::vector<std::size_t>& families,
                   bool dates, bool total) {
        std::vector<Xapian::Query> parts{documents};
        for (std::size_t f = 0; f <= kDates; ++f) {
            if (filter[f] && (!without || *without != f)) {
                parts.push_back(*filter[f]);
            }
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(parts.size() == 1
                              ? documents
                              : Xapian::Query(Xapian::Query::OP_FILTER, documents,
                                              Xapian::Query(Xapian::Query::OP_AND,
                                                            parts.begin() + 1, parts.end())));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        if (index != nullptr) {
            // A spy without filters of its own counts every document of the pass.
            add_pass(*index, spy_pass(enquire, *index, FacetFilters{}), total, families, dates,
                     merged);
            return;
        }
        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
        for (const std::size_t family : families) {
            spies.push_back(
                std::make_unique<Xapian::ValueCountMatchSpy>(schema::facet_family(family).slot));
            enquire.add_matchspy(spies.back().get());
        }
        if (dates) {
            spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(schema::kDateSlot));
            enquire.add_matchspy(spies.back().get());
        }
        const Xapian::MSet all =
            enquire.get_mset(0, 0, static_cast<Xapian::doccount>(options_.exact_limit));
        const bool exact = all.get_matches_lower_bound() == all.get_matches_upper_bound();
        const auto seen =
            static_cast<Xapian::doccount>(spies.empty() ? 0 : spies.front()->get_total());
        const double scale = !exact && seen > 0 ? static_cast<double>(all.get_matches_estimated()) /
                                                      static_cast<double>(seen)
                                                : 1.0;
        merged.exact = merged.exact && exact;
        if (total) {
            merged.total_exact = merged.total_exact && exact;
            merged.total += static_cast<double>(all.get_matches_estimated());
        }
        for (std::size_t i = 0; i < families.size(); ++i) {
            add_value_counts(*spies[i], scale, merged.by_id[families[i]]);
        }
        if (dates) {
            const auto& spy = *spies.back();
            for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
                const std::string day = *it;
                if (day.size() == 8) {
                    merged.by_month[static_cast<std::uint32_t>(std::stoul(day.substr(0, 6)))] +=
                        static_cast<double>(it.get_termfreq()) * scale;
                }
            }
        }
    };
    std::vector<std::size_t> unfiltered;
    for (std::size_t family = 0; family < kFacetFamilies; ++family) {
        if (!filter[family]) {
            unfiltered.push_back(family);
        }
    }
    run(std::nullopt, unfiltered, !filter[kDates], true);
    for (std::size_t family = 0; family < kFacetFamilies; ++family) {
        if (filter[family]) {
            run(family, {family}, false, false);
        }
    }
    if (filter[kDates]) {
        run(kDates, {}, true, false);
    }
}

void FacetCounter::fill(const SearchRequest& request, const FacetTotals& counts,
                        SearchResult& result) const {
    const std::array<const std::vector<std::string>*, kFacetFamilies> chosen = {
        &request.parties, &request.regions, &request.agreements, &request.types,
        &request.languages};
    for (std::size_t family = 0; family < kFacetFamilies; ++family) {
        std::map<std::string, double> by_id = counts.by_id[family];
        for (const std::string& id : *chosen[family]) {
            by_id.try_emplace(family == 3 ? schema::normalize_type(id) : id, 0.0);
        }
        std::vector<FacetValue> values;
        for (const auto& [id, count] : by_id) {
            FacetValue value;
            value.id = id;
            value.count = static_cast<std::size_t>(std::llround(count));
            value.selected = std::find(chosen[family]->begin(), chosen[family]->end(), id) !=
                             chosen[family]->end();
            if (family == 3) {
                value.label = type_label(id);
            } else if (family == 4) {
                value.label = language_name(id);
            } else {
                value.label = label_of(gazetteer_, id);
                if (const auto index = gazetteer_.find(id); index && family == 1) {
                    value.parent = gazetteer_.entity(*index).parent;
                    if (!value.parent.empty()) {
                        value.parent_label = label_of(gazetteer_, value.parent);
                    }
                }
            }
            values.push_back(std::move(value));
        }
        std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
            return a.count != b.count ? a.count > b.count : a.label < b.label;
        });
        if (values.size() > options_.facet_values) {
            // Keep the selected values even past the cut.
            const auto cut = values.begin() + static_cast<std::ptrdiff_t>(options_.facet_values);
            const auto kept = std::stable_partition(cut, values.end(),
                                                    [](const FacetValue& v) { return v.selected; });
            values.erase(kept, values.end());
        }
        result.facets[std::string(schema::facet_family(family).name)] = std::move(values);
    }
    std::map<std::string, std::size_t> years;
    std::vector<FacetValue> months;
    for (const auto& [month, count] : counts.by_month) {
        const auto rounded = static_cast<std::size_t>(std::llround(count));
        years[std::to_string(month / 100)] += rounded;
        std::array<char, 16> id{};
        std::snprintf(id.data(), id.size(), "%04u-%02u", month / 100, month % 100);
        months.push_back({id.data(), id.data(), rounded, {}, {}, false});
    }
    std::vector<FacetValue> year_values;
    for (auto it = years.rbegin(); it != years.rend(); ++it) {
        year_values.push_back({it->first, it->first, it->second, {}, {}, false});
    }
    result.facets["year"] = std::move(year_values);
    result.facets["month"] = std::move(months);
}

}  // namespace accord::search::detail
