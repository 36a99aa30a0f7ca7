// Faults against kubesim (issue 15, section 2): the real agent, with its real client, against
// an API server that breaks in the ways real ones do. Every scenario crashes a few containers
// several times while the fault is on, and ends with the same account: for every container,
// the series counts of kexit's Events add up to its terminations minus those the agent logged
// and counted as not written (a failed or rate-limited Event write, a termination dropped to
// the next leader), and no termination id is on two Events. Timings are scaled down (a 2 s
// Lease, a 1 s read timeout) and run on the wall clock, so these tests carry the ctest label
// `realtime` (tests/agent/tests.cmake); each is bounded by eventually()'s budgets.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "agent/agent.h"
#include "agent/api_request_observer.h"
#include "agent/event_builder.h"
#include "agent/kube_agent_api.h"
#include "agent/reported_events.h"
#include "agent_replica.h"
#include "kube/api_client.h"
#include "kubesim/api_server.h"
#include "kubesim/cluster.h"
#include "kubesim/fault_injector.h"
#include "kubesim/kube_time.h"
#include "pod_json.h"
#include "scaled_agent_options.h"
#include "testing/eventually.h"
#include "testing/kubesim_fixture.h"
#include "testing/paths.h"
#include "testing/port_reservation.h"
#include "testing/process_runner.h"
#include "testing/termination_account.h"

namespace kexit::agent {
namespace {

using testing::AgentReplica;
using testing::json_lines;
using testing_support::eventually;
using testing_support::ProcessResult;

using Outcomes = testing_support::TerminationOutcomes;
using testing_support::read_outcomes;

class AgentFaultsTest : public testing_support::KubesimFixture {
 protected:
  AgentFaultsTest() : KubesimFixture(ClusterTime::kWall) {}

  void SetUp() override {
    kubesim::ServerOptions options;
    options.tls = false;
    start_server(options);
    cluster_.ensure_namespace("kexit");
  }

  kube::ClientConfig config_for(const std::string& token) {
    auto config = load_config(server_->kubeconfig(token, "kexit"));
    return config ? *config : kube::ClientConfig{};
  }
  kube::ClientConfig admin_config() { return config_for(server_->admin_token()); }

  static AgentOptions options(const std::string& name, bool leader_elect = false) {
    return scaled_agent_options(name, leader_elect);
  }

  // The agent's 30 s read timeout scaled to 1 s; backoffs as shipped.
  static kube::TransportOptions transport() {
    kube::TransportOptions result;
    result.read_timeout = std::chrono::seconds(1);
    result.connect_timeout = std::chrono::seconds(1);
    return result;
  }

  AgentReplica& start_replica(const std::string& name, bool leader_elect = false) {
    return start_replica(admin_config(), name, leader_elect);
  }
  AgentReplica& start_replica(const kube::ClientConfig& config, const std::string& name,
                              bool leader_elect) {
    replicas_.push_back(
        std::make_unique<AgentReplica>(config, options(name, leader_elect), transport()));
    return *replicas_.back();
  }

  // Each of `pods` containers terminates once more: a new instance id, one more restart, and
  // the dead instance's log stored before the status that names it (as a kubelet has it).
  std::vector<std::string> crash_round(int pods = 3) {
    ++round_;
    std::vector<std::string> ids;
    for (int i = 0; i < pods; ++i) {
      std::string pod = "svc-" + std::to_string(i);
      testing::CrashedContainer crashed;
      crashed.container_id = "containerd://" + pod + "-r" + std::to_string(round_);
      crashed.restart_count = round_;
      // Written by the time the instance finished, as a real instance's lines are.
      cluster_.logs().replace(crashed.container_id, kPanicLog,
                              *kubesim::parse_time(crashed.finished_at));
      auto stored = cluster_.put(testing::crashed_pod("shop", pod, "uid-" + pod, crashed));
      EXPECT_TRUE(stored.ok()) << stored.error().to_string();
      terminations_[pod + "/app"].insert(crashed.container_id);
      ids.push_back(crashed.container_id);
    }
    return ids;
  }

