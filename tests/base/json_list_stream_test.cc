#include "base/json_list_stream.h"

#include <gtest/gtest.h>

#include <sstream>

namespace kexit {
namespace {

using nlohmann::json;

struct Collected {
  std::vector<json> items;
  std::vector<std::size_t> indexes;
};

Expected<StreamedJson> stream(const std::string& text, Collected& collected) {
  std::istringstream in(text);
  return stream_json_list(
      in, "list.json",
      [&](json item, std::size_t index) {
        collected.items.push_back(std::move(item));
        collected.indexes.push_back(index);
        return ok_status();
      },
      [&]() -> Expected<std::string> { return text; });
}

TEST(JsonListStream, HandsOverEachItemAndKeepsTheRestOfTheList) {
  Collected collected;
  auto streamed = stream(
      R"({"kind": "List", "items": [{"a": [1, {"b": 2}]}, 3, "x", []], "metadata": {"c": 1}})",
      collected);
  ASSERT_TRUE(streamed.ok()) << streamed.error().to_string();
  EXPECT_EQ(collected.items,
            (std::vector<json>{json::parse(R"({"a": [1, {"b": 2}]})"), 3, "x", json::array()}));
  EXPECT_EQ(collected.indexes, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_TRUE(streamed->streamed_items);
  EXPECT_EQ(streamed->item_count, 4u);
  EXPECT_EQ(streamed->root, json::parse(R"({"kind": "List", "items": [], "metadata": {"c": 1}})"));
}

TEST(JsonListStream, BuildsADocumentWithoutItemsWhole) {
  Collected collected;
  auto streamed = stream(R"({"kind": "Pod", "spec": {"items": [1, 2]}})", collected);
  ASSERT_TRUE(streamed.ok());
  EXPECT_TRUE(collected.items.empty());
  EXPECT_FALSE(streamed->streamed_items);
  EXPECT_EQ(streamed->root, json::parse(R"({"kind": "Pod", "spec": {"items": [1, 2]}})"));
  auto top_array = stream("[1, 2]", collected);
  ASSERT_TRUE(top_array.ok());
  EXPECT_EQ(top_array->root, json::parse("[1, 2]"));
  EXPECT_TRUE(collected.items.empty());
}

TEST(JsonListStream, AHandlerErrorStopsTheParse) {
  std::istringstream in(R"({"items": [1, 2, 3]})");
  std::size_t seen = 0;
  auto streamed = stream_json_list(
      in, "list.json",
      [&](json, std::size_t index) -> Status {
        ++seen;
        if (index == 1) {
          return Error{"item refused", "list.json:.items[1]"};
        }
        return ok_status();
      },
      [] { return Expected<std::string>(std::string()); });
  ASSERT_FALSE(streamed.ok());
  EXPECT_EQ(streamed.error().to_string(), "list.json:.items[1]: item refused");
  EXPECT_EQ(seen, 2u);
}

TEST(JsonListStream, SyntaxAndDepthErrorsNameLineAndColumnAsParseJsonDoes) {
  Collected collected;
  auto cut = stream("{\"items\": [\n  {\"a\": 1},\n  {\"b\": ", collected);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().to_string(),
            "list.json:3:9: invalid JSON: syntax error while parsing value - unexpected end of "
            "input; expected '[', '{', or a literal; fix the file or pass YAML");
  EXPECT_EQ(collected.items.size(), 1u);
  // Items count the two levels above them: 254 more brackets pass, 255 do not.
  std::string fits = R"({"items": [)" + std::string(254, '[') + std::string(254, ']') + "]}";
  EXPECT_TRUE(stream(fits, collected).ok());
  std::string deep = R"({"items": [)" + std::string(255, '[') + std::string(255, ']') + "]}";
  auto too_deep = stream(deep, collected);
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.error().to_string(),
            "list.json:1:266: JSON nested deeper than 256 levels, kexit's limit (a Kubernetes "
            "object nests about 10); pass the file as kubectl wrote it");
}

}  // namespace
}  // namespace kexit
