#include "accord/search/searcher.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "accord/schema/facet_families.hpp"
#include "accord/schema/schema.hpp"
#include "accord/schema/stored_record.hpp"
#include "accord/schema/stub_file.hpp"
#include "accord/schema/text_chunks.hpp"
#include "accord/schema/values.hpp"
#include "accord/search/errors.hpp"

#include "facet_counter.hpp"
#include "passage_snippets.hpp"
#include "ranker.hpp"

namespace accord::search {

namespace {

constexpr int kRetries = 3;

Xapian::Database open_one(const std::string& path, const SearchOptions& options) {
    try {
        if (path.rfind("remote:", 0) == 0) {
            const std::string rest = path.substr(7);
            const auto colon = rest.rfind(':');
            if (colon == std::string::npos) {
                throw DatabaseUnavailable("remote database needs HOST:PORT: " + path);
            }
            const unsigned port = static_cast<unsigned>(std::stoul(rest.substr(colon + 1)));
            // A shard that is down fails within the connect timeout; one that stops answering
            // mid-search, within the operation timeout (docs/scaling.md).
            return Xapian::Remote::open(rest.substr(0, colon), port,
                                        static_cast<useconds_t>(options.remote_timeout_ms),
                                        static_cast<useconds_t>(options.remote_connect_timeout_ms));
        }
        return Xapian::Database(path);
    } catch (const Xapian::Error& error) {
        throw DatabaseUnavailable("cannot open database " + path + ": " + error.get_description());
    } catch (const std::invalid_argument&) {
        throw DatabaseUnavailable("bad remote port in " + path);
    }
}

/// The databases behind @p path: the shards a stub lists (a directory with XAPIANDB, or a stub
/// file; schema/stub_file.hpp), or @p path itself. Each becomes a shard of its own, because facet
/// counting runs per shard (match spies see shard-local document ids).
void expand_database(const std::string& path, std::vector<std::string>& out, int depth = 0) {
    const auto stub =
        path.rfind("remote:", 0) == 0 || depth > 4 ? std::nullopt : schema::stub_file_of(path);
    if (!stub) {
        out.push_back(path);
        return;
    }
    std::vector<schema::StubEntry> entries;
    try {
        entries = schema::read_stub(*stub);
    } catch (const schema::StubError& error) {
        throw DatabaseUnavailable(error.what());
    }
    for (const schema::StubEntry& entry : entries) {
        if (entry.kind == schema::StubEntry::Kind::kRemote) {
            out.push_back("remote:" + entry.target);
        } else {
            expand_database(entry.target, out, depth + 1);
        }
    }
}

std::string parse_iso_date(const std::string& text, bool end) {
    if (text.empty()) {
        return {};
    }
    return date_bound(text, end);
}

std::string label_of(const analyzers::Gazetteer& gazetteer, const std::string& id) {
    if (const auto index = gazetteer.find(id)) {
        return gazetteer.entity(*index).label;
    }
    return id;
}

}  // namespace

Searcher::Searcher(std::vector<std::string> databases,
                   std::shared_ptr<const analyzers::Gazetteer> gazetteer, SearchOptions options,
                   std::shared_ptr<FacetIndexCache> facet_cache)
    : paths_(std::move(databases)),
      gazetteer_(std::move(gazetteer)),
      options_(options),
      analyzer_(gazetteer_),
      parser_(analyzer_, terms_, options_.parser),
      highlighter_(analyzer_.tokenizer(), terms_),
      facet_cache_(facet_cache ? std::move(facet_cache) : std::make_shared<FacetIndexCache>()) {
    if (paths_.empty()) {
        throw DatabaseUnavailable("no database to search");
    }
    try {
        open();
    } catch (const Xapian::Error& error) {
        throw DatabaseUnavailable(error.get_description());
    }
}

std::string Searcher::stub_signature() const {
    // A rebuild renames a new XAPIANDB stub into place; its content names the generation. A
    // stub file given as the database (shards on other machines) is watched the same way, so
    // an operator moves shards by renaming a new stub over it (docs/scaling.md).
    std::string signature;
    for (const std::string& path : paths_) {
        std::error_code error;
        const std::filesystem::path stub = std::filesystem::is_regular_file(path, error)
                                               ? std::filesystem::path(path)
                                               : std::filesystem::path(path) / "XAPIANDB";
        std::ifstream in(stub);
        if (in) {
            signature.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        signature.push_back('\n');
    }
    return signature;
}

void Searcher::open() {
    signature_ = stub_signature();
    std::vector<std::string> expanded;
    for (const std::string& path : paths_) {
        expand_database(path, expanded);
    }
    Xapian::Database combined;
    std::vector<Shard> shards;
    for (const std::string& path : expanded) {
        Shard shard{path, open_one(path, options_), nullptr, {}};
        combined.add_database(shard.db);
        shards.push_back(std::move(shard));
    }
    db_ = combined;
    shards_ = std::move(shards);
    load_facets();
}

void Searcher::load_facets() {
    // Custom match spies do not run on remote shards: those are counted with Xapian's own
    // ValueCountMatchSpy instead (count_by_passes; see docs/scaling.md).
    for (Shard& shard : shards_) {
        if (shard.path.rfind("remote:", 0) == 0) {
            continue;
        }
        const std::string key = shard.db.get_uuid() + "@" + std::to_string(shard.db.get_revision());
        if (!shard.facets || key != shard.facets_key) {
            shard.facets = facet_cache_->get(shard.path, shard.db, key);
            shard.facets_key = key;
        }
    }
}

bool Searcher::refresh() {
    try {
        return reopen();
    } catch (const Xapian::Error& error) {
        throw DatabaseUnavailable("cannot reopen the database: " + error.get_description());
    }
}

bool Searcher::reopen() {
    if (lost_connection_ || stub_signature() != signature_) {
        open();  // throws DatabaseUnavailable while a remote shard is still down
        lost_connection_ = false;
        return true;
    }
    bool changed = false;
    try {
        changed = db_.reopen();
    } catch (const Xapian::DatabaseError&) {
        open();  // the generation we had was removed under us
        return true;
    } catch (const Xapian::NetworkError&) {
        lost_connection_ = true;  // a remote shard restarted: connect again
        open();
        lost_connection_ = false;
        return true;
    }
    if (changed) {
        load_facets();
    }
    return changed;
}

std::size_t Searcher::documents_with(FacetFamily family, const std::string& id) {
    std::size_t total = 0;
    for (const Shard& shard : shards_) {
        if (!shard.facets) {
            continue;
        }
        if (const auto ordinal = shard.facets->ordinal(family, id)) {
            total += shard.facets->document_count(family, *ordinal);
        }
    }
    return total;
}

std::size_t Searcher::document_count() {
    for (int attempt = 0;; ++attempt) {
        try {
            return db_.get_termfreq(std::string(schema::kDocumentKind));
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= kRetries) {
                throw DatabaseUnavailable("the database kept changing");
            }
            refresh();
        } catch (const Xapian::NetworkError& error) {
            lost_connection_ = true;
            throw DatabaseUnavailable("a remote shard failed: " + error.get_description());
        } catch (const Xapian::Error& error) {
            throw DatabaseUnavailable(error.get_description());
        }
    }
}

namespace {

/// A shard's revision; 0 for a remote shard, which cannot tell (Xapian's remote backend throws
/// UnimplementedError for get_revision).
std::uint64_t revision_of(const Xapian::Database& db) {
    try {
        return static_cast<std::uint64_t>(db.get_revision());
    } catch (const Xapian::UnimplementedError&) {
        return 0;
    } catch (const Xapian::Error& error) {
        throw DatabaseUnavailable(error.get_description());
    }
}

}  // namespace

std::string Searcher::state_key() {
    std::string key;
    for (const Shard& shard : shards_) {
        try {
            key += shard.db.get_uuid();
        } catch (const Xapian::Error& error) {
            throw DatabaseUnavailable(error.get_description());
        }
        key += '@';
        key += std::to_string(revision_of(shard.db));
        key += ';';
    }
    return key;
}

std::uint64_t Searcher::generation() {
    std::uint64_t sum = 0;
    for (const Shard& shard : shards_) {
        sum += revision_of(shard.db);
    }
    return sum;
}

void Searcher::validate(const SearchRequest& request) const {
    if (request.limit > options_.max_limit) {
        throw InvalidRequest("limit_out_of_range",
                             "limit must be between 0 and " + std::to_string(options_.max_limit));
    }
    if (request.offset > options_.max_offset) {
        throw InvalidRequest("offset_out_of_range",
                             "offset must be between 0 and " + std::to_string(options_.max_offset));
    }
    for (const auto* list : {&request.parties, &request.regions, &request.agreements,
                             &request.types, &request.languages}) {
        if (list->size() > 100) {
            throw InvalidRequest("too_many_filters", "at most 100 values per filter");
        }
    }
}

Xapian::Query Searcher::more_like_query(const std::string& id) {
    const std::string term = schema::id_term(id);
    auto posting = db_.postlist_begin(term);
    if (posting == db_.postlist_end(term)) {
        throw DocumentNotFound(id);
    }
    Xapian::RSet relevant;
    relevant.add_document(*posting);
    Xapian::Enquire enquire(db_);
    // Only free-text terms: prefixed terms start with an ASCII capital.
    struct TextTerms : Xapian::ExpandDecider {
        bool operator()(const std::string& term) const override {
            return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') && term.size() > 2;
        }
    } text_terms;
    const Xapian::ESet expand = enquire.get_eset(30, relevant, &text_terms);
    std::vector<Xapian::Query> parts;
    for (auto it = expand.begin(); it != expand.end(); ++it) {
        parts.emplace_back(*it);
    }
    if (parts.empty()) {
        return {};  // matches nothing
    }
    // Not the document itself, nor its own passages.
    return {Xapian::Query::OP_AND_NOT,
            Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
            Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(schema::id_term(id)),
                          Xapian::Query(schema::parent_term(id)))};
}

