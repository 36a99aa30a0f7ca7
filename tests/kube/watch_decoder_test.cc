#include "kube/watch_decoder.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

const std::string kStream =
    R"({"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"a","resourceVersion":"10"}}})"
    "\n"
    R"({"type":"MODIFIED","object":{"metadata":{"name":"b {tricky} \"quoted\" \\","resourceVersion":"11"}}})"
    "\n"
    R"({"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"12"}}})"
    "\n";

std::vector<WatchEvent> decode_in_pieces(const std::string& stream, std::size_t piece) {
  WatchDecoder decoder;
  std::vector<WatchEvent> events;
  for (std::size_t i = 0; i < stream.size(); i += piece) {
    Status fed = decoder.feed(std::string_view(stream).substr(i, piece), events);
    EXPECT_TRUE(fed) << fed.error().message;
  }
  EXPECT_FALSE(decoder.mid_event());
  return events;
}

TEST(WatchDecoder, DecodesEventsHoweverTheBytesAreChunked) {
  for (std::size_t piece :
       {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{64}, kStream.size()}) {
    auto events = decode_in_pieces(kStream, piece);
    ASSERT_EQ(events.size(), 3u) << "piece " << piece;
    EXPECT_EQ(events[0].type, WatchEventType::kAdded);
    EXPECT_EQ(resource_version_of(events[0].object), "10");
    EXPECT_EQ(events[1].type, WatchEventType::kModified);
    EXPECT_EQ(events[1].object["metadata"]["name"], "b {tricky} \"quoted\" \\");
    EXPECT_EQ(events[2].type, WatchEventType::kBookmark);
    EXPECT_EQ(resource_version_of(events[2].object), "12");
  }
}

TEST(WatchDecoder, DecodesEventsWrittenBackToBackWithoutNewlines) {
  WatchDecoder decoder;
  std::vector<WatchEvent> events;
  ASSERT_TRUE(decoder.feed(
      R"({"type":"ADDED","object":{}}{"type":"DELETED","object":{"metadata":{}}})", events));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type, WatchEventType::kDeleted);
}

TEST(WatchDecoder, KnowsWhenAStreamStopsMidEvent) {
  WatchDecoder decoder;
  std::vector<WatchEvent> events;
  ASSERT_TRUE(decoder.feed(R"({"type":"ADDED","object":{"metadata":{"name":)", events));
  EXPECT_TRUE(events.empty());
  EXPECT_TRUE(decoder.mid_event());
}

TEST(WatchDecoder, DecodesErrorStatusEvents) {
  WatchDecoder decoder;
  std::vector<WatchEvent> events;
  ASSERT_TRUE(decoder.feed(
      R"json({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 5 (20)","reason":"Expired","code":410}})json"
      "\n",
      events));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, WatchEventType::kError);
  EXPECT_EQ(events[0].object["code"], 410);
}

TEST(WatchDecoder, RejectsWhatIsNotAWatchStream) {
  WatchDecoder decoder;
  std::vector<WatchEvent> events;
  Status html = decoder.feed("<html>", events);
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().message,
            "unexpected byte '<' between watch events; the server or a proxy sent something "
            "else");
  WatchDecoder second;
  Status unknown = second.feed(R"({"type":"SYNC","object":{}})", events);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "unknown watch event type \"SYNC\"");
}

}  // namespace
}  // namespace kexit::kube
