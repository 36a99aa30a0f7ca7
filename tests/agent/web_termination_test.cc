#include "agent/web_termination.h"

#include <gtest/gtest.h>

#include "kube/api_time.h"

namespace kexit::agent {
namespace {

using nlohmann::json;

// A core/v1 Event as the agent's Events read back (kubesim and the apiserver list both groups'
// Events in this shape).
json core_event(const std::string& namespace_name, const std::string& pod, const std::string& cause,
                const std::string& last_timestamp, const std::string& message) {
  return json{{"metadata",
               {{"name", pod + ".1"},
                {"namespace", namespace_name},
                {"annotations",
                 {{"kexit.io/cause", cause},
                  {"kexit.io/container", "app"},
                  {"kexit.io/confidence", "0.85"},
                  {"kexit.io/rule", "r.one"},
                  {"kexit.io/exit-code", "127"}}}}},
              {"involvedObject", {{"kind", "Pod"}, {"namespace", namespace_name}, {"name", pod}}},
              {"type", "Warning"},
              {"count", 3},
              {"lastTimestamp", last_timestamp},
              {"message", message}};
}

TEST(WebTermination, ReadsAnnotationsAndSplitsTheNote) {
  auto read = read_web_termination(core_event(
      "shop", "api-1", "command-not-found", "2026-09-21T14:00:05Z",
      "Container \"app\" exited with code 127: command-not-found (A shell could not find a "
      "command). Evidence: /bin/sh: 1: x: not found Suggestion: kubectl logs api-1 Events: "
      "BackOff x2: back-off Log tail: L1 a | L2 b"));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->namespace_name, "shop");
  EXPECT_EQ(read->pod, "api-1");
  EXPECT_EQ(read->container, "app");
  EXPECT_EQ(read->cause, "command-not-found");
  EXPECT_EQ(read->confidence, "0.85");
  EXPECT_EQ(read->rule, "r.one");
  EXPECT_EQ(read->exit_code, "127");
  EXPECT_EQ(read->type, "Warning");
  EXPECT_EQ(read->count, 3);
  EXPECT_EQ(kube::format_api_time(read->last_observed), "2026-09-21T14:00:05Z");
  EXPECT_EQ(read->summary,
            "Container \"app\" exited with code 127: command-not-found (A shell could not find a "
            "command).");
  EXPECT_EQ(read->evidence,
            "/bin/sh: 1: x: not found Events: BackOff x2: back-off Log tail: L1 a "
            "| L2 b");
  EXPECT_EQ(read->fix, "kubectl logs api-1");
}

TEST(WebTermination, ANoteWithoutEvidenceOrSuggestionIsAllSummary) {
  auto read = read_web_termination(
      core_event("shop", "api-1", "oom-killed", "2026-09-21T14:00:05Z", "Container exited."));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->summary, "Container exited.");
  EXPECT_EQ(read->evidence, "");
  EXPECT_EQ(read->fix, "");
}

TEST(WebTermination, AnEventWithoutTheCauseAnnotationIsNotOurs) {
  auto event = core_event("shop", "api-1", "oom-killed", "2026-09-21T14:00:05Z", "m");
  event["metadata"]["annotations"].erase("kexit.io/cause");
  EXPECT_FALSE(read_web_termination(event).has_value());
  EXPECT_FALSE(read_web_termination(json::array()).has_value());
}

// The agent's Node Event for correlated terminations carries a cause but is no termination.
TEST(WebTermination, TheNodeEventIsNotATermination) {
  auto node_event = core_event("default", "node-1", "oom-killed", "2026-09-21T14:00:05Z", "3 pods");
  node_event["involvedObject"] = {{"kind", "Node"}, {"name", "node-1"}, {"uid", "node-1"}};
  EXPECT_FALSE(read_web_termination(node_event).has_value());
}

TEST(WebTermination, KeepsTheNewestFirstAndAtMostTheBound) {
  WebTerminations terminations;
  // Seconds 0..(2*bound+9) within one day, added oldest first.
  const std::size_t added = 2 * kMaxWebTerminations + 10;
  for (std::size_t i = 0; i < added; ++i) {
    char time[32];
    std::snprintf(time, sizeof time, "2026-09-21T%02zu:%02zu:%02zuZ", i / 3600, i / 60 % 60,
                  i % 60);
    terminations.add(core_event("shop", "pod-" + std::to_string(i), "oom-killed", time, "m"));
  }
  auto newest = terminations.newest_first();
  ASSERT_EQ(newest.size(), kMaxWebTerminations);
  EXPECT_EQ(newest.front().pod, "pod-" + std::to_string(added - 1));
  EXPECT_EQ(newest.back().pod, "pod-" + std::to_string(added - kMaxWebTerminations));
}

}  // namespace
}  // namespace kexit::agent