SearchResult Searcher::search(const SearchRequest& request) {
    validate(request);
    for (int attempt = 0;; ++attempt) {
        try {
            return run(request);
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= kRetries) {
                throw DatabaseUnavailable("the database kept changing during the search");
            }
            refresh();
        } catch (const Xapian::NetworkError& error) {
            // No partial answers: totals and facets without a shard would mislead. The next
            // refresh() connects again, so the searcher recovers when the shard is back.
            lost_connection_ = true;
            throw DatabaseUnavailable("a remote shard failed: " + error.get_description());
        } catch (const Xapian::DatabaseError& error) {
            if (attempt >= kRetries) {
                throw DatabaseUnavailable(error.get_description());
            }
            refresh();
        } catch (const Xapian::Error& error) {
            throw DatabaseUnavailable(error.get_description());
        }
    }
}

SearchResult Searcher::run(const SearchRequest& request) {
    const auto started = std::chrono::steady_clock::now();
    // The facet indexes must describe the revisions being searched: a load that failed in
    // refresh() (the writer committed twice meanwhile) left a shard's index behind its
    // database. Comparing keys is cheap; a load that fails here is retried by search().
    load_facets();
    SearchResult result;
    result.query = request.query;
    result.offset = request.offset;
    result.limit = request.limit;

    ParsedQuery parsed;
    if (!request.more_like.empty()) {
        parsed.query = more_like_query(request.more_like);
        parsed.match_all = false;
        parsed.used_or = true;
    } else {
        parsed = parser_.parse(request.query, &db_);
    }

    // Request filters, one query per family, so a family's counts can leave its own out.
    std::array<std::vector<std::string>, kFacetFamilies> selected;
    selected[0] = request.parties;
    selected[1] = request.regions;
    selected[2] = request.agreements;
    for (const std::string& type : request.types) {
        selected[3].push_back(schema::normalize_type(type));
    }
    for (const std::string& language : request.languages) {
        std::string code = language;
        std::transform(code.begin(), code.end(), code.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        selected[4].push_back(code);
    }
    for (std::size_t family = 0; family < kFacetFamilies; ++family) {
        if (schema::facet_family(family).entity_backed) {
            for (std::string& id : selected[family]) {
                id = parser_.resolve_entity(id, schema::facet_family(family).name);
            }
        }
    }
    const std::string from = parse_iso_date(request.from, false);
    const std::string to = parse_iso_date(request.to, true);
    if (!from.empty() && !to.empty() && from > to) {
        throw InvalidRequest("invalid_date", "'from' is after 'to'");
    }
    const detail::FacetSelection selection{std::move(selected), from, to};
    std::vector<Xapian::Query> filters;
    for (std::size_t family = 0; family < kFacetFamilies; ++family) {
        if (auto filter = selection.family_filter(family)) {
            filters.push_back(std::move(*filter));
        }
    }
    if (auto dates = selection.date_filter()) {
        filters.push_back(std::move(*dates));
    }

    const bool by_date = request.sort == SortOrder::kDate ||
                         (request.sort == SortOrder::kDefault && parsed.match_all);
    result.sort = by_date ? "date" : "relevance";

    const auto with_filters = [&filters](const Xapian::Query& query) {
        return filters.empty() ? query
                               : Xapian::Query(Xapian::Query::OP_FILTER, query,
                                               Xapian::Query(Xapian::Query::OP_AND, filters.begin(),
                                                             filters.end()));
    };
    const bool counting = request.count || request.facets;
    // Count: every matching document record, filters evaluated by the spy.
    std::vector<detail::CountedShard> counted;
    for (const Shard& shard : shards_) {
        counted.push_back({&shard.db, shard.facets.get()});
    }
    const detail::FacetCounter counter(std::move(counted), options_, *gazetteer_);
    detail::FacetTotals counts;
    if (counting) {
        counts = counter.count(parsed.query, selection);
        result.total = static_cast<std::size_t>(std::llround(counts.total));
        result.total_exact = counts.total_exact;
        result.facets_approximate = !counts.total_exact || !counts.exact;
    }

    // Relaxing (docs/query-language.md): words that all had to match (the default for short
    // queries) relax when fewer than relax_below documents have them all; operators (AND, NEAR,
    // a phrase, +word) only when nothing matches them, so a query of words always answers when
    // a document has one of its words. The documents that had every word stay first.
    const bool implicit_and = !parsed.used_or && !parsed.operators && parsed.words >= 2;
    const bool relaxable =
        request.more_like.empty() && options_.relax_below > 0 && (implicit_and || parsed.operators);
    std::optional<ParsedQuery> strict;
    if (relaxable) {
        std::size_t strict_total = result.total;
        if (!counting) {
            // Only the page was asked for: count the strict matches as far as it matters.
            Xapian::Enquire probe(db_);
            probe.set_query(with_filters(parsed.query));
            probe.set_weighting_scheme(Xapian::BoolWeight());
            probe.set_collapse_key(schema::kDocIdSlot);
            strict_total = probe.get_mset(0, 0, static_cast<Xapian::doccount>(options_.relax_below))
                               .get_matches_lower_bound();
        }
        if (implicit_and ? strict_total < options_.relax_below : strict_total == 0) {
            ParsedQuery relaxed = parser_.parse(request.query, &db_, DefaultOperator::kAnyWord);
            if (counting) {
                const detail::FacetTotals wider = counter.count(relaxed.query, selection);
                const auto wider_total = static_cast<std::size_t>(std::llround(wider.total));
                if (wider_total > strict_total) {  // else any word found no more than all did
                    counts = wider;
                    result.total = wider_total;
                    result.total_exact = counts.total_exact;
                    result.facets_approximate = !counts.total_exact || !counts.exact;
                    result.relaxed = true;
                }
            } else {
                result.relaxed = true;
            }
            if (result.relaxed) {
                result.strict_total = strict_total;
                if (strict_total > 0) {
                    strict = std::move(parsed);
                }
                parsed = std::move(relaxed);
            }
        }
    }

    // Rank: the page, one hit per document (its best record), all filters applied. A relaxed
    // search ranks the documents that had every word first, then the others.
    const bool feedback = request.more_like.empty();
    const auto offset = static_cast<Xapian::doccount>(request.offset);
    const auto limit = static_cast<Xapian::doccount>(request.limit);
    std::vector<std::string> uuids;
    bool local = true;
    for (const Shard& shard : shards_) {
        uuids.push_back(shard.db.get_uuid());
        local = local && shard.facets != nullptr;  // remote shards have no FacetIndex
    }
    const detail::Ranker ranker(db_, options_, std::move(uuids), local);
    std::vector<std::pair<detail::RankedPage, const ParsedQuery*>> pages;
    if (strict && !by_date) {
        const auto strict_total = static_cast<Xapian::doccount>(result.strict_total);
        Xapian::doccount taken = 0;
        if (offset < strict_total) {
            pages.emplace_back(ranker.rank(with_filters(strict->query), *strict, false, feedback,
                                           offset, std::min(limit, strict_total - offset), 0),
                               &*strict);
            taken = static_cast<Xapian::doccount>(pages.back().first.items.size());
        }
        const Xapian::Query rest(Xapian::Query::OP_AND_NOT, with_filters(parsed.query),
                                 strict->query);
        pages.emplace_back(
            ranker.rank(rest, parsed, false, feedback,
                        offset > strict_total ? offset - strict_total : 0, limit - taken, 0),
            &parsed);
    } else {
        const Xapian::doccount check =
            counting || !request.count ? 0 : static_cast<Xapian::doccount>(options_.exact_limit);
        pages.emplace_back(ranker.rank(with_filters(parsed.query), parsed, by_date, feedback,
                                       offset, limit, check),
                           &parsed);
    }
    if (!counting) {
        const detail::RankedPage& last = pages.back().first;
        result.total_exact = last.lower == last.upper;
        result.total = last.items.empty() && request.offset == 0 ? 0 : last.estimated;
        if (strict && !by_date) {
            result.total += result.strict_total;
        }
        result.facets_approximate = !result.total_exact;
    }
    for (const auto& [page, page_query] : pages) {
        for (const detail::Ranked& item : page.items) {
            if (request.details) {
                result.hits.push_back(make_hit(item.docid, item.weight, item.document, *page_query,
                                               request.snippets));
            } else {
                Hit hit;  // the collapse key is the document id: no stored data to read
                hit.id = item.collapse_key;
                hit.score = item.weight;
                result.hits.push_back(std::move(hit));
            }
        }
    }
    if (request.facets) {
        counter.fill(request, counts, result);
    }
    if (request.details && !request.query.empty() && request.more_like.empty()) {
        result.suggestion = suggest(parsed, request.query);
    }
    result.took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return result;
}

Hit Searcher::make_hit(Xapian::docid docid, double weight, const Xapian::Document& document,
                       const ParsedQuery& parsed, bool snippets) {
    const std::string data = document.get_data();
    Hit hit;
    hit.score = weight;
    const auto stored = schema::decode_record(data);
    if (!stored) {
        hit.id = document.get_value(schema::kDocIdSlot);  // written by another schema version
        return hit;
    }
    hit.id = std::string(stored->id);
    hit.title = std::string(stored->title);
    hit.date = std::string(stored->date);
    hit.type = std::string(stored->type);
    hit.source = std::string(stored->source);
    hit.url = std::string(stored->url);
    hit.language = std::string(stored->language);
    hit.section = std::string(stored->section);
    if (!hit.section.empty()) {
        hit.section_start = stored->offset;
    }
    for (const auto& [family, ids] :
         {std::pair{"party", &stored->parties}, std::pair{"region", &stored->regions},
          std::pair{"agreement", &stored->agreements}}) {
        for (const std::string_view id : *ids) {
            hit.entities.push_back(
                {std::string(id), family, label_of(*gazetteer_, std::string(id))});
        }
    }
    if (snippets && stored->chunked()) {
        // Windows chosen from the position lists; only their chunks of text are read.
        detail::PassageSnippetOptions snippet_options;
        snippet_options.max_bytes = options_.snippet_bytes;
        snippet_options.count = options_.snippets_per_hit;
        std::vector<std::string> found = detail::passage_snippets(
            db_, docid, document, *stored, parsed, highlighter_, snippet_options);
        if (!found.empty()) {
            hit.snippet = found.front();
        }
        if (found.size() > 1) {
            hit.snippets = std::move(found);
        }
    } else if (snippets) {
        // Written before texts were chunked: the text is in the stored data.
        HighlightTargets targets;
        targets.terms = &parsed.highlight_terms;
        targets.prefixes = &parsed.highlight_prefixes;
        for (const auto& mention : stored->mentions) {
            if (parsed.highlight_entities.count(std::string(mention.entity)) != 0) {
                targets.spans.emplace_back(mention.start, mention.end);
            }
        }
        hit.snippet =
            highlighter_.snippet(stored->text, hit.language, targets, options_.snippet_bytes);
    }
    return hit;
}

std::optional<std::string> Searcher::suggest(const ParsedQuery& parsed, const std::string& query) {
    std::string suggestion = query;
    bool changed = false;
    // Replace from the end so earlier offsets stay valid.
    for (auto it = parsed.spellable.rbegin(); it != parsed.spellable.rend(); ++it) {
        if (it->folded.size() < 4 || it->term.empty() || db_.get_termfreq(it->term) > 0) {
            continue;
        }
        std::string better;
        try {
            better = db_.get_spelling_suggestion(it->folded, 2);
        } catch (const Xapian::Error&) {
            return std::nullopt;  // remote shards carry no spelling data
        }
        if (!better.empty() && better != it->folded) {
            suggestion.replace(it->start, it->end - it->start, better);
            changed = true;
        }
    }
    if (!changed) {
        return std::nullopt;
    }
    return suggestion;
}

std::optional<DocumentView> Searcher::document(const std::string& id) {
    for (int attempt = 0;; ++attempt) {
        try {
            const std::string term = schema::id_term(id);
            auto posting = db_.postlist_begin(term);
            if (posting == db_.postlist_end(term)) {
                return std::nullopt;
            }
            const Xapian::Document record = db_.get_document(*posting);
            const std::string data = record.get_data();
            const auto stored = schema::decode_record(data);
            if (!stored) {
                return std::nullopt;
            }
            schema::RecordText text = schema::read_text(record, *stored);
            DocumentView view;
            view.id = std::string(stored->id);
            view.title = std::string(stored->title);
            view.date = std::string(stored->date);
            view.source = std::string(stored->source);
            view.url = std::string(stored->url);
            view.type = std::string(stored->type);
            view.language = std::string(stored->language);
            view.body = std::move(text.text);
            for (const auto& mention : text.mentions) {
                if (mention.end > view.body.size() || mention.start >= mention.end) {
                    continue;
                }
                const std::string named(mention.entity);
                DocumentView::Mention out;
                out.start = mention.start;
                out.end = mention.end;
                out.text = view.body.substr(out.start, out.end - out.start);
                if (const auto index = gazetteer_->find(named)) {
                    const auto& entity = gazetteer_->entity(gazetteer_->entity(*index).facet);
                    out.id = entity.id;
                    out.type = std::string(analyzers::to_string(entity.type));
                    out.label = entity.label;
                    if (entity.id != named) {
                        out.via = named;
                    }
                } else {
                    out.id = named;
                    out.label = named;
                }
                view.mentions.push_back(std::move(out));
            }
            for (const auto& [family, ids] :
                 {std::pair{FacetFamily::kParty, &stored->parties},
                  std::pair{FacetFamily::kRegion, &stored->regions},
                  std::pair{FacetFamily::kAgreement, &stored->agreements}}) {
                for (const std::string_view entity_id : *ids) {
                    view.entities.push_back({std::string(entity_id),
                                             std::string(schema::facet_family(family).name),
                                             label_of(*gazetteer_, std::string(entity_id))});
                }
            }
            for (const auto& section : stored->sections) {
                view.sections.push_back({std::string(section.label), section.start, section.end});
            }
            return view;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= kRetries) {
                throw DatabaseUnavailable("the database kept changing");
            }
            refresh();
        } catch (const Xapian::NetworkError& error) {
            lost_connection_ = true;
            throw DatabaseUnavailable("a remote shard failed: " + error.get_description());
        } catch (const Xapian::Error& error) {
            throw DatabaseUnavailable(error.get_description());
        }
    }
}

}  // namespace accord::search
