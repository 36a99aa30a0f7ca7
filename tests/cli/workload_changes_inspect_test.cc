// `kexit inspect deployment/NAME` against kubesim's rollout scenario: the report says when the
// crash loop began, how many terminations there were, and what changed just before: the new
// revision's image, memory limit and Secret checksum for one Deployment, a ConfigMap edited by
// a timed step for the other. Without `get configmaps` the revision is still compared and the
// report says what it could not read.

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "kubesim/cluster.h"
#include "testing/kubesim_fixture.h"
#include "testing/paths.h"
#include "testing/process_runner.h"

namespace kexit {
namespace {

using nlohmann::json;
using testing_support::kexit_binary;
using testing_support::run_command;

const kubesim::PolicyRule kReadAll{{"get", "list"}, {"", "apps"}, {"*"}, {}, {}};
// What `inspect deployment/` needed before this report: no configmaps.
const kubesim::PolicyRule kNoConfigMaps{
    {"get", "list"},
    {"", "apps"},
    {"pods", "pods/log", "events", "deployments", "replicasets"},
    {},
    {}};

class WorkloadChangesInspect : public testing_support::KubesimFixture {
 protected:
  // 2026-09-21T14:13:20Z; the scenario started a minute before, at 14:12:20Z.
  WorkloadChangesInspect()
      : KubesimFixture(kubesim::TimePoint(std::chrono::seconds(1'790'000'000))) {}

  void SetUp() override {
    play_scenario("examples/scenarios/rollout.yaml", std::chrono::minutes(1));
    KubesimFixture::SetUp();
  }

  testing_support::ProcessResult inspect(const std::string& target, const kubesim::PolicyRule& rule,
                                         const std::string& output = "") {
    std::string kubeconfig = kubeconfig_for("sre", rule);
    auto run = run_command(kexit_binary() + " inspect " + target + " -n shop --kubeconfig " +
                           kubeconfig + output);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run;
  }
};

TEST_F(WorkloadChangesInspect, TheRolloutBeforeTheCrashLoopIsNamedWithItsTimeAndDiff) {
  auto run = inspect("deployment/api", kReadAll, " -o json");
  ASSERT_EQ(run.exit_code, 0);
  json report = json::parse(run.out);
  ASSERT_EQ(report["workloadChanges"].size(), 1u) << run.out;
  EXPECT_EQ(report["workloadChanges"][0], json::parse(R"json({
    "workload": "deployment/api",
    "namespace": "shop",
    "terminations": 4,
    "firstTermination": "2026-09-21T14:12:44Z",
    "lastTermination": "2026-09-21T14:12:46Z",
    "windowStart": "2026-01-05T09:00:00Z",
    "changes": [{
      "kind": "revision",
      "time": "2026-09-21T14:12:20Z",
      "object": "replicaset/api-7b9d6c5f4",
      "summary": "revision 2 (was 1)",
      "details": [
        "container app: image registry.example.com/shop/api:1.4.2 -> registry.example.com/shop/api:1.5.0",
        "container app: memory limit 512Mi -> 256Mi",
        "annotation checksum/secret changed"
      ]
    }],
    "notes": []
  })json"));
}

TEST_F(WorkloadChangesInspect, TheTextReportHasAWhatChangedSection) {
  auto run = inspect("deployment/api", kReadAll);
  EXPECT_NE(run.out.find("\nwhat changed before deployment/api crashed: 4 terminations, the first "
                         "shown at 2026-09-21T14:12:44Z, the last at 2026-09-21T14:12:46Z\n"
                         "  2026-09-21T14:12:20Z  replicaset/api-7b9d6c5f4  revision 2 (was 1)\n"
                         "      container app: image registry.example.com/shop/api:1.4.2 -> "
                         "registry.example.com/shop/api:1.5.0\n"
                         "      container app: memory limit 512Mi -> 256Mi\n"
                         "      annotation checksum/secret changed\n"
                         "  window: after 2026-01-05T09:00:00Z (the previous revision's creation) "
                         "until the first termination shown\n"),
            std::string::npos)
      << run.out;
}

TEST_F(WorkloadChangesInspect, AConfigMapEditedBeforeTheCrashIsReported) {
  auto run = inspect("deployment/worker", kReadAll, " -o json");
  ASSERT_EQ(run.exit_code, 0);
  json changes = json::parse(run.out)["workloadChanges"][0];
  EXPECT_EQ(changes["terminations"], 2);
  EXPECT_EQ(changes["windowStart"], nullptr);
  EXPECT_EQ(changes["changes"], json::parse(R"json([{
    "kind": "config-map",
    "time": "2026-09-21T14:12:50Z",
    "object": "configmap/worker-config",
    "summary": "updated by kubectl-edit",
    "details": []
  }])json"));
}

TEST_F(WorkloadChangesInspect, WithoutGetConfigMapsTheRevisionIsComparedAndTheGapNamed) {
  auto run = inspect("deployment/api", kNoConfigMaps, " -o json");
  ASSERT_EQ(run.exit_code, 0);
  json changes = json::parse(run.out)["workloadChanges"][0];
  EXPECT_EQ(changes["changes"].size(), 1u);
  ASSERT_EQ(changes["notes"].size(), 1u);
  const std::string note = changes["notes"][0];
  EXPECT_TRUE(note.starts_with("configmap api-config could not be read (")) << note;
  EXPECT_TRUE(note.ends_with("; needs get configmaps)")) << note;
}

}  // namespace
}  // namespace kexit
