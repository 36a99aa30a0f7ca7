#include "kube/describe_legacy_events.h"

#include <gtest/gtest.h>

#include "kube/describe_parser.h"
#include "kube/describe_time.h"

namespace kexit::kube {
namespace {

const DescribeNode& events_table(const DescribeLayout& layout) {
  for (const DescribeNode& node : layout.pods.at(0)) {
    if (node.key == "Events") {
      return node;
    }
  }
  throw std::logic_error("the test text has no Events table");
}

TEST(DescribeLegacyEvents, ReadsTheTableOfKubectl10WithAbsoluteTimesAndNoType) {
  DescribeLayout layout = read_describe_layout(
      "Name:\t\t\t\tmysql\n"
      "Namespace:\t\t\tdefault\n"
      "Events:\n"
      "  FirstSeen\t\t\t\tLastSeen\t\t\tCount\tFrom\t\tSubobjectPath\tReason\t\t\tMessage\n"
      "  Fri, 17 Jul 2015 10:30:55 -0700\tFri, 17 Jul 2015 10:31:10 -0700\t5\t{scheduler }\t\t\t"
      "failedScheduling\tFailed for reason PodFitsResources and possibly others\n");
  auto read = read_legacy_describe_events(events_table(layout), {}, std::nullopt);
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->events.size(), 1u);
  const EventFacts& event = read->events[0];
  EXPECT_EQ(event.type, "");
  EXPECT_EQ(event.reason, "FailedScheduling");
  EXPECT_EQ(event.message, "Failed for reason PodFitsResources and possibly others");
  EXPECT_EQ(event.source, "scheduler");
  EXPECT_EQ(event.count, 5);
  EXPECT_EQ(event.first_time, "2015-07-17T17:30:55Z");
  EXPECT_EQ(event.last_time, "2015-07-17T17:31:10Z");
  EXPECT_EQ(event.object_kind, "Pod");
  EXPECT_EQ(event.field_path, "");
  EXPECT_TRUE(read->notes.empty());
}

TEST(DescribeLegacyEvents, ReadsTheTableOfKubectl15WithAgesTypeAndSubobjectPath) {
  DescribeLayout layout = read_describe_layout(
      "Name:         web\n"
      "Events:\n"
      "  FirstSeen\tLastSeen\tCount\tFrom\t\t\tSubObjectPath\t\tType\t\tReason\t\tMessage\n"
      "  ---------\t--------\t-----\t----\t\t\t-------------\t\t--------\t------\t\t-------\n"
      "  3m\t\t1m\t\t4\tkubelet, node-1\tspec.containers{web}\tWarning\t\tUnhealthy\t"
      "Liveness probe failed: HTTP probe failed with statuscode: 500\n"
      "  3m\t\t3m\t\t1\t{default-scheduler }\t\t\tNormal\t\tScheduled\tSuccessfully assigned "
      "web to node-1\n"
      "  this row was cut\n");
  auto reference = parse_describe_time("Mon, 01 Jan 2024 10:00:00 +0000");
  auto read = read_legacy_describe_events(events_table(layout), {}, reference);
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->events.size(), 2u);
  EXPECT_EQ(read->events[0].type, "Warning");
  EXPECT_EQ(read->events[0].reason, "Unhealthy");
  EXPECT_EQ(read->events[0].message,
            "Liveness probe failed: HTTP probe failed with statuscode: 500");
  EXPECT_EQ(read->events[0].source, "kubelet");
  EXPECT_EQ(read->events[0].count, 4);
  EXPECT_EQ(read->events[0].first_time, "2024-01-01T09:57:00Z");
  EXPECT_EQ(read->events[0].last_time, "2024-01-01T09:59:00Z");
  EXPECT_EQ(read->events[0].field_path, "spec.containers{web}");
  EXPECT_EQ(read->events[1].source, "default-scheduler");
  EXPECT_EQ(read->events[1].reason, "Scheduled");
  EXPECT_EQ(read->events[1].field_path, "");
  EXPECT_EQ(read->notes, std::vector<std::string>{
                             "the Event row on line 7 does not have the columns of the pre-1.10 "
                             "Events table and was left out"});
}

TEST(DescribeLegacyEvents, LeavesTheCurrentTableToItsOwnReader) {
  DescribeLayout layout = read_describe_layout(
      "Name:         web\n"
      "Events:\n"
      "  Type     Reason     Age   From     Message\n"
      "  ----     ------     ----  ----     -------\n"
      "  Warning  Unhealthy  2m    kubelet  Liveness probe failed: timeout\n");
  EXPECT_FALSE(read_legacy_describe_events(events_table(layout), {}, std::nullopt).has_value());
}

TEST(DescribeLegacyEvents, ParseDescribeReadsTheOlderTable) {
  auto pods = parse_describe(
      "Name:         web\n"
      "Namespace:    default\n"
      "Events:\n"
      "  FirstSeen  LastSeen  Count  From                 SubobjectPath  Reason   Message\n"
      "  2m         1m        3      {kubelet node-1}     spec.containers{web}  killing  "
      "Killing with docker id 4f1c\n",
      "describe.txt");
  ASSERT_TRUE(pods) << pods.error().message;
  ASSERT_EQ(pods->size(), 1u);
  ASSERT_EQ(pods->front().events.size(), 1u);
  EXPECT_EQ(pods->front().events[0].reason, "Killing");
  EXPECT_EQ(pods->front().events[0].source, "kubelet");
  EXPECT_EQ(pods->front().events[0].message, "Killing with docker id 4f1c");
}

}  // namespace
}  // namespace kexit::kube
