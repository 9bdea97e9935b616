#include "accord/schema/stored_record.hpp"

#include <gtest/gtest.h>

namespace accord::schema {
namespace {

TEST(StoredRecord, RoundTripsAndRejectsGarbage) {
    StoredRecord record;
    record.id = "id-1";
    record.title = "Title";
    record.text = "Body text with Київ";
    record.offset = 70000;
    record.regions = {"ua-14", "ua-23"};
    record.mentions = {{15, 23, "kyiv"}};
    record.sections = {{"Article 5", 0, 9}};
    const std::string bytes = encode(record);
    const auto back = decode_record(bytes);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->id, "id-1");
    EXPECT_EQ(back->text, record.text);
    EXPECT_EQ(back->offset, 70000U);
    EXPECT_EQ(back->regions, record.regions);
    ASSERT_EQ(back->mentions.size(), 1U);
    EXPECT_EQ(back->mentions[0].end, 23U);
    EXPECT_EQ(back->mentions[0].entity, "kyiv");
    EXPECT_EQ(back->sections[0].label, "Article 5");
    EXPECT_FALSE(decode_record("{\"id\": \"json\"}").has_value());
    EXPECT_FALSE(decode_record(bytes.substr(0, bytes.size() / 2)).has_value());
    EXPECT_FALSE(decode_record("").has_value());
}

}  // namespace
}  // namespace accord::schema