  Outcomes outcomes() {
    Outcomes result;
    for (const auto& replica : replicas_) {
      read_outcomes(replica->log(), result);
    }
    for (const auto& file : process_logs_) {
      std::ifstream stream(file);
      read_outcomes(std::string(std::istreambuf_iterator<char>(stream), {}), result);
    }
    if (events_are_outcomes_) {
      // A process killed between an Event write and its log line logged nothing; its Events
      // say what it wrote (testing/termination_account.h).
      testing_support::add_event_outcomes(terminations_, agent_events(), container_of, result);
    }
    return result;
  }
  // pod_key is the uid, "uid-<pod>".
  static std::string container_of(const ReportedEvent& event) {
    return event.pod_key.substr(4) + "/" + event.container;
  }

  // Every termination of the scenario has reached a worker and has an outcome in a log.
  bool all_accounted() {
    return testing_support::every_termination_has_an_outcome(terminations_, outcomes());
  }
  void await_accounted() {
    ASSERT_TRUE(eventually([&] { return all_accounted(); })) << logs();
  }
  // Every termination a replica left unwritten (dropped on losing the Lease) has been written
  // since, by whichever replica leads now.
  void await_dropped_written() {
    ASSERT_TRUE(eventually([&] {
      auto seen = outcomes();
      for (const auto& [container, ids] : seen.not_written) {
        for (const auto& id : ids) {
          if (seen.written[container].count(id) == 0) {
            return false;
          }
        }
      }
      return true;
    })) << logs();
  }
  std::size_t log_count(const AgentReplica& replica, const std::string& message) const {
    std::size_t count = 0;
    for (const auto& line : replica.log_lines()) {
      count += line.is_object() && line.value("msg", "") == message ? 1 : 0;
    }
    return count;
  }
  // The agent's requests answered with `code`, over every verb.
  static double answered(AgentReplica& replica, const std::string& code) {
    double total = 0;
    for (const char* verb : {"get", "list", "watch", "create", "patch", "update"}) {
      total += replica.agent().metrics().api_requests.value({verb, code});
    }
    return total;
  }

  std::string logs() const {
    std::string text;
    for (const auto& replica : replicas_) {
      text += "--- replica log\n" + replica->log();
    }
    for (const auto& file : process_logs_) {
      std::ifstream stream(file);
      text += "--- " + file + "\n" + std::string(std::istreambuf_iterator<char>(stream), {});
    }
    return text;
  }

  // `kexit agent` as the Deployment runs it, with the scaled timings, its log in a file. Its
  // Event burst is raised: a restarted process starts a fresh limiter, and up to 21 of the
  // scenario's terminations in one namespace fall to it at once; rate limiting is tested
  // elsewhere (namespace_rate_limiter_test, EventWritesFailingForAWhile).
  std::unique_ptr<testing_support::Process> start_agent_process(const std::string& name) {
    std::string kubeconfig = write_kubeconfig(server_->kubeconfig(server_->admin_token(), "kexit"));
    std::string log = directory_.file(name + "-" + std::to_string(process_logs_.size()) + ".log");
    process_logs_.push_back(log);
    std::string command = "exec " + testing_support::kexit_binary() + " agent --kubeconfig " +
                          kubeconfig + " --since 0 --listen off --workers 2 --pod-name " + name +
                          " --pod-namespace kexit --leader-elect=false --event-burst 100 2>" + log;
    return std::make_unique<testing_support::Process>(
        std::vector<std::string>{"/bin/sh", "-c", command});
  }

  std::vector<ReportedEvent> agent_events() {
    kube::ApiClient admin(admin_config());
    kube::ListOptions list;
    list.label_selector = kEventLabelSelector;
    auto listed = admin.list("/api/v1/namespaces/shop/events", list);
    EXPECT_TRUE(listed.ok()) << listed.error().to_string();
    return listed.ok() ? read_reported_events(listed->items) : std::vector<ReportedEvent>{};
  }

