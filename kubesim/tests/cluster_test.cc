#include "kubesim/cluster.h"

#include <gtest/gtest.h>

#include "kubesim/api_server.h"
#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const TimePoint kStart = *parse_time("2024-05-01T12:00:00Z");

json event_named(const std::string& name) {
  return {{"apiVersion", "v1"},
          {"kind", "Event"},
          {"metadata", {{"name", name}, {"namespace", "shop"}}},
          {"involvedObject", {{"kind", "Pod"}, {"namespace", "shop"}, {"name", "api"}}},
          {"reason", "BackOff"},
          {"message", "Back-off restarting failed container app"},
          {"type", "Warning"},
          {"count", 1}};
}

std::vector<std::string> event_names(HttpResponse response) {
  EXPECT_EQ(response.status, 200) << response.body;
  std::vector<std::string> names;
  json list = json::parse(response.body);
  for (const auto& item : list["items"]) {
    names.push_back(item["metadata"]["name"]);
  }
  return names;
}

class EventTtlTest : public ::testing::Test {
 protected:
  EventTtlTest() : clock_(kStart), cluster_(clock_), server_(cluster_) {}

  HttpResponse list_events() {
    HttpRequest call;
    call.method = "GET";
    call.path = "/api/v1/namespaces/shop/events";
    call.headers["authorization"] = "Bearer " + server_.admin_token();
    return server_.call(call);
  }

  ManualClock clock_;
  Cluster cluster_;
  ApiServer server_;
};

TEST_F(EventTtlTest, EventsDisappearAnHourAfterTheirLastWrite) {
  ASSERT_TRUE(cluster_.put(event_named("api.1")).ok());
  clock_.advance(30min);
  ASSERT_TRUE(cluster_.put(event_named("api.2")).ok());
  clock_.advance(29min);
  EXPECT_EQ(event_names(list_events()), (std::vector<std::string>{"api.1", "api.2"}));

  clock_.advance(1min);
  EXPECT_EQ(event_names(list_events()), (std::vector<std::string>{"api.2"}));
  clock_.advance(30min);
  EXPECT_TRUE(event_names(list_events()).empty());
}

TEST_F(EventTtlTest, AnUpdateRenewsTheLeaseAndExpiryIsADeletionWatchersSee) {
  ASSERT_TRUE(cluster_.put(event_named("api.1")).ok());
  clock_.advance(50min);
  auto type = find_resource("", "v1", "events");
  ASSERT_NE(type, nullptr);
  auto patched =
      cluster_.patch(*type, "shop", "api.1", PatchType::Merge, {{"count", 2}}, ObjectPart::Main);
  ASSERT_TRUE(patched.ok());
  std::uint64_t before = cluster_.store().resource_version();
  clock_.advance(50min);
  cluster_.expire_events();
  EXPECT_TRUE(cluster_.store().get("events", "shop", "api.1"));

  clock_.advance(10min);
  cluster_.expire_events();
  EXPECT_FALSE(cluster_.store().get("events", "shop", "api.1"));
  ChangeRead read = cluster_.store().read_changes("events", before, 10);
  ASSERT_EQ(read.changes.size(), 1u);
  EXPECT_EQ(read.changes[0].type, ChangeType::Deleted);
  EXPECT_EQ(read.changes[0].object->name, "api.1");
}

TEST(EventTtl, ZeroKeepsEventsForever) {
  ManualClock clock(kStart);
  Cluster cluster(clock, ClusterOptions{.event_ttl = 0s});
  ASSERT_TRUE(cluster.put(event_named("api.1")).ok());
  clock.advance(240h);
  cluster.expire_events();
  EXPECT_TRUE(cluster.store().get("events", "shop", "api.1"));
}

}  // namespace
}  // namespace kexit::kubesim
