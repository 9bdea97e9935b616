#include "ranker.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "accord/schema/facet_families.hpp"
#include "accord/schema/schema.hpp"

namespace accord::search::detail {
namespace {

/// A fixed set of records, as a posting source: restricts a query to the records a first
/// ranking found, so re-ranking them reads the feedback terms' postings for those alone.
/// Docids are the combined database's; Xapian opens a copy per shard (clone, then init with
/// the shard), which keeps that shard's records with their local docids.
class RecordSet : public Xapian::PostingSource {
public:
    RecordSet(std::shared_ptr<const std::vector<Xapian::docid>> combined,
              std::shared_ptr<const std::vector<std::string>> shards)
        : combined_(std::move(combined)), shards_(std::move(shards)) {}

    [[nodiscard]] Xapian::PostingSource* clone() const override {
        return new RecordSet(combined_, shards_);
    }
    void init(const Xapian::Database& db) override {
        local_.clear();
        at_ = 0;
        started_ = false;
        const std::size_t count = shards_->size();
        std::size_t shard = 0;
        if (count > 1) {
            const auto found = std::find(shards_->begin(), shards_->end(), db.get_uuid());
            shard = static_cast<std::size_t>(found - shards_->begin());
        }
        // Xapian interleaves shards: combined docid = (local - 1) * shards + shard + 1.
        for (const Xapian::docid did : *combined_) {
            if (count <= 1) {
                local_.push_back(did);
            } else if ((did - 1) % count == shard) {
                local_.push_back(static_cast<Xapian::docid>((did - 1) / count + 1));
            }
        }
        std::sort(local_.begin(), local_.end());
        termfreq_ = static_cast<Xapian::doccount>(local_.size());
    }
    [[nodiscard]] Xapian::doccount get_termfreq_min() const override { return termfreq_; }
    [[nodiscard]] Xapian::doccount get_termfreq_est() const override { return termfreq_; }
    [[nodiscard]] Xapian::doccount get_termfreq_max() const override { return termfreq_; }
    void next(double) override {
        if (started_) {
            ++at_;
        }
        started_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        at_ = static_cast<std::size_t>(
            std::lower_bound(local_.begin() + static_cast<std::ptrdiff_t>(at_), local_.end(), did) -
            local_.begin());
    }
    [[nodiscard]] bool at_end() const override { return started_ && at_ >= local_.size(); }
    [[nodiscard]] Xapian::docid get_docid() const override { return local_[at_]; }
    [[nodiscard]] std::string name() const override { return "Accord::RecordSet"; }

private:
    std::shared_ptr<const std::vector<Xapian::docid>> combined_;
    std::shared_ptr<const std::vector<std::string>> shards_;
    std::vector<Xapian::docid> local_;
    std::size_t at_ = 0;
    bool started_ = false;
    Xapian::doccount termfreq_ = 0;
};

void append(const Xapian::MSet& mset, Xapian::doccount from, Xapian::doccount to,
            std::vector<Ranked>& out) {
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::doccount rank = it.get_rank();
        if (rank >= from && rank < to) {
            out.push_back({*it, it.get_weight(), it.get_collapse_key(), it.get_document()});
        }
    }
}

}  // namespace

Ranker::Ranker(const Xapian::Database& db, const SearchOptions& options,
               std::vector<std::string> shard_uuids, bool local)
    : db_(db), options_(options), shard_uuids_(std::move(shard_uuids)), local_(local) {}

Xapian::Enquire Ranker::enquire(const Xapian::Query& query, bool by_date) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    const RankingOptions& r = options_.ranking;
    if (r.weighting == Weighting::kIneB2) {
        enquire.set_weighting_scheme(Xapian::IneB2Weight(r.c));
    } else {
        enquire.set_weighting_scheme(Xapian::BM25Weight(r.k1, r.k2, r.k3, r.b, r.min_normlen));
    }
    enquire.set_collapse_key(schema::kDocIdSlot);
    // Ties go by document id, not by docid, so the order is the same however the documents
    // are spread over shards.
    if (by_date) {
        enquire.set_sort_by_value_then_relevance(schema::kNewestFirstSlot, false);
    } else {
        enquire.set_sort_by_relevance_then_value(schema::kDocIdSlot, false);
    }
    return enquire;
}