  // The scenario's account (testing/termination_account.h), asserted whole; returns the
  // terminations not written.
  std::size_t expect_every_termination_accounted() {
    cluster_.faults().clear();
    await_accounted();
    for (auto& replica : replicas_) {
      replica->stop();
    }
    // Each termination not written is counted where the logs say, replica by replica.
    testing_support::NotWrittenCounters counted;
    for (auto& replica : replicas_) {
      auto& metrics = replica->agent().metrics();
      counted.events_not_written += metrics.events.value({"failed"}) +
                                    metrics.events.value({"rate_limited"}) +
                                    metrics.events.value({"forbidden"});
      counted.terminations_dropped += metrics.terminations_dropped.value({"lost-leadership"}) +
                                      metrics.terminations_dropped.value({"shutdown"});
    }
    Outcomes seen = outcomes();
    auto account = testing_support::account_terminations(terminations_, seen, agent_events(),
                                                         container_of, counted);
    EXPECT_TRUE(account.problems.empty()) << ::testing::PrintToString(account.problems) << "\n"
                                          << logs();
    std::printf("account: %s (%zu failed or rate-limited log lines, %zu dropped)\n",
                account.summary().c_str(), seen.not_written_lines, seen.dropped_lines);
    return account.not_written;
  }

  static constexpr const char* kPanicLog =
      "thread 'main' panicked at src/main.rs:42:9:\ncalled `Option::unwrap()` on a `None` "
      "value\n";

