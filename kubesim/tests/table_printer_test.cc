#include "kubesim/table_printer.h"

#include <gtest/gtest.h>

#include "fixture_loading.h"
#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;
using testing_support::load_fixture;

// Ready, Status, Restarts as `kubectl get pods` shows them.
std::vector<std::string> pod_columns(const std::string& fixture, TimePoint now) {
  json row = table_row("pods", load_fixture(fixture), now);
  return {row["cells"][1].get<std::string>(), row["cells"][2].get<std::string>(),
          row["cells"][3].get<std::string>()};
}

TEST(TablePrinter, PodStatusFollowsKubectlPrinters) {
  TimePoint now = *parse_time("2025-01-01T00:00:00Z");
  using Columns = std::vector<std::string>;
  EXPECT_EQ(pod_columns("is-healthy-crashloopbackoff.yaml", now),
            (Columns{"0/1", "CrashLoopBackOff", "3 (6y31d ago)"}));
  EXPECT_EQ(pod_columns("is-healthy-failed.yaml", now)[1], "Error");
  EXPECT_EQ(pod_columns("is-healthy-start-error.yaml", now)[1], "StartError");
  EXPECT_EQ(pod_columns("is-healthy-evicted.yaml", now)[1], "Evicted");
  EXPECT_EQ(pod_columns("is-healthy-pod-crashloop-pending.yaml", now),
            (Columns{"0/1", "Init:Error", "1 (117d ago)"}));
  EXPECT_EQ(pod_columns("is-healthy-restarting.yaml", now)[1], "Running");
  // A finished pod being deleted is not "Terminating".
  EXPECT_EQ(pod_columns("is-healthy-terminating-stuck.yaml", now)[1], "Completed");
}

TEST(TablePrinter, PodColumnsIncludeWideOnesWithPriority) {
  json columns = table_column_definitions("pods");
  ASSERT_EQ(columns.size(), 9u);
  EXPECT_EQ(columns[0]["name"], "Name");
  EXPECT_EQ(columns[0]["format"], "name");
  EXPECT_EQ(columns[4]["name"], "Age");
  EXPECT_EQ(columns[4]["priority"], 0);
  EXPECT_EQ(columns[5]["name"], "IP");
  EXPECT_EQ(columns[5]["priority"], 1);
  json row = table_row("pods", load_fixture("is-healthy-failed.yaml"),
                       *parse_time("2025-01-01T00:00:00Z"));
  EXPECT_EQ(row["cells"].size(), columns.size());
  EXPECT_EQ(row["conditions"][0]["message"], "The pod has failed.");
}

TEST(TablePrinter, EventRowsUseSeriesAndEventTimeFallbacks) {
  TimePoint now = *parse_time("2024-01-01T00:10:00Z");
  json event = {{"metadata", {{"name", "p.1"}}},
                {"involvedObject", {{"kind", "Pod"}, {"name", "p"}}},
                {"reason", "BackOff"},
                {"type", "Warning"},
                {"message", "Back-off restarting failed container\n"},
                {"eventTime", "2024-01-01T00:05:00.000000Z"},
                {"reportingComponent", "kubelet"},
                {"reportingInstance", "node-1"},
                {"source", json::object()}};
  json row = table_row("events", event, now);
  json expected = {"5m",
                   "Warning",
                   "BackOff",
                   "pod/p",
                   "",
                   "kubelet, node-1",
                   "Back-off restarting failed container",
                   "5m",
                   1,
                   "p.1"};
  EXPECT_EQ(row["cells"], expected);
  event["series"] = {{"count", 4}, {"lastObservedTime", "2024-01-01T00:09:30.000000Z"}};
  row = table_row("events", event, now);
  EXPECT_EQ(row["cells"][0], "30s");
  EXPECT_EQ(row["cells"][8], 4);
}

TEST(TablePrinter, KnowsWhichKindsItPrints) {
  EXPECT_TRUE(has_table_printer("pods"));
  EXPECT_TRUE(has_table_printer("events"));
  EXPECT_TRUE(has_table_printer("jobs.batch"));
  EXPECT_FALSE(has_table_printer("nodes"));
}

}  // namespace
}  // namespace kexit::kubesim
