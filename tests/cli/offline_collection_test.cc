#include "cli/offline_collection.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace kexit::cli {
namespace {

std::string write(const std::string& name, const std::string& content) {
  // Per process: other build trees may run this test at the same time.
  std::string path = ::testing::TempDir() + "/" + std::to_string(getpid()) + "-" + name;
  std::ofstream(path) << content;
  return path;
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
  auto pods = collect_from_files(pod, {{"app", log}, {"sidecar", log}}, 1024);
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  EXPECT_EQ(pods->at(0).logs.at("app").origin, kube::LogOrigin::kCurrentLog);
  EXPECT_EQ(pods->at(0).logs.at("sidecar").origin, kube::LogOrigin::kPreviousLog);
  EXPECT_EQ(pods->at(0).logs.at("app").text, "line one\nline two\n");
}

TEST(OfflineCollection, UnnamedLogNeedsASingleTerminatedContainer) {
  std::string pod = write("two.yaml", kTwoContainers);
  auto pods = collect_from_files(pod, {{"", "x.log"}}, 1024);
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
  auto pods = collect_from_files(pod, {{"", log}}, 1024);
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  ASSERT_EQ(pods->at(0).facts.to_diagnose.size(), 1u);
  EXPECT_EQ(pods->at(0).facts.to_diagnose[0].termination.exit_code, 3);
  EXPECT_EQ(pods->at(0).logs.at("app").text, "boom\n");
}

}  // namespace
}  // namespace kexit::cli
