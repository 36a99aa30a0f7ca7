#include "agent/termination_diagnoser.h"

#include <gtest/gtest.h>

#include "agent/pod_watcher.h"
#include "agent_unit_fixture.h"
#include "diagnose/collected_pod_diagnosis.h"
#include "kube/api_time.h"
#include "kube/pod_parser.h"
#include "kube/termination_evidence.h"
#include "report/text_report.h"

namespace kexit::agent {
namespace {

nlohmann::json terminated_status(const std::string& name, const std::string& finished_at,
                                 int restart_count) {
  return {{"name", name},
          {"image", "example/" + name + ":1"},
          {"ready", false},
          {"restartCount", restart_count},
          {"state",
           {{"terminated",
             {{"exitCode", 0},
              {"reason", "Completed"},
              {"startedAt", "2024-06-11T08:00:00Z"},
              {"finishedAt", finished_at},
              {"containerID", "containerd://" + name}}}}},
          {"lastState", nlohmann::json::object()}};
}

// A finished Job's pod: the app container `migrate` exited 0, then the kubelet stopped the
// native sidecar `proxy` (which had restarted once), a second later.
nlohmann::json finished_job_pod() {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", "migrate-x7k2p"}, {"namespace", "shop"}, {"uid", "uid-7"}}},
          {"spec",
           {{"restartPolicy", "Never"},
            {"nodeName", "node-1"},
            {"initContainers",
             {{{"name", "proxy"}, {"image", "example/proxy:1"}, {"restartPolicy", "Always"}}}},
            {"containers", {{{"name", "migrate"}, {"image", "example/migrate:1"}}}}}},
          {"status",
           {{"phase", "Succeeded"},
            {"initContainerStatuses", {terminated_status("proxy", "2024-06-11T08:04:12Z", 1)}},
            {"containerStatuses", {terminated_status("migrate", "2024-06-11T08:04:11Z", 0)}}}}};
}

class TerminationDiagnoserTest : public testing::AgentUnitTest {
 protected:
  TerminationDiagnoserTest() : AgentUnitTest(*kube::parse_api_time("2024-06-11T08:05:00Z")) {}

  // What the agent writes for `container`: the pod watcher hands the termination on (exit-0
  // terminations included, as --include-exit-zero asks), then it is diagnosed.
  diagnose::ContainerDiagnosis as_the_agent(const nlohmann::json& pod,
                                            const std::string& container) {
    std::vector<TerminationWork> queued;
    WatcherOptions options;
    options.detector.include_exit_zero = true;
    PodWatcher watcher(api_, PodScope{}, options, clock_, metrics_, log_,
                       [&](TerminationWork&& work) { queued.push_back(std::move(work)); });
    watcher.handle(PodEventType::kAdded, pod);
    for (const TerminationWork& work : queued) {
      if (work.container().name == container) {
        return diagnose_termination(*knowledge_.engine(), api_, work, clock_.now(), {});
      }
    }
    ADD_FAILURE() << "the watcher did not hand on " << container;
    return {};
  }

  // What `kexit inspect --include-completed` reports for `container`.
  diagnose::ContainerDiagnosis as_inspect(const nlohmann::json& pod, const std::string& container) {
    auto facts = kube::parse_pod(pod, "test");
    EXPECT_TRUE(facts.ok());
    kube::CollectedPod collected;
    collected.facts = *facts;
    collected.logs = kube::gather_evidence(api_, collected.facts, clock_.now(), 256 * 1024);
    for (auto& diagnosis : diagnose::diagnose_collected(*knowledge_.engine(), {collected},
                                                        diagnose::IncludeCompleted::kYes)) {
      if (diagnosis.container == container) {
        return diagnosis;
      }
    }
    ADD_FAILURE() << "inspect did not diagnose " << container;
    return {};
  }
};

TEST_F(TerminationDiagnoserTest, ASidecarStoppedAfterTheAppIsDiagnosedAsInspectDiagnosesIt) {
  auto agent = as_the_agent(finished_job_pod(), "proxy");
  auto inspect = as_inspect(finished_job_pod(), "proxy");
  ASSERT_FALSE(agent.diagnoses.empty());
  const diagnose::Diagnosis& top = agent.diagnoses.front();
  EXPECT_EQ(top.cause, "graceful-termination");
  EXPECT_EQ(top.rule_id, "kubernetes.sidecar-stopped-with-pod");
  std::vector<std::string> evidence;
  for (const auto& item : top.evidence) {
    evidence.push_back(item.text);
  }
  EXPECT_EQ(evidence, (std::vector<std::string>{
                          "exit code 0",
                          "sidecar proxy exited 0 at 2024-06-11T08:04:12Z, after app container "
                          "migrate had finished at 2024-06-11T08:04:11Z (exit 0), and no app "
                          "container runs now: it stopped with its pod"}));
  // The whole report, not only the top cause: one evidence path.
  EXPECT_EQ(report::render_text({agent}, {}), report::render_text({inspect}, {}));
}

}  // namespace
}  // namespace kexit::agent
