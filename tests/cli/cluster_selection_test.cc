// kubectl's client flags (--as, --as-group, --as-uid, --request-timeout,
// --insecure-skip-tls-verify, -v) on the commands that read the cluster, run as the `kexit` binary
// against kubesim over TLS.

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "testing/kubesim_fixture.h"
#include "testing/paths.h"
#include "testing/process_runner.h"

namespace kexit {
namespace {

using nlohmann::json;
using testing_support::kexit_binary;
using testing_support::Process;
using testing_support::ProcessResult;

const kubesim::PolicyRule kReadPods{
    {"get", "list", "watch"}, {""}, {"pods", "pods/log", "events"}, {}, {}};
constexpr std::chrono::seconds kWait{60};

class ClientFlags : public testing_support::KubesimFixture {
 protected:
  void SetUp() override {
    play_scenario("examples/scenarios/spark-driver.yaml");
    KubesimFixture::SetUp();
    bob_token_ = server_->add_token({"bob", {"system:authenticated"}});
    bob_ = write_kubeconfig(server_->kubeconfig(bob_token_));
  }

  ProcessResult kexit(std::vector<std::string> args) {
    args.insert(args.begin(), kexit_binary());
    return Process(args, std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"},
                                                            {"HOME", directory_.path()}})
        .finish(kWait);
  }

  // The server's URL as kexit prints it.
  std::string server_url() const { return "https://127.0.0.1:" + std::to_string(server_->port()); }

  // `text` with what changes from run to run replaced (the server's port, latencies, the
  // pod's uid, kexit's version), for whole-text comparisons.
  std::string normalized(const std::string& text) const {
    std::string out = std::regex_replace(text, std::regex("127\\.0\\.0\\.1:[0-9]+"), "SERVER");
    out = std::regex_replace(out, std::regex(" in [0-9]+ milliseconds"), " in N milliseconds");
    out = std::regex_replace(out, std::regex("uid%3D[0-9a-f-]+"), "uid%3DUID");
    out = std::regex_replace(out, std::regex("User-Agent: kexit/.*"), "User-Agent: kexit/VERSION");
    return std::regex_replace(out, std::regex("Content-Length: [0-9]+"), "Content-Length: N");
  }

  std::string bob_token_;
  std::string bob_;
};

TEST_F(ClientFlags, AsIsRefusedUntilTheUserMayImpersonateThenActsAsTheImpersonatedUser) {
  auto refused = kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_, "--as", "alice"});
  EXPECT_EQ(refused.exit_code, 6);
  EXPECT_EQ(
      refused.err,
      "kexit: forbidden: users \"alice\" is forbidden: User \"bob\" cannot impersonate "
      "resource \"users\" in API group \"\" at the cluster scope; the kubeconfig's user needs "
      "an RBAC rule with verb \"impersonate\" on that resource, or leave out --as, --as-group and "
      "--as-uid\n");

  cluster_.access().allow("bob", {{"impersonate"}, {""}, {"users"}, {}, {"alice"}});
  cluster_.access().allow("alice", kReadPods);
  auto as_alice = kexit(
      {"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_, "--as", "alice", "-o", "json"});
  ASSERT_EQ(as_alice.exit_code, 0) << as_alice.err;
  EXPECT_EQ(json::parse(as_alice.out)["containers"][0]["diagnoses"][0]["cause"],
            "spark-class-not-found");
  // Bob himself still reads nothing: the answer above was alice's.
  auto as_bob = kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_});
  EXPECT_EQ(as_bob.exit_code, 6);
}

TEST_F(ClientFlags, EachAsGroupNeedsItsGrantAndGroupsNeedAUser) {
  cluster_.access().allow("bob", {{"impersonate"}, {""}, {"users"}, {}, {}});
  auto group = kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_, "--as", "alice",
                      "--as-group", "devs"});
  EXPECT_EQ(group.exit_code, 6);
  EXPECT_EQ(group.err,
            "kexit: forbidden: groups \"devs\" is forbidden: User \"bob\" cannot impersonate "
            "resource \"groups\" in API group \"\" at the cluster scope; the kubeconfig's user "
            "needs an RBAC rule with verb \"impersonate\" on that resource, or leave out --as, "
            "--as-group and "
            "--as-uid\n");

  auto alone =
      kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_, "--as-group", "devs"});
  EXPECT_EQ(alone.exit_code, 6);
  EXPECT_EQ(alone.err,
            "kexit: --as-group: impersonating groups needs a user to impersonate (the API server "
            "refuses groups alone); pass --as USER as well\n");
}

