#include "report/termination_row.h"

#include <gtest/gtest.h>

namespace kexit::report {
namespace {

diagnose::ContainerDiagnosis terminated(int exit_code, std::optional<int> signal,
                                        const std::string& signal_name) {
  diagnose::ContainerDiagnosis container;
  container.outcome = kube::ContainerOutcome::kTerminated;
  container.exit_code = exit_code;
  container.signal = signal;
  container.signal_name = signal_name;
  return container;
}

TEST(TerminationRow, ASignalIsNamedInTheExitTextAndItsOwnField) {
  auto row = termination_row(terminated(137, 9, "SIGKILL"));
  EXPECT_EQ(row.exit, "137 (SIGKILL)");
  EXPECT_EQ(row.signal, "SIGKILL");
  auto unnamed = termination_row(terminated(190, 62, ""));
  EXPECT_EQ(unnamed.exit, "190 (signal 62)");
  EXPECT_EQ(unnamed.signal, "signal 62");
}

TEST(TerminationRow, NoSignalForAPlainCodeOrAContainerThatNeverRan) {
  auto plain = termination_row(terminated(1, std::nullopt, ""));
  EXPECT_EQ(plain.exit, "1");
  EXPECT_EQ(plain.signal, "");
  diagnose::ContainerDiagnosis never_ran;
  never_ran.outcome = kube::ContainerOutcome::kNeverStarted;
  auto row = termination_row(never_ran);
  EXPECT_EQ(row.exit, "<none>");
  EXPECT_EQ(row.signal, "");
}

}  // namespace
}  // namespace kexit::report
