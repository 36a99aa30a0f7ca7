#include "kube/event_evidence.h"

#include <gtest/gtest.h>

#include "kube/api_time.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

// Answers Event lists from a fixed set, recording the selectors asked for.
class FakeEvidenceReader : public EvidenceReader {
 public:
  std::map<std::string, json> lists;  // "namespace|selector" -> EventList
  int status = 200;
  std::vector<std::string> asked;

  Expected<ApiResponse> read_events(const std::string& namespace_name,
                                    const std::string& field_selector, int limit) override {
    asked.push_back(namespace_name + "|" + field_selector + "|" + std::to_string(limit));
    ApiResponse response;
    response.status = status;
    auto found = lists.find(namespace_name + "|" + field_selector);
    json list = found == lists.end() ? json{{"items", json::array()}} : found->second;
    response.body = status == 200
                        ? list.dump()
                        : R"({"kind":"Status","code":403,"message":"events is forbidden"})";
    return response;
  }
  Expected<ApiResponse> read_job(const std::string&, const std::string&) override {
    return Error{"not used"};
  }
  Expected<ApiResponse> read_node(const std::string&) override { return Error{"not used"}; }
  Expected<PodLog> read_log(const std::string&, const std::string&, const LogOptions&) override {
    return Error{"not used"};
  }
};

json event(const std::string& reason, const std::string& last, const std::string& kind = "Pod") {
  return {{"kind", "Event"},
          {"reason", reason},
          {"message", reason + " happened"},
          {"type", "Warning"},
          {"lastTimestamp", last},
          {"involvedObject", {{"kind", kind}, {"name", kind == "Node" ? "node-1" : "web-1"}}}};
}

PodFacts killed_pod(const std::string& finished) {
  PodFacts pod;
  pod.namespace_name = "shop";
  pod.name = "web-1";
  pod.uid = "u-1";
  pod.node = "node-1";
  ContainerFacts container;
  container.name = "web";
  container.termination.exit_code = 137;
  container.termination.reason = "Error";
  container.termination.finished_at = finished;
  pod.to_diagnose.push_back(container);
  return pod;
}

TimePoint at(const char* text) { return *parse_api_time(text); }

TEST(EventEvidence, ReadsThePodsEventsByUidAndTheNodesAroundASigkill) {
  FakeEvidenceReader reader;
  reader.lists["shop|involvedObject.uid=u-1"] = {
      {"items", {event("Killing", "2026-12-06T10:00:00Z")}}};
  reader.lists["default|involvedObject.kind=Node,involvedObject.name=node-1"] = {
      {"items",
       {event("SystemOOM", "2026-12-06T09:59:50Z", "Node"),
        event("NodeNotReady", "2026-12-06T07:00:00Z", "Node")}}};
  PodFacts pod = killed_pod("2026-12-06T10:00:01Z");
  read_events(reader, pod, at("2026-12-06T10:05:00Z"));
  ASSERT_EQ(pod.events.size(), 1u);
  EXPECT_EQ(pod.events[0].reason, "Killing");
  // The node's Event three hours before is not about this termination.
  ASSERT_EQ(pod.node_events.size(), 1u);
  EXPECT_EQ(pod.node_events[0].reason, "SystemOOM");
  EXPECT_TRUE(pod.evidence_notes.empty());
  EXPECT_EQ(reader.asked.front(), "shop|involvedObject.uid=u-1|200");
}

TEST(EventEvidence, AnOomKillNeedsNoNodeEvents) {
  FakeEvidenceReader reader;
  PodFacts pod = killed_pod("2026-12-06T10:00:01Z");
  pod.to_diagnose[0].termination.reason = "OOMKilled";
  read_events(reader, pod, at("2026-12-06T10:05:00Z"));
  EXPECT_EQ(reader.asked.size(), 1u);
}

TEST(EventEvidence, NoEventsAfterTheirTtlSaysTheyProbablyExpired) {
  FakeEvidenceReader reader;
  PodFacts pod = killed_pod("2026-12-06T07:00:00Z");
  pod.to_diagnose[0].termination.reason = "OOMKilled";
  read_events(reader, pod, at("2026-12-06T10:30:00Z"));
  ASSERT_EQ(pod.evidence_notes.size(), 1u);
  EXPECT_EQ(pod.evidence_notes[0],
            "no Events found for the pod: they have probably expired (the API server keeps "
            "Events 1h by default, --event-ttl) and the termination finished 3h ago");
}

TEST(EventEvidence, ForbiddenEventListsBecomeNotesAndTheDiagnosisGoesOn) {
  FakeEvidenceReader reader;
  reader.status = 403;
  PodFacts pod = killed_pod("2026-12-06T10:00:01Z");
  read_events(reader, pod, at("2026-12-06T10:05:00Z"));
  ASSERT_EQ(pod.evidence_notes.size(), 2u);
  EXPECT_EQ(pod.evidence_notes[0],
            "the pod's Events could not be read (HTTP 403: events is forbidden; needs list "
            "events in namespace shop)");
  EXPECT_EQ(pod.evidence_notes[1],
            "node context missing: the Events of node node-1 could not be read (HTTP 403: "
            "events is forbidden; needs list events in namespace default)");
  EXPECT_EQ(pod.to_diagnose.size(), 1u);
}

