#include "testing/process_runner.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

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

// A child sees stdin, stdout and stderr and nothing else: not the read ends the test holds for
// an earlier child, nor any descriptor the test opened without close-on-exec.
TEST(Process, ChildHasNoDescriptorButTheStandardThree) {
  Process earlier({"/bin/sleep", "30"});
  int held[2];
  ASSERT_EQ(pipe(held), 0);
  // The shell lists its own descriptors ($$), not those of the ls it starts.
  ProcessResult result = run_command("ls /proc/$$/fd");
  close(held[0]);
  close(held[1]);
  EXPECT_EQ(result.out, "0\n1\n2\n");
  EXPECT_EQ(result.exit_code, 0);
}

// A daemon started by the test does not keep a pipe of the test's open: once the test closes
// its write end, the reader sees the end at once, while the daemon still runs. The pipe stands
// for another child's, forked on another thread between its pipe() and the parent's close():
// its reader waited for the daemon to end.
TEST(Process, ADaemonDoesNotKeepAnotherPipeOpen) {
  int pipe_ends[2];
  ASSERT_EQ(pipe(pipe_ends), 0);
  Process daemon({"/bin/sleep", "30"});
  close(pipe_ends[1]);
  pollfd reader{pipe_ends[0], POLLIN, 0};
  ASSERT_EQ(poll(&reader, 1, 5000), 1);
  char byte = 0;
  EXPECT_EQ(read(pipe_ends[0], &byte, 1), 0);
  close(pipe_ends[0]);
  EXPECT_EQ(daemon.terminate().exit_code, 128 + SIGTERM);
}

}  // namespace
}  // namespace kexit::testing_support
