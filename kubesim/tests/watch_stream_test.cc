#include "kubesim/watch_stream.h"

#include <gtest/gtest.h>

#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const ResourceType& pods() { return *find_resource("", "v1", "pods"); }

json pod(const std::string& name, const std::string& phase) {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", name}, {"namespace", "default"}}},
          {"spec", {{"containers", {{{"name", "c"}, {"image", "i"}}}}}},
          {"status", {{"phase", phase}}}};
}

class WatchStreamTest : public ::testing::Test {
 protected:
  WatchStreamTest() : clock_(*parse_time("2024-01-01T00:00:00Z")), cluster_(clock_) {}

  std::unique_ptr<WatchStream> watch(const std::string& query) {
    HttpRequest request;
    std::size_t start = 0;
    while (start < query.size()) {
      std::size_t end = query.find('&', start);
      std::string item =
          query.substr(start, end == std::string::npos ? std::string::npos : end - start);
      std::size_t equals = item.find('=');
      request.query.emplace(item.substr(0, equals), item.substr(equals + 1));
      start = end == std::string::npos ? query.size() : end + 1;
    }
    auto options = parse_list_options(request, pods());
    EXPECT_TRUE(options.ok());
    WatchSettings settings;
    settings.poll_interval = 10ms;
    settings.bookmark_interval = 1h;
    settings.future_version_wait = 50ms;
    return std::make_unique<WatchStream>(cluster_, registry_, pods(), "default",
                                         std::move(options).value(), std::nullopt, settings,
                                         nullptr);
  }

  // Steps the stream `steps` times; returns the events written and the last step.
  std::pair<std::vector<json>, StreamStep> run(WatchStream& stream, int steps) {
    std::vector<json> events;
    StreamStep step = StreamStep::Continue;
    for (int i = 0; i < steps && step == StreamStep::Continue; ++i) {
      step = stream.next([&](std::string_view bytes) {
        written_ += bytes;
        std::size_t newline;
        while ((newline = written_.find('\n')) != std::string::npos) {
          events.push_back(json::parse(written_.substr(0, newline)));
          written_.erase(0, newline + 1);
        }
        return true;
      });
    }
    return {events, step};
  }

  ManualClock clock_;
  Cluster cluster_;
  WatchRegistry registry_;
  std::string written_;
};

TEST_F(WatchStreamTest, AWatchOfEventsSeesAnExpiredEventDeleted) {
  const ResourceType& events = *find_resource("", "v1", "events");
  json event = {{"apiVersion", "v1"},
                {"kind", "Event"},
                {"metadata", {{"name", "a.1"}, {"namespace", "default"}}},
                {"involvedObject", {{"kind", "Pod"}, {"namespace", "default"}, {"name", "a"}}},
                {"reason", "BackOff"},
                {"type", "Warning"}};
  ASSERT_TRUE(cluster_.put(event).ok());
  HttpRequest request;
  request.query.emplace("watch", "true");
  request.query.emplace("resourceVersion", std::to_string(cluster_.store().resource_version()));
  auto options = parse_list_options(request, events);
  ASSERT_TRUE(options.ok());
  WatchSettings settings;
  settings.poll_interval = 10ms;
  settings.bookmark_interval = 1h;
  WatchStream stream(cluster_, registry_, events, "default", std::move(options).value(),
                     std::nullopt, settings, nullptr);
  auto [before, step] = run(stream, 1);
  EXPECT_TRUE(before.empty());

  // No other request comes in: the watch itself notices the lease ran out.
  clock_.advance(61min);
  auto [expired, next] = run(stream, 3);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0]["type"], "DELETED");
  EXPECT_EQ(expired[0]["object"]["metadata"]["name"], "a.1");
}

TEST_F(WatchStreamTest, ReplaysCurrentStateThenStreamsChanges) {
  ASSERT_TRUE(cluster_.put(pod("a", "Running")).ok());
  auto stream = watch("watch=true");
  EXPECT_EQ(registry_.open_watches(), 1u);
  auto [initial, step] = run(*stream, 1);
  ASSERT_EQ(initial.size(), 1u);
  EXPECT_EQ(initial[0]["type"], "ADDED");
  EXPECT_EQ(initial[0]["object"]["kind"], "Pod");
  EXPECT_EQ(initial[0]["object"]["metadata"]["name"], "a");

  ASSERT_TRUE(cluster_.put(pod("a", "Failed")).ok());
  auto [changes, next] = run(*stream, 3);
  ASSERT_GE(changes.size(), 1u);
  EXPECT_EQ(changes[0]["type"], "MODIFIED");
  EXPECT_EQ(changes[0]["object"]["status"]["phase"], "Failed");
  stream.reset();
  EXPECT_EQ(registry_.open_watches(), 0u);
}