RankedPage Ranker::rank(const Xapian::Query& query, const ParsedQuery& parsed, bool by_date,
                        bool feedback, Xapian::doccount offset, Xapian::doccount limit,
                        Xapian::doccount check) const {
    RankedPage page;
    const Xapian::Query ranked = by_date ? query : with_proximity(query, parsed);
    const bool feeding_back =
        !by_date && feedback && options_.feedback_documents > 0 && parsed.used_or;
    if (!feeding_back) {
        const Xapian::MSet mset = enquire(ranked, by_date).get_mset(offset, limit, check);
        append(mset, 0, mset.size() + offset, page.items);
        page.lower = mset.get_matches_lower_bound();
        page.upper = mset.get_matches_upper_bound();
        page.estimated = mset.get_matches_estimated();
        return page;
    }
    // First the query's own order, as deep as re-ranking and the page need; then its best
    // records again with the feedback terms of the very best.
    const Xapian::MSet first =
        enquire(ranked, false)
            .get_mset(0, std::max(options_.feedback_depth, offset + limit), check);
    page.lower = first.get_matches_lower_bound();
    page.upper = first.get_matches_upper_bound();
    page.estimated = first.get_matches_estimated();
    const Xapian::Query terms = feedback_query(ranked, first);
    if (terms.empty()) {
        append(first, offset, offset + limit, page.items);
        return page;
    }
    // AND_MAYBE: the feedback terms add weight but never add matches, so the answer's
    // documents and counts stay those of the query itself.
    const Xapian::Query expanded(Xapian::Query::OP_AND_MAYBE, ranked, terms);
    const Xapian::doccount depth = std::min(options_.feedback_depth, first.size());
    std::vector<Ranked> order;
    if (local_) {
        // Only the best records of the first ranking, found by docid.
        auto records = std::make_shared<std::vector<Xapian::docid>>();
        for (auto it = first.begin(); it != first.end() && it.get_rank() < depth; ++it) {
            records->push_back(*it);
        }
        RecordSet source(records, std::make_shared<const std::vector<std::string>>(shard_uuids_));
        const Xapian::MSet reranked =
            enquire(Xapian::Query(Xapian::Query::OP_FILTER, expanded, Xapian::Query(&source)),
                    false)
                .get_mset(0, depth);
        append(reranked, 0, depth, order);
    } else if (depth > 0) {
        // A remote shard runs no custom posting source: every record weighing at least the
        // last of the best (theirs only gain weight) is ranked, and the others are dropped.
        std::set<Xapian::docid> best;
        double floor = 0;
        for (auto it = first.begin(); it != first.end() && it.get_rank() < depth; ++it) {
            best.insert(*it);
            floor = it.get_weight();
        }
        Xapian::Enquire wide = enquire(expanded, false);
        wide.set_cutoff(0, floor);
        const Xapian::MSet reranked = wide.get_mset(0, first.get_matches_upper_bound());
        for (auto it = reranked.begin(); it != reranked.end() && order.size() < depth; ++it) {
            if (best.count(*it) != 0) {
                order.push_back({*it, it.get_weight(), it.get_collapse_key(), it.get_document()});
            }
        }
    }
    append(first, depth, offset + limit, order);
    for (Xapian::doccount i = offset; i < order.size() && i < offset + limit; ++i) {
        page.items.push_back(std::move(order[i]));
    }
    return page;
}

Xapian::Query Ranker::with_proximity(const Xapian::Query& query, const ParsedQuery& parsed) const {
    std::vector<Xapian::Query> boosts;
    const auto add = [&boosts](const std::vector<Xapian::Query>& pairs, double weight) {
        if (weight > 0) {
            for (const Xapian::Query& pair : pairs) {
                boosts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, pair, weight);
            }
        }
    };
    add(parsed.ordered_pairs, options_.ranking.ordered_pair_weight);
    add(parsed.unordered_pairs, options_.ranking.unordered_pair_weight);
    if (boosts.empty()) {
        return query;
    }
    // AND_MAYBE: closeness adds weight but never adds matches.
    return {Xapian::Query::OP_AND_MAYBE, query,
            Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end())};
}

Xapian::Query Ranker::feedback_query(const Xapian::Query& query, const Xapian::MSet& top) const {
    if (top.empty()) {
        return {};
    }
    std::set<std::string> own;
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        own.insert(*it);
    }
    // Offer weight r·w of the Robertson–Sparck Jones relevance weight w, from statistics of
    // the whole collection (Xapian's own ESet weighs each shard apart, so its choice would
    // change with the sharding).
    // Terms in two feedback documents or more (in one only: noise). A long record offers its
    // schema::kFeedbackTerms most frequent terms (stored at index time: its whole term list
    // would cost time in proportion to its length); a short one, its whole term list.
    const Xapian::doccount used = std::min(top.size(), options_.feedback_documents);
    const std::size_t need = used >= 2 ? 2 : 1;
    std::map<std::string, std::size_t> in_documents;  // term → feedback documents holding it
    for (auto it = top.begin(); it != top.end() && it.get_rank() < used; ++it) {
        const Xapian::Document document = it.get_document();
        const std::string packed = document.get_value(schema::kFeedbackTermsSlot);
        const auto offer = [&](std::string term) {
            if (term.size() > 2 && !(term[0] >= 'A' && term[0] <= 'Z') && own.count(term) == 0) {
                ++in_documents[std::move(term)];
            }
        };
        if (!packed.empty()) {
            schema::for_each_packed(packed,
                                    [&](std::string_view term) { offer(std::string(term)); });
            continue;
        }
        for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
            offer(*term);
        }
    }
    const auto documents = static_cast<double>(db_.get_doccount());
    const auto feedback = static_cast<double>(used);
    std::vector<std::pair<double, std::string>> offers;
    for (const auto& [term, count] : in_documents) {
        if (count < need) {
            continue;  // in one feedback document only: noise
        }
        const auto r = static_cast<double>(count);
        const auto n = static_cast<double>(db_.get_termfreq(term));
        const double w = std::log(((r + 0.5) / (feedback - r + 0.5)) /
                                  ((n - r + 0.5) / (documents - n - feedback + r + 0.5)));
        if (w > 0) {
            offers.emplace_back(r * w, term);
        }
    }
    if (offers.empty()) {
        return {};
    }
    const std::size_t keep = std::min<std::size_t>(offers.size(), options_.feedback_terms);
    std::partial_sort(offers.begin(), offers.begin() + static_cast<std::ptrdiff_t>(keep),
                      offers.end(), [](const auto& a, const auto& b) {
                          return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    const double best = offers.front().first;
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < keep; ++i) {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(offers[i].second),
                           options_.feedback_weight * offers[i].first / best);
    }
    return {Xapian::Query::OP_OR, parts.begin(), parts.end()};
}

}  // namespace accord::search::detail
