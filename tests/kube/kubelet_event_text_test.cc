#include "kube/kubelet_event_text.h"

#include <gtest/gtest.h>

#include "kube/describe_parser.h"

namespace kexit::kube {
namespace {

TEST(KubeletEventText, ReadsProbeMessagesQuotedAloneOrAfterAHeading) {
  auto events = parse_kubelet_event_lines(
      "  Events: Liveness probe failed: context deadline exceeded  (x4 over 2m8s)\n"
      "          Container app failed liveness probe, will be restarted\n"
      "container xxx failed startup probe, will be restarted\n");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, "Warning");
  EXPECT_EQ(events[0].reason, "Unhealthy");
  EXPECT_EQ(events[0].message, "Liveness probe failed: context deadline exceeded");
  EXPECT_EQ(events[0].count, 4);
  EXPECT_EQ(events[0].source, "kubelet");
  EXPECT_EQ(events[0].object_kind, "Pod");
  EXPECT_EQ(events[0].field_path, "");
  EXPECT_EQ(events[1].type, "Normal");
  EXPECT_EQ(events[1].reason, "Killing");
  EXPECT_EQ(events[1].message, "Container app failed liveness probe, will be restarted");
  EXPECT_EQ(events[1].count, 1);
  EXPECT_EQ(events[2].reason, "Killing");
  EXPECT_EQ(events[2].message, "container xxx failed startup probe, will be restarted");
}

TEST(KubeletEventText, ReadsBackOffPullAndVolumeMessagesAfterAReasonOrAQuoteMark) {
  auto events = parse_kubelet_event_lines(
      "> FailedMount     Unable to mount volumes for pod \"web_default(9cef)\": timeout expired\n"
      "> \n"
      "> FailedSync      Error syncing pod, skipping: timeout expired\n"
      "Warning  BackOff  kubelet  Back-off restarting failed container web in pod web_default\n"
      "MountVolume.SetUp failed for volume \"config\" : configmap \"app\" not found\n"
      "\"Failed to pull image \\\"busybox:nope\\\": not found\"\n");
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].reason, "FailedMount");
  EXPECT_EQ(events[0].message,
            "Unable to mount volumes for pod \"web_default(9cef)\": timeout expired");
  EXPECT_EQ(events[1].reason, "FailedSync");
  EXPECT_EQ(events[1].message, "Error syncing pod, skipping: timeout expired");
  EXPECT_EQ(events[2].reason, "BackOff");
  EXPECT_EQ(events[2].message, "Back-off restarting failed container web in pod web_default");
  EXPECT_EQ(events[3].reason, "FailedMount");
  EXPECT_EQ(events[3].message,
            "MountVolume.SetUp failed for volume \"config\" : configmap \"app\" not found");
  EXPECT_EQ(events[4].reason, "Failed");
  EXPECT_EQ(events[4].message, "Failed to pull image \\\"busybox:nope\\\": not found\"");
}

TEST(KubeletEventText, IgnoresLinesWithoutATemplateAndTemplatesInsideAWord) {
  EXPECT_TRUE(parse_kubelet_event_lines("panic: readiness check failed\n"
                                        "myLiveness probe failed: x\n"
                                        "[...]\n")
                  .empty());
}

}  // namespace
}  // namespace kexit::kube

namespace kexit::kube {
namespace {

TEST(KubeletEventText, DescribeReadsMessagesQuotedUnderEvents) {
  auto pods = parse_describe(
      "Name:         web\n"
      "Namespace:    default\n"
      "Containers:\n"
      "  app:\n"
      "    Image:  example/app:1\n"
      "Events: Liveness probe failed: context deadline exceeded  (x4 over 2m8s)\n"
      "        Container app failed liveness probe, will be restarted\n",
      "describe.txt");
  ASSERT_TRUE(pods) << pods.error().message;
  ASSERT_EQ(pods->size(), 1u);
  const PodFacts& pod = pods->front();
  ASSERT_EQ(pod.events.size(), 2u);
  EXPECT_EQ(pod.events[0].reason, "Unhealthy");
  EXPECT_EQ(pod.events[0].count, 4);
  EXPECT_EQ(pod.events[1].reason, "Killing");
  EXPECT_EQ(pod.events[1].field_path, "spec.containers{app}");
  EXPECT_EQ(pod.evidence_notes,
            (std::vector<std::string>{
                "read from kubectl describe text, which does not show the pod's uid or "
                "restartPolicy: both are unknown",
                "the Event times are unknown: kubectl describe shows only ages, and the text has "
                "no absolute time to count them from",
                "the Events (line 6) are in no kubectl layout; only the kubelet messages quoted "
                "in them were read"}));
}

}  // namespace
}  // namespace kexit::kube
