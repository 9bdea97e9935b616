#include "accord/search/facets.hpp"

#include <algorithm>

#include "accord/schema/schema.hpp"

namespace accord::search {
namespace {

std::uint32_t parse_date_value(const std::string& value) {
    if (value.size() != 8) {
        return 0;
    }
    std::uint32_t date = 0;
    for (const char ch : value) {
        if (ch < '0' || ch > '9') {
            return 0;
        }
        date = date * 10 + static_cast<std::uint32_t>(ch - '0');
    }
    return date;
}

}  // namespace

std::shared_ptr<const FacetIndex> FacetIndex::load(const Xapian::Database& db) {
    auto index = std::make_shared<FacetIndex>();
    const Xapian::docid last = db.get_lastdocid();
    const std::size_t size = static_cast<std::size_t>(last) + 1;

    index->is_document_.assign(size, 0);
    for (auto it = db.valuestream_begin(schema::kHashSlot);
         it != db.valuestream_end(schema::kHashSlot); ++it) {
        if (it.get_docid() < size) {
            index->is_document_[it.get_docid()] = 1;
            ++index->documents_;
        }
    }
    index->dates_.assign(size, 0);
    for (auto it = db.valuestream_begin(schema::kDateSlot);
         it != db.valuestream_end(schema::kDateSlot); ++it) {
        if (it.get_docid() < size) {
            const std::uint32_t date = parse_date_value(*it);
            index->dates_[it.get_docid()] = date;
            if (date != 0 && index->is_document_[it.get_docid()] != 0) {
                ++index->months_[date / 100];
            }
        }
    }
    for (std::size_t family = 0; family < kFacetFamilies; ++family) {
        Column& column = index->columns_[family];
        column.offsets.assign(size + 1, 0);
        Xapian::docid next = 0;  // docids below this have their offsets set
        const auto slot = schema::facet_family(family).slot;
        for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
            const Xapian::docid did = it.get_docid();
            if (did >= size) {
                break;
            }
            while (next <= did) {
                column.offsets[next++] = static_cast<std::uint32_t>(column.ordinals.size());
            }
            const std::string value = *it;
            schema::for_each_packed(value, [&](std::string_view item) {
                std::string id(item);
                auto [found, inserted] = column.lookup.try_emplace(
                    id, static_cast<std::uint32_t>(column.dictionary.size()));
                if (inserted) {
                    column.dictionary.push_back(std::move(id));
                }
                column.ordinals.push_back(found->second);
            });
        }
        while (next <= size) {
            column.offsets[next++] = static_cast<std::uint32_t>(column.ordinals.size());
        }
        column.totals.assign(column.dictionary.size(), 0);
        for (Xapian::docid did = 0; did < size; ++did) {
            if (index->is_document_[did] == 0) {
                continue;
            }
            for (std::uint32_t at = column.offsets[did]; at < column.offsets[did + 1]; ++at) {
                ++column.totals[column.ordinals[at]];
            }
        }
    }
    return index;
}

std::shared_ptr<const FacetIndex> FacetIndexCache::get(const std::string& path,
                                                       const Xapian::Database& db,
                                                       const std::string& state_key) {
    std::lock_guard lock(mutex_);
    auto& [key, index] = entries_[path];
    if (!index || key != state_key) {
        index = FacetIndex::load(db);
        key = state_key;
        // Generations retired by rebuilds leave entries under paths no searcher opens any
        // more: drop those only the cache still holds, so a server that lives through many
        // rebuilds does not keep every old index.
        for (auto entry = entries_.begin(); entry != entries_.end();) {
            if (entry->first != path && entry->second.second.use_count() == 1) {
                entry = entries_.erase(entry);
            } else {
                ++entry;
            }
        }
    }
    return index;
}

std::optional<std::uint32_t> FacetIndex::ordinal(FacetFamily family, const std::string& id) const {
    const Column& column = columns_[static_cast<std::size_t>(family)];
    const auto found = column.lookup.find(id);
    if (found == column.lookup.end()) {
        return std::nullopt;
    }
    return found->second;
}