TEST_F(WatchStreamTest, SelectorChangesBecomeAddedAndDeleted) {
  ASSERT_TRUE(cluster_.put(pod("a", "Running")).ok());
  auto stream = watch("watch=1&fieldSelector=status.phase=Running");
  auto [initial, step] = run(*stream, 1);
  ASSERT_EQ(initial.size(), 1u);
  ASSERT_TRUE(cluster_.put(pod("a", "Failed")).ok());
  auto [left, after_left] = run(*stream, 3);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0]["type"], "DELETED");
  EXPECT_EQ(left[0]["object"]["status"]["phase"], "Running");
  EXPECT_EQ(left[0]["object"]["metadata"]["resourceVersion"],
            std::to_string(cluster_.store().resource_version()));
  ASSERT_TRUE(cluster_.put(pod("a", "Running")).ok());
  auto [back, after_back] = run(*stream, 3);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0]["type"], "ADDED");
}

TEST_F(WatchStreamTest, CompactedResourceVersionIsAnErrorEventNotAnHttpError) {
  ASSERT_TRUE(cluster_.put(pod("a", "Running")).ok());
  std::uint64_t old = cluster_.store().resource_version() - 1;
  cluster_.store().compact();
  auto stream = watch("watch=true&resourceVersion=" + std::to_string(old));
  auto [events, step] = run(*stream, 2);
  EXPECT_EQ(step, StreamStep::Done);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "ERROR");
  const json& status = events[0]["object"];
  EXPECT_EQ(status["kind"], "Status");
  EXPECT_EQ(status["code"], 410);
  EXPECT_EQ(status["reason"], "Expired");
  EXPECT_EQ(status["message"], "too old resource version: " + std::to_string(old) + " (" +
                                   std::to_string(cluster_.store().resource_version()) + ")");
}

TEST_F(WatchStreamTest, BookmarksOnRequestAndCleanEndAtTimeout) {
  auto stream = watch("watch=true&allowWatchBookmarks=true&timeoutSeconds=3600");
  run(*stream, 1);
  registry_.request_bookmarks();
  auto [events, step] = run(*stream, 2);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "BOOKMARK");
  EXPECT_EQ(events[0]["object"]["metadata"]["resourceVersion"],
            std::to_string(cluster_.store().resource_version()));

  auto ending = watch("watch=true&timeoutSeconds=0");
  auto [none, done] = run(*ending, 3);
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(done, StreamStep::Done);
}

TEST_F(WatchStreamTest, FaultsCutMidEventAndDropWatches) {
  ASSERT_TRUE(cluster_.put(pod("a", "Running")).ok());
  ASSERT_TRUE(cluster_.put(pod("b", "Running")).ok());
  cluster_.faults().cut_watches_after(1);
  auto cut = watch("watch=true");
  auto [events, step] = run(*cut, 2);
  EXPECT_EQ(events.size(), 1u);
  EXPECT_EQ(step, StreamStep::Abort);
  EXPECT_FALSE(written_.empty());  // half of the second event
  written_.clear();

  auto dropped =
      watch("watch=true&resourceVersion=" + std::to_string(cluster_.store().resource_version()));
  cluster_.faults().drop_watches();
  auto [nothing, aborted] = run(*dropped, 2);
  EXPECT_TRUE(nothing.empty());
  EXPECT_EQ(aborted, StreamStep::Abort);
}

TEST_F(WatchStreamTest, FutureResourceVersionTimesOutWithStatus504) {
  auto stream = watch("watch=true&resourceVersion=999999");
  auto [events, step] = run(*stream, 1000);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "ERROR");
  EXPECT_EQ(events[0]["object"]["code"], 504);
  EXPECT_EQ(events[0]["object"]["details"]["causes"][0]["reason"], "ResourceVersionTooLarge");
  EXPECT_EQ(step, StreamStep::Done);
}

}  // namespace
}  // namespace kexit::kubesim