TEST_F(ClientFlags, AsUidNeedsItsOwnGrantInAuthenticationAndAUser) {
  cluster_.access().allow("bob", {{"impersonate"}, {""}, {"users"}, {}, {"alice"}});
  cluster_.access().allow("alice", kReadPods);
  auto refused = kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_, "--as", "alice",
                        "--as-uid", "1234"});
  EXPECT_EQ(refused.exit_code, 6);
  EXPECT_EQ(refused.err,
            "kexit: forbidden: uids.authentication.k8s.io \"1234\" is forbidden: User \"bob\" "
            "cannot impersonate resource \"uids\" in API group \"authentication.k8s.io\" at the "
            "cluster scope; the kubeconfig's user needs an RBAC rule with verb \"impersonate\" on "
            "that resource, or leave out --as, --as-group and --as-uid\n");

  cluster_.access().allow("bob",
                          {{"impersonate"}, {"authentication.k8s.io"}, {"uids"}, {}, {"1234"}});
  auto granted = kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_, "--as", "alice",
                        "--as-uid", "1234", "-o", "json"});
  ASSERT_EQ(granted.exit_code, 0) << granted.err;
  EXPECT_EQ(json::parse(granted.out)["containers"][0]["diagnoses"][0]["cause"],
            "spark-class-not-found");

  auto alone = kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_, "--as-uid", "1234"});
  EXPECT_EQ(alone.exit_code, 6);
  EXPECT_EQ(alone.err,
            "kexit: --as-uid: impersonating a UID needs a user to impersonate (the API server "
            "refuses a UID alone); pass --as USER as well\n");
}

TEST_F(ClientFlags, WatchSendsTheImpersonationHeaders) {
  cluster_.access().allow("bob", {{"impersonate"}, {""}, {"users"}, {}, {}});
  auto watch = kexit({"watch", "--kubeconfig", bob_, "--as", "carol"});
  EXPECT_EQ(watch.exit_code, 6);
  EXPECT_EQ(watch.out, "");
  EXPECT_EQ(watch.err,
            "kexit: forbidden: cannot list pods in namespace \"default\"; the RBAC role needs verb "
            "\"list\" on resource \"pods\"; the request was made as User \"carol\"\n");
}

TEST_F(ClientFlags, CompletionReadsPodsAsTheImpersonatedUser) {
  cluster_.access().allow("bob", {{"impersonate"}, {""}, {"users"}, {}, {"alice"}});
  cluster_.access().allow("alice", kReadPods);
  auto as_bob = kexit({"__complete", "inspect", "--kubeconfig", bob_, "pod/"});
  EXPECT_EQ(as_bob.out, ":0\n");
  auto as_alice = kexit({"__complete", "inspect", "--kubeconfig", bob_, "--as", "alice", "pod/"});
  EXPECT_EQ(as_alice.exit_code, 0);
  EXPECT_EQ(as_alice.out, "pod/spark-pi-driver\n:0\n");
  EXPECT_EQ(as_alice.err, "");
}

TEST_F(ClientFlags, RequestTimeoutIsReadAsKubectlReadsIt) {
  auto bad =
      kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_, "--request-timeout", "soon"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "kexit: --request-timeout: Invalid timeout value. Timeout must be a single integer in "
            "seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n");
  cluster_.access().allow("bob", kReadPods);
  for (const char* timeout : {"0", "30", "30s", "1m"}) {
    auto run = kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_, "--request-timeout",
                      timeout, "-o", "json"});
    EXPECT_EQ(run.exit_code, 0) << timeout << ": " << run.err;
  }
}

// Real time: the limit is a socket timeout on the wall clock, against a server that delays.
TEST_F(ClientFlags, RequestTimeoutEndsARequestTheServerIsSlowToAnswer) {
  cluster_.access().allow("bob", kReadPods);
  cluster_.faults().add({"get", "pods", "", "", 0, 0, "", std::chrono::milliseconds(3000), 1});
  auto run =
      kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_, "--request-timeout=1s"});
  EXPECT_EQ(run.exit_code, 6);
  EXPECT_EQ(normalized(run.err),
            "kexit: the API server at https://SERVER did not answer GET "
            "/api/v1/namespaces/default/pods/spark-pi-driver within the request timeout "
            "(--request-timeout 1s); raise it, or pass 0 for none\n");
}

// Real time: a watch is followed for as long as the server keeps it. --request-timeout bounds
// each request; cutting the stream every second would only reopen it, with a warning each time.
TEST_F(ClientFlags, RequestTimeoutDoesNotCutAWatch) {
  cluster_.access().allow("bob", kReadPods);
  Process watch({kexit_binary(), "watch", "--kubeconfig", bob_, "--request-timeout=1s"});
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(3500);
  while (std::chrono::steady_clock::now() < until && watch.pump(std::chrono::milliseconds(100))) {
  }
  auto result = watch.terminate(SIGINT);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.err,
            "kexit: watching namespace default for new terminations (Ctrl-C to stop)\n");
}

