#include "cli/offline_collection.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "testing/temp_directory.h"

namespace kexit::cli {
namespace {

std::string write(const std::string& name, const std::string& content) {
  static testing_support::TempDirectory directory;
  return directory.write(name, content);
}

const char* kTwoContainers = R"(kind: Pod
metadata: {name: p}
spec: {restartPolicy: Never}
status:
  containerStatuses:
  - {name: app, state: {terminated: {exitCode: 1}}}
  - {name: sidecar, lastState: {terminated: {exitCode: 137}}}
)";

TEST(OfflineCollection, ParsesLogSpecs) {
  EXPECT_EQ(parse_log_file_spec("app=/tmp/a.log").container, "app");
  EXPECT_EQ(parse_log_file_spec("/tmp/a=b.log").container, "");
  EXPECT_EQ(parse_log_file_spec("./x=y").path, "./x=y");
  EXPECT_EQ(parse_log_file_spec("plain.log").path, "plain.log");
}

TEST(OfflineCollection, AssignsLogsAndTheirOrigin) {
  std::string pod = write("two.yaml", kTwoContainers);
  std::string log = write("app.log", "line one\nline two\n");
  auto pods = collect_from_files({pod}, {{"app", log}, {"sidecar", log}}, 1024);
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  EXPECT_EQ(pods->pods.at(0).logs.at("app").origin, kube::LogOrigin::kCurrentLog);
  EXPECT_EQ(pods->pods.at(0).logs.at("sidecar").origin, kube::LogOrigin::kPreviousLog);
  EXPECT_EQ(pods->pods.at(0).logs.at("app").text, "line one\nline two\n");
}

TEST(OfflineCollection, UnnamedLogNeedsASingleTerminatedContainer) {
  std::string pod = write("two.yaml", kTwoContainers);
  auto pods = collect_from_files({pod}, {{"", "x.log"}}, 1024);
  ASSERT_FALSE(pods.ok());
  EXPECT_EQ(pods.error().to_string(),
            "--logs x.log: several terminated containers (app, sidecar); name one: --logs "
            "NAME=x.log");
}

TEST(OfflineCollection, ReadsTheTextOfKubectlDescribe) {
  std::string pod = write("describe.txt", R"(Name:         p
Namespace:    default
Containers:
  app:
    State:          Terminated
      Reason:       Error
      Exit Code:    3
    Restart Count:  0
Events:         <none>
)");
  std::string log = write("describe.log", "boom\n");
  auto pods = collect_from_files({pod}, {{"", log}}, 1024);
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  ASSERT_EQ(pods->pods.at(0).facts.to_diagnose.size(), 1u);
  EXPECT_EQ(pods->pods.at(0).facts.to_diagnose[0].termination.exit_code, 3);
  EXPECT_EQ(pods->pods.at(0).logs.at("app").text, "boom\n");
}

}  // namespace

constexpr const char* kKilledPod = R"({"apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "web-1", "namespace": "shop", "uid": "u-1"},
  "spec": {"nodeName": "node-1", "containers": [{"name": "web", "image": "web:1"}]},
  "status": {"phase": "Running", "containerStatuses": [{"name": "web", "restartCount": 2,
    "lastState": {"terminated": {"exitCode": 137, "reason": "Error"}},
    "state": {"running": {}}}]}})";

constexpr const char* kKillingEvent = R"({"apiVersion": "v1", "kind": "Event",
  "reason": "Killing", "type": "Normal", "count": 2,
  "message": "Container web failed liveness probe, will be restarted",
  "involvedObject": {"kind": "Pod", "name": "web-1", "namespace": "shop", "uid": "u-1",
                     "fieldPath": "spec.containers{web}"}})";

