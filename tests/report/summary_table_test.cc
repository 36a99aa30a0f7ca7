#include "report/summary_table.h"

#include <gtest/gtest.h>

namespace kexit::report {
namespace {

// 2026-09-21T14:13:20Z: "now" for every age below.
const std::chrono::system_clock::time_point kNow{std::chrono::seconds(1'790'000'000)};

struct Spec {
  std::string namespace_name;
  std::string pod;
  std::string container;
  std::optional<int> exit_code;
  std::string signal_name;  // "" for no signal
  std::string cause;
  diagnose::ConfidenceLevel level = diagnose::ConfidenceLevel::kHigh;
  int restarts = 0;
  std::string finished_at;  // "" for none
  std::string node = "node-1";
  std::string reason;
};

diagnose::ContainerDiagnosis container(const Spec& spec) {
  diagnose::ContainerDiagnosis container;
  container.namespace_name = spec.namespace_name;
  container.pod = spec.pod;
  container.container = spec.container;
  container.image = "registry.example.com/" + spec.container + ":1.0";
  container.exit_code = spec.exit_code;
  if (!spec.signal_name.empty()) {
    container.signal = spec.signal_name == "SIGKILL" ? 9 : 15;
    container.signal_name = spec.signal_name;
  }
  container.outcome =
      spec.exit_code ? kube::ContainerOutcome::kTerminated : kube::ContainerOutcome::kNeverStarted;
  container.restart_count = spec.restarts;
  container.finished_at = spec.finished_at;
  container.node = spec.node;
  container.reason = spec.reason;
  diagnose::Diagnosis top;
  top.cause = spec.cause;
  top.level = spec.level;
  top.rule_id = "rule." + spec.cause;
  container.diagnoses.push_back(top);
  return container;
}

// Four containers: 45 s, 3m10s and 5 h ago, and one that never started.
std::vector<diagnose::ContainerDiagnosis> fixture() {
  return {
      container({"shop", "payments-api-7d9c8b6f5-m8kzp", "api", 137, "SIGKILL", "oom-killed",
                 diagnose::ConfidenceLevel::kHigh, 4, "2026-09-21T14:10:10Z", "node-1",
                 "OOMKilled"}),
      container({"data", "ledger-sync-6c8f9d7b5-2hjwr", "sync", 101, "", "rust-panic",
                 diagnose::ConfidenceLevel::kMedium, 12, "2026-09-21T14:12:35Z", "node-2",
                 "Error"}),
      container({"shop", "metrics-proxy-6b8d9f7c5-wq4zn", "proxy", std::nullopt, "",
                 "image-pull-failure", diagnose::ConfidenceLevel::kHigh, 0, "", "node-1",
                 "ImagePullBackOff"}),
      container({"batch", "report-renderer-6c9d8b7f5-l2kfx", "renderer", 143, "SIGTERM",
                 "sigterm-external", diagnose::ConfidenceLevel::kLow, 0, "2026-09-21T09:13:20Z",
                 "node-2", "Error"}),
  };
}

TEST(SummaryTable, NewestFirstWithKubectlsColumnsAndTheTopCause) {
  EXPECT_EQ(render_summary_table(fixture(), {}, kNow),
            "NAMESPACE   POD                               CONTAINER   EXIT            CAUSE"
            "                CONFIDENCE   RESTARTS   LAST TERMINATION\n"
            "data        ledger-sync-6c8f9d7b5-2hjwr       sync        101             rust-panic"
            "           medium       12         45s\n"
            "shop        payments-api-7d9c8b6f5-m8kzp      api         137 (SIGKILL)   oom-killed"
            "           high         4          3m10s\n"
            "batch       report-renderer-6c9d8b7f5-l2kfx   renderer    143 (SIGTERM)   "
            "sigterm-external     low          0          5h\n"
            "shop        metrics-proxy-6b8d9f7c5-wq4zn     proxy       <none>          "
            "image-pull-failure   high         0          <none>\n"
            "\n"
            "1 of 4 containers: image-pull-failure; 1: oom-killed; 1: rust-panic; 1 more: 1 other "
            "cause\n");
}

// The single report's colours: the cause bold, the confidence by its level; the header, the
// other cells and the padding plain, so the columns stay where they are without colour.
TEST(SummaryTable, CauseAndConfidenceInTheSingleReportsColours) {
  SummaryOptions options;
  options.color = Color::kYes;
  const std::string table = render_summary_table(fixture(), options, kNow);
  EXPECT_EQ(table.substr(0, table.find('\n')),
            "NAMESPACE   POD                               CONTAINER   EXIT            CAUSE"
            "                CONFIDENCE   RESTARTS   LAST TERMINATION");
  EXPECT_NE(table.find("101             \x1b[1mrust-panic\x1b[0m           \x1b[33mmedium\x1b[0m"
                       "       12"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("\x1b[1moom-killed\x1b[0m           \x1b[1;31mhigh\x1b[0m         4"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("\x1b[1msigterm-external\x1b[0m     \x1b[2mlow\x1b[0m          0"),
            std::string::npos)
      << table;
  options.color = Color::kNo;
  EXPECT_EQ(render_summary_table(fixture(), options, kNow).find('\x1b'), std::string::npos);
}

TEST(SummaryTable, WideAddsImageNodeReasonAndRule) {
  SummaryOptions options;
  options.wide = true;
  options.headers = false;
  std::vector<diagnose::ContainerDiagnosis> two = {fixture()[0], fixture()[2]};
  EXPECT_EQ(render_summary_table(two, options, kNow),
            "shop   payments-api-7d9c8b6f5-m8kzp    api     137 (SIGKILL)   oom-killed           "
            "high   4     3m10s    registry.example.com/api:1.0     node-1   OOMKilled          "
            "rule.oom-killed\n"
            "shop   metrics-proxy-6b8d9f7c5-wq4zn   proxy   <none>          image-pull-failure   "
            "high   0     <none>   registry.example.com/proxy:1.0   node-1   ImagePullBackOff   "
            "rule.image-pull-failure\n");
}

// Rows only: a script reading them with awk or cut gets no header and no summary lines.
TEST(SummaryTable, NoHeadersLeavesTheRowsAlone) {
  SummaryOptions options;
  options.headers = false;
  EXPECT_EQ(render_summary_table({fixture()[1]}, options, kNow),
            "data   ledger-sync-6c8f9d7b5-2hjwr   sync   101   rust-panic   medium   12    45s\n");
}

// The first column of each row, in order.
std::vector<std::string> pods_in_order(const std::string& table) {
  std::vector<std::string> pods;
  std::size_t start = table.find('\n') + 1;
  while (start < table.size() && table[start] != '\n') {
    std::size_t end = table.find('\n', start);
    std::string line = table.substr(start, end - start);
    std::size_t pod = line.find_first_not_of(' ', line.find(' '));
    pods.push_back(line.substr(pod, line.find(' ', pod) - pod));
    start = end + 1;
  }
  return pods;
}

TEST(SummaryTable, SortsByTheChosenColumnAscendingAsKubectlDoes) {
  const std::map<SortKey, std::vector<std::string>> expected = {
      {SortKey::kAge,
       {"ledger-sync-6c8f9d7b5-2hjwr", "payments-api-7d9c8b6f5-m8kzp",
        "report-renderer-6c9d8b7f5-l2kfx", "metrics-proxy-6b8d9f7c5-wq4zn"}},
      {SortKey::kRestarts,
       {"report-renderer-6c9d8b7f5-l2kfx", "metrics-proxy-6b8d9f7c5-wq4zn",
        "payments-api-7d9c8b6f5-m8kzp", "ledger-sync-6c8f9d7b5-2hjwr"}},
      {SortKey::kNamespace,
       {"report-renderer-6c9d8b7f5-l2kfx", "ledger-sync-6c8f9d7b5-2hjwr",
        "payments-api-7d9c8b6f5-m8kzp", "metrics-proxy-6b8d9f7c5-wq4zn"}},
      {SortKey::kPod,
       {"ledger-sync-6c8f9d7b5-2hjwr", "metrics-proxy-6b8d9f7c5-wq4zn",
        "payments-api-7d9c8b6f5-m8kzp", "report-renderer-6c9d8b7f5-l2kfx"}},
      {SortKey::kCause,
       {"metrics-proxy-6b8d9f7c5-wq4zn", "payments-api-7d9c8b6f5-m8kzp",
        "ledger-sync-6c8f9d7b5-2hjwr", "report-renderer-6c9d8b7f5-l2kfx"}},
      {SortKey::kExit,
       {"ledger-sync-6c8f9d7b5-2hjwr", "payments-api-7d9c8b6f5-m8kzp",
        "report-renderer-6c9d8b7f5-l2kfx", "metrics-proxy-6b8d9f7c5-wq4zn"}},
  };
  for (const auto& [key, pods] : expected) {
    SummaryOptions options;
    options.sort = key;
    std::string table = render_summary_table(fixture(), options, kNow);
    EXPECT_EQ(pods_in_order(table), pods) << table;
  }
}

TEST(SummaryTable, SortKeysAreParsedAndAnUnknownOneListsThem) {
  ASSERT_TRUE(parse_sort_key("restarts"));
  EXPECT_EQ(*parse_sort_key("restarts"), SortKey::kRestarts);
  auto unknown = parse_sort_key("memory");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message,
            "cannot sort by \"memory\"; use one of age, restarts, namespace, pod, cause, exit");
  EXPECT_EQ(unknown.error().where, "--sort-by");
}

TEST(SummaryTable, TheTopCauseLineCountsContainersPerCause) {
  auto containers = fixture();
  containers.push_back(containers[0]);
  containers.back().pod = "payments-api-7d9c8b6f5-x2x2x";
  EXPECT_EQ(top_cause_line(containers),
            "2 of 5 containers: oom-killed; 1: image-pull-failure; 1: rust-panic; 1 more: 1 other "
            "cause");
  EXPECT_EQ(top_cause_line({containers[0]}), "1 of 1 containers: oom-killed");
}

TEST(SummaryTable, ACorrelatedNodeProblemIsSaidBelowTheTable) {
  std::vector<diagnose::ContainerDiagnosis> containers;
  for (int i = 0; i < 3; ++i) {
    containers.push_back(
        container({"shop", "app" + std::to_string(i), "c" + std::to_string(i), 137, "SIGKILL",
                   "sigkill-external", diagnose::ConfidenceLevel::kMedium, 1,
                   "2026-09-21T14:1" + std::to_string(i) + ":00Z", "node-3", "Error"}));
  }
  std::string table = render_summary_table(containers, {}, kNow);
  EXPECT_EQ(table.substr(table.find("\n\n")),
            "\n\n3 of 3 containers: sigkill-external\n"
            "3 pods on node-3 killed by SIGKILL (sigkill-external) within 2m: likely a node "
            "problem, not 3 application problems\n");
}

TEST(SummaryTable, AnUnknownCauseListsTheKnownOnes) {
  knowledge::KnowledgeSet set;
  set.causes.push_back({"oom-killed", "", "", "", ""});
  set.causes.push_back({"evicted", "", "", "", ""});
  ASSERT_TRUE(known_cause(set, "evicted"));
  auto unknown = known_cause(set, "oom");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "unknown cause \"oom\"; known causes: evicted, oom-killed");
  EXPECT_EQ(unknown.error().where, "--cause");
}

}  // namespace
}  // namespace kexit::report
