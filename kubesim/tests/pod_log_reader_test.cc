#include "kubesim/pod_log_reader.h"

#include <gtest/gtest.h>

#include "fixture_loading.h"
#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;
using testing_support::load_fixture;

const TimePoint kNow = *parse_time("2024-01-01T00:10:00Z");

TEST(PodLogReader, CrashLoopingContainerServesCurrentAndPreviousInstances) {
  json pod = load_fixture("is-healthy-crashloopbackoff.yaml");
  ASSERT_TRUE(pod.is_object());
  // Waiting in CrashLoopBackOff: both "current" and "previous" read the last dead instance.
  auto current = log_container_id(pod, "main", false);
  auto previous = log_container_id(pod, "main", true);
  ASSERT_TRUE(current.ok());
  ASSERT_TRUE(previous.ok());
  EXPECT_EQ(*current, *previous);
  EXPECT_EQ(current->rfind("docker://", 0), 0u);
}

TEST(PodLogReader, MissingPreviousInstanceIsTheKubeletsBadRequest) {
  json pod = load_fixture("is-healthy-failed.yaml");
  std::string name = pod["metadata"]["name"];
  std::string container = pod["spec"]["containers"][0]["name"];
  auto previous = log_container_id(pod, container, true);
  ASSERT_FALSE(previous.ok());
  EXPECT_EQ(previous.error().code, 400);
  EXPECT_EQ(previous.error().message, "previous terminated container \"" + container +
                                          "\" in pod \"" + name + "\" not found");
}

TEST(PodLogReader, ContainerNameIsRequiredWhenAmbiguous) {
  json pod = {{"metadata", {{"name", "p"}}},
              {"spec",
               {{"nodeName", "n"},
                {"containers", {{{"name", "a"}}, {{"name", "b"}}}},
                {"initContainers", {{{"name", "init"}}}}}}};
  auto resolved = resolve_log_container(pod, "");
  ASSERT_FALSE(resolved.ok());
  EXPECT_EQ(resolved.error().message,
            "a container name must be specified for pod p, choose one of: [a b] or one of the "
            "init containers: [init]");
  auto unknown = resolve_log_container(pod, "c");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "container c is not valid for pod p");
}

TEST(PodLogReader, WaitingContainerExplainsWhy) {
  json pod = {{"metadata", {{"name", "p"}}},
              {"spec", {{"nodeName", "n"}, {"containers", {{{"name", "c"}}}}}},
              {"status",
               {{"containerStatuses",
                 {{{"name", "c"}, {"state", {{"waiting", {{"reason", "ImagePullBackOff"}}}}}}}}}}};
  auto id = log_container_id(pod, "c", false);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().message,
            "container \"c\" in pod \"p\" is waiting to start: trying and failing to pull image");
}

TEST(PodLogReader, AppliesTailLinesTimestampsAndLimitBytes) {
  json pod = {{"metadata", {{"name", "p"}}},
              {"spec", {{"nodeName", "n"}, {"containers", {{{"name", "c"}}}}}},
              {"status",
               {{"containerStatuses",
                 {{{"name", "c"},
                   {"containerID", "containerd://abc"},
                   {"state", {{"running", {{"startedAt", "2024-01-01T00:00:00Z"}}}}}}}}}}};
  LogStore logs;
  logs.append("containerd://abc", "one\ntwo\n", *parse_time("2024-01-01T00:00:01Z"));
  logs.append("containerd://abc", "three\nfour", *parse_time("2024-01-01T00:00:02.5Z"));
  PodLogOptions options;
  EXPECT_EQ(*read_pod_log(pod, logs, options, kNow), "one\ntwo\nthree\nfour");
  options.tail_lines = 2;
  EXPECT_EQ(*read_pod_log(pod, logs, options, kNow), "three\nfour");
  options.timestamps = true;
  EXPECT_EQ(*read_pod_log(pod, logs, options, kNow),
            "2024-01-01T00:00:02.5Z three\n2024-01-01T00:00:02.5Z four");
  options = PodLogOptions{};
  options.limit_bytes = 5;
  EXPECT_EQ(*read_pod_log(pod, logs, options, kNow), "one\nt");
  options = PodLogOptions{};
  options.since_time = parse_time("2024-01-01T00:00:02Z");
  EXPECT_EQ(*read_pod_log(pod, logs, options, kNow), "three\nfour");
}

}  // namespace
}  // namespace kexit::kubesim