// kubectl get pod,events -o json writes one List with both kinds.
TEST(OfflineCollection, AListOfPodsAndEventsAttachesEachEventToItsPod) {
  std::string list = std::string(R"({"apiVersion": "v1", "kind": "List", "items": [)") +
                     kKilledPod + "," + kKillingEvent + "]}";
  auto pods = collect_from_files({write("pod-events.json", list)}, {}, 1024);
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  ASSERT_EQ(pods->pods.at(0).facts.events.size(), 1u);
  EXPECT_EQ(pods->pods.at(0).facts.events[0].reason, "Killing");
  EXPECT_EQ(pods->pods.at(0).facts.events[0].count, 2);
}

TEST(OfflineCollection, EventsInASecondFileGoToThePodsOfTheFirst) {
  std::string events = std::string(R"({"apiVersion": "v1", "kind": "EventList", "items": [)") +
                       kKillingEvent + R"(, {"kind": "Event", "reason": "Pulled",
      "message": "pulled", "involvedObject": {"kind": "Pod", "name": "other", "uid": "u-9"}}]})";
  auto pods =
      collect_from_files({write("pod.json", kKilledPod), write("events.json", events)}, {}, 1024);
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  ASSERT_EQ(pods->pods.at(0).facts.events.size(), 1u);
  EXPECT_EQ(pods->pods.at(0).facts.evidence_notes,
            std::vector<std::string>{
                "1 Event(s) in the files are about other objects and were left out"});
}

TEST(OfflineCollection, AnEventWithoutReasonOrMessageNamesItsPath) {
  std::string list = std::string(R"({"kind": "List", "items": [)") + kKilledPod +
                     R"(, {"kind": "Event", "involvedObject": {"name": "web-1"}}]})";
  std::string file = write("bad-events.json", list);
  auto pods = collect_from_files({file}, {}, 1024);
  ASSERT_FALSE(pods.ok());
  EXPECT_EQ(pods.error().to_string(),
            file +
                ":.items[1].reason: missing: an Event without reason or message says "
                "nothing; is this the output of kubectl get events -o json?");
}

// kexit inspect --file pod.json --file node.json: kKilledPod's SIGKILL without OOMKilled may be
// the node's doing, so the node's conditions are its context, as cluster mode reads them.
TEST(OfflineCollection, ANodeInASecondFileGivesItsPodsTheNodeConditions) {
  std::string node = R"({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-1"},
    "status": {"conditions": [
      {"type": "MemoryPressure", "status": "True", "reason": "KubeletHasInsufficientMemory",
       "message": "kubelet has insufficient memory available"},
      {"type": "Ready", "status": "True"}]}})";
  auto pods =
      collect_from_files({write("pod.json", kKilledPod), write("node.json", node)}, {}, 1024);
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  EXPECT_EQ(pods->pods.at(0).facts.node_conditions,
            std::vector<std::string>{"MemoryPressure=True: KubeletHasInsufficientMemory: kubelet "
                                     "has insufficient memory available"});
  EXPECT_TRUE(pods->pods.at(0).facts.evidence_notes.empty());
}

TEST(OfflineCollection, EventsAloneAreNotEnough) {
  auto pods = collect_from_files({write("only-events.json", kKillingEvent)}, {}, 1024);
  ASSERT_FALSE(pods.ok());
  EXPECT_EQ(pods.error().to_string(),
            "no Pod in the files; pass the output of kubectl get pod NAME -o json");
}

// A directory is read only as what inspect --save wrote; any other is a clear input error,
// not a read failure.
TEST(OfflineCollection, ADirectoryMustBeASavedInspection) {
  std::string directory = ::testing::TempDir() + "/" + std::to_string(getpid()) + "-not-a-save";
  std::filesystem::create_directories(directory);
  auto pods = collect_from_files({directory}, {}, 1024);
  ASSERT_FALSE(pods.ok());
  EXPECT_EQ(pods.error().to_string(),
            directory +
                ": a directory without manifest.json is not a saved inspection; pass a pod file, "
                "or a directory written by kexit inspect --save");
  std::filesystem::remove_all(directory);
}

}  // namespace kexit::cli
