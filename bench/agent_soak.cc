// The agent's soak (issue 15, section 2; docs/reliability.md "bench/soak"): kubesim with 100k
// pods and a steady crash rate, the real `kexit agent` process against it, and the faults of
// tests/agent/agent_faults_test.cc one phase after another - watch drops, 410 storms, 429s,
// 5xx bursts, Event writes failing, the agent SIGKILLed mid-burst and restarted, the API
// server gone for 60 s (longer than the 15 s Lease) and back on the same address. It ends with
// the fault tests' account (tests/testing/termination_account.h) and prints the figures:
// terminations, Events, what was not written, peak RSS and CPU of the agent and of kubesim,
// the time to recover after the outage, and the latency from a crash to its Event.
//
//   build/bench/agent_soak [--pods 100000] [--crashes-per-second 10] [--phase-seconds 20]
//                          [--outage-seconds 60] ...   (--help lists every option)
//
// Exit status 0 when the account adds up, 1 when it does not (each problem printed), 2 when
// the soak could not run (kubesim or the agent did not start).

#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "agent/event_builder.h"
#include "agent/reported_events.h"
#include "kube/api_client.h"
#include "kube/api_time.h"
#include "kube/config_loader.h"
#include "kubesim/scenario_player.h"
#include "kubesim/synthetic_load.h"
#include "soak/agent_log_follower.h"
#include "soak/agent_process.h"
#include "soak/soak_cluster.h"
#include "soak/termination_ledger.h"
#include "testing/temp_directory.h"
#include "testing/termination_account.h"