  std::vector<std::unique_ptr<AgentReplica>> replicas_;
  // The logs of agents run as `kexit agent` processes (a file each, kept past the process).
  std::vector<std::string> process_logs_;
  // Whether a termination id on an Event counts as written without a log line saying so.
  bool events_are_outcomes_ = false;
  testing_support::TerminationsByContainer terminations_;
  int round_ = 0;
};

TEST_F(AgentFaultsTest, WatchDroppedMidFrame) {
  AgentReplica& agent = start_replica("kexit-agent-0");
  crash_round();
  await_accounted();
  // The next watches are cut inside their second event, and the open one is closed without
  // its final chunk.
  cluster_.faults().cut_watches_after(1, 4);
  cluster_.faults().drop_watches();
  crash_round();
  await_accounted();
  cluster_.faults().drop_watches();
  crash_round();
  EXPECT_EQ(expect_every_termination_accounted(), 0u);
  EXPECT_GE(agent.agent().metrics().watch_restarts.value({}), 2);
}

TEST_F(AgentFaultsTest, GoneStorms) {
  AgentReplica& agent = start_replica("kexit-agent-0");
  crash_round();
  await_accounted();
  // The history is compacted and the next six watches answer 410 Gone: the agent lists again
  // each time, and what it lists it has seen already.
  cluster_.faults().add(kubesim::fault_rule("watch", "pods", 410, 6));
  cluster_.store().compact();
  cluster_.faults().drop_watches();
  crash_round();
  await_accounted();
  // A storm: the history compacted every 50 ms while containers crash.
  std::atomic<bool> storming{true};
  std::thread compactor([&] {
    while (storming.load()) {
      cluster_.store().compact();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  cluster_.faults().add(kubesim::fault_rule("watch", "pods", 410, 6));
  cluster_.faults().drop_watches();
  crash_round();
  await_accounted();
  storming.store(false);
  compactor.join();
  EXPECT_EQ(expect_every_termination_accounted(), 0u);
  EXPECT_GE(log_count(agent, "pod watch expired; listing again"), 2u) << agent.log();
}

TEST_F(AgentFaultsTest, TooManyRequestsWithRetryAfter) {
  AgentReplica& agent = start_replica("kexit-agent-0");
  crash_round();
  await_accounted();
  // The next 12 requests of any kind (watch, list, log reads, Event writes) get 429 with
  // Retry-After: 1, as API Priority and Fairness answers.
  auto throttled = kubesim::fault_rule("", "", 429, 12);
  throttled.retry_after_seconds = 1;
  cluster_.faults().add(throttled);
  cluster_.faults().drop_watches();
  crash_round();
  await_accounted();
  crash_round();
  EXPECT_EQ(expect_every_termination_accounted(), 0u);
  // Every 429 was an attempt of the agent's, counted.
  EXPECT_EQ(answered(agent, "429"), 12) << agent.log();
  EXPECT_EQ(cluster_.faults().errors_injected(), 12u);
}

TEST_F(AgentFaultsTest, ServerErrorBursts) {
  AgentReplica& agent = start_replica("kexit-agent-0");
  crash_round();
  await_accounted();
  // Bursts of 500 and 503 on every path the agent takes: the list after a dropped watch, the
  // watch, the log reads and both Event writes.
  cluster_.faults().add(kubesim::fault_rule("list", "pods", 503, 3));
  cluster_.faults().add(kubesim::fault_rule("watch", "pods", 500, 3));
  cluster_.faults().add(kubesim::fault_rule("get", "pods/log", 503, 3));
  cluster_.faults().add(kubesim::fault_rule("patch", "events", 500, 3));
  cluster_.faults().add(kubesim::fault_rule("create", "events", 503, 3));
  cluster_.faults().drop_watches();
  crash_round(4);
  await_accounted();
  crash_round(4);
  EXPECT_EQ(expect_every_termination_accounted(), 0u);
  // Every 5xx kubesim answered was an attempt of the agent's, counted.
  EXPECT_EQ(answered(agent, "500") + answered(agent, "503"),
            static_cast<double>(cluster_.faults().errors_injected()))
      << agent.log();
  EXPECT_GE(cluster_.faults().errors_injected(), 9u);
}

TEST_F(AgentFaultsTest, SlowApiHitsTheReadTimeout) {
  AgentReplica& agent = start_replica("kexit-agent-0");
  crash_round();
  await_accounted();
  // Answers 1.5 s late against the 1 s read timeout. A write is applied by the server even
  // though its answer never arrives: the agent's resend then finds its own Event (409) or
  // sets the same series count again.
  auto slow = [&](const std::string& verb, const std::string& resource) {
    auto rule = kubesim::fault_rule(verb, resource, 0, 2);
    rule.delay = std::chrono::milliseconds(1500);
    cluster_.faults().add(rule);
  };
  slow("get", "pods/log");
  slow("patch", "events");
  slow("create", "events");
  cluster_.faults().drop_watches();
  crash_round(4);
  await_accounted();
  crash_round(4);
  EXPECT_EQ(expect_every_termination_accounted(), 0u);
  // Each delayed answer was waited for no longer than the read timeout, and sent again.
  EXPECT_EQ(cluster_.faults().delays_injected(), 6u);
  EXPECT_GE(answered(agent, "error"), 4) << agent.log();
  EXPECT_GE(agent.agent().metrics().events.value({"retried"}), 1) << agent.log();
}

TEST_F(AgentFaultsTest, ServiceAccountTokenRotatedMidRun) {
  const kubesim::User agent_user{"system:serviceaccount:kexit:kexit-agent", {"system:masters"}};
  auto write_token = [&](const std::string& token) {
    // As the kubelet does: the new file is written beside and renamed over the old one.
    std::ofstream(directory_.file("token.new")) << token;
    std::filesystem::rename(directory_.file("token.new"), directory_.file("token"));
  };
  cluster_.access().add_token("rotated-token-1", agent_user);
  write_token("rotated-token-1");
  auto config = admin_config();
  config.auth.token.clear();
  config.auth.token_file = directory_.file("token");
  AgentReplica& agent = start_replica(config, "kexit-agent-0", false);
  crash_round();
  await_accounted();
  // Rotated: a new token in the file, the old one refused from now on.
  cluster_.access().add_token("rotated-token-2", agent_user);
  write_token("rotated-token-2");
  cluster_.access().revoke_token("rotated-token-1");
  cluster_.faults().drop_watches();
  crash_round();
  await_accounted();
  crash_round();
  EXPECT_EQ(expect_every_termination_accounted(), 0u);
  // The token in memory was refused once, then read again from the file.
  EXPECT_GE(answered(agent, "401"), 1) << agent.log();
}

TEST_F(AgentFaultsTest, ApiServerGoneLongerThanTheLeaseAndBackOnTheSameAddress) {
  AgentReplica& agent = start_replica("kexit-agent-0", true);
  ASSERT_TRUE(eventually([&] { return agent.agent().leading() && agent.agent().ready(); }));
  crash_round();
  await_accounted();
  int port = server_->port();
  // Held while kubesim is away: another program on this machine could take the port in the 3 s.
  testing_support::PortReservation reservation("127.0.0.1", port);
  ASSERT_TRUE(reservation.held());
  server_->stop();
  // Containers go on crashing while the API server is away (its storage keeps them).
  crash_round();
  // 3 s away against a 2 s Lease: the leader cannot renew and steps down.
  ASSERT_TRUE(eventually([&] { return !agent.agent().leading(); })) << agent.log();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  kubesim::ServerOptions options;
  options.tls = false;
  options.port = port;
  start_server(options);
  ASSERT_EQ(server_->port(), port);
  reservation.release();
  await_accounted();
  crash_round();
  EXPECT_EQ(expect_every_termination_accounted(), 0u);
  EXPECT_EQ(log_count(agent, "started leading"), 2u) << agent.log();
}

TEST_F(AgentFaultsTest, EventWritesFailingForAWhile) {
  AgentReplica& agent = start_replica("kexit-agent-0");
  crash_round(2);
  await_accounted();
  // Event writes fail until the first attempt of each of the three has failed: their resends,
  // a second or more later, then succeed, so nothing is lost. The third pod is new, so a create
  // fails as well as two series updates. (Waiting on kubesim's count, not on the clock, keeps a
  // loaded machine from running past the resends.)
  const std::size_t before = cluster_.faults().errors_injected();
  cluster_.faults().add(kubesim::fault_rule("create", "events", 500, -1));
  cluster_.faults().add(kubesim::fault_rule("patch", "events", 500, -1));
  crash_round(3);
  ASSERT_TRUE(eventually([&] { return cluster_.faults().errors_injected() >= before + 3; }))
      << logs();
  cluster_.faults().clear();
  await_accounted();
  // Then for longer than the resends last (one batch for the two workers): each of these
  // terminations is logged and counted as failed, and the next ones continue the series.
  cluster_.faults().add(kubesim::fault_rule("create", "events", 500, -1));
  cluster_.faults().add(kubesim::fault_rule("patch", "events", 500, -1));
  crash_round(2);
  await_accounted();
  cluster_.faults().clear();
  crash_round(3);
  EXPECT_EQ(expect_every_termination_accounted(), 2u);
  EXPECT_EQ(agent.agent().metrics().events.value({"failed"}), 2) << agent.log();
}

TEST_F(AgentFaultsTest, TwoReplicasStartedAtOnceAndTheLeaderLostMidEmission) {
  AgentReplica& a = start_replica("kexit-agent-a", true);
  AgentReplica& b = start_replica("kexit-agent-b", true);
  ASSERT_TRUE(eventually([&] {
    return a.agent().leading() != b.agent().leading() && a.agent().ready() && b.agent().ready();
  }));
  AgentReplica& leader = a.agent().leading() ? a : b;
  crash_round(6);
  await_accounted();
  // Event writes slowed, so terminations are queued and in flight when the Lease can no
  // longer be renewed: the leader steps down and drops what it had queued.
  auto slow_events = kubesim::fault_rule("", "events", 0, -1);
  slow_events.delay = std::chrono::milliseconds(600);
  cluster_.faults().add(slow_events);
  crash_round(12);
  ASSERT_TRUE(eventually([&] { return log_count(leader, "container termination diagnosed") > 6; }))
      << logs();
  cluster_.faults().add(kubesim::fault_rule("", "leases", 500, -1));
  ASSERT_TRUE(eventually([&] {
    return leader.agent().metrics().terminations_dropped.value({"lost-leadership"}) >= 1;
  })) << logs();
  cluster_.faults().clear();
  ASSERT_TRUE(eventually([&] { return a.agent().leading() || b.agent().leading(); })) << logs();
  await_accounted();
  await_dropped_written();
  // 30 Event writes in about 4 s are past the namespace's rate limit (a burst of 20, 1/s), so
  // the last ones are diagnosed without an Event, logged and counted as rate_limited.
  crash_round(12);
  auto not_written = expect_every_termination_accounted();
  double rate_limited = a.agent().metrics().events.value({"rate_limited"}) +
                        b.agent().metrics().events.value({"rate_limited"});
  EXPECT_EQ(static_cast<double>(not_written), rate_limited) << logs();
}

// The agent SIGKILLed while it writes a burst's Events (no drain, no log line for what was in
// flight), then started again: the new process reads the Events the old one wrote
// (termination ids in their annotations) and reports the rest, so nothing is lost and nothing
// written twice. An Event write the dead process had in flight still lands; its Event's name
// is fixed by the termination, so the new process's create of it is a 409 it reads back.
TEST_F(AgentFaultsTest, AgentSigkilledMidBurstAndRestarted) {
  events_are_outcomes_ = true;
  auto first = start_agent_process("kexit-agent-0");
  crash_round();
  await_accounted();
  // Event writes slowed, so the burst is being written when the kill comes.
  auto slow_events = kubesim::fault_rule("", "events", 0, -1);
  slow_events.delay = std::chrono::milliseconds(400);
  cluster_.faults().add(slow_events);
  crash_round(12);
  ASSERT_TRUE(eventually([&] {
    auto seen = outcomes();
    std::size_t written = 0;
    for (const auto& [container, ids] : seen.written) {
      written += ids.size();
    }
    return written >= 3 + 3;
  })) << logs();
  ProcessResult killed = first->terminate(SIGKILL);
  EXPECT_EQ(killed.exit_code, 128 + SIGKILL);
  EXPECT_FALSE(all_accounted()) << "the burst was written before the kill; nothing was tested";
  std::size_t written_before = 0;
  for (const auto& [container, ids] : outcomes().written) {
    written_before += ids.size();
  }
  cluster_.faults().clear();
  auto second = start_agent_process("kexit-agent-0");
  await_accounted();
  crash_round(12);
  EXPECT_EQ(expect_every_termination_accounted(), 0u);
  second->terminate();
  std::size_t read_back = 0;
  for (const auto& line : json_lines(logs())) {
    if (line.is_object() && line.value("msg", "") == "read the agent's existing Events") {
      read_back = line.value("events", std::size_t{0});
    }
  }
  EXPECT_GE(read_back, 3u) << logs();
  std::printf("killed with %zu of 15 terminations written; the new process read %zu Events back\n",
              written_before, read_back);
}

// kubesim over TLS, and handshakes that fail for a while: refused with an alert, then answered
// with plain text where a TLS record should be.
class AgentTlsFaultsTest : public AgentFaultsTest {
 protected:
  void SetUp() override {
    kubesim::ServerOptions options;
    options.tls = true;
    // Idle kept-alive connections closed after 1 s, so the agent's next requests need new
    // handshakes (the faults touch new connections only).
    options.keep_alive_seconds = 1;
    start_server(options);
    cluster_.ensure_namespace("kexit");
  }
};

TEST_F(AgentTlsFaultsTest, TlsHandshakesRefusedAndGarbled) {
  AgentReplica& agent = start_replica("kexit-agent-0");
  crash_round();
  await_accounted();
  // 4 handshakes refused, then 1 garbled. The watch's backoff after failures is client-go's
  // (0.8 s doubling to 30 s, reset only after 2 min without one), so the second round's
  // retry comes 10 to 30 s after its failure: one failure there, and a longer budget.
  std::size_t expected = 0;
  for (auto [kind, count] : {std::pair{kubesim::HandshakeFault::kRefuse, 4},
                             std::pair{kubesim::HandshakeFault::kGarble, 1}}) {
    // The open connections are closed (idle ones by the server's 1 s keep-alive limit, which
    // runs on the wall clock, the watch's by the drop), so the next requests need new
    // handshakes, and the first fail.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    expected += static_cast<std::size_t>(count);
    cluster_.faults().fail_handshakes(kind, count);
    cluster_.faults().drop_watches();
    crash_round();
    ASSERT_TRUE(eventually([&] { return cluster_.faults().handshakes_failed() >= expected; },
                           std::chrono::seconds(60)))
        << logs();
    ASSERT_TRUE(eventually([&] { return all_accounted(); }, std::chrono::seconds(60))) << logs();
  }
  crash_round();
  EXPECT_EQ(expect_every_termination_accounted(), 0u);
  EXPECT_EQ(cluster_.faults().handshakes_failed(), 5u);
  // Each failed handshake was an attempt without an answer, counted and logged.
  EXPECT_GE(answered(agent, "error"), 5) << agent.log();
  EXPECT_NE(agent.log().find("TLS handshake with the API server at " + server_->url() + " failed"),
            std::string::npos)
      << agent.log();
}

}  // namespace
}  // namespace kexit::agent
