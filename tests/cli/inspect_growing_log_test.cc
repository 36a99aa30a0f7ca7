// `kexit inspect --logs` on a log that another process is still appending to (issue 15): the
// read takes the tail as it was when kexit looked, ends, and gives the diagnosis. Needs real
// time (a writer running alongside), hence the ctest label `realtime`.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "base/file_reading.h"
#include "testing/paths.h"
#include "testing/process_runner.h"
#include "testing/temp_directory.h"

namespace kexit {
namespace {

using testing_support::kexit_binary;
using testing_support::run_command;
using testing_support::source_path;

// Appends a line to `path` as fast as it can until killed; returns the writer's pid.
pid_t start_writer(const std::string& path) {
  pid_t pid = fork();
  if (pid == 0) {
    std::ofstream out(path, std::ios::app);
    for (long i = 0;; ++i) {
      out << "INFO still writing line " << i << "\n" << std::flush;
    }
  }
  return pid;
}

TEST(InspectGrowingLog, ReadsTheTailOfALogThatIsStillBeingWritten) {
  kube::TempDirectory dir;
  std::string log =
      dir.write("vaultwarden.log", *read_file(source_path("examples/rust-panic/vaultwarden.log")));
  pid_t writer = start_writer(log);
  ASSERT_GT(writer, 0);
  // Let the writer get going, so kexit reads while the file grows.
  while (std::filesystem::file_size(log) < 4 * 1024 * 1024) {
    usleep(1000);
  }
  auto run = run_command("timeout 60 " + kexit_binary() + " inspect -o json --file " +
                         source_path("examples/rust-panic/pod.yaml") +
                         " --logs vaultwarden=" + log + " --max-log-bytes 1048576");
  kill(writer, SIGKILL);
  waitpid(writer, nullptr, 0);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto report = nlohmann::json::parse(run.out);
  const auto& container = report["containers"][0];
  EXPECT_EQ(container["container"], "vaultwarden");
  // The panic is gone from the tail: only the writer's lines are left, whole lines, no cut one.
  EXPECT_TRUE(container["log"]["truncated"].get<bool>());
  for (const auto& evidence : container["logTail"]) {
    EXPECT_EQ(evidence["text"].get<std::string>().rfind("INFO still writing line ", 0), 0u)
        << evidence.dump();
  }
}

}  // namespace
}  // namespace kexit