TEST_F(ClientFlags, VerbositySixTracesEachRequestWithItsStatusAndLatency) {
  cluster_.access().allow("bob", kReadPods);
  // kubectl's spellings: -v 6, -v=6, --v=6.
  for (std::vector<std::string> flag : {std::vector<std::string>{"-v", "6"}, {"-v=6"}, {"--v=6"}}) {
    std::vector<std::string> args = {"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_, "-o",
                                     "json"};
    args.insert(args.end(), flag.begin(), flag.end());
    auto run = kexit(args);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    // The pod is read first; then its log and its Events are read at once, so those two
    // lines come in either order (the ASan build showed both).
    std::vector<std::string> lines;
    std::istringstream traced(normalized(run.err));
    for (std::string line; std::getline(traced, line);) {
      lines.push_back(line);
    }
    ASSERT_EQ(lines.size(), 3u) << run.err;
    std::sort(lines.begin() + 1, lines.end());
    EXPECT_EQ(lines, (std::vector<std::string>{
                         "kexit: GET https://SERVER/api/v1/namespaces/default/pods/spark-pi-driver "
                         "200 OK in N milliseconds",
                         "kexit: GET https://SERVER/api/v1/namespaces/default/"
                         "events?fieldSelector=involvedObject.uid%3DUID&limit=200 200 OK in N "
                         "milliseconds",
                         "kexit: GET https://SERVER/api/v1/namespaces/default/pods/spark-pi-driver/"
                         "log?container=spark-kubernetes-driver&tailLines=65536 200 OK in N "
                         "milliseconds"}));
  }
}

TEST_F(ClientFlags, VerbosityEightShowsHeadersWithTheTokenMasked) {
  cluster_.access().allow("bob", kReadPods);
  auto run = kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_, "--v=8", "--as", "bob",
                    "-o", "json"});
  EXPECT_NE(run.exit_code, 0);  // bob may not impersonate, even himself: one request
  EXPECT_EQ(run.err.find(bob_token_), std::string::npos) << run.err;
  std::string err = normalized(run.err);
  EXPECT_EQ(err.substr(0, err.find("kexit: forbidden")),
            "kexit: GET https://SERVER/api/v1/namespaces/default/pods/spark-pi-driver\n"
            "kexit: Request Headers:\n"
            "kexit:     Accept: application/json\n"
            "kexit:     Authorization: Bearer <masked>\n"
            "kexit:     Host: SERVER\n"
            "kexit:     Impersonate-User: bob\n"
            "kexit:     User-Agent: kexit/VERSION\n"
            "kexit: GET https://SERVER/api/v1/namespaces/default/pods/spark-pi-driver 403 "
            "Forbidden in N milliseconds\n"
            "kexit: Response Headers:\n"
            "kexit:     Content-Length: N\n"
            "kexit:     Content-Type: application/json\n"
            "kexit:     Keep-Alive: timeout=5, max=1000\n");
}

TEST_F(ClientFlags, InsecureSkipTlsVerifyWarnsOnEveryRun) {
  cluster_.access().allow("bob", kReadPods);
  const std::string warning = "kexit: warning: TLS certificate verification is off for " +
                              server_url() +
                              " (insecure-skip-tls-verify); anyone on the network path can read "
                              "and change this traffic\n";
  for (int run_number = 0; run_number < 2; ++run_number) {
    auto run = kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", bob_,
                      "--insecure-skip-tls-verify", "-o", "json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err, warning);
  }
  std::string insecure = write_kubeconfig(
      "apiVersion: v1\nkind: Config\nclusters:\n- name: sim\n  cluster:\n    server: " +
      server_url() +
      "\n    insecure-skip-tls-verify: true\nusers:\n- name: bob\n  user:\n"
      "    token: " +
      bob_token_ +
      "\ncontexts:\n- name: sim\n  context: {cluster: sim, user: "
      "bob}\ncurrent-context: sim\n");
  auto from_kubeconfig =
      kexit({"inspect", "pod/spark-pi-driver", "--kubeconfig", insecure, "-o", "json"});
  EXPECT_EQ(from_kubeconfig.exit_code, 0) << from_kubeconfig.err;
  EXPECT_EQ(from_kubeconfig.err, warning);

  auto agent = kexit({"agent", "--kubeconfig", insecure});
  EXPECT_EQ(agent.exit_code, 6);
  json line = json::parse(agent.err);
  EXPECT_EQ(line["level"], "error");
  EXPECT_EQ(line["msg"], "cannot configure the Kubernetes client");
  EXPECT_EQ(line["error"],
            "the agent refuses insecure-skip-tls-verify (context \"sim\" (" + server_url() +
                ")); give the cluster's certificate-authority in the kubeconfig, or run in the "
                "cluster with the service account's CA");
}

}  // namespace
}  // namespace kexit
