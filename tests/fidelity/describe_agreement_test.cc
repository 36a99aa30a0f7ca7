// Offline and cluster mode agree on kubectl describe text: for every pod of kubesim's mixed
// scenario, the real kubectl's `describe pod` text and its `logs --previous`, given to
// `kexit inspect --file DESCRIBE --logs LOG` (with `--file JOB` for a Job's pod), give the same
// top cause and container type as `kexit inspect pod/NAME` against kubesim. Each kubectl found is a
// parameter; without one the test fails, as the agreement is the point of reading describe text.

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "base/structured_text.h"
#include "kubectl_fixture.h"
#include "kubesim/scenario_player.h"
#include "testing/process_runner.h"

namespace kexit::fidelity {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class DescribeAgreement : public KubectlAgainstKubesim {
 protected:
  void SetUp() override {
    ASSERT_FALSE(GetParam().empty()) << "no kubectl on PATH: the agreement needs the real one";
    KubectlAgainstKubesim::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    auto mixed =
        kubesim::load_scenario(std::string(KEXIT_SOURCE_DIR) + "/examples/scenarios/mixed.yaml");
    ASSERT_TRUE(mixed.ok()) << mixed.error().to_string();
    player_ = std::make_unique<kubesim::ScenarioPlayer>(cluster_, std::move(mixed).value(),
                                                        cluster_clock().now() - 1min);
    ASSERT_TRUE(player_->finish().ok());
  }

  ProcessResult kexit(std::vector<std::string> args) {
    args.insert(args.begin(), std::string(KEXIT_BINARY_DIR) + "/kexit");
    Process process(args, environment());
    return process.finish(std::chrono::seconds(90));
  }

  // "container -> top cause (container type)" of an `-o json` report: the type tells a native
  // sidecar from a plain init container, which describe text does not say outright.
  static std::map<std::string, std::string> top_causes(const ProcessResult& result) {
    std::map<std::string, std::string> causes;
    auto report = parse_json(result.out, "report");
    if (!report.ok()) {
      ADD_FAILURE() << result.out << result.err;
      return causes;
    }
    for (const auto& container : (*report)["containers"]) {
      const json& diagnoses = container["diagnoses"];
      causes[container["container"].get<std::string>()] =
          (diagnoses.empty() ? "" : diagnoses[0]["cause"].get<std::string>()) + " (" +
          container["containerType"].get<std::string>() + ")";
    }
    return causes;
  }

  // The log of the instance of `container` that died: --previous after a restart, else the
  // current one. The container is named: kubectl's default is the first app container, which
  // has no log when an init container failed.
  std::string saved_log(const std::string& name_space, const std::string& pod,
                        const std::string& container) {
    for (bool previous : {true, false}) {
      std::vector<std::string> args = {"logs", "-n", name_space, pod, "-c", container};
      if (previous) {
        args.push_back("--previous");
      }
      ProcessResult log = kubectl(args);
      if (log.exit_code == 0 && !log.out.empty()) {
        return write(pod + "." + container + ".log", log.out);
      }
    }
    return "";
  }

  // The pod's Job as `kubectl get job -o json` writes it, saved next to the describe text, or
  // "" when no Job owns the pod: describe text cannot show why a Job failed (a Job past its
  // activeDeadlineSeconds kills a pod that says nothing of it), and a post-mortem keeps the Job.
  std::string saved_owner_job(const std::string& name_space, const std::string& pod) {
    ProcessResult owner = kubectl({"get", "pod", "-n", name_space, pod, "-o",
                                   "jsonpath={.metadata.ownerReferences[0].kind}/"
                                   "{.metadata.ownerReferences[0].name}"});
    if (owner.out.rfind("Job/", 0) != 0) {
      return "";
    }
    ProcessResult job =
        kubectl({"get", "job", "-n", name_space, owner.out.substr(4), "-o", "json"});
    EXPECT_EQ(job.exit_code, 0) << job.err;
    return write(pod + ".job.json", job.out);
  }

