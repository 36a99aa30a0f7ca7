// `kexit watch` against kubesim: the real binary follows the cluster while the test crashes
// pods, cuts its watch and interrupts it. kexit runs on the wall clock in another process, so
// these tests carry the ctest label `realtime` (tests/cli/tests.cmake); every wait is a bounded
// poll on kexit's output, never a fixed sleep.

#include <gtest/gtest.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kubesim/kube_time.h"
#include "report/schema_version.h"
#include "testing/kubesim_fixture.h"
#include "testing/paths.h"
#include "testing/process_runner.h"

namespace kexit {
namespace {

using nlohmann::json;
using testing_support::kexit_binary;
using testing_support::Process;
using testing_support::run_command;

constexpr std::chrono::seconds kWait{60};

const char* const kPanicLog =
    "starting\n"
    "thread 'main' panicked at src/main.rs:12:5:\n"
    "called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }\n"
    "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";

class WatchCommand : public testing_support::KubesimFixture {
 protected:
  // kexit watches on the wall clock, so the cluster keeps real time too.
  WatchCommand() : KubesimFixture(ClusterTime::kWall) {}

  void SetUp() override {
    KubesimFixture::SetUp();
    cluster_.ensure_namespace("shop");
    // The context's namespace is shop: watch's default, as kubectl's.
    kubeconfig_ = write_kubeconfig(server_->kubeconfig(server_->admin_token(), "shop"));
  }

  // A pod of shop whose container "main" crashed with a Rust panic and was restarted. The log
  // comes first, by container ID, as a kubelet's does: kexit reads it as soon as its watch
  // shows the new status.
  void crash(const std::string& name, const std::string& finished_at) {
    json crashed = pod("shop", name, {{"app", name}}, nullptr, Slot::kLast, 101, "", finished_at);
    // Written by the time the instance finished, as a real instance's lines are.
    auto finished = kubesim::parse_time(finished_at);
    cluster_.logs().replace("containerd://shop-" + name + "-1", kPanicLog,
                            finished ? *finished : cluster_clock().now());
    put(crashed);
  }

  std::unique_ptr<Process> watch(std::vector<std::string> flags = {}) {
    std::vector<std::string> argv = {kexit_binary(), "watch", "--kubeconfig", kubeconfig_};
    argv.insert(argv.end(), flags.begin(), flags.end());
    auto process = std::make_unique<Process>(argv);
    EXPECT_TRUE(wait_for_error(*process, kWatching, 1)) << process->err();
    return process;
  }

  // Waits until stderr holds `needle` `count` times.
  static bool wait_for_error(Process& process, const std::string& needle, std::size_t count) {
    auto deadline = std::chrono::steady_clock::now() + kWait;
    while (occurrences(process.err(), needle) < count) {
      if (std::chrono::steady_clock::now() >= deadline ||
          !process.pump(std::chrono::milliseconds(50))) {
        return occurrences(process.err(), needle) >= count;
      }
    }
    return true;
  }

  static std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
      ++count;
    }
    return count;
  }

  static std::string line(const std::string& pod, const std::string& finished_at) {
    return finished_at + "  shop/" + pod + "  main  exit 101  " + kPanicSummary + "\n";
  }

  static inline const std::string kWatching =
      "kexit: watching namespace shop for new terminations (Ctrl-C to stop)\n";
  static inline const std::string kPanicSummary = "rust-panic  high 0.89  Rust program panicked";
  std::string kubeconfig_;
};

TEST_F(WatchCommand, PrintsEachNewTerminationOnceAsOneLineAndExitsZeroOnCtrlC) {
  crash("old-1", "2023-11-14T22:00:00Z");
  auto process = watch();
  crash("api-1", "2023-11-14T22:10:00Z");
  ASSERT_TRUE(process->wait_for_line("shop/api-1", kWait)) << process->err();
  crash("api-2", "2023-11-14T22:11:00Z");
  ASSERT_TRUE(process->wait_for_line("shop/api-2", kWait)) << process->err();
  auto result = process->terminate(SIGINT);
  EXPECT_EQ(result.exit_code, 0);
  // old-1 crashed before the watch began: not new, not printed.
  EXPECT_EQ(result.out,
            line("api-1", "2023-11-14T22:10:00Z") + line("api-2", "2023-11-14T22:11:00Z"));
  EXPECT_EQ(result.err, kWatching);
}

TEST_F(WatchCommand, ExistingPrintsTheTerminationsAlreadyThereFirst) {
  crash("old-1", "2023-11-14T22:00:00Z");
  auto process = watch({"--existing"});
  ASSERT_TRUE(process->wait_for_line("shop/old-1", kWait)) << process->err();
  crash("api-1", "2023-11-14T22:10:00Z");
  ASSERT_TRUE(process->wait_for_line("shop/api-1", kWait)) << process->err();
  auto result = process->terminate(SIGTERM);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out,
            line("old-1", "2023-11-14T22:00:00Z") + line("api-1", "2023-11-14T22:10:00Z"));
}

