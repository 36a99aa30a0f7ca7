#include "testing/process_runner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

namespace kexit::testing_support {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RunCommand, CapturesOutputErrorAndExitCode) {
  ProcessResult result = run_command("echo out; echo err >&2; exit 3");
  EXPECT_EQ(result.out, "out\n");
  EXPECT_EQ(result.err, "err\n");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_FALSE(result.timed_out);
}

TEST(RunCommand, SeesTheTestsEnvironment) {
  ASSERT_EQ(::setenv("KEXIT_PROCESS_RUNNER_TEST", "inherited", 1), 0);
  EXPECT_EQ(run_command("printf %s \"$KEXIT_PROCESS_RUNNER_TEST\"").out, "inherited");
}

TEST(RunCommand, KillsAProgramPastItsDeadline) {
  auto start = std::chrono::steady_clock::now();
  ProcessResult result = run_command("sleep 30", milliseconds(200));
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.exit_code, 128 + SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(10));
}

TEST(Process, RunsWithExactlyTheEnvironmentGiven) {
  Process process({"/usr/bin/env"}, {{"ONLY", "this"}});
  ProcessResult result = process.finish(seconds(30));
  EXPECT_EQ(result.out, "ONLY=this\n");
  EXPECT_EQ(result.exit_code, 0);
}

TEST(Process, SaysWhenAProgramCannotRun) {
  ProcessResult result = Process({"/nonexistent/program"}).finish(seconds(30));
  EXPECT_EQ(result.exit_code, 127);
  EXPECT_EQ(result.out, "");
}

TEST(Process, WaitsForAWholeLineThenEndsTheProgram) {
  Process process({"/bin/sh", "-c", "printf 'first '; printf 'row\\n'; exec sleep 30"});
  ASSERT_TRUE(process.wait_for_line("first", seconds(30)));
  EXPECT_EQ(process.out(), "first row\n");
  ProcessResult result = process.terminate();
  EXPECT_EQ(result.exit_code, 128 + SIGTERM);
}

}  // namespace
}  // namespace kexit::testing_support