namespace kexit::bench {
namespace {

using Steady = std::chrono::steady_clock;
using testing_support::TerminationOutcomes;
using testing_support::TerminationsByContainer;

struct SoakOptions {
  std::size_t pods = 100'000;
  // The pods that crash, round-robin: each crashes every crashing_pods / crashes_per_second
  // seconds (200 s by default), longer than the outage and its recovery, so no container
  // crashes twice while the agent cannot see it (a pod's status shows only the last
  // termination, to the agent as to kubectl).
  std::size_t crashing_pods = 2'000;
  double crashes_per_second = 10;
  double phase_seconds = 20;
  // 0 leaves the outage out.
  double outage_seconds = 60;
  // client-go's defaults, which `kexit agent` ships.
  std::string lease_duration = "15s";
  std::string renew_deadline = "10s";
  std::string retry_period = "2s";
  // Well above the crash rate, so rate-limited writes come only from a backlog.
  double event_qps = 50;
  double event_burst = 100;
  std::string kexit = std::string(KEXIT_BINARY_DIR) + "/kexit";
  std::string work_directory;
  int ready_budget_seconds = 600;
  int settle_budget_seconds = 600;
  // The account allows a termination whose Event could not be written (failed, rate-limited,
  // dropped) when it is counted and logged; the ctest's short run wants every one written.
  bool require_every_written = false;
};

double seconds_since(Steady::time_point start) {
  return std::chrono::duration<double>(Steady::now() - start).count();
}

double seconds_between(kube::TimePoint from, kube::TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

std::string load_average() {
  std::ifstream stream("/proc/loadavg");
  std::string one, five, fifteen;
  stream >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// The p-th percentile (0 < p <= 1) by the nearest rank; 0 for no values.
double percentile(std::vector<double> values, double p) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
  return values[std::max<std::size_t>(rank, 1) - 1];
}

struct OutageFigures {
  bool happened = false;
  std::optional<double> stepped_down_after;   // from the server going away
  std::optional<double> leading_again_after;  // from the server coming back
  std::optional<double> backlog_after;        // every termination of the outage has an outcome
  std::size_t terminations = 0;
};

class Soak {
 public:
  explicit Soak(SoakOptions options) : options_(std::move(options)) {
    work_ = options_.work_directory.empty() ? temporary_.emplace().path() : options_.work_directory;
    std::error_code ignored;
    std::filesystem::create_directories(work_, ignored);
  }

  int run() {
    load_at_start_ = load_average();
    if (!start_cluster() || !start_agent()) {
      return 2;
    }
    start_churn();
    run_phases();
    churn_.reset();
    enter("settling (no more crashes)");
    bool settled = settle();
    std::vector<agent::ReportedEvent> events = agent_events();
    agents_.back()->end(SIGTERM);
    follow_logs();
    load_at_end_ = load_average();
    auto account = account_terminations(events);
    if (!settled) {
      account.problems.insert(account.problems.begin(),
                              "not every termination had an outcome after " +
                                  std::to_string(options_.settle_budget_seconds) + " s");
    }
    print_figures(account, events);
    return account.problems.empty() ? 0 : 1;
  }

 private:
  bool start_cluster() {
    auto started = Steady::now();
    Status serving = cluster_.start(options_.pods);
    if (!serving.ok()) {
      std::cerr << "agent_soak: kubesim did not start: " << serving.error().to_string() << "\n";
      return false;
    }
    kubeconfig_path_ = work_ + "/kubeconfig";
    std::ofstream(kubeconfig_path_) << cluster_.kubeconfig();
    for (std::size_t i = 0; i < options_.crashing_pods; ++i) {
      std::string pod = "load-" + std::to_string(i);
      pod_of_uid_[kubesim::derived_uid("Pod/load/" + pod)] = pod;
    }
    say("kubesim serving " + std::to_string(options_.pods) + " pods on port " +
        std::to_string(cluster_.port()) + " after " + fixed(seconds_since(started)) + " s");
    return true;
  }

  bool start_agent() {
    AgentFlags flags{options_.kexit,          kubeconfig_path_,        "",
                     options_.lease_duration, options_.renew_deadline, options_.retry_period,
                     options_.event_qps,      options_.event_burst};
    flags.log = work_ + "/agent-" + std::to_string(agents_.size()) + ".log";
    auto started = Steady::now();
    agents_.push_back(std::make_unique<AgentProcess>(flags));
    followers_.push_back(std::make_unique<AgentLogFollower>(flags.log));
    bool ready = agents_.back()->wait_ready(std::chrono::seconds(options_.ready_budget_seconds)) &&
                 await_initial_list(started);
    ready_seconds_.push_back(ready ? seconds_since(started) : -1);
    if (!ready) {
      std::cerr << "agent_soak: the agent was not ready within " << options_.ready_budget_seconds
                << " s; its log: " << flags.log << "\n";
      return false;
    }
    say("agent " + std::to_string(agents_.size() - 1) + " ready after " +
        fixed(ready_seconds_.back()) + " s");
    return true;
  }

  // Until the newest agent has listed every pod as the leader (within the ready budget).
  bool await_initial_list(Steady::time_point started) {
    auto deadline = started + std::chrono::seconds(options_.ready_budget_seconds);
    while (Steady::now() < deadline) {
      followers_.back()->follow();
      if (followers_.back()->initial_lists() > 0) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  void start_churn() {
    // Each crash is one change and its restart another.
    churn_ = std::make_unique<kubesim::PodChurn>(
        cluster_.cluster(), options_.crashing_pods, "load", 2 * options_.crashes_per_second,
        [this](const kubesim::ChurnTermination& crash) { ledger_.record(crash); });
  }

  // The phases, as the fault tests inject each fault (their comments say why each is so).
  void run_phases() {
    auto& faults = cluster_.faults();
    steady("steady");
    phase("watch drops", Repeat::kEveryQuarter, [&] {
      faults.cut_watches_after(1, 4);
      faults.drop_watches();
    });
    phase("410 storms", Repeat::kEveryQuarter, [&] {
      faults.add(kubesim::fault_rule("watch", "pods", 410, 3));
      cluster_.cluster().store().compact();
      faults.drop_watches();
    });
    phase("429s with Retry-After", Repeat::kOnce, [&] {
      auto throttled = kubesim::fault_rule("", "", 429, 30);
      throttled.retry_after_seconds = 1;
      faults.add(throttled);
      faults.drop_watches();
    });
    phase("5xx bursts", Repeat::kOnce, [&] {
      faults.add(kubesim::fault_rule("list", "pods", 503, 3));
      faults.add(kubesim::fault_rule("watch", "pods", 500, 3));
      faults.add(kubesim::fault_rule("get", "pods/log", 503, 5));
      faults.add(kubesim::fault_rule("patch", "events", 500, 3));
      faults.add(kubesim::fault_rule("create", "events", 503, 5));
      faults.drop_watches();
    });
    phase("Event writes failing", Repeat::kOnce, [&] {
      faults.add(kubesim::fault_rule("create", "events", 500, -1));
      faults.add(kubesim::fault_rule("patch", "events", 500, -1));
    });
    kill_and_restart();
    if (options_.outage_seconds > 0) {
      outage();
    }
    steady("steady again");
  }

  void steady(const std::string& name) {
    enter(name);
    hold(options_.phase_seconds);
  }
  // Whether a phase's fault comes once (the rest of the phase is its recovery) or again every
  // quarter of the phase (watch drops and 410s: a storm rather than one event).
  enum class Repeat { kOnce, kEveryQuarter };

  // A fault on for the phase, every rule cleared at its end.
  void phase(const std::string& name, Repeat repeat, const std::function<void()>& inject) {
    enter(name);
    for (int quarter = 0; quarter < 4; ++quarter) {
      if (quarter == 0 || repeat == Repeat::kEveryQuarter) {
        inject();
      }
      hold(options_.phase_seconds / 4);
    }
    cluster_.faults().clear();
  }

  // Event writes slowed (as AgentSigkilledMidBurstAndRestarted does), so some are in flight
  // when the agent is SIGKILLed; a new process starts at once.
  void kill_and_restart() {
    enter("SIGKILL and restart");
    auto slow = kubesim::fault_rule("", "events", 0, -1);
    slow.delay = std::chrono::milliseconds(400);
    cluster_.faults().add(slow);
    hold(options_.phase_seconds / 3);
    agents_.back()->end(SIGKILL);
    cluster_.faults().clear();
    if (!start_agent()) {
      problems_.push_back("the agent started after the SIGKILL was not ready");
    }
    hold(options_.phase_seconds / 2);
  }

  void outage() {
    enter("API server gone");
    outage_.happened = true;
    const int outage_phase = ledger_.phase();
    const kube::TimePoint down = std::chrono::system_clock::now();
    cluster_.go_away();
    hold(options_.outage_seconds);
    Status back_status = cluster_.come_back();
    if (!back_status.ok()) {
      problems_.push_back("kubesim did not come back: " + back_status.error().to_string());
    }
    const kube::TimePoint back = std::chrono::system_clock::now();
    enter("after the outage");
    await_recovery(outage_phase, down, back);
    hold(options_.phase_seconds);
  }

  // Until the agent leads again and every termination of the outage has an outcome.
  void await_recovery(int outage_phase, kube::TimePoint down, kube::TimePoint back) {
    auto terminations = ledger_.of_phase(outage_phase);
    for (const auto& [container, ids] : terminations) {
      outage_.terminations += ids.size();
    }
    auto deadline = Steady::now() + std::chrono::seconds(options_.settle_budget_seconds);
    const AgentLogFollower& log = *followers_.back();
    while (Steady::now() < deadline && !outage_.backlog_after) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      follow_logs();
      for (auto at : log.stopped_leading()) {
        if (at > down && !outage_.stepped_down_after) {
          outage_.stepped_down_after = seconds_between(down, at);
        }
      }
      for (auto at : log.started_leading()) {
        if (at > down && !outage_.leading_again_after) {
          outage_.leading_again_after = seconds_between(back, at);
        }
      }
      if (testing_support::every_termination_has_an_outcome(terminations, logged_outcomes())) {
        outage_.backlog_after = seconds_between(back, std::chrono::system_clock::now());
      }
    }
  }

  void enter(const std::string& name) {
    phases_.push_back(name);
    ledger_.set_phase(static_cast<int>(phases_.size()) - 1);
    say("phase: " + name);
  }

  // Lets `seconds` pass, following the agents' logs meanwhile.
  void hold(double seconds) {
    auto end = Steady::now() +
               std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(seconds));
    while (Steady::now() < end) {
      std::this_thread::sleep_until(std::min(end, Steady::now() + std::chrono::milliseconds(250)));
      follow_logs();
    }
  }

  void follow_logs() {
    for (auto& follower : followers_) {
      follower->follow();
    }
  }

  // Every termination has an outcome in a log or on an Event (a killed process wrote some
  // Events it never logged; the next process reads them back and does not report them again).
  bool settle() {
    auto deadline = Steady::now() + std::chrono::seconds(options_.settle_budget_seconds);
    while (Steady::now() < deadline) {
      follow_logs();
      auto outcomes = logged_outcomes();
      add_event_outcomes(agent_events(), outcomes);
      if (testing_support::every_termination_has_an_outcome(ledger_.by_container(), outcomes)) {
        return true;
      }
      // Short, so that the ctest's small run does not wait a second past its last Event.
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return false;
  }

  TerminationOutcomes logged_outcomes() const {
    TerminationOutcomes merged;
    for (const auto& follower : followers_) {
      const auto& outcomes = follower->outcomes();
      for (const auto& [container, ids] : outcomes.written) {
        merged.written[container].insert(ids.begin(), ids.end());
      }
      for (const auto& [container, ids] : outcomes.not_written) {
        merged.not_written[container].insert(ids.begin(), ids.end());
      }
      merged.not_written_lines += outcomes.not_written_lines;
      merged.dropped_lines += outcomes.dropped_lines;
    }
    return merged;
  }

  void add_event_outcomes(const std::vector<agent::ReportedEvent>& events,
                          TerminationOutcomes& outcomes) const {
    testing_support::add_event_outcomes(
        ledger_.by_container(), events,
        [this](const agent::ReportedEvent& event) { return container_of(event); }, outcomes);
  }

  std::string container_of(const agent::ReportedEvent& event) const {
    auto found = pod_of_uid_.find(event.pod_key);
    return (found == pod_of_uid_.end() ? event.pod_key : found->second) + "/" + event.container;
  }

  std::vector<agent::ReportedEvent> agent_events() {
    kube::ConfigRequest request;
    request.kubeconfig = kubeconfig_path_;
    auto config = kube::load_client_config(request, kube::ConfigEnvironment{});
    if (!config.ok()) {
      return {};
    }
    kube::ApiClient client(*config);
    kube::ListOptions list;
    list.label_selector = agent::kEventLabelSelector;
    auto listed = client.list("/api/v1/namespaces/load/events", list);
    return listed.ok() ? agent::read_reported_events(listed->items)
                       : std::vector<agent::ReportedEvent>{};
  }

  // The account of the fault tests, and each process's counters against its own log.
  testing_support::TerminationAccount account_terminations(
      const std::vector<agent::ReportedEvent>& events) {
    testing_support::NotWrittenCounters counted;
    for (std::size_t i = 0; i < agents_.size(); ++i) {
      auto process = counters_of(*agents_[i]);
      const auto& logged = followers_[i]->outcomes();
      if (process.events_not_written != static_cast<double>(logged.not_written_lines) ||
          process.terminations_dropped != static_cast<double>(logged.dropped_lines)) {
        problems_.push_back("agent " + std::to_string(i) + " counted " +
                            fixed(process.events_not_written) + " Events not written and " +
                            fixed(process.terminations_dropped) + " dropped; its log says " +
                            std::to_string(logged.not_written_lines) + " and " +
                            std::to_string(logged.dropped_lines));
      }
      counted.events_not_written += process.events_not_written;
      counted.terminations_dropped += process.terminations_dropped;
    }
    auto outcomes = logged_outcomes();
    add_event_outcomes(events, outcomes);
    auto account = testing_support::account_terminations(
        ledger_.by_container(), outcomes, events,
        [this](const agent::ReportedEvent& event) { return container_of(event); }, counted);
    account.problems.insert(account.problems.end(), problems_.begin(), problems_.end());
    if (options_.require_every_written && account.not_written > 0) {
      account.problems.push_back(std::to_string(account.not_written) +
                                 " terminations were not written, and every one was required");
    }
    return account;
  }

  static double answered(const AgentProcess& process, const std::string& code) {
    return process.metric("kexit_api_requests_total", "code=\"" + code + "\"");
  }

  double error_answers() const {
    double counted = 0;
    for (const auto& process : agents_) {
      for (const char* code : {"410", "429", "500", "503"}) {
        counted += answered(*process, code);
      }
    }
    return counted;
  }

  static testing_support::NotWrittenCounters counters_of(const AgentProcess& process) {
    return {process.metric("kexit_events_total", "result=\"failed\"") +
                process.metric("kexit_events_total", "result=\"rate_limited\"") +
                process.metric("kexit_events_total", "result=\"forbidden\""),
            process.metric("kexit_terminations_dropped_total")};
  }

  void print_figures(const testing_support::TerminationAccount& account,
                     const std::vector<agent::ReportedEvent>& events) {
    std::printf("\n== agent soak\n");
    std::printf("machine: %u cores; load average at start %s, at end %s\n",
                std::thread::hardware_concurrency(), load_at_start_.c_str(), load_at_end_.c_str());
    std::printf(
        "pods: %zu (%zu crashing, %.1f crashes/s), phases of %g s, outage %g s, "
        "Lease %s/%s/%s\n",
        options_.pods, options_.crashing_pods, options_.crashes_per_second, options_.phase_seconds,
        options_.outage_seconds, options_.lease_duration.c_str(), options_.renew_deadline.c_str(),
        options_.retry_period.c_str());
    print_processes();
    print_outcomes(account, events);
    print_outage();
    print_latencies();
    std::printf("account: %s\n", account.problems.empty() ? "adds up" : "DOES NOT ADD UP");
    for (const auto& problem : account.problems) {
      std::printf("  - %s\n", problem.c_str());
    }
  }

  void print_processes() {
    for (std::size_t i = 0; i < agents_.size(); ++i) {
      auto& process = *agents_[i];
      const auto& sample = process.sample();
      std::printf(
          "agent %zu: ready (initial list done) after %.1f s, peak RSS %.1f MiB, CPU %.1f s, read "
          "%zu Events "
          "back; API answers counted: 410 %.0f, 429 %.0f, 5xx %.0f, none %.0f; watch restarts "
          "%.0f\n",
          i, ready_seconds_[i], sample.peak_rss_mib, sample.cpu_seconds,
          followers_[i]->events_read_back(), answered(process, "410"), answered(process, "429"),
          answered(process, "500") + answered(process, "503"), answered(process, "error"),
          process.metric("kexit_watch_restarts_total"));
    }
    rusage self{};
    getrusage(RUSAGE_SELF, &self);
    double cpu = static_cast<double>(self.ru_utime.tv_sec + self.ru_stime.tv_sec) +
                 static_cast<double>(self.ru_utime.tv_usec + self.ru_stime.tv_usec) / 1e6;
    std::printf(
        "kubesim (this process: kubesim, the churn and the soak's bookkeeping): peak RSS "
        "%.1f MiB, CPU %.1f s; faults it injected: %zu errors (410, 429, 5xx), %zu delays; the "
        "agents counted %.0f such answers (compaction adds 410s of its own)\n",
        static_cast<double>(self.ru_maxrss) / 1024, cpu, cluster_.faults().errors_injected(),
        cluster_.faults().delays_injected(), error_answers());
  }

  void print_outcomes(const testing_support::TerminationAccount& account,
                      const std::vector<agent::ReportedEvent>& events) {
    int series = 0;
    for (const auto& event : events) {
      series += event.count;
    }
    double failed = 0, rate_limited = 0, forbidden = 0, dropped = 0;
    for (const auto& process : agents_) {
      failed += process->metric("kexit_events_total", "result=\"failed\"");
      rate_limited += process->metric("kexit_events_total", "result=\"rate_limited\"");
      forbidden += process->metric("kexit_events_total", "result=\"forbidden\"");
      dropped += process->metric("kexit_terminations_dropped_total");
    }
    std::printf(
        "terminations: %s; Events: %zu (series counts %d); not written: failed %.0f, "
        "rate_limited %.0f, forbidden %.0f; dropped to the next leader %.0f\n",
        account.summary().c_str(), events.size(), series, failed, rate_limited, forbidden, dropped);
  }

  void print_outage() {
    if (!outage_.happened) {
      return;
    }
    auto text = [](const std::optional<double>& value) {
      return value ? fixed(*value) + " s" : std::string("never");
    };
    std::printf(
        "outage of %.0f s: the leader stepped down %s after kubesim went away; after "
        "it came back, leading again %s, the outage's %zu terminations accounted %s\n",
        options_.outage_seconds, text(outage_.stepped_down_after).c_str(),
        text(outage_.leading_again_after).c_str(), outage_.terminations,
        text(outage_.backlog_after).c_str());
  }

  // From each crash to the log line saying its Event was written, by phase.
  void print_latencies() {
    std::map<std::string, kube::TimePoint> written;
    for (const auto& follower : followers_) {
      for (const auto& [id, at] : follower->written_at()) {
        auto [slot, fresh] = written.emplace(id, at);
        if (!fresh && at < slot->second) {
          slot->second = at;
        }
      }
    }
    std::vector<std::vector<double>> by_phase(phases_.size());
    std::vector<std::size_t> crashes(phases_.size());
    std::vector<double> all;
    for (const auto& [id, entry] : ledger_.entries()) {
      ++crashes[static_cast<std::size_t>(entry.phase)];
      if (auto found = written.find(id); found != written.end()) {
        by_phase[static_cast<std::size_t>(entry.phase)].push_back(
            seconds_between(entry.at, found->second));
        all.push_back(by_phase[static_cast<std::size_t>(entry.phase)].back());
      }
    }
    std::printf("crash to Event written (its log line), seconds: p50 / p99 / max\n");
    print_latency_row("all phases", ledger_.entries().size(), all);
    for (std::size_t i = 0; i < phases_.size(); ++i) {
      print_latency_row(phases_[i], crashes[i], by_phase[i]);
    }
  }

  static void print_latency_row(const std::string& name, std::size_t crashes,
                                const std::vector<double>& latencies) {
    double max = latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end());
    std::printf("  %-28s %5zu crashes, %5zu written: %7.2f / %7.2f / %7.2f\n", name.c_str(),
                crashes, latencies.size(), percentile(latencies, 0.5), percentile(latencies, 0.99),
                max);
  }

  static std::string fixed(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
  }

  static void say(const std::string& line) {
    auto now = std::chrono::system_clock::now();
    std::cout << kube::format_api_time(now) << " " << line << std::endl;
  }

  SoakOptions options_;
  std::optional<testing_support::TempDirectory> temporary_;
  std::string work_;
  std::string kubeconfig_path_;
  std::string load_at_start_;
  std::string load_at_end_;
  SoakCluster cluster_;
  TerminationLedger ledger_;
  std::unique_ptr<kubesim::PodChurn> churn_;
  std::vector<std::unique_ptr<AgentProcess>> agents_;
  std::vector<std::unique_ptr<AgentLogFollower>> followers_;
  std::vector<double> ready_seconds_;
  std::map<std::string, std::string> pod_of_uid_;
  std::vector<std::string> phases_;
  OutageFigures outage_;
  std::vector<std::string> problems_;
};

void add_options(CLI::App& app, SoakOptions& options) {
  app.add_option("--pods", options.pods, "synthetic pods stored")->capture_default_str();
  app.add_option("--crashing-pods", options.crashing_pods, "pods that crash, round-robin")
      ->capture_default_str();
  app.add_option("--crashes-per-second", options.crashes_per_second, "steady crash rate")
      ->capture_default_str();
  app.add_option("--phase-seconds", options.phase_seconds, "length of each fault's phase")
      ->capture_default_str();
  app.add_option("--outage-seconds", options.outage_seconds,
                 "how long the API server is gone (0: no outage)")
      ->capture_default_str();
  app.add_option("--lease-duration", options.lease_duration)->capture_default_str();
  app.add_option("--renew-deadline", options.renew_deadline)->capture_default_str();
  app.add_option("--retry-period", options.retry_period)->capture_default_str();
  app.add_option("--event-qps", options.event_qps)->capture_default_str();
  app.add_option("--event-burst", options.event_burst)->capture_default_str();
  app.add_option("--kexit", options.kexit, "the kexit binary")->capture_default_str();
  app.add_option("--work-dir", options.work_directory,
                 "keep the kubeconfig and the agents' logs here (default: a temporary directory)");
  app.add_option("--ready-budget", options.ready_budget_seconds)->capture_default_str();
  app.add_option("--settle-budget", options.settle_budget_seconds)->capture_default_str();
  app.add_flag("--require-every-written", options.require_every_written,
               "fail when a termination's Event was not written, even if counted and logged");
}

}  // namespace
}  // namespace kexit::bench

int main(int argc, char** argv) {
  kexit::bench::SoakOptions options;
  CLI::App app("The agent's soak: kubesim with many pods, steady crashes and every fault");
  kexit::bench::add_options(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  if (options.crashing_pods > options.pods || options.crashes_per_second <= 0) {
    std::cerr << "agent_soak: --crashing-pods must be at most --pods, and the crash rate above 0\n";
    return 2;
  }
  // The agent's log is its stderr, in a file; a closed pipe elsewhere must not end the soak.
  std::signal(SIGPIPE, SIG_IGN);
  return kexit::bench::Soak(std::move(options)).run();
}
