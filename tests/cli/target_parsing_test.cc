#include "cli/target_parsing.h"

#include <gtest/gtest.h>

namespace kexit::cli {
namespace {

std::string read(const std::string& text) {
  auto target = parse_target(text);
  return target ? target->kind + " " + target->name : "error: " + target.error().message;
}

TEST(TargetParsing, ANameAloneIsAPod) { EXPECT_EQ(read("api-7d9c"), "pod api-7d9c"); }

TEST(TargetParsing, KindsPluralsAndShortNames) {
  EXPECT_EQ(read("pod/a"), "pod a");
  EXPECT_EQ(read("pods/a"), "pod a");
  EXPECT_EQ(read("po/a"), "pod a");
  EXPECT_EQ(read("deploy/a"), "deployment a");
  EXPECT_EQ(read("Deployments/a"), "deployment a");
  EXPECT_EQ(read("sts/a"), "statefulset a");
  EXPECT_EQ(read("ds/a"), "daemonset a");
  EXPECT_EQ(read("rs/a"), "replicaset a");
  EXPECT_EQ(read("jobs/a"), "job a");
  EXPECT_EQ(read("cj/a"), "cronjob a");
}

// Every form `kubectl get -o name` prints for the kinds kexit inspects.
TEST(TargetParsing, WhatKubectlGetOutputNamePrints) {
  EXPECT_EQ(read("pod/a"), "pod a");
  EXPECT_EQ(read("deployment.apps/a"), "deployment a");
  EXPECT_EQ(read("replicaset.apps/a"), "replicaset a");
  EXPECT_EQ(read("statefulset.apps/a"), "statefulset a");
  EXPECT_EQ(read("daemonset.apps/a"), "daemonset a");
  EXPECT_EQ(read("job.batch/a"), "job a");
  EXPECT_EQ(read("cronjob.batch/a"), "cronjob a");
}

TEST(TargetParsing, ResourceVersionGroupAsKubectlAcceptsIt) {
  EXPECT_EQ(read("deployments.v1.apps/a"), "deployment a");
  EXPECT_EQ(read("cronjobs.v1.batch/a"), "cronjob a");
}

TEST(TargetParsing, AWrongGroupAnUnknownKindOrNoNameIsAnError) {
  const std::string error =
      "error: cannot inspect \"%\"; use pod/NAME, deployment/NAME, job/NAME, statefulset/NAME, "
      "daemonset/NAME, replicaset/NAME or cronjob/NAME (kubectl's plural, short and KIND.GROUP "
      "forms such as deployment.apps/NAME work too)";
  for (const std::string text : {"deployment.batch/a", "service/a", "pod/", "pod/a/b", ""}) {
    std::string expected = error;
    expected.replace(expected.find('%'), 1, text);
    EXPECT_EQ(read(text), expected);
  }
}

}  // namespace
}  // namespace kexit::cli