std::span<const std::uint32_t> FacetIndex::of(FacetFamily family, Xapian::docid did) const {
    const Column& column = columns_[static_cast<std::size_t>(family)];
    if (did + 1 >= column.offsets.size()) {
        return {};
    }
    const std::uint32_t begin = column.offsets[did];
    const std::uint32_t end = column.offsets[did + 1];
    return {column.ordinals.data() + begin, end - begin};
}

std::size_t FacetIndex::memory_bytes() const {
    std::size_t bytes = is_document_.size() + dates_.size() * sizeof(std::uint32_t);
    for (const Column& column : columns_) {
        bytes += (column.offsets.size() + column.ordinals.size()) * sizeof(std::uint32_t);
        for (const auto& value : column.dictionary) {
            bytes += value.size() + 48;
        }
    }
    return bytes;
}

FacetSpy::FacetSpy(const FacetIndex& index, const FacetFilters& filters, FacetCounts& counts)
    : index_(index), filters_(filters), counts_(counts) {
    for (std::size_t family = 0; family < kFacetFamilies; ++family) {
        counts_.by_ordinal[family].assign(index.values(static_cast<FacetFamily>(family)).size(), 0);
        if (filters.allowed[family]) {
            active_.push_back(family);
        }
    }
}

void FacetSpy::count_family(std::size_t family, Xapian::docid did) {
    auto& counts = counts_.by_ordinal[family];
    for (const std::uint32_t ordinal : index_.of(static_cast<FacetFamily>(family), did)) {
        ++counts[ordinal];
    }
}

void FacetSpy::count_month(Xapian::docid did) {
    if (const std::uint32_t date = index_.date(did); date != 0) {
        ++counts_.by_month[date / 100];
    }
}

void FacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
    count(doc.get_docid());
}

void FacetSpy::count(Xapian::docid did) {
    if (!index_.is_document(did)) {
        return;  // a passage, or a document newer than this generation's FacetIndex
    }
    ++counts_.seen;
    constexpr std::size_t kDateFamily = kFacetFamilies;
    std::size_t failing = 0;
    std::size_t failed_family = 0;
    for (const std::size_t family : active_) {
        const std::vector<bool>& allowed = *filters_.allowed[family];
        bool pass = false;
        for (const std::uint32_t ordinal : index_.of(static_cast<FacetFamily>(family), did)) {
            if (ordinal < allowed.size() && allowed[ordinal]) {
                pass = true;
                break;
            }
        }
        if (!pass) {
            if (++failing > 1) {
                return;
            }
            failed_family = family;
        }
    }
    if (filters_.dates) {
        const std::uint32_t date = index_.date(did);
        if (date < filters_.dates->first || date > filters_.dates->second) {
            if (++failing > 1) {
                return;
            }
            failed_family = kDateFamily;
        }
    }
    if (failing == 0) {
        ++counts_.total;
        for (std::size_t family = 0; family < kFacetFamilies; ++family) {
            count_family(family, did);
        }
        count_month(did);
    } else if (failed_family == kDateFamily) {
        count_month(did);
    } else {
        count_family(failed_family, did);
    }
}

FacetCounts count_every_document(const FacetIndex& index, const FacetFilters& filters) {
    FacetCounts counts;
    const bool unfiltered =
        !filters.dates && std::none_of(filters.allowed.begin(), filters.allowed.end(),
                                       [](const auto& allowed) { return allowed.has_value(); });
    if (unfiltered) {
        // Every document, no filter: the counts are the index's own totals.
        counts.total = counts.seen = index.documents();
        for (std::size_t family = 0; family < kFacetFamilies; ++family) {
            counts.by_ordinal[family] = index.totals(static_cast<FacetFamily>(family));
        }
        counts.by_month = index.months();
        return counts;
    }
    FacetSpy spy(index, filters, counts);
    for (Xapian::docid did = 1; did <= index.last_docid(); ++did) {
        spy.count(did);
    }
    return counts;
}

}  // namespace accord::search
