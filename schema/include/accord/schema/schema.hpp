#pragma once
/// @file schema.hpp
/// Accord's index schema: every term prefix, value slot and stored-data key, defined once for
/// the writer (accord_index) and the reader (accord_search). Documented in
/// docs/term-prefixes.md; change both together.
///
/// A logical document is stored as one *document record* (all its text, its facet values and
/// its stored fields) and, when it has sections (treaty articles, plan points), one *passage
/// record* per section. Passages carry the text of their section and the document's filter
/// terms, so a search can land on "Article 5"; they carry no facet values, so counting facets
/// over the matches counts documents once. Every record's collapse key is its document id.

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace accord::schema {

// ---- Term prefixes (Omega conventions: single capitals are standard, X… are Accord's) ----
inline constexpr std::string_view kIdPrefix = "Q";          ///< unique id of a document record
inline constexpr std::string_view kTitlePrefix = "S";       ///< title words (for title:)
inline constexpr std::string_view kLanguagePrefix = "L";    ///< ISO 639-1 language ("Len")
inline constexpr std::string_view kYearPrefix = "Y";        ///< year ("Y2025")
inline constexpr std::string_view kMonthPrefix = "M";       ///< year and month ("M202511")
inline constexpr std::string_view kPartyPrefix = "XP";      ///< party facet id ("XPua")
inline constexpr std::string_view kRegionPrefix = "XR";     ///< region facet id ("XRua-14")
inline constexpr std::string_view kAgreementPrefix = "XA";  ///< agreement facet id
inline constexpr std::string_view kEntityPrefix = "XE";     ///< the named entity that matched
                                                            ///< ("XEkyiv", "XEua"), wdf = mentions
inline constexpr std::string_view kInRegionPrefix = "XI";   ///< a place inside the region was
                                                            ///< named ("XIua-14" for Mariupol)
inline constexpr std::string_view kTypePrefix = "XT";       ///< document type ("XTtreaty")
inline constexpr std::string_view kKindPrefix = "XK";       ///< record kind: "XKd" or "XKp"
inline constexpr std::string_view kParentPrefix = "XD";     ///< passage → its document id
inline constexpr std::string_view kSourcePrefix = "XS";     ///< input file key (hex) of a record

inline constexpr std::string_view kDocumentKind = "XKd";
inline constexpr std::string_view kPassageKind = "XKp";

// ---- Value slots ----
inline constexpr Xapian::valueno kDateSlot = 0;        ///< "YYYYMMDD", sortable; empty if undated
inline constexpr Xapian::valueno kDocIdSlot = 1;       ///< document id; the collapse key
inline constexpr Xapian::valueno kPartiesSlot = 2;     ///< packed sorted party ids (doc records)
inline constexpr Xapian::valueno kRegionsSlot = 3;     ///< packed sorted region ids
inline constexpr Xapian::valueno kAgreementsSlot = 4;  ///< packed sorted agreement ids
inline constexpr Xapian::valueno kTypeSlot = 5;        ///< document type (doc records)
inline constexpr Xapian::valueno kLanguageSlot = 6;    ///< language (doc records)
inline constexpr Xapian::valueno kHashSlot = 7;        ///< content hash, hex (doc records)
/// Newest-first sort key: 99999999 − YYYYMMDD, then the document id, so ascending order is
/// newest first with ties by id — the same order however documents spread over shards (a
/// plain value sort needs no KeyMaker, which remote shards cannot run).
inline constexpr Xapian::valueno kNewestFirstSlot = 8;
/// The record's most frequent free-text terms when it has more than kFeedbackTerms distinct
/// ones (long texts), sorted and packed: pseudo-relevance feedback reads these instead of a
/// long record's whole term list (which Xapian inflates whole). Empty for other records.
inline constexpr Xapian::valueno kFeedbackTermsSlot = 9;
inline constexpr std::size_t kFeedbackTerms = 128;
/// The record's text in chunks: chunk i in slot kTextChunkSlot + i (text_chunks.hpp). Slots
/// below it are the fixed ones above; nothing may be put at or after it.
inline constexpr Xapian::valueno kTextChunkSlot = 64;

/// Separator of the packed id lists in kPartiesSlot … kAgreementsSlot.
inline constexpr char kPackedSeparator = '\n';

// ---- Positions ----
/// Title words take positions from 0; body words start here, so no phrase spans both.
inline constexpr Xapian::termpos kBodyFirstPosition = 1000;

// ---- Database metadata keys ----
inline constexpr std::string_view kFileKeyPrefix = "F";  ///< "F<file key>" → file record JSON
inline constexpr std::string_view kGenerationKey = "accord.generation";
inline constexpr std::string_view kSchemaKey = "accord.schema";
inline constexpr std::string_view kSchemaVersion = "3";

/// Longest term Xapian's glass backend accepts, with room for a prefix.
inline constexpr std::size_t kMaxTermBytes = 240;

/// "Q<id>" for short ids, "Q#<hash>" for ids too long to be a term.
[[nodiscard]] std::string id_term(std::string_view id);
/// "XD<id>" (hashed like id_term when long).
[[nodiscard]] std::string parent_term(std::string_view id);
/// The term of a facet value: prefix for the facet + id.
[[nodiscard]] std::string facet_term(std::string_view prefix, std::string_view id);

/// 64-bit xxHash of @p bytes as 16 hex digits.
[[nodiscard]] std::string hash_hex(std::string_view bytes);

/// "2025-11-20" → "20251120"; "" when @p iso_date is empty.
[[nodiscard]] std::string date_value(std::string_view iso_date);

/// The kNewestFirstSlot value of a document.
[[nodiscard]] std::string newest_first_key(std::string_view iso_date, std::string_view id);

}  // namespace accord::schema