// -o json prints, per termination, the document `inspect -o json` prints for that container,
// on one line; --details the text report inspect prints. Same diagnosis, same evidence path.
TEST_F(WatchCommand, JsonLinesAndDetailsAreWhatInspectPrints) {
  auto json_watch = watch({"-o", "json"});
  auto text_watch = watch({"--details", "--no-color"});
  crash("api-1", "2023-11-14T22:10:00Z");
  ASSERT_TRUE(json_watch->wait_for_line("api-1", kWait)) << json_watch->err();
  ASSERT_TRUE(text_watch->wait_for_output("next steps", kWait)) << text_watch->err();
  auto json_result = json_watch->terminate(SIGINT);
  auto text_result = text_watch->terminate(SIGINT);
  EXPECT_EQ(json_result.exit_code, 0);
  EXPECT_EQ(text_result.exit_code, 0);

  std::istringstream lines(json_result.out);
  std::string first;
  ASSERT_TRUE(std::getline(lines, first));
  std::string rest((std::istreambuf_iterator<char>(lines)), std::istreambuf_iterator<char>());
  EXPECT_EQ(rest, "");
  json document = json::parse(first);
  EXPECT_EQ(document["schemaVersion"], report::kSchemaVersion);
  EXPECT_EQ(document["kind"], "InspectReport");
  ASSERT_EQ(document["containers"].size(), 1u);
  EXPECT_EQ(document["containers"][0]["pod"], "api-1");
  EXPECT_EQ(document["containers"][0]["diagnoses"][0]["cause"], "rust-panic");

  auto inspected_json =
      run_command(kexit_binary() + " inspect pod/api-1 -o json --kubeconfig " + kubeconfig_);
  ASSERT_EQ(inspected_json.exit_code, 0) << inspected_json.err;
  EXPECT_EQ(document, json::parse(inspected_json.out));
  auto inspected_text =
      run_command(kexit_binary() + " inspect pod/api-1 --no-color --kubeconfig " + kubeconfig_);
  ASSERT_EQ(inspected_text.exit_code, 0) << inspected_text.err;
  EXPECT_EQ(text_result.out, inspected_text.out);
}

// The watch is dropped twice: once it resumes from the last version seen; once its reconnects
// fail until the watcher lists again, and that list holds every crash already printed. Each
// termination is still printed exactly once.
TEST_F(WatchCommand, ReconnectsAfterACutWatchAndPrintsNothingTwice) {
  auto process = watch();
  crash("api-1", "2023-11-14T22:10:00Z");
  ASSERT_TRUE(process->wait_for_line("shop/api-1", kWait)) << process->err();

  cluster_.faults().drop_watches();
  crash("api-2", "2023-11-14T22:11:00Z");
  ASSERT_TRUE(process->wait_for_line("shop/api-2", kWait)) << process->err();

  kubesim::FaultRule unavailable;
  unavailable.verb = "watch";
  unavailable.resource = "pods";
  unavailable.status = 503;
  cluster_.faults().add(unavailable);
  cluster_.faults().drop_watches();
  // Three failed reconnects in a row make the watcher list again (PodWatcher::run).
  ASSERT_TRUE(wait_for_error(*process, "pod watch failed", 3)) << process->err();
  cluster_.faults().clear();
  crash("api-3", "2023-11-14T22:12:00Z");
  ASSERT_TRUE(process->wait_for_line("shop/api-3", kWait)) << process->err();

  auto result = process->terminate(SIGINT);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, line("api-1", "2023-11-14T22:10:00Z") +
                            line("api-2", "2023-11-14T22:11:00Z") +
                            line("api-3", "2023-11-14T22:12:00Z"));
}

// The first list must succeed, as with kubectl get -w: wrong credentials or a missing RBAC
// rule are said once, with the cluster's status, not retried forever.
TEST_F(WatchCommand, AForbiddenFirstListEndsWithTheClusterStatus) {
  std::string token = server_->add_token({"dave", {}});
  std::string kubeconfig = write_kubeconfig(server_->kubeconfig(token, "shop"));
  auto result = Process({kexit_binary(), "watch", "--kubeconfig", kubeconfig}).finish(kWait);
  EXPECT_EQ(result.exit_code, 6);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err,
            "kexit: forbidden: cannot list pods in namespace \"shop\"; the RBAC role needs verb "
            "\"list\" on resource \"pods\"; the request was made as User \"dave\"\n");
}

TEST_F(WatchCommand, YamlIsRefusedWithTheFormatsItTakes) {
  auto result = run_command(kexit_binary() + " watch -o yaml --kubeconfig " + kubeconfig_);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "kexit: -o: unknown output format \"yaml\" for watch; use text or json (one document "
            "per line)\n");
}

}  // namespace
}  // namespace kexit
