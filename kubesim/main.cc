// kubesim: the in-memory Kubernetes API server, standalone. Plays a scenario in real time and
// serves it over HTTPS until SIGTERM or SIGINT.

#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "kubesim/api_server.h"
#include "kubesim/cluster.h"
#include "kubesim/real_time_playback.h"
#include "kubesim/scenario.h"
#include "kubesim/scenario_player.h"
#include "kubesim/synthetic_load.h"

namespace {

using namespace kexit::kubesim;

enum ExitStatus { kOk = 0, kFailure = 1, kUsage = 2 };

struct Arguments {
  std::string scenario;
  std::string kubeconfig_out;
  std::string listen = "127.0.0.1:0";
  bool plain_http = false;
  bool manual_time = false;
  bool log_requests = false;
  std::size_t threads = 256;
  std::size_t history = 10000;
  long event_ttl_seconds = 3600;
  std::string minor = "32";
  std::size_t synthetic_pods = 0;
  double churn_per_second = 0;
};

bool split_listen(const std::string& listen, std::string& host, int& port) {
  std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return false;
  }
  host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    return false;
  }
  return port >= 0 && port <= 65535 && !host.empty();
}

bool server_options(const Arguments& arguments, ServerOptions& options) {
  if (!split_listen(arguments.listen, options.host, options.port)) {
    return false;
  }
  options.tls = !arguments.plain_http;
  options.threads = arguments.threads;
  options.log_requests = arguments.log_requests;
  options.handler.version.minor = arguments.minor;
  options.handler.version.git_version = "v1." + arguments.minor + ".4";
  return true;
}

// Signals go to the waiting main thread only: block them before any thread starts.
sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int fail(const kexit::Error& error) {
  std::cerr << "kubesim: " << error.to_string() << "\n";
  return kFailure;
}

void announce(const ApiServer& server, const Arguments& arguments) {
  std::cout << "kubesim: serving " << server.url();
  if (!arguments.kubeconfig_out.empty()) {
    std::cout << " (kubeconfig: " << arguments.kubeconfig_out << ")";
  }
  std::cout << std::endl;
}

int run(const Arguments& arguments) {
  ServerOptions options;
  if (!server_options(arguments, options)) {
    std::cerr << "kubesim: --listen wants HOST:PORT, e.g. 127.0.0.1:0\n";
    return kUsage;
  }
  std::optional<Scenario> scenario;
  if (!arguments.scenario.empty()) {
    auto loaded = load_scenario(arguments.scenario);
    if (!loaded) {
      return fail(loaded.error());
    }
    scenario = std::move(loaded).value();
  }
  sigset_t signals = block_stop_signals();

  ShiftedClock clock;
  ClusterOptions cluster_options;
  cluster_options.history_limit = arguments.history;
  cluster_options.event_ttl = std::chrono::seconds(arguments.event_ttl_seconds);
  Cluster cluster(clock, cluster_options);
  ApiServer server(cluster, options);
  if (auto started = server.start(); !started) {
    return fail(started.error());
  }
  if (!arguments.kubeconfig_out.empty()) {
    auto written =
        write_private_file(arguments.kubeconfig_out, server.kubeconfig(server.admin_token()));
    if (!written) {
      return fail(written.error());
    }
  }
  if (arguments.synthetic_pods > 0) {
    add_synthetic_pods(cluster, arguments.synthetic_pods, "load");
  }
  std::unique_ptr<PodChurn> churn;
  if (arguments.churn_per_second > 0) {
    churn = std::make_unique<PodChurn>(cluster, arguments.synthetic_pods, "load",
                                       arguments.churn_per_second);
  }

  std::unique_ptr<ScenarioPlayer> player;
  std::unique_ptr<RealTimePlayback> playback;
  if (scenario) {
    player = std::make_unique<ScenarioPlayer>(cluster, std::move(*scenario), clock.now());
    server.set_scenario(player.get());
    player->set_time_follower([&clock](TimePoint reached) { clock.ensure_at_least(reached); });
    if (auto begun = player->advance_to(std::chrono::milliseconds(0)); !begun) {
      return fail(begun.error());
    }
    if (!arguments.manual_time) {
      playback = std::make_unique<RealTimePlayback>(*player, clock);
    }
  }
  announce(server, arguments);

  int received = 0;
  sigwait(&signals, &received);
  std::cout << "kubesim: stopping" << std::endl;
  playback.reset();
  churn.reset();
  server.stop();
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments arguments;
  CLI::App app{"kubesim: an in-memory Kubernetes API server for tests and demos"};
  app.add_option("--scenario", arguments.scenario, "Scenario YAML to play (see kubesim/README.md)");
  app.add_option("--kubeconfig-out", arguments.kubeconfig_out,
                 "Write a kubeconfig for kubectl and kexit here");
  app.add_option("--listen", arguments.listen, "HOST:PORT to listen on; port 0 picks one")
      ->capture_default_str();
  app.add_flag("--plain-http", arguments.plain_http, "Serve plain HTTP instead of HTTPS");
  app.add_flag("--manual-time", arguments.manual_time,
               "Do not follow the wall clock; step the scenario with "
               "POST /kubesim/v1/scenario/advance");
  app.add_flag("--log-requests", arguments.log_requests, "Print each request to stderr");
  app.add_option("--threads", arguments.threads,
                 "Server threads: bounds open watches + requests + idle connections")
      ->capture_default_str();
  app.add_option("--history", arguments.history, "Changes kept for watches before 410 Expired")
      ->capture_default_str();
  app.add_option("--event-ttl", arguments.event_ttl_seconds,
                 "Seconds an Event lives after its last write (0: forever), as --event-ttl")
      ->capture_default_str();
  app.add_option("--synthetic-pods", arguments.synthetic_pods,
                 "Also serve this many running pods (namespace load) for benchmarks");
  app.add_option("--churn-per-second", arguments.churn_per_second,
                 "Crash or restart that many synthetic pods a second (a steady watch stream)");
  app.add_option("--kubernetes-minor", arguments.minor,
                 "Minor version /version reports (picks the kubectl a dispatcher runs)")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? kOk : kUsage;
  }
  try {
    return run(arguments);
  } catch (const std::exception& error) {
    std::cerr << "kubesim: internal error: " << error.what() << "\n";
    return kFailure;
  }
}
