#include "base/json_list_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kexit {
namespace {

struct Split {
  std::vector<std::string> items;
  std::string rest;
  Status status = ok_status();
};

// Feeds `text` in chunks of `chunk` bytes, as a body arrives.
Split split(const std::string& text, std::size_t chunk, std::size_t max_bytes = 1024) {
  Split result;
  JsonListSplitter splitter(
      [&](std::string_view item) {
        result.items.emplace_back(item);
        return ok_status();
      },
      max_bytes);
  for (std::size_t at = 0; at < text.size() && result.status.ok(); at += chunk) {
    result.status = splitter.feed(std::string_view(text).substr(at, chunk));
  }
  result.rest = splitter.rest();
  return result;
}

TEST(JsonListSplitter, HandsOverEachItemAndKeepsTheRestWithoutThem) {
  const std::string list = R"({"kind":"PodList","metadata":{"resourceVersion":"7","continue":""},)"
                           R"( "items" : [ {"metadata":{"name":"a, [b]"},"x":[1,{"y":"}"}]} ,)"
                           R"({"s":"quote \" and \\ ] ,"}, 3, "text"]})";
  for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, list.size()}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    Split result = split(list, chunk);
    ASSERT_TRUE(result.status.ok()) << result.status.error().message;
    EXPECT_EQ(result.items,
              (std::vector<std::string>{R"({"metadata":{"name":"a, [b]"},"x":[1,{"y":"}"}]})",
                                        R"({"s":"quote \" and \\ ] ,"})", "3", R"("text")"}));
    EXPECT_EQ(
        result.rest,
        R"({"kind":"PodList","metadata":{"resourceVersion":"7","continue":""}, "items" : []})");
  }
}

TEST(JsonListSplitter, StreamsOnlyTheTopLevelItemsArray) {
  const std::string list =
      R"({"kind":"items","other":["items"],"metadata":{"items":[1]},"items":[{"a":1}]})";
  Split result = split(list, 3);
  ASSERT_TRUE(result.status.ok());
  EXPECT_EQ(result.items, std::vector<std::string>{R"({"a":1})"});
  EXPECT_EQ(result.rest,
            R"({"kind":"items","other":["items"],"metadata":{"items":[1]},"items":[]})");
}

TEST(JsonListSplitter, StopsAtAnItemOverItsLimitOrTheHandlersError) {
  Split big = split(R"({"items":[{"a":"0123456789"}]})", 4, 8);
  ASSERT_FALSE(big.status.ok());
  EXPECT_EQ(big.status.error().message,
            "a list item, or the list around its items, is over 8 bytes");

  int seen = 0;
  JsonListSplitter splitter(
      [&](std::string_view) {
        ++seen;
        return Status(Error{"visitor refused"});
      },
      1024);
  Status status = splitter.feed(R"({"items":[1,2,3]})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "visitor refused");
  EXPECT_EQ(seen, 1);
}

TEST(JsonListSplitter, LeavesACutDocumentUnbalanced) {
  Split result = split(R"({"metadata":{"resourceVersion":"7"},"items":[{"a":1},{"b")", 5);
  ASSERT_TRUE(result.status.ok());
  EXPECT_EQ(result.items, std::vector<std::string>{R"({"a":1})"});
  EXPECT_EQ(result.rest, R"({"metadata":{"resourceVersion":"7"},"items":[)");
}

}  // namespace
}  // namespace kexit
