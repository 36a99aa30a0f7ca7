#include "agent/termination_reporter.h"

#include <gtest/gtest.h>

#include <sstream>

#include "agent_unit_fixture.h"
#include "kube/pod_parser.h"
#include "pod_json.h"
#include "testing/fake_clock.h"

namespace kexit::agent {
namespace {

class TerminationReporterTest : public testing::AgentUnitTest {
 protected:
  TerminationReporterTest()
      : series_(std::chrono::minutes(30)),
        limiter_({}, clock_),
        emitter_(api_, series_, limiter_, metrics_, log_, clock_, "kexit-agent-0") {}

  TerminationWork work(const nlohmann::json& pod) {
    auto facts = kube::parse_pod(pod, "test");
    EXPECT_TRUE(facts.ok());
    return {*facts, facts->to_diagnose.front().termination.container_id};
  }

  EventSeriesTracker series_;
  NamespaceRateLimiter limiter_;
  EventEmitter emitter_;
};

TEST_F(TerminationReporterTest, DiagnosesThePreviousLogAndWritesTheEvent) {
  api_.set_log("shop", "api-1", "app",
               "starting\nthread 'main' panicked at src/main.rs:3:5:\nboom\n"
               "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n");
  TerminationReporter reporter(api_, knowledge_, emitter_, metrics_, log_, clock_, {});
  reporter.report(work(testing::crashed_pod("shop", "api-1", "uid-1")));
  auto events = api_.events();
  ASSERT_EQ(events.size(), 1u);
  const auto& event = events.begin()->second;
  EXPECT_EQ(event["reason"], "RustPanic");
  EXPECT_EQ(event["type"], "Warning");
  EXPECT_EQ(event["metadata"]["annotations"]["kexit.io/cause"], "rust-panic");
  // The panic's message is on the line after its location: the note carries both.
  EXPECT_EQ(event["note"],
            "Container \"app\" exited with code 101: rust-panic (Rust program panicked). "
            "Evidence: thread 'main' panicked at src/main.rs:3:5: boom note: run with "
            "`RUST_BACKTRACE=1` environment variable to display a backtrace Suggestion: kubectl "
            "logs api-1 -n shop -c app --previous | grep -n -A6 'panicked at'");
  // The fake API answers at once: nothing took time on the clock, but each was measured.
  EXPECT_EQ(metrics_.log_fetch_seconds.count(), 1u);
  EXPECT_EQ(metrics_.diagnosis_seconds.count(), 1u);
  EXPECT_EQ(metrics_.event_write_seconds.count(), 1u);
  EXPECT_EQ(metrics_.terminations.value({"shop", "101", "rust-panic"}), 1);
  EXPECT_NE(log_text_.str().find("\"msg\":\"container termination diagnosed\""), std::string::npos);
}

// Three applications on one node OOM-killed within seconds: each pod gets its Event, and the
// Node one more that says it is likely the node.
TEST_F(TerminationReporterTest, ThreeApplicationsEndingAlikeOnANodeGetANodeEvent) {
  testing::CrashedContainer oom;
  oom.exit_code = 137;
  oom.reason = "OOMKilled";
  TerminationReporter reporter(api_, knowledge_, emitter_, metrics_, log_, clock_, {});
  reporter.report(work(testing::crashed_pod("shop", "api-1", "uid-1", oom)));
  reporter.report(work(testing::crashed_pod("shop", "web-1", "uid-2", oom)));
  EXPECT_EQ(api_.events().size(), 2u);
  reporter.report(work(testing::crashed_pod("jobs", "etl-1", "uid-3", oom)));
  std::vector<nlohmann::json> node_events;
  for (const auto& [key, event] : api_.events()) {
    if (key.rfind("default/", 0) == 0) {
      node_events.push_back(event);
    }
  }
  EXPECT_EQ(api_.events().size(), 4u);
  ASSERT_EQ(node_events.size(), 1u);
  EXPECT_EQ(node_events[0]["reason"], "KexitCorrelatedTerminations");
  EXPECT_EQ(node_events[0]["regarding"]["name"], "node-1");
  // They ended in the same second: the pods are in name order.
  EXPECT_EQ(node_events[0]["metadata"]["annotations"]["kexit.io/pods"],
            "jobs/etl-1,shop/api-1,shop/web-1");
  EXPECT_NE(log_text_.str().find("\"msg\":\"terminations correlated on a node\""),
            std::string::npos);
}

// A drain stops many pods of a node at once: their graceful terminations (a Normal cause) are
// routine and get no Node Event.
TEST_F(TerminationReporterTest, GracefulTerminationsOnANodeGetNoNodeEvent) {
  testing::CrashedContainer stopped;
  stopped.exit_code = 143;
  stopped.reason = "Error";
  TerminationReporter reporter(api_, knowledge_, emitter_, metrics_, log_, clock_, {});
  for (const char* pod : {"api-1", "web-1", "etl-1"}) {
    reporter.report(work(testing::crashed_pod("shop", pod, std::string("uid-") + pod, stopped)));
  }
  ASSERT_EQ(api_.events().size(), 3u);
  for (const auto& [key, event] : api_.events()) {
    EXPECT_NE(key.rfind("default/", 0), 0u) << key;
    EXPECT_EQ(event["metadata"]["annotations"]["kexit.io/cause"], "graceful-termination") << key;
  }
}

TEST_F(TerminationReporterTest, FallsBackToTheTerminationMessage) {
  testing::CrashedContainer oom;
  oom.exit_code = 137;
  oom.reason = "OOMKilled";
  oom.message = "killed";
  TerminationReporter reporter(api_, knowledge_, emitter_, metrics_, log_, clock_, {});
  reporter.report(work(testing::crashed_pod("shop", "api-1", "uid-1", oom)));
  auto events = api_.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events.begin()->second["metadata"]["annotations"]["kexit.io/cause"], "oom-killed");
  EXPECT_NE(log_text_.str().find("\"log\":\"termination-message\""), std::string::npos);
}

// The agent reads a node-level termination's node through the same gather_evidence as inspect;
// without get nodes the diagnosis and its Event are the same.
TEST_F(TerminationReporterTest, ReadsTheNodeOfANodeLevelKillAndGoesOnWithoutIt) {
  testing::CrashedContainer killed;
  killed.exit_code = 137;
  killed.reason = "Error";
  api_.nodes["node-1"] = {
      {"kind", "Node"},
      {"metadata", {{"name", "node-1"}}},
      {"status", {{"conditions", {{{"type", "MemoryPressure"}, {"status", "True"}}}}}}};
  TerminationReporter reporter(api_, knowledge_, emitter_, metrics_, log_, clock_, {});
  reporter.report(work(testing::crashed_pod("shop", "api-1", "uid-1", killed)));
  EXPECT_EQ(api_.node_reads, 1);
  api_.node_read_status = 403;
  reporter.report(work(testing::crashed_pod("web", "api-2", "uid-2", killed)));
  EXPECT_EQ(api_.node_reads, 2);
  auto events = api_.events();
  ASSERT_EQ(events.size(), 2u);
  for (const auto& [name, event] : events) {
    EXPECT_EQ(event["metadata"]["annotations"]["kexit.io/cause"], "sigkill-external") << name;
  }
}

nlohmann::json kubelet_event(const std::string& reason, int count, const std::string& message) {
  return {{"apiVersion", "v1"},
          {"kind", "Event"},
          {"metadata", {{"name", "api-1." + reason}, {"namespace", "shop"}}},
          {"involvedObject",
           {{"kind", "Pod"},
            {"name", "api-1"},
            {"namespace", "shop"},
            {"uid", "uid-1"},
            {"fieldPath", "spec.containers{app}"}}},
          {"reason", reason},
          {"message", message},
          {"type", "Warning"},
          {"count", count},
          {"source", {{"component", "kubelet"}}},
          {"lastTimestamp", "2024-01-01T00:09:59Z"}};
}

// The note names the kubelet's Events the diagnosis rests on, their messages redacted as every
// text taken from a pod is.
TEST_F(TerminationReporterTest, TheNoteListsTheKubeletEventsItUsedRedacted) {
  testing::CrashedContainer killed;
  killed.exit_code = 137;
  api_.add_cluster_event(
      "shop",
      kubelet_event("Killing", 1, "Container app failed liveness probe, will be restarted"));
  api_.add_cluster_event(
      "shop", kubelet_event("Unhealthy", 3,
                            "Liveness probe failed: token ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d "
                            "rejected"));
  TerminationReporter reporter(api_, knowledge_, emitter_, metrics_, log_, clock_, {});
  reporter.report(work(testing::crashed_pod("shop", "api-1", "uid-1", killed)));
  auto events = api_.events();
  ASSERT_EQ(events.size(), 1u);
  const auto& event = events.begin()->second;
  EXPECT_EQ(event["metadata"]["annotations"]["kexit.io/cause"], "liveness-probe-kill");
  std::string note = event["note"].get<std::string>();
  const std::string listed =
      " Events: Killing x1: Container app failed liveness probe, will be restarted; Unhealthy "
      "x3: Liveness probe failed: token [REDACTED] rejected";
  EXPECT_NE(note.find(listed), std::string::npos) << note;
  EXPECT_EQ(note.find("ghp_"), std::string::npos) << note;
}

// A workload's declared exit-code meaning reaches the Event: its cause, its title and the fact.
TEST_F(TerminationReporterTest, TheNoteCarriesTheWorkloadsDeclaredMeaning) {
  testing::CrashedContainer batch;
  batch.exit_code = 3;
  nlohmann::json pod = testing::crashed_pod("shop", "api-1", "uid-1", batch);
  pod["metadata"]["annotations"]["kexit.io/exit-code-meanings"] =
      R"({"3": "configuration invalid", "75": "retry later"})";
  api_.set_log("shop", "api-1", "app", "starting\nreading /etc/app/config.toml\n");
  TerminationReporter reporter(api_, knowledge_, emitter_, metrics_, log_, clock_, {});
  reporter.report(work(pod));
  auto events = api_.events();
  ASSERT_EQ(events.size(), 1u);
  const auto& event = events.begin()->second;
  EXPECT_EQ(event["reason"], "DeclaredExitCode");
  EXPECT_EQ(event["metadata"]["annotations"]["kexit.io/cause"], "declared-exit-code");
  EXPECT_EQ(event["note"],
            "Container \"app\" exited with code 3: declared-exit-code (The program's own exit "
            "code, as its workload declares it: configuration invalid). Evidence: exit code 3 is "
            "declared by the pod's annotation kexit.io/exit-code-meanings: configuration invalid "
            "Suggestion: kubectl logs api-1 -n shop -c app --previous --tail=100");
}

TEST_F(TerminationReporterTest, AnnotatesThePodWhenAsked) {
  api_.put_pod(testing::crashed_pod("shop", "api-1", "uid-1"));
  TerminationReporter reporter(api_, knowledge_, emitter_, metrics_, log_, clock_,
                               {.max_log_bytes = 1024, .annotate_pods = true});
  reporter.report(work(testing::crashed_pod("shop", "api-1", "uid-1")));
  auto pod = api_.pod("shop/api-1");
  std::string annotation = pod["metadata"]["annotations"]["kexit.io/last-diagnosis"];
  EXPECT_NE(annotation.find("\"container\":\"app\",\"exitCode\":101"), std::string::npos);
}

TEST_F(TerminationReporterTest, EventCarriesTheLogTailOnlyWhenAsked) {
  api_.set_log("shop", "api-1", "app", "starting\nno work left\n");
  TerminationReporter quiet(api_, knowledge_, emitter_, metrics_, log_, clock_, {});
  quiet.report(work(testing::crashed_pod("shop", "api-1", "uid-1")));
  api_.set_log("shop", "api-2", "app", "starting\nno work left\n");
  TerminationReporter telling(api_, knowledge_, emitter_, metrics_, log_, clock_,
                              {.max_log_bytes = 1024, .event_log_tail = true});
  telling.report(work(testing::crashed_pod("shop", "api-2", "uid-2")));
  auto events = api_.events();
  ASSERT_EQ(events.size(), 2u);
  for (const auto& [name, event] : events) {
    std::string note = event["note"];
    bool asked = event["regarding"]["name"] == "api-2";
    EXPECT_EQ(note.find(" Log tail: L1 starting | L2 no work left") != std::string::npos, asked)
        << note;
  }
}

TEST_F(TerminationReporterTest, OverTheRateLimitTheLogIsNotFetchedButTheCrashIsCounted) {
  NamespaceRateLimiter strict({.per_second = 0.001, .burst = 1}, clock_);
  EventEmitter limited(api_, series_, strict, metrics_, log_, clock_, "kexit-agent-0");
  TerminationReporter reporter(api_, knowledge_, limited, metrics_, log_, clock_, {});
  api_.set_log("shop", "api-1", "app", "thread 'main' panicked at src/main.rs:3:5:\nboom\n");
  reporter.report(work(testing::crashed_pod("shop", "api-1", "uid-1")));
  EXPECT_EQ(api_.log_requests, 1);
  // The namespace is over its limit: no Event, so no log either; the termination reason still
  // tells an OOM kill, and the crash is counted.
  testing::CrashedContainer oom;
  oom.exit_code = 137;
  oom.reason = "OOMKilled";
  oom.container_id = "containerd://bbb";
  reporter.report(work(testing::crashed_pod("shop", "api-2", "uid-2", oom)));
  EXPECT_EQ(api_.log_requests, 1);
  EXPECT_EQ(api_.events().size(), 1u);
  EXPECT_EQ(metrics_.events.value({"rate_limited"}), 1);
  EXPECT_EQ(metrics_.terminations.value({"shop", "137", "oom-killed"}), 1);
  EXPECT_NE(log_text_.str().find(
                "\"log_note\":\"log and Events not read (the namespace is over its Event "
                "rate limit), and the container left no termination message\""),
            std::string::npos);
}

// The kubelet's refusals are explained as `kexit inspect` explains them: one evidence path.
TEST_F(TerminationReporterTest, ExplainsAPreviousLogTheKubeletNoLongerKeeps) {
  testing::CrashedContainer crashed;
  crashed.message = "panicked";
  TerminationReporter reporter(api_, knowledge_, emitter_, metrics_, log_, clock_, {});
  reporter.report(work(testing::crashed_pod("shop", "api-1", "uid-1", crashed)));
  EXPECT_NE(log_text_.str().find(
                "\"log_note\":\"the previous log is gone (HTTP 400: the kubelet keeps only the "
                "last terminated instance, and none once the pod is deleted or moved); used the "
                "termination message instead\""),
            std::string::npos)
      << log_text_.str();
}

TEST_F(TerminationReporterTest, ExplainsALogThatIsGoneWithItsPod) {
  api_.fail_log("shop", "api-1", "app", 404, "pods api-1 not found");
  TerminationReporter reporter(api_, knowledge_, emitter_, metrics_, log_, clock_, {});
  reporter.report(work(testing::crashed_pod("shop", "api-1", "uid-1")));
  EXPECT_NE(log_text_.str().find("\"log_note\":\"the previous log is gone (HTTP 404: pods api-1 "
                                 "not found), and the container left no termination message\""),
            std::string::npos)
      << log_text_.str();
}

}  // namespace
}  // namespace kexit::agent
