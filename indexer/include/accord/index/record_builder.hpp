#pragma once
/// @file record_builder.hpp
/// Document → the Xapian records of schema.hpp (one document record, one per section).

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "accord/analyzers/analyzer.hpp"
#include "accord/index/document.hpp"
#include "accord/schema/terms.hpp"

namespace accord::index {

/// Index-time weighting; the defaults are what the relevance benchmark chose (bench/).
struct RecordOptions {
    /// wdf added per title word in the unprefixed (free-text) field.
    Xapian::termcount title_weight = 3;
};

/// The records of one document, ready for the writer.
struct BuiltDocument {
    std::string id;
    Xapian::Document record;                 ///< the document record
    std::vector<Xapian::Document> passages;  ///< one per section; empty for unsectioned text
    std::map<std::string, Xapian::termcount> spelling;  ///< words for the spelling dictionary
    std::size_t bytes = 0;  ///< size of title + body, for progress and batching
};

/// Analyses documents and lays them out as Xapian records. Not thread-safe: one per thread,
/// sharing the Gazetteer.
class RecordBuilder {
public:
    explicit RecordBuilder(std::shared_ptr<const analyzers::Gazetteer> gazetteer,
                           RecordOptions options = {});

    /// Builds the records of @p document (splitting its sections first). @p source_key ties
    /// the records to their input file (for --prune); @p content_hash lets a later run see
    /// that the document has not changed.
    [[nodiscard]] BuiltDocument build(Document document, const std::string& source_key,
                                      const std::string& content_hash);

    analyzers::Analyzer& analyzer() { return analyzer_; }

private:
    analyzers::Analyzer analyzer_;
    schema::TermMaker terms_;
    RecordOptions options_;
};

/// Content hash of a document's fields (what decides "unchanged" on a re-run).
[[nodiscard]] std::string content_hash(const Document& document);

}  // namespace accord::index
