#include "report/termination_line.h"

#include <gtest/gtest.h>

namespace kexit::report {
namespace {

diagnose::ContainerDiagnosis oom_killed() {
  diagnose::ContainerDiagnosis container;
  container.namespace_name = "shop";
  container.pod = "api-7f9c";
  container.container = "app";
  container.exit_code = 137;
  container.signal = 9;
  container.signal_name = "SIGKILL";
  container.finished_at = "2023-11-14T22:10:00Z";
  diagnose::Diagnosis top;
  top.cause = "oom-killed";
  top.confidence = 0.954;
  top.level = diagnose::ConfidenceLevel::kHigh;
  top.title = "The kernel OOM killer ended the container";
  diagnose::Diagnosis second = top;
  second.cause = "node-pressure";
  container.diagnoses = {top, second};
  return container;
}

TEST(TerminationLine, ShowsTimePodContainerExitSignalAndTheTopCause) {
  EXPECT_EQ(termination_line(oom_killed(), "2023-11-14T22:11:00Z"),
            "2023-11-14T22:10:00Z  shop/api-7f9c  app  exit 137 (SIGKILL)  oom-killed  high 0.95  "
            "The kernel OOM killer ended the container");
}

TEST(TerminationLine, WithoutSignalOrFinishTimeUsesTheTimeObserved) {
  auto container = oom_killed();
  container.exit_code = 101;
  container.signal.reset();
  container.signal_name.clear();
  container.finished_at.clear();
  container.diagnoses.front().cause = "rust-panic";
  container.diagnoses.front().confidence = 0.5;
  container.diagnoses.front().level = diagnose::ConfidenceLevel::kMedium;
  container.diagnoses.front().title = "A Rust thread panicked";
  EXPECT_EQ(termination_line(container, "2023-11-14T22:11:00Z"),
            "2023-11-14T22:11:00Z  shop/api-7f9c  app  exit 101  rust-panic  medium 0.50  "
            "A Rust thread panicked");
}

TEST(TerminationLine, AnUnnamedSignalAndAnUnknownExitCodeAreSaidSo) {
  auto container = oom_killed();
  container.exit_code.reset();
  container.signal = 64;
  container.signal_name.clear();
  container.diagnoses.clear();
  EXPECT_EQ(termination_line(container, ""),
            "2023-11-14T22:10:00Z  shop/api-7f9c  app  exit unknown (signal 64)  unknown");
}

TEST(TerminationLine, LineBreaksInAnyFieldStayOnOneLine) {
  auto container = oom_killed();
  container.container = "app\nFAKE";
  container.diagnoses.front().title = "first\r\nsecond\tthird";
  EXPECT_EQ(termination_line(container, ""),
            "2023-11-14T22:10:00Z  shop/api-7f9c  app FAKE  exit 137 (SIGKILL)  oom-killed  "
            "high 0.95  first  second third");
}

// An escape sequence in a name from the cluster must not drive the terminal.
TEST(TerminationLine, EscapeSequencesInAnyFieldAreShownNotRun) {
  auto container = oom_killed();
  container.pod = "api\x1b[2J";
  container.diagnoses.front().title = "title\x07";
  EXPECT_EQ(termination_line(container, ""),
            "2023-11-14T22:10:00Z  shop/api\xEF\xBF\xBD[2J  app  exit 137 (SIGKILL)  oom-killed  "
            "high 0.95  title\xEF\xBF\xBD");
}

TEST(TerminationLine, AContainerThatNeverStartedShowsItsOutcome) {
  auto container = oom_killed();
  container.outcome = kube::ContainerOutcome::kNeverStarted;
  container.exit_code.reset();
  container.signal.reset();
  container.diagnoses.front().cause = "image-pull-failed";
  container.diagnoses.front().title = "The image could not be pulled";
  EXPECT_EQ(
      termination_line(container, ""),
      "2023-11-14T22:10:00Z  shop/api-7f9c  app  never-started  image-pull-failed  high 0.95  "
      "The image could not be pulled");
}

}  // namespace
}  // namespace kexit::report
