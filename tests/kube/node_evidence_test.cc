#include "kube/node_evidence.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

using nlohmann::json;

// Answers node reads with one status and body, recording the names asked for.
class NodeReader : public EvidenceReader {
 public:
  int status = 200;
  std::string body;
  std::vector<std::string> asked;

  Expected<ApiResponse> read_node(const std::string& name) override {
    asked.push_back(name);
    ApiResponse response;
    response.status = status;
    response.body = body;
    return response;
  }
  Expected<ApiResponse> read_events(const std::string&, const std::string&, int) override {
    return Error{"not used"};
  }
  Expected<ApiResponse> read_job(const std::string&, const std::string&) override {
    return Error{"not used"};
  }
  Expected<PodLog> read_log(const std::string&, const std::string&, const LogOptions&) override {
    return Error{"not used"};
  }
};

json node_with(const json& conditions) {
  return {{"kind", "Node"},
          {"metadata", {{"name", "node-1"}}},
          {"status", {{"conditions", conditions}}}};
}

PodFacts evicted_pod() {
  PodFacts pod;
  pod.namespace_name = "shop";
  pod.name = "web-1";
  pod.node = "node-1";
  pod.reason = "Evicted";
  return pod;
}

TEST(NodeEvidence, OnlyConditionsThatAreNotNormalAreKept) {
  json node = node_with(
      {{{"type", "MemoryPressure"},
        {"status", "True"},
        {"reason", "KubeletHasInsufficientMemory"},
        {"message", "kubelet has insufficient memory available"}},
       {{"type", "DiskPressure"}, {"status", "False"}, {"reason", "KubeletHasNoDiskPressure"}},
       {{"type", "PIDPressure"}, {"status", "Unknown"}, {"reason", "NodeStatusUnknown"}},
       {{"type", "Ready"}, {"status", "False"}, {"reason", "KubeletNotReady"}},
       {{"type", "KernelDeadlock"}, {"status", "True"}}});
  EXPECT_EQ(abnormal_node_conditions(node),
            (std::vector<std::string>{"MemoryPressure=True: KubeletHasInsufficientMemory: kubelet "
                                      "has insufficient memory available",
                                      "PIDPressure=Unknown: NodeStatusUnknown",
                                      "Ready=False: KubeletNotReady"}));
  EXPECT_TRUE(abnormal_node_conditions(json::array()).empty());
  EXPECT_TRUE(abnormal_node_conditions(node_with("not a list")).empty());
}

TEST(NodeEvidence, ANodeLevelTerminationReadsItsNode) {
  NodeReader reader;
  reader.body = node_with({{{"type", "Ready"}, {"status", "True"}},
                           {{"type", "DiskPressure"}, {"status", "True"}}})
                    .dump();
  PodFacts pod = evicted_pod();
  read_node_context(reader, pod);
  EXPECT_EQ(reader.asked, (std::vector<std::string>{"node-1"}));
  EXPECT_EQ(pod.node_conditions, (std::vector<std::string>{"DiskPressure=True"}));
  EXPECT_TRUE(pod.evidence_notes.empty());
}

TEST(NodeEvidence, NoReadWhenTheTerminationIsTheContainersOwnOrTheNodeIsUnknown) {
  NodeReader reader;
  PodFacts pod = evicted_pod();
  pod.reason = "";
  ContainerFacts container;
  container.termination.exit_code = 137;
  container.termination.reason = "OOMKilled";
  pod.to_diagnose.push_back(container);
  read_node_context(reader, pod);
  PodFacts unscheduled = evicted_pod();
  unscheduled.node = "";
  read_node_context(reader, unscheduled);
  EXPECT_TRUE(reader.asked.empty());
  EXPECT_TRUE(pod.evidence_notes.empty());
  EXPECT_TRUE(unscheduled.evidence_notes.empty());
}

TEST(NodeEvidence, AForbiddenOrMissingNodeIsANoteAndNothingElse) {
  NodeReader reader;
  reader.status = 403;
  reader.body = R"({"kind":"Status","code":403,"message":"nodes \"node-1\" is forbidden"})";
  PodFacts pod = evicted_pod();
  read_node_context(reader, pod);
  EXPECT_TRUE(pod.node_conditions.empty());
  EXPECT_EQ(pod.evidence_notes,
            (std::vector<std::string>{"node context missing: node node-1 could not be read (HTTP "
                                      "403: nodes \"node-1\" is forbidden; needs get nodes)"}));
  reader.status = 404;
  reader.body = R"({"kind":"Status","code":404,"message":"nodes \"node-1\" not found"})";
  PodFacts gone = evicted_pod();
  read_node_context(reader, gone);
  EXPECT_EQ(gone.evidence_notes,
            (std::vector<std::string>{"node context missing: node node-1 is gone (HTTP 404: "
                                      "nodes \"node-1\" not found)"}));
}

}  // namespace
}  // namespace kexit::kube
