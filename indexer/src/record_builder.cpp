#include "accord/index/record_builder.hpp"

#include <xxhash.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "accord/schema/facet_families.hpp"
#include "accord/schema/schema.hpp"
#include "accord/schema/stored_record.hpp"
#include "accord/schema/text_chunks.hpp"

namespace accord::index {

using analyzers::Analysis;
using analyzers::EntityType;
using analyzers::Gazetteer;
using analyzers::Mention;
using analyzers::Token;

namespace {

struct FacetSets {
    std::set<std::string> party;
    std::set<std::string> region;
    std::set<std::string> agreement;

    std::set<std::string>* of(EntityType type) {
        switch (type) {
            case EntityType::kParty:
                return &party;
            case EntityType::kRegion:
                return &region;
            case EntityType::kAgreement:
                return &agreement;
            case EntityType::kNone:
                break;
        }
        return nullptr;
    }

    /// The ids of an entity-backed family (schema::kFacetFamilyTable).
    [[nodiscard]] const std::set<std::string>& of(schema::FacetFamily family) const {
        switch (family) {
            case schema::FacetFamily::kParty:
                return party;
            case schema::FacetFamily::kRegion:
                return region;
            case schema::FacetFamily::kAgreement:
                return agreement;
            case schema::FacetFamily::kType:
            case schema::FacetFamily::kLanguage:
                break;
        }
        throw std::logic_error("not an entity-backed facet family");
    }
};

std::vector<schema::StoredMention> stored_mentions(const std::vector<Mention>& mentions,
                                                   const Gazetteer& gazetteer, std::uint32_t from,
                                                   std::uint32_t to) {
    std::vector<schema::StoredMention> stored;
    for (const Mention& mention : mentions) {
        if (mention.start >= from && mention.end <= to) {
            stored.push_back(
                {mention.start - from, mention.end - from, gazetteer.entity(mention.named).id});
        }
    }
    return stored;
}

/// Free-text terms (not prefixed: no ASCII capital first) long enough to be worth feeding back.
bool feedback_candidate(const std::string& term) {
    return term.size() > 2 && !(term[0] >= 'A' && term[0] <= 'Z');
}

/// Stores the record's kFeedbackTerms most frequent free-text terms (ties alphabetical), when
/// it has more than that many (schema::kFeedbackTermsSlot).
void add_feedback_terms(Xapian::Document& record) {
    std::vector<std::pair<Xapian::termcount, std::string>> terms;
    for (auto it = record.termlist_begin(); it != record.termlist_end(); ++it) {
        std::string term = *it;
        if (feedback_candidate(term)) {
            terms.emplace_back(it.get_wdf(), std::move(term));
        }
    }
    if (terms.size() <= schema::kFeedbackTerms) {
        return;  // the term list itself is short enough to read
    }
    const auto keep = static_cast<std::ptrdiff_t>(schema::kFeedbackTerms);
    std::partial_sort(terms.begin(), terms.begin() + keep, terms.end(),
                      [](const auto& a, const auto& b) {
                          return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    terms.resize(schema::kFeedbackTerms);
    std::sort(terms.begin(), terms.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    std::vector<std::string_view> kept;
    kept.reserve(terms.size());
    for (const auto& [wdf, term] : terms) {
        kept.emplace_back(term);
    }
    record.add_value(schema::kFeedbackTermsSlot, schema::pack(kept));
}

std::vector<std::string_view> views(const std::set<std::string>& ids) {
    return {ids.begin(), ids.end()};
}

void add_filter_terms(Xapian::Document& record, const Document& document, const FacetSets& facets) {
    using schema::FacetFamily;
    record.add_boolean_term(schema::facet_filter_term(FacetFamily::kType, document.type));
    record.add_boolean_term(schema::facet_filter_term(FacetFamily::kLanguage, document.language));
    if (document.date.size() >= 7) {
        record.add_boolean_term(std::string(schema::kYearPrefix) + document.date.substr(0, 4));
        record.add_boolean_term(std::string(schema::kMonthPrefix) + document.date.substr(0, 4) +
                                document.date.substr(5, 2));
    }
    for (const schema::FacetFamilyInfo& family : schema::kFacetFamilyTable) {
        if (family.entity_backed) {
            for (const std::string& id : facets.of(family.family)) {
                record.add_boolean_term(schema::facet_filter_term(family.family, id));
            }
        }
    }
    record.add_value(schema::kDateSlot, schema::date_value(document.date));
    record.add_value(schema::kDocIdSlot, document.id);
    record.add_value(schema::kNewestFirstSlot,
                     schema::newest_first_key(document.date, document.id));
}

}  // namespace

std::string content_hash(const Document& document) {
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    auto field = [state](std::string_view text) {
        const std::uint64_t size = text.size();  // lengths keep "ab"+"c" apart from "a"+"bc"
        XXH3_64bits_update(state, &size, sizeof size);
        XXH3_64bits_update(state, text.data(), text.size());
    };
    for (const std::string* text :
         {&document.id, &document.title, &document.body, &document.date, &document.source,
          &document.url, &document.type, &document.language}) {
        field(*text);
    }
    for (const auto* list : {&document.parties, &document.regions, &document.agreements}) {
        field("|");
        for (const std::string& id : *list) {
            field(id);
        }
    }
    const XXH64_hash_t hash = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    return schema::hash_hex(std::string_view(reinterpret_cast<const char*>(&hash), sizeof hash));
}

RecordBuilder::RecordBuilder(std::shared_ptr<const Gazetteer> gazetteer, RecordOptions options)
    : analyzer_(std::move(gazetteer)), options_(options) {}

BuiltDocument RecordBuilder::build(Document document, const std::string& source_key,
                                   const std::string& content_hash) {
    split_sections(document);
    if (document.type.empty()) {
        document.type = "article";
    }
    const Gazetteer& gazetteer = analyzer_.gazetteer();
    if (document.language.empty()) {
        std::string sample = document.title;
        sample += "\n";
        sample.append(document.body, 0, std::min<std::size_t>(document.body.size(), 4096));
        document.language = analyzer_.language_detector().detect(sample);
    }
    const std::string& language = document.language;
    const Analysis title = analyzer_.analyze(document.title, language);
    const Analysis body = analyzer_.analyze(document.body, language);

    FacetSets facets;
    auto count_mentions = [&](const Analysis& analysis) {
        for (const Mention& mention : analysis.mentions) {
            const auto& facet = gazetteer.entity(mention.entity);
            if (auto* set = facets.of(facet.type)) {
                set->insert(facet.id);
            }
        }
    };
    count_mentions(title);
    count_mentions(body);
    for (const auto& [given, type] : {std::pair{&document.parties, EntityType::kParty},
                                      std::pair{&document.regions, EntityType::kRegion},
                                      std::pair{&document.agreements, EntityType::kAgreement}}) {
        for (const std::string& id : *given) {
            facets.of(type)->insert(id);
        }
    }

    BuiltDocument built;
    built.id = document.id;
    built.bytes = document.title.size() + document.body.size();

    // Each word's term is made once, though passages index the words of their section again.
    auto terms_of = [&](const Analysis& analysis) {
        std::vector<std::string> made(analysis.tokens.size());
        for (std::size_t i = 0; i < analysis.tokens.size(); ++i) {
            if (!schema::TermMaker::is_stopword(analysis.tokens[i])) {
                made[i] = terms_.term(analysis.tokens[i], language);
            }
        }
        return made;
    };
    const std::vector<std::string> title_terms = terms_of(title);
    const std::vector<std::string> body_terms = terms_of(body);
    std::vector<std::string> prefixed_title_terms(title_terms.size());
    for (std::size_t i = 0; i < title_terms.size(); ++i) {
        if (!title_terms[i].empty()) {
            prefixed_title_terms[i] = std::string(schema::kTitlePrefix) + title_terms[i];
        }
    }

    // Title words go into every record of the document, so a passage reads as
    // "North Atlantic Treaty — Article 5" to the ranking too.
    auto add_title = [&](Xapian::Document& record) {
        for (std::size_t i = 0; i < title.tokens.size(); ++i) {
            if (title_terms[i].empty()) {
                continue;
            }
            const Xapian::termpos position = title.tokens[i].position + 1;
            record.add_posting(title_terms[i], position, options_.title_weight);
            record.add_posting(prefixed_title_terms[i], position);
        }
    };
    auto add_body_tokens = [&](Xapian::Document& record, std::uint32_t from, std::uint32_t to) {
        // Tokens are in text order: start at the first one of the range.
        const auto first =
            std::partition_point(body.tokens.begin(), body.tokens.end(),
                                 [from](const Token& token) { return token.start < from; });
        for (auto i = static_cast<std::size_t>(first - body.tokens.begin());
             i < body.tokens.size() && body.tokens[i].start < to; ++i) {
            const std::string& term = body_terms[i];
            if (term.empty()) {
                continue;
            }
            const Token& token = body.tokens[i];
            const Xapian::termpos position = schema::kBodyFirstPosition + token.position;
            record.add_posting(term, position);
            if (token.has(analyzers::kPercent)) {
                record.add_posting(term + "%", position);
            }
        }
    };
    // Entity terms carry the position of the mention's first word, so a snippet finds the
    // mention of an alias ("Київ" for a search of "Kiev") from the position lists alone. A
    // place inside a region also gives an XI term of the region, so a search for the Donetsk
    // region finds the documents that name only its towns.
    auto add_entity_terms = [&](Xapian::Document& record, const Analysis& analysis,
                                Xapian::termpos first_position, std::uint32_t from,
                                std::uint32_t to) {
        for (const Mention& mention : analysis.mentions) {
            if (mention.start < from || mention.end > to) {
                continue;
            }
            const Xapian::termpos position =
                first_position + analysis.tokens[mention.first_token].position;
            record.add_posting(
                std::string(schema::kEntityPrefix) + gazetteer.entity(mention.named).id, position);
            if (const auto region = gazetteer.containing_region(mention.named)) {
                record.add_posting(
                    std::string(schema::kInRegionPrefix) + gazetteer.entity(*region).id, position);
            }
        }
    };
    // A record's text goes into value slots in chunks (text_chunks.hpp): the words of
    // [from, to) of the body, offsets made relative to from.
    auto add_text_chunks = [&](Xapian::Document& record, schema::StoredRecord& stored,
                               std::uint32_t from, std::uint32_t to) {
        std::vector<schema::WordStart> words;
        const auto first =
            std::partition_point(body.tokens.begin(), body.tokens.end(),
                                 [from](const Token& token) { return token.start < from; });
        for (auto it = first; it != body.tokens.end() && it->start < to; ++it) {
            words.push_back({it->start - from, it->position});
        }
        const std::vector<schema::StoredMention> mentions =
            stored_mentions(body.mentions, gazetteer, from, to);
        const schema::ChunkedText chunked = schema::chunk_text(
            std::string_view(document.body).substr(from, to - from), words, mentions);
        for (std::size_t i = 0; i < chunked.values.size(); ++i) {
            record.add_value(schema::kTextChunkSlot + static_cast<Xapian::valueno>(i),
                             chunked.values[i]);
        }
        stored.text_bytes = to - from;
        stored.chunks = chunked.chunks;
    };
    const auto body_size = static_cast<std::uint32_t>(document.body.size());
    schema::StoredRecord stored;
    stored.id = document.id;
    stored.title = document.title;
    stored.date = document.date;
    stored.source = document.source;
    stored.url = document.url;
    stored.type = document.type;
    stored.language = language;
    stored.parties = views(facets.party);
    stored.regions = views(facets.region);
    stored.agreements = views(facets.agreement);
    stored.title_mentions = stored_mentions(title.mentions, gazetteer, 0,
                                            static_cast<std::uint32_t>(document.title.size()));

    // The document record.
    Xapian::Document& record = built.record;
    add_title(record);
    add_body_tokens(record, 0, body_size);
    add_entity_terms(record, title, 1, 0, static_cast<std::uint32_t>(document.title.size()));
    add_entity_terms(record, body, schema::kBodyFirstPosition, 0, body_size);
    add_filter_terms(record, document, facets);
    record.add_boolean_term(schema::id_term(document.id));
    record.add_boolean_term(std::string(schema::kDocumentKind));
    record.add_boolean_term(std::string(schema::kSourcePrefix) + source_key);
    for (const schema::FacetFamilyInfo& family : schema::kFacetFamilyTable) {
        if (family.entity_backed) {
            record.add_value(family.slot, schema::pack(facets.of(family.family)));
        }
    }
    record.add_value(schema::facet_family(schema::FacetFamily::kType).slot, document.type);
    record.add_value(schema::facet_family(schema::FacetFamily::kLanguage).slot, language);
    record.add_value(schema::kHashSlot, content_hash);
    schema::StoredRecord whole = stored;
    add_text_chunks(record, whole, 0, body_size);
    for (const Section& section : document.sections) {
        whole.sections.push_back({section.label, section.start, section.end});
    }
    record.set_data(schema::encode(whole));
    add_feedback_terms(record);

    // One passage record per section.
    for (const Section& section : document.sections) {
        Xapian::Document passage;
        add_title(passage);
        add_body_tokens(passage, section.start, section.end);
        add_entity_terms(passage, title, 1, 0, static_cast<std::uint32_t>(document.title.size()));
        add_entity_terms(passage, body, schema::kBodyFirstPosition, section.start, section.end);
        add_filter_terms(passage, document, facets);
        passage.add_boolean_term(std::string(schema::kPassageKind));
        passage.add_boolean_term(schema::parent_term(document.id));
        passage.add_boolean_term(std::string(schema::kSourcePrefix) + source_key);
        schema::StoredRecord part = stored;
        part.section = section.label;
        part.offset = section.start;
        add_text_chunks(passage, part, section.start, section.end);
        passage.set_data(schema::encode(part));
        add_feedback_terms(passage);
        built.passages.push_back(std::move(passage));
    }

    for (const Analysis* analysis : {&title, &body}) {
        for (const Token& token : analysis->tokens) {
            if (schema::TermMaker::spellable(token) && !schema::TermMaker::is_stopword(token)) {
                ++built.spelling[token.text];
            }
        }
    }
    return built;
}

}  // namespace accord::index
