#include "kube/pod_file_reader.h"

#include <gtest/gtest.h>

#include "testing/temp_directory.h"

namespace kexit::kube {
namespace {

constexpr const char* kCrashedPod =
    R"({"kind": "Pod", "metadata": {"name": "web-%"}, "status": {"containerStatuses": [)"
    R"({"name": "web", "state": {"terminated": {"exitCode": 1}}}]}})";

std::string pod_named(int number) {
  std::string pod = kCrashedPod;
  return pod.replace(pod.find('%'), 1, std::to_string(number));
}

TEST(PodFileReader, StreamsTheItemsOfAJsonList) {
  TempDirectory dir;
  std::string list = R"(  {"kind": "List", "items": [)" + pod_named(1) + ", " + pod_named(2) +
                     R"(, {"kind": "Event", "involvedObject": {"kind": "Pod", "name": "web-1"},)"
                     R"( "reason": "BackOff"}]})";
  auto objects = read_pod_file(dir.write("list.json", list));
  ASSERT_TRUE(objects.ok()) << objects.error().to_string();
  ASSERT_EQ(objects->pods.size(), 2u);
  EXPECT_EQ(objects->pods[1].name, "web-2");
  EXPECT_EQ(objects->events.size(), 1u);
}

TEST(PodFileReader, ErrorsInAStreamedItemNameTheItem) {
  TempDirectory dir;
  std::string path = dir.write(
      "list.json", R"({"kind": "List", "items": [)" + pod_named(1) + R"(, {"kind": "Service"}]})");
  auto objects = read_pod_file(path);
  ASSERT_FALSE(objects.ok());
  EXPECT_EQ(objects.error().to_string(),
            path +
                ":.items[1].kind: expected a Pod, got \"Service\"; pass a pod (kubectl get pod "
                "NAME -o json)");
}

TEST(PodFileReader, RefusesYamlAboveTheBoundAndSuggestsJson) {
  TempDirectory dir;
  std::string yaml = "kind: List\nitems:\n";
  while (yaml.size() <= kMaxWholePodFileBytes) {
    yaml += "- {kind: Pod, metadata: {name: web}, spec: {containers: [{name: web}]}}\n";
  }
  std::string path = dir.write("big.yaml", yaml);
  auto objects = read_pod_file(path);
  ASSERT_FALSE(objects.ok());
  EXPECT_EQ(objects.error().to_string(),
            path + ": pod file of " + std::to_string(yaml.size()) +
                " bytes that is not JSON; YAML and describe text are read whole and refused "
                "above 16777216 bytes; pass JSON, which kexit streams (kubectl get pods -o json)");
}

TEST(PodFileReader, ReadsYamlAndDescribeTextBelowTheBound) {
  TempDirectory dir;
  auto yaml = read_pod_file(dir.write("pod.yaml", "kind: Pod\nmetadata: {name: web}\n"));
  ASSERT_TRUE(yaml.ok()) << yaml.error().to_string();
  EXPECT_EQ(yaml->pods.at(0).name, "web");
  auto missing = read_pod_file(dir.path() + "/none.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().to_string(),
            dir.path() + "/none.json: cannot read file: No such file or directory; check the path");
}

}  // namespace
}  // namespace kexit::kube
