#pragma once
/// @file analyzers_test_util.hpp
/// Shared by the analyzers unit tests: the default gazetteer (loaded once per test binary) and a
/// readable form of the tagger's mentions.

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "accord/analyzers/analyzer.hpp"
#include "accord/analyzers/gazetteer.hpp"

#include "test_support.hpp"

namespace accord::analyzers::test {

/// data/gazetteer of the source tree, loaded once.
inline std::shared_ptr<const Gazetteer> default_gazetteer() {
    static const std::shared_ptr<const Gazetteer> gazetteer = std::make_shared<const Gazetteer>(
        Gazetteer::load(accord::testing::source_dir() / "data" / "gazetteer"));
    return gazetteer;
}

/// One mention as the rulebook and the fixtures write it: facet id and surface text.
struct Found {
    std::string id;
    std::string text;
    std::uint32_t start = 0;
    std::uint32_t end = 0;

    bool operator==(const Found& other) const {
        return id == other.id && text == other.text && start == other.start && end == other.end;
    }
};

inline std::ostream& operator<<(std::ostream& out, const Found& found) {
    return out << "{" << found.id << " \"" << found.text << "\" " << found.start << "-" << found.end
               << "}";
}

/// (id, text) pairs, for readable expectations where offsets do not matter.
using IdText = std::pair<std::string, std::string>;

/// Tags texts with the default gazetteer, one Analyzer for the whole test binary.
class Tagging {
public:
    Tagging() : analyzer_(default_gazetteer()) {}

    std::vector<Found> found(std::string_view text, TagMode mode = TagMode::kText) {
        const Analysis analysis = analyzer_.analyze(text, "en", mode);
        std::vector<Found> out;
        for (const Mention& mention : analysis.mentions) {
            out.push_back({analyzer_.gazetteer().entity(mention.entity).id,
                           std::string(text.substr(mention.start, mention.end - mention.start)),
                           mention.start, mention.end});
        }
        return out;
    }

    std::vector<IdText> pairs(std::string_view text, TagMode mode = TagMode::kText) {
        std::vector<IdText> out;
        for (Found& found : found(text, mode)) {
            out.emplace_back(std::move(found.id), std::move(found.text));
        }
        return out;
    }

    Analyzer& analyzer() { return analyzer_; }

private:
    Analyzer analyzer_;
};

/// One Tagging per test binary (the Analyzer is not thread-safe; gtest runs tests serially).
inline Tagging& tagging() {
    static Tagging instance;
    return instance;
}

/// Mentions as (id, text) pairs, in the order of the text.
using Pairs = std::vector<IdText>;

/// The default gazetteer's mentions of @p text, tagged as running text or as a query.
inline Pairs tag(std::string_view text) {
    return tagging().pairs(text);
}
inline Pairs tag_query(std::string_view text) {
    return tagging().pairs(text, TagMode::kQuery);
}

}  // namespace accord::analyzers::test
