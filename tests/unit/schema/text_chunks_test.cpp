#include "accord/schema/text_chunks.hpp"

#include <gtest/gtest.h>

#include <string>

#include "accord/analyzers/tokenizer.hpp"
#include "accord/index/record_builder.hpp"
#include "accord/schema/schema.hpp"

#include "test_support.hpp"

namespace accord::schema {
namespace {

using index::BuiltDocument;
using index::Document;
using index::RecordBuilder;

std::vector<WordStart> words_of(const std::string& text) {
    analyzers::Tokenizer tokenizer;
    std::vector<WordStart> words;
    for (const auto& token : tokenizer.tokenize(text)) {
        words.push_back({token.start, token.position});
    }
    return words;
}

/// A long text of numbered sentences, some with a Cyrillic word (multi-byte offsets).
std::string long_text(std::size_t sentences) {
    std::string text;
    for (std::size_t i = 0; i < sentences; ++i) {
        text += "Sentence " + std::to_string(i) + " says the delegation met in Києві again. ";
    }
    return text;
}

std::vector<TextChunk> decode_all(const ChunkedText& chunked) {
    std::vector<TextChunk> out;
    for (std::size_t i = 0; i < chunked.values.size(); ++i) {
        auto chunk = decode_chunk(chunked.values[i], chunked.chunks[i].offset);
        EXPECT_TRUE(chunk.has_value()) << i;
        if (chunk) {
            out.push_back(std::move(*chunk));
        }
    }
    return out;
}

TEST(TextChunks, CutALongTextAtWordStartsAndPutItBackTogether) {
    const std::string text = long_text(2000);  // about 120 KB
    const auto words = words_of(text);
    const ChunkedText chunked = chunk_text(text, words, {});
    ASSERT_GT(chunked.values.size(), 20U);
    ASSERT_EQ(chunked.values.size(), chunked.chunks.size());
    const auto chunks = decode_all(chunked);
    std::string back;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        EXPECT_EQ(chunks[i].offset, back.size()) << i;
        back += chunks[i].text;
        if (i + 1 < chunks.size()) {  // each but the last: one word past the chunk size at most
            EXPECT_GE(chunks[i].text.size(), kTextChunkBytes) << i;
            EXPECT_LT(chunks[i].text.size(), kTextChunkBytes + 64) << i;
        }
    }
    EXPECT_EQ(back, text);
    // Every chunk starts at a word, whose position the table gives.
    for (std::size_t i = 0; i < chunked.chunks.size(); ++i) {
        const auto word = std::find_if(words.begin(), words.end(), [&](const WordStart& w) {
            return w.start == chunked.chunks[i].offset;
        });
        ASSERT_NE(word, words.end()) << i;
        EXPECT_EQ(word->position, chunked.chunks[i].first_position) << i;
    }
    // Stored deflated: prose shrinks.
    std::size_t stored = 0;
    for (const auto& value : chunked.values) {
        stored += value.size();
    }
    EXPECT_LT(stored, text.size() / 2);
}

TEST(TextChunks, CheckpointsGiveTheExactOffsetOfTheirWord) {
    const std::string text = long_text(300);
    const auto words = words_of(text);
    const auto chunks = decode_all(chunk_text(text, words, {}));
    std::size_t checked = 0;
    for (const auto& chunk : chunks) {
        ASSERT_FALSE(chunk.checkpoints.empty());
        for (const auto& [position, offset] : chunk.checkpoints) {
            const auto word = std::find_if(words.begin(), words.end(), [&](const WordStart& w) {
                return w.position == position;
            });
            ASSERT_NE(word, words.end());
            EXPECT_EQ(word->start, offset);
            EXPECT_GE(offset, chunk.offset);
            EXPECT_LT(offset, chunk.offset + chunk.text.size());
            ++checked;
        }
    }
    // Every kCheckpointEvery-th word of each chunk, counted from the chunk's first word.
    EXPECT_GE(checked, words.size() / kCheckpointEvery);
    EXPECT_LE(checked, words.size() / kCheckpointEvery + chunks.size());
}

TEST(TextChunks, MentionsGoWithTheChunkTheyStartIn) {
    const std::string text = long_text(400);
    std::vector<StoredMention> mentions;
    for (std::size_t at = text.find("Києві"); at != std::string::npos;
         at = text.find("Києві", at + 1)) {
        mentions.push_back({static_cast<std::uint32_t>(at),
                            static_cast<std::uint32_t>(at + std::string("Києві").size()), "kyiv"});
    }
    const auto chunks = decode_all(chunk_text(text, words_of(text), mentions));
    std::size_t found = 0;
    for (const auto& chunk : chunks) {
        for (const auto& mention : chunk.mentions) {
            EXPECT_GE(mention.start, chunk.offset);
            EXPECT_LT(mention.start, chunk.offset + chunk.text.size());
            EXPECT_EQ(text.substr(mention.start, mention.end - mention.start), "Києві");
            EXPECT_EQ(mention.entity, "kyiv");
            ++found;
        }
    }
    EXPECT_EQ(found, mentions.size());
}

TEST(TextChunks, TextWithoutWordsAndEmptyText) {
    const std::string dots(10000, '.');
    const auto chunks = decode_all(chunk_text(dots, {}, {}));
    std::string back;
    for (const auto& chunk : chunks) {
        back += chunk.text;
    }
    EXPECT_EQ(back, dots);
    EXPECT_TRUE(chunk_text("", {}, {}).values.empty());
}

TEST(TextChunks, RejectWhatIsNotAChunk) {
    EXPECT_FALSE(decode_chunk("", 0).has_value());
    EXPECT_FALSE(decode_chunk("plain text", 0).has_value());
    const std::string text = long_text(20);
    const ChunkedText chunked = chunk_text(text, words_of(text), {});
    const std::string& value = chunked.values.front();
    EXPECT_FALSE(decode_chunk(value.substr(0, value.size() / 2), 0).has_value());
    std::string flipped = value;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x5A);
    const auto damaged = decode_chunk(flipped, 0);
    EXPECT_TRUE(!damaged.has_value() || damaged->text != text);  // zlib notices, or the text
                                                                 // differs: never a crash
}

