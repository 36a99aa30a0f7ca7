// `kexit inspect` over several containers against kubesim's mixed scenario: the summary table
// (whole text, ages measured from KEXIT_NOW, the fixture's fixed "now"), its flags, the targets
// people type, and --exit-code.

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "kubesim/api_resource.h"
#include "testing/kubesim_fixture.h"
#include "testing/paths.h"
#include "testing/process_runner.h"

namespace kexit {
namespace {

using testing_support::kexit_binary;
using testing_support::ProcessResult;
using testing_support::run_command;

const kubesim::PolicyRule kReadAll{{"get", "list"}, {"", "apps", "batch"}, {"*"}, {}, {}};

// The cluster's "now": 1'790'000'000 s after the epoch.
const char* const kNow = "2026-09-21T14:13:20Z";

class InspectSummary : public testing_support::KubesimFixture {
 protected:
  InspectSummary() : KubesimFixture(kubesim::TimePoint(std::chrono::seconds(1'790'000'000))) {}

  void SetUp() override {
    // Started ten minutes ago and played to its end, so the ages span seconds to minutes.
    play_scenario("examples/scenarios/mixed.yaml", std::chrono::minutes(10));
    KubesimFixture::SetUp();
    kubeconfig_ = kubeconfig_for("sre", kReadAll);
  }

  ProcessResult inspect(const std::string& arguments) {
    return run_command(std::string("KEXIT_NOW=") + kNow + " " + kexit_binary() + " inspect " +
                       arguments + " --kubeconfig " + kubeconfig_);
  }

  std::string inspect_text(const std::string& arguments) {
    auto run = inspect(arguments);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  }

  std::string kubeconfig_;
};

TEST_F(InspectSummary, AllNamespacesIsATableNewestFirstWithTheTopCause) {
  EXPECT_EQ(
      inspect_text("-A"),
      R"(NAMESPACE   POD                               CONTAINER       EXIT            CAUSE                     CONFIDENCE   RESTARTS   LAST TERMINATION
shop        session-gateway-7d4b9c6f8-m3xkp   gateway         0               liveness-probe-kill       high         2          8m58s
shop        checkout-web-5f4d7c9b8-qv7tn      web             137 (SIGKILL)   liveness-probe-kill       high         1          9m18s
batch       reindex-catalog-7kq2m             reindex         143 (SIGTERM)   deadline-exceeded         high         0          9m29s
data        data-export-7c5d9f8b4-h6tnw       export          143 (SIGTERM)   deadline-exceeded         high         0          9m39s
shop        notifications-6d9f8c7b4-p4ltd     notifier        143 (SIGTERM)   graceful-termination      medium       0          9m39s
shop        report-renderer-6c9d8b7f5-l2kfx   renderer        143 (SIGTERM)   sigkill-external          high         0          9m40s
shop        search-indexer-84c6b7d9f-t5vnr    indexer         143 (SIGTERM)   startup-probe-kill        high         1          9m43s
shop        inventory-svc-84f6d7c9b-tw5rm     inventory       2               go-panic                  high         1          9m45s
shop        orders-api-5b8c9d7f6-k3vnp        log-forwarder   137 (SIGKILL)   oom-killed                high         3          9m45s
shop        payments-api-7d9c8b6f5-m8kzp      api             137 (SIGKILL)   oom-killed                high         1          9m51s
shop        image-resizer-7f5c6d8b9-zl9fs     resizer         139 (SIGSEGV)   segfault                  medium       4          9m53s
shop        payments-api-7d9c8b6f5-x2x4q      api             137 (SIGKILL)   oom-killed                high         3          9m54s
shop        ledger-sync-6c8f9d7b5-2hjwr       ledger-sync     101             rust-panic                high         5          9m56s
batch       nightly-report-8tq2d              report          1               python-module-not-found   high         0          9m57s
infra       log-shipper-9xv2c                 shipper         1               permission-denied         high         3          9m57s
data        db-migrate-5b7d8f9c6-kq4vx        migrate         127             command-not-found         high         2          9m58s
data        postgres-0                        postgres        1               permission-denied         high         6          9m58s
shop        billing-api-6d8c7b9f4-r7mkx       migrate         1               connection-refused        high         2          9m58s
infra       metrics-proxy-6b8d9f7c5-wq4zn     proxy           <none>          image-pull-failure        high         0          <none>
shop        cache-warmer-58c7d9f6b-8gq2n      warmer          137 (SIGKILL)   evicted                   high         0          <none>
shop        orders-worker-5f7c8d9b6-zr6hn     worker          <none>          container-config-error    high         0          <none>
shop        recommendations-5c9f7b8d6-jx7wq   app             137 (SIGKILL)   evicted                   high         0          <none>
shop        search-canary-64b9c7d5f-7wz4k     search          <none>          image-pull-failure        high         0          <none>
shop        stock-sync-5d9c7b8f6-g7xkq        sync            <none>          node-admission-rejected   high         0          <none>
shop        thumbnailer-6f8b7d5c9-q2wzx       thumbnailer     <none>          evicted                   high         0          <none>

3 of 25 containers: evicted; 3: oom-killed; 2: deadline-exceeded; 17 more: 14 other causes
)");
}

TEST_F(InspectSummary, WideWithoutHeadersFilteredByCause) {
  EXPECT_EQ(
      inspect_text("-A -o wide --no-headers --cause oom-killed"),
      R"(shop   orders-api-5b8c9d7f6-k3vnp     log-forwarder   137 (SIGKILL)   oom-killed   high   3     9m45s   fluent/fluent-bit:3.0.4                         kubesim-node-1   OOMKilled   kubernetes.oom-killed
shop   payments-api-7d9c8b6f5-m8kzp   api             137 (SIGKILL)   oom-killed   high   1     9m51s   registry.example.com/shop/payments-api:2.14.0   kubesim-node-1   OOMKilled   kubernetes.oom-killed
shop   payments-api-7d9c8b6f5-x2x4q   api             137 (SIGKILL)   oom-killed   high   3     9m54s   registry.example.com/shop/payments-api:2.14.0   kubesim-node-1   OOMKilled   kubernetes.oom-killed
)");
}

// Several targets, in the forms kubectl prints; a pod that also belongs to a target is once.
TEST_F(InspectSummary, SeveralTargetsInKubectlsFormsSortedByRestarts) {
  EXPECT_EQ(
      inspect_text("deployment.apps/payments-api pods/ledger-sync-6c8f9d7b5-2hjwr "
                   "pod/payments-api-7d9c8b6f5-m8kzp -n shop --sort-by restarts"),
      R"(NAMESPACE   POD                            CONTAINER     EXIT            CAUSE        CONFIDENCE   RESTARTS   LAST TERMINATION
shop        payments-api-7d9c8b6f5-m8kzp   api           137 (SIGKILL)   oom-killed   high         1          9m51s
shop        payments-api-7d9c8b6f5-x2x4q   api           137 (SIGKILL)   oom-killed   high         3          9m54s
shop        ledger-sync-6c8f9d7b5-2hjwr    ledger-sync   101             rust-panic   high         5          9m56s

2 of 3 containers: oom-killed; 1: rust-panic
)");
}

TEST_F(InspectSummary, OneContainerNameAcrossTheCluster) {
  EXPECT_EQ(
      inspect_text("-A -c api --no-headers"),
      R"(shop   payments-api-7d9c8b6f5-m8kzp   api   137 (SIGKILL)   oom-killed   high   1     9m51s
shop   payments-api-7d9c8b6f5-x2x4q   api   137 (SIGKILL)   oom-killed   high   3     9m54s
)");
}

// A List as `kubectl get pods -o json` writes it: several pods, so the table.
TEST_F(InspectSummary, AListFileOfSeveralPodsIsATable) {
  kubesim::ListQuery query;
  query.storage = "pods";
  query.namespace_name = "shop";
  nlohmann::json list = {
      {"apiVersion", "v1"}, {"kind", "List"}, {"items", nlohmann::json::array()}};
  for (const auto& item : cluster_.store().list(query).items) {
    nlohmann::json pod = nlohmann::json::parse(item->json);
    if (pod["metadata"]["name"].get<std::string>().rfind("payments-api-", 0) == 0) {
      list["items"].push_back(pod);
    }
  }
  const std::string file = kubeconfig_ + "-pods.json";
  std::ofstream(file) << list.dump();
  auto run = run_command(std::string("KEXIT_NOW=") + kNow + " " + kexit_binary() +
                         " inspect --file " + file);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(
      run.out,
      R"(NAMESPACE   POD                            CONTAINER   EXIT            CAUSE        CONFIDENCE   RESTARTS   LAST TERMINATION
shop        payments-api-7d9c8b6f5-m8kzp   api         137 (SIGKILL)   oom-killed   high         1          9m51s
shop        payments-api-7d9c8b6f5-x2x4q   api         137 (SIGKILL)   oom-killed   high         3          9m54s

2 of 2 containers: oom-killed
)");
}

TEST_F(InspectSummary, ASinglePodKeepsItsFullReportAndDetailsGivesThemForSeveral) {
  std::string single = inspect_text("pod/payments-api-7d9c8b6f5-m8kzp -n shop");
  EXPECT_EQ(single.substr(0, single.find('\n')),
            "shop/payments-api-7d9c8b6f5-m8kzp  container api  exit 137 (SIGKILL)  reason "
            "OOMKilled  restarts 1  now CrashLoopBackOff");
  std::string details = inspect_text("-l app=payments-api -n shop --details");
  EXPECT_EQ(details.find("NAMESPACE"), std::string::npos) << details;
  EXPECT_NE(details.find("\nshop/payments-api-7d9c8b6f5-x2x4q  container api  exit 137 (SIGKILL)  "
                         "reason OOMKilled  restarts 3  now CrashLoopBackOff\n"),
            std::string::npos)
      << details;
  EXPECT_EQ(details.substr(0, details.find('\n')),
            "shop/payments-api-7d9c8b6f5-m8kzp  container api  exit 137 (SIGKILL)  reason "
            "OOMKilled  restarts 1  now CrashLoopBackOff");
}

TEST_F(InspectSummary, ExitCodeTellsTerminationsFoundFromNone) {
  auto found = inspect("deployment/payments-api -n shop --exit-code --no-headers");
  EXPECT_EQ(found.exit_code, 10) << found.err;
  EXPECT_EQ(
      found.out,
      R"(shop   payments-api-7d9c8b6f5-m8kzp   api   137 (SIGKILL)   oom-killed   high   1     9m51s
shop   payments-api-7d9c8b6f5-x2x4q   api   137 (SIGKILL)   oom-killed   high   3     9m54s
)");
  auto none = inspect("-l app=payments-api -n shop --cause rust-panic --exit-code");
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "no termination with cause rust-panic found in 2 pods\n");
  auto plain = inspect("deployment/payments-api -n shop --no-headers");
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  // A failed Job with no pod left has no cause: --cause leaves it out, so it is no "found".
  auto job = inspect("cronjob/orphan-sweeper -n batch --cause rust-panic --exit-code");
  EXPECT_EQ(job.exit_code, 0) << job.err;
  EXPECT_EQ(job.out, "no termination with cause rust-panic found in 0 pods\n");
}

TEST_F(InspectSummary, BadSortKeyCauseAndTargetAreUsageErrors) {
  auto sort = inspect("-A --sort-by memory");
  EXPECT_EQ(sort.exit_code, 2);
  EXPECT_EQ(sort.err,
            "kexit: --sort-by: cannot sort by \"memory\"; use one of age, restarts, namespace, "
            "pod, cause, exit\n");
  auto cause = inspect("-A --cause oom");
  EXPECT_EQ(cause.exit_code, 2);
  EXPECT_EQ(cause.err.substr(0, cause.err.find(',')),
            "kexit: --cause: unknown cause \"oom\"; known causes: address-in-use");
  auto target = inspect("deployment.batch/payments-api -n shop");
  EXPECT_EQ(target.exit_code, 2);
  EXPECT_EQ(
      target.err,
      "kexit: cannot inspect \"deployment.batch/payments-api\"; use pod/NAME, deployment/NAME, "
      "job/NAME, statefulset/NAME, daemonset/NAME, replicaset/NAME or cronjob/NAME (kubectl's "
      "plural, short and KIND.GROUP forms such as deployment.apps/NAME work too)\n");
  auto now = run_command("KEXIT_NOW=yesterday " + kexit_binary() + " inspect -A --kubeconfig " +
                         kubeconfig_);
  EXPECT_EQ(now.exit_code, 2);
  EXPECT_EQ(now.err,
            "kexit: KEXIT_NOW: \"yesterday\" is not an RFC 3339 time such as 2026-01-02T15:04:05Z; "
            "set it to one or unset it\n");
}

}  // namespace
}  // namespace kexit
