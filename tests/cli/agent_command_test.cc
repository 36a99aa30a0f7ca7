// `kexit agent`'s flags that are refused before it connects: the web page's address.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "testing/paths.h"
#include "testing/process_runner.h"
#include "testing/temp_directory.h"

namespace kexit {
namespace {

using testing_support::kexit_binary;
using testing_support::Process;
using testing_support::ProcessResult;
using testing_support::TempDirectory;

class AgentCommand : public ::testing::Test {
 protected:
  // A kubeconfig that loads; nothing listens at its server, and these runs never reach it.
  ProcessResult agent(std::vector<std::string> args) {
    const std::string kubeconfig = directory_.write(
        "kubeconfig",
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "
        "\"https://127.0.0.1:1\"}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: c\n"
        "  context: {cluster: c, user: u}\ncurrent-context: c\n");
    args.insert(args.begin(), {kexit_binary(), "agent", "--kubeconfig", kubeconfig});
    return Process(args, std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"},
                                                            {"HOME", directory_.path()}})
        .finish(std::chrono::seconds(60));
  }

  TempDirectory directory_;
};

TEST_F(AgentCommand, WebPageBeyondLoopbackIsRefused) {
  auto run = agent({"--web", "--web-listen", "0.0.0.0:8081"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "kexit: --web-listen: the web page is served on loopback only (127.0.0.1, ::1), got "
            "\"0.0.0.0\"; reach it with kubectl port-forward (token checks for other addresses "
            "are not built yet)\n");
}

TEST_F(AgentCommand, WebListenNeedsHostAndPort) {
  auto run = agent({"--web", "--web-listen", "8081"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "kexit: --web-listen: expected HOST:PORT (\"127.0.0.1:8081\"), got \"8081\"\n");
  auto metrics = agent({"--listen", "nope"});
  EXPECT_EQ(metrics.exit_code, 2);
  EXPECT_EQ(metrics.err,
            "kexit: --listen: expected HOST:PORT (\"0.0.0.0:8080\") or \"off\", got \"nope\"\n");
}

}  // namespace
}  // namespace kexit