// Records written before texts were chunked keep it in their stored data; read_text reads
// both kinds.
TEST(TextChunks, ReadTextReadsOldAndNewRecords) {
    StoredRecord old;
    old.id = "o";
    old.text = "Kept in the data.";
    old.mentions = {{0, 4, "kyiv"}};
    Xapian::Document old_record;
    const std::string old_data = encode(old);
    old_record.set_data(old_data);
    const auto old_stored = decode_record(old_data);
    ASSERT_TRUE(old_stored.has_value());
    EXPECT_FALSE(old_stored->chunked());
    const RecordText old_text = read_text(old_record, *old_stored);
    EXPECT_EQ(old_text.text, "Kept in the data.");
    ASSERT_EQ(old_text.mentions.size(), 1U);

    const auto gazetteer = std::make_shared<const analyzers::Gazetteer>(
        analyzers::Gazetteer::load(accord::testing::source_dir() / "data" / "gazetteer"));
    RecordBuilder builder(gazetteer);
    Document document;
    document.id = "n";
    document.title = "Talks";
    document.body = long_text(500);
    const BuiltDocument built = builder.build(document, "k", "h");
    const std::string data = built.record.get_data();
    EXPECT_LT(data.size(), 2000U);  // the text is not in the data
    const auto stored = decode_record(data);
    ASSERT_TRUE(stored.has_value());
    EXPECT_TRUE(stored->chunked());
    EXPECT_EQ(stored->text_bytes, document.body.size());
    const RecordText text = read_text(built.record, *stored);
    EXPECT_EQ(text.text, document.body);
    EXPECT_EQ(text.mentions.size(), 500U);  // Києві, once a sentence
}

}  // namespace
}  // namespace accord::schema