TEST(EventEvidence, APendingPodWithAWarningEventBecomesAPodFailure) {
  FakeEvidenceReader reader;
  reader.lists["shop|involvedObject.uid=u-1"] = {
      {"items", {event("FailedMount", "2026-12-06T10:00:00Z")}}};
  PodFacts pod;
  pod.namespace_name = "shop";
  pod.name = "web-1";
  pod.uid = "u-1";
  pod.phase = "Pending";
  pod.first_container.name = "web";
  read_events(reader, pod, at("2026-12-06T10:05:00Z"));
  ASSERT_EQ(pod.to_diagnose.size(), 1u);
  EXPECT_EQ(pod.to_diagnose[0].outcome, ContainerOutcome::kPodFailed);
  EXPECT_EQ(pod.to_diagnose[0].name, "web");
}

PodFacts rejected_pod(const std::string& reason, const std::string& message) {
  PodFacts pod;
  pod.namespace_name = "shop";
  pod.name = "web-1";
  pod.uid = "u-1";
  pod.node = "node-1";
  pod.phase = "Failed";
  pod.reason = reason;
  pod.message = message;
  pod.first_container.name = "web";
  return pod;
}

TEST(EventEvidence, AnAdmissionRefusalReadsTheNodesEventsAroundItsOwnEvent) {
  FakeEvidenceReader reader;
  reader.lists["shop|involvedObject.uid=u-1"] = {
      {"items", {event("OutOfcpu", "2026-12-06T10:00:00Z")}}};
  reader.lists["default|involvedObject.kind=Node,involvedObject.name=node-1"] = {
      {"items",
       {event("Starting", "2026-12-06T09:58:00Z", "Node"),
        event("NodeNotReady", "2026-12-06T07:00:00Z", "Node")}}};
  PodFacts pod = rejected_pod(
      "OutOfcpu",
      "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 6200, "
      "capacity: 8000");
  read_events(reader, pod, at("2026-12-06T10:05:00Z"));
  ASSERT_EQ(reader.asked.size(), 2u);
  EXPECT_EQ(reader.asked[1], "default|involvedObject.kind=Node,involvedObject.name=node-1|200");
  // No container terminated: the kubelet's OutOfcpu Event dates the refusal, and the node's
  // Event three hours before it is not about it.
  ASSERT_EQ(pod.node_events.size(), 1u);
  EXPECT_EQ(pod.node_events[0].reason, "Starting");
  ASSERT_EQ(pod.to_diagnose.size(), 1u);
  EXPECT_EQ(pod.to_diagnose[0].outcome, ContainerOutcome::kPodFailed);
}

TEST(EventEvidence, EveryAdmissionRefusalIsNodeLevel) {
  const std::vector<std::pair<std::string, std::string>> refusals = {
      {"OutOfmemory",
       "Pod Node didn't have enough resource: memory, requested: 1, used: 2, "
       "capacity: 2"},
      {"OutOfnvidia.com/gpu",
       "Pod was rejected: Node didn't have enough resource: "
       "nvidia.com/gpu, requested: 1, used: 1, capacity: 1"},
      {"NodeAffinity", "Pod Predicate NodeAffinity failed"},
      {"UnexpectedAdmissionError", "Pod Allocate failed due to device plugin restarted"},
      // The CPU manager's static policy with full-pcpus-only, as kubelets before the
      // "Pod was rejected: " prefix worded it.
      {"SMTAlignmentError",
       "Pod SMT Alignment Error: requested 3 cpus not multiple cpus per core = 2"},
      {"AppArmor", "Cannot enforce AppArmor: AppArmor is not enabled on the host"},
      {"PodLevelResourcesNotSupported", "PodLevelResources feature gate is disabled"},
      {"PodOSNotSupported",
       "Pod was rejected: Failed to admit pod as the OS field doesn't match "
       "node OS"},
      // A handler this list does not know, named by the kubelet's own prefix.
      {"SomeNewAdmitHandler", "Pod was rejected: refused"}};
  for (const auto& [reason, message] : refusals) {
    PodFacts pod = rejected_pod(reason, message);
    EXPECT_TRUE(refused_at_admission(pod)) << reason;
    EXPECT_TRUE(may_be_node_level(pod)) << reason;
  }
}

TEST(EventEvidence, APodsOwnFailureIsNoAdmissionRefusal) {
  PodFacts deadline = rejected_pod("DeadlineExceeded",
                                   "Pod was active on the node longer than the specified deadline");
  EXPECT_FALSE(refused_at_admission(deadline));
  EXPECT_FALSE(may_be_node_level(deadline));
  // The reason alone, on a pod that is not Failed, is not the kubelet's verdict.
  PodFacts running = rejected_pod("OutOfcpu", "");
  running.phase = "Running";
  EXPECT_FALSE(refused_at_admission(running));
}

}  // namespace
}  // namespace kexit::kube