  std::unique_ptr<kubesim::ScenarioPlayer> player_;
};

TEST_P(DescribeAgreement, EveryScenarioPodGetsTheSameTopCause) {
  ProcessResult list = kubectl({"get", "pods", "-A", "-o",
                                "jsonpath={range .items[*]}{.metadata.namespace} "
                                "{.metadata.name}{\"\\n\"}{end}"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  std::istringstream lines(list.out);
  std::string name_space, pod;
  int compared = 0;
  while (lines >> name_space >> pod) {
    SCOPED_TRACE(name_space + "/" + pod);
    ProcessResult describe = kubectl({"describe", "pod", "-n", name_space, pod});
    ASSERT_EQ(describe.exit_code, 0) << describe.err;
    std::vector<std::string> offline = {"inspect", "--file",
                                        write(pod + ".describe.txt", describe.out), "-o", "json"};
    auto from_cluster = top_causes(kexit(
        {"inspect", "pod/" + pod, "-n", name_space, "--kubeconfig", kubeconfig_, "-o", "json"}));
    for (const auto& [container, cause] : from_cluster) {
      if (std::string log = saved_log(name_space, pod, container); !log.empty()) {
        offline.insert(offline.end(), {"--logs", container + "=" + log});
      }
    }
    if (std::string job = saved_owner_job(name_space, pod); !job.empty()) {
      offline.insert(offline.end(), {"--file", job});
    }
    ProcessResult text_run = kexit(offline);
    auto from_text = top_causes(text_run);
    EXPECT_FALSE(from_cluster.empty());
    ++compared;
    EXPECT_EQ(from_text, from_cluster) << describe.out;
  }
  // Every pod of the mixed scenario, those that never ran included.
  EXPECT_EQ(compared, 25);
}

// "container -> top cause, confidence level, container type" of an `-o json` report.
std::map<std::string, std::string> top_answers(const ProcessResult& result) {
  std::map<std::string, std::string> answers;
  auto report = parse_json(result.out, "report");
  if (!report.ok()) {
    ADD_FAILURE() << result.out << result.err;
    return answers;
  }
  for (const auto& container : (*report)["containers"]) {
    const json& diagnoses = container["diagnoses"];
    answers[container["container"].get<std::string>()] =
        diagnoses.empty() ? ""
                          : diagnoses[0]["cause"].get<std::string>() + " " +
                                diagnoses[0]["level"].get<std::string>() + " (" +
                                container["containerType"].get<std::string>() + ")";
  }
  return answers;
}

// What a post-mortem keeps with kubectl's JSON (the Pod, its Events, its node and the node's
// Events, its Job, the logs) gives the same top cause at the same confidence as cluster mode.
TEST_P(DescribeAgreement, KubectlJsonOfEveryScenarioPodGetsTheSameAnswer) {
  ProcessResult list = kubectl({"get", "pods", "-A", "-o",
                                "jsonpath={range .items[*]}{.metadata.namespace} "
                                "{.metadata.name} {.metadata.uid} {.spec.nodeName}{\"\\n\"}{end}"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  ProcessResult node_events = kubectl({"get", "events", "-n", "default", "--field-selector",
                                       "involvedObject.kind=Node", "-o", "json"});
  ASSERT_EQ(node_events.exit_code, 0) << node_events.err;
  const std::string node_events_file = write("node-events.json", node_events.out);
  std::istringstream lines(list.out);
  std::string line;
  int compared = 0;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string name_space, pod, uid, node;
    words >> name_space >> pod >> uid >> node;
    SCOPED_TRACE(name_space + "/" + pod);
    ProcessResult pod_json = kubectl({"get", "pod", "-n", name_space, pod, "-o", "json"});
    ProcessResult events = kubectl({"get", "events", "-n", name_space, "--field-selector",
                                    "involvedObject.uid=" + uid, "-o", "json"});
    ASSERT_EQ(pod_json.exit_code, 0) << pod_json.err;
    ASSERT_EQ(events.exit_code, 0) << events.err;
    std::vector<std::string> offline = {"inspect",
                                        "--file",
                                        write(pod + ".json", pod_json.out),
                                        "--file",
                                        write(pod + ".events.json", events.out),
                                        "--file",
                                        node_events_file,
                                        "-o",
                                        "json"};
    if (!node.empty()) {
      ProcessResult node_json = kubectl({"get", "node", node, "-o", "json"});
      ASSERT_EQ(node_json.exit_code, 0) << node_json.err;
      offline.insert(offline.end(), {"--file", write(node + ".node.json", node_json.out)});
    }
    auto from_cluster = top_answers(kexit(
        {"inspect", "pod/" + pod, "-n", name_space, "--kubeconfig", kubeconfig_, "-o", "json"}));
    for (const auto& [container, answer] : from_cluster) {
      if (std::string log = saved_log(name_space, pod, container); !log.empty()) {
        offline.insert(offline.end(), {"--logs", container + "=" + log});
      }
    }
    if (std::string job = saved_owner_job(name_space, pod); !job.empty()) {
      offline.insert(offline.end(), {"--file", job});
    }
    EXPECT_FALSE(from_cluster.empty());
    EXPECT_EQ(top_answers(kexit(offline)), from_cluster);
    ++compared;
  }
  EXPECT_EQ(compared, 25);
}

INSTANTIATE_TEST_SUITE_P(Kubectl, DescribeAgreement, ::testing::ValuesIn(kubectl_binaries()),
                         parameter_name);

}  // namespace
}  // namespace kexit::fidelity
