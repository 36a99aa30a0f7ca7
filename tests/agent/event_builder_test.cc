#include "agent/event_builder.h"

#include <gtest/gtest.h>

#include <regex>

#include "kube/api_time.h"

namespace kexit::agent {
namespace {

diagnose::ContainerDiagnosis diagnosis() {
  diagnose::ContainerDiagnosis result;
  result.namespace_name = "shop";
  result.pod = "api-1";
  result.pod_uid = "uid-1";
  result.container = "app";
  result.exit_code = 101;
  result.restart_count = 4;
  diagnose::Diagnosis top;
  top.cause = "rust-panic";
  top.rule_id = "rust.panic.main";
  top.title = "Rust panic";
  top.confidence = 0.9;
  result.diagnoses.push_back(top);
  return result;
}

knowledge::KnowledgeSet knowledge_with_causes() {
  knowledge::KnowledgeSet set;
  set.causes.push_back({"rust-panic", "", "RustPanic", "Warning", ""});
  set.causes.push_back({"graceful-termination", "", "GracefulTermination", "Normal", ""});
  return set;
}

kube::TimePoint now() { return *kube::parse_api_time("2024-05-06T07:08:09.123456Z"); }

TEST(EventBuilder, ReasonAndTypeComeFromTheKnowledgeBase) {
  auto set = knowledge_with_causes();
  auto reason = event_reason_for("rust-panic", set);
  EXPECT_EQ(reason.reason, "RustPanic");
  EXPECT_EQ(reason.type, "Warning");
  EXPECT_EQ(event_reason_for("graceful-termination", set).type, "Normal");
  auto unknown = event_reason_for("my-own-cause", set);
  EXPECT_EQ(unknown.reason, "MyOwnCause");
  EXPECT_EQ(unknown.type, "Warning");
}

TEST(EventBuilder, BuildsAnEventsV1EventRegardingThePod) {
  auto event = build_event(diagnosis(), {"RustPanic", "Warning"},
                           {"api-1.0123456789abcdef", "kexit-agent-7d9f", now(), "containerd://a"});
  EXPECT_EQ(event["apiVersion"], "events.k8s.io/v1");
  EXPECT_EQ(event["kind"], "Event");
  EXPECT_EQ(event["metadata"]["name"], "api-1.0123456789abcdef");
  EXPECT_EQ(event["metadata"]["namespace"], "shop");
  EXPECT_EQ(event["metadata"]["labels"][kEventLabelKey], "agent");
  EXPECT_EQ(event["eventTime"], "2024-05-06T07:08:09.123456Z");
  EXPECT_TRUE(std::regex_match(event["eventTime"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")));
  EXPECT_EQ(event["reportingController"], "kexit.io/agent");
  EXPECT_EQ(event["reportingInstance"], "kexit-agent-7d9f");
  EXPECT_EQ(event["action"], "Diagnose");
  EXPECT_EQ(event["reason"], "RustPanic");
  EXPECT_EQ(event["type"], "Warning");
  EXPECT_EQ(event["regarding"]["kind"], "Pod");
  EXPECT_EQ(event["regarding"]["uid"], "uid-1");
  EXPECT_EQ(event["regarding"]["fieldPath"], "spec.containers{app}");
  EXPECT_EQ(event["note"], "Container \"app\" exited with code 101: rust-panic (Rust panic).");
  const auto& annotations = event["metadata"]["annotations"];
  EXPECT_EQ(annotations["kexit.io/cause"], "rust-panic");
  EXPECT_EQ(annotations["kexit.io/rule"], "rust.panic.main");
  EXPECT_EQ(annotations["kexit.io/exit-code"], "101");
  EXPECT_EQ(annotations["kexit.io/container"], "app");
  EXPECT_EQ(annotations["kexit.io/confidence"], "0.90");
  EXPECT_EQ(annotations["kexit.io/restart-count"], "4");
  EXPECT_EQ(annotations["kexit.io/termination-id"], "containerd://a");
  EXPECT_FALSE(event.contains("series"));
  EXPECT_FALSE(event.contains("deprecatedSource"));
}

TEST(EventBuilder, CutsReportingInstanceTo128Bytes) {
  auto event =
      build_event(diagnosis(), {"RustPanic", "Warning"}, {"n", std::string(300, 'i'), now(), "t"});
  EXPECT_LE(event["reportingInstance"].get<std::string>().size(), 128u);
}

TEST(EventBuilder, CoreEventHasTheSameContent) {
  auto event = build_event(diagnosis(), {"RustPanic", "Warning"}, {"n", "i", now(), "t"});
  auto core = to_core_event(event);
  EXPECT_EQ(core["apiVersion"], "v1");
  EXPECT_EQ(core["involvedObject"], event["regarding"]);
  EXPECT_EQ(core["message"], event["note"]);
  EXPECT_EQ(core["reportingComponent"], "kexit.io/agent");
  EXPECT_EQ(core["eventTime"], "2024-05-06T07:08:09.123456Z");
  EXPECT_EQ(core["firstTimestamp"], "2024-05-06T07:08:09Z");
  EXPECT_EQ(core["count"], 1);
  EXPECT_EQ(core["metadata"], event["metadata"]);
}

TEST(EventBuilder, SeriesPatchCountsAndUpdatesTheLatestTermination) {
  auto patch =
      build_series_patch(kube::EventApi::kEventsV1, 3, now(), diagnosis(), "containerd://c");
  EXPECT_EQ(patch["series"]["count"], 3);
  EXPECT_EQ(patch["series"]["lastObservedTime"], "2024-05-06T07:08:09.123456Z");
  EXPECT_EQ(patch["metadata"]["annotations"]["kexit.io/termination-id"], "containerd://c");
  EXPECT_FALSE(patch["metadata"]["annotations"].contains("kexit.io/cause"));
  EXPECT_FALSE(patch.contains("count"));
  auto core = build_series_patch(kube::EventApi::kCoreV1, 3, now(), diagnosis(), "containerd://c");
  EXPECT_EQ(core["count"], 3);
  EXPECT_EQ(core["lastTimestamp"], "2024-05-06T07:08:09Z");
}

TEST(EventBuilder, FieldPathNamesTheContainerList) {
  auto init = diagnosis();
  init.container_kind = kube::ContainerKind::kInit;
  EXPECT_EQ(container_field_path(init), "spec.initContainers{app}");
  // A native sidecar is declared among the init containers.
  auto sidecar = diagnosis();
  sidecar.container_kind = kube::ContainerKind::kSidecar;
  EXPECT_EQ(container_field_path(sidecar), "spec.initContainers{app}");
}

}  // namespace
}  // namespace kexit::agent
