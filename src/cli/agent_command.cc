#include "cli/agent_command.h"

#include <unistd.h>

#include <iostream>
#include <memory>

#include "agent/agent.h"
#include "agent/api_request_observer.h"
#include "agent/json_logger.h"
#include "agent/kube_agent_api.h"
#include "agent/web_server.h"
#include "base/text.h"
#include "cli/command_support.h"
#include "cli/duration_parsing.h"
#include "cli/stop_on_signal.h"
#include "kube/api_client.h"
#include "kube/config_loader.h"

namespace kexit::cli {
namespace {

struct AgentFlags {
  std::string kubeconfig;
  std::string context;
  std::vector<std::string> namespaces;
  std::vector<std::string> exclude_namespaces;
  std::string selector;
  std::string since = "1h";
  bool include_exit_zero = false;
  std::string quiet_window = "30m";
  std::size_t workers = 4;
  std::size_t queue_size = 256;
  double event_qps = 1;
  double event_burst = 20;
  std::size_t max_log_bytes = 256 * 1024;
  bool annotate_pods = false;
  bool event_log_tail = false;
  std::vector<std::string> knowledge_directories;
  std::string knowledge_poll_interval = "30s";
  std::string listen = "0.0.0.0:8080";
  bool web = false;
  std::string web_listen = "127.0.0.1:8081";
  std::string pod_name;
  std::string pod_namespace;
  bool leader_elect = true;
  std::string lease_name = "kexit-agent";
  std::string lease_duration = "15s";
  std::string renew_deadline = "10s";
  std::string retry_period = "2s";
  std::string shutdown_timeout = "10s";
  std::string log_level = "info";
};

Expected<std::chrono::milliseconds> duration_flag(const std::string& flag,
                                                  const std::string& text) {
  auto parsed = parse_duration(text);
  if (!parsed.ok()) {
    return Error{parsed.error().message, flag};
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(*parsed);
}

// HOST:PORT (":PORT" is every address) into host and port.
Status parse_listen(const char* flag, const char* expected, const std::string& text,
                    std::string& host, int& port) {
  auto colon = text.rfind(':');
  long long number = 0;
  if (colon == std::string::npos || !parse_int(text.substr(colon + 1), number) || number < 0 ||
      number > 65535) {
    return Error{std::string("expected ") + expected + ", got \"" + text + "\"", flag};
  }
  host = colon == 0 ? "0.0.0.0" : text.substr(0, colon);
  port = static_cast<int>(number);
  return ok_status();
}

// --web and --web-listen. Beyond loopback the page would need a bearer token checked with
// TokenReview and SubjectAccessReview, which is not built yet: refused rather than served open.
Status web_options(const AgentFlags& flags, agent::AgentOptions& options) {
  if (!flags.web) {
    return ok_status();
  }
  KEXIT_CHECK(parse_listen("--web-listen", "HOST:PORT (\"127.0.0.1:8081\")", flags.web_listen,
                           options.web_host, options.web_port));
  if (!agent::is_loopback_host(options.web_host)) {
    return Error{"the web page is served on loopback only (127.0.0.1, ::1), got \"" +
                     options.web_host +
                     "\"; reach it with kubectl port-forward (token checks for other addresses "
                     "are not built yet)",
                 "--web-listen"};
  }
  return ok_status();
}

Expected<agent::AgentOptions> to_options(const AgentFlags& flags,
                                         const std::string& namespace_name) {
  agent::AgentOptions options;
  options.namespaces = flags.namespaces;
  options.exclude_namespaces = flags.exclude_namespaces;
  options.label_selector = flags.selector;
  if (flags.since == "0" || flags.since.empty()) {
    options.since.reset();
  } else {
    KEXIT_ASSIGN(since, duration_flag("--since", flags.since));
    options.since = std::chrono::duration_cast<std::chrono::seconds>(since);
  }
  options.include_exit_zero = flags.include_exit_zero;
  KEXIT_ASSIGN(quiet, duration_flag("--quiet-window", flags.quiet_window));
  options.quiet_window = std::chrono::duration_cast<std::chrono::seconds>(quiet);
  options.workers = flags.workers;
  options.queue_capacity = flags.queue_size;
  options.event_rate_limit = {flags.event_qps, flags.event_burst};
  options.max_log_bytes = flags.max_log_bytes;
  options.annotate_pods = flags.annotate_pods;
  options.event_log_tail = flags.event_log_tail;
  options.knowledge_directories = flags.knowledge_directories;
  KEXIT_ASSIGN(poll, duration_flag("--knowledge-poll-interval", flags.knowledge_poll_interval));
  options.knowledge_poll_interval = poll;
  if (flags.listen.empty() || flags.listen == "off") {
    options.listen_port = -1;
  } else {
    KEXIT_CHECK(parse_listen("--listen", "HOST:PORT (\"0.0.0.0:8080\") or \"off\"", flags.listen,
                             options.listen_host, options.listen_port));
  }
  KEXIT_CHECK(web_options(flags, options));
  options.pod_name = flags.pod_name;
  if (options.pod_name.empty()) {
    char host[256] = {};
    options.pod_name = gethostname(host, sizeof host - 1) == 0 ? host : "kexit-agent";
  }
  options.pod_namespace = flags.pod_namespace.empty() ? namespace_name : flags.pod_namespace;
  options.leader_elect = flags.leader_elect;
  options.lease_name = flags.lease_name;
  options.election.identity = options.pod_name;
  KEXIT_ASSIGN(lease_duration, duration_flag("--lease-duration", flags.lease_duration));
  KEXIT_ASSIGN(renew_deadline, duration_flag("--renew-deadline", flags.renew_deadline));
  KEXIT_ASSIGN(retry_period, duration_flag("--retry-period", flags.retry_period));
  options.election.lease_duration = lease_duration;
  options.election.renew_deadline = renew_deadline;
  options.election.retry_period = retry_period;
  KEXIT_ASSIGN(shutdown_timeout, duration_flag("--shutdown-timeout", flags.shutdown_timeout));
  options.shutdown_timeout = shutdown_timeout;
  if (options.leader_elect) {
    KEXIT_CHECK(agent::validate(options.election));
  }
  return options;
}

// One attempt per Lease call, connecting and reading for at most a third of the renew deadline
// each (at least 1 s), so a stuck call ends in time for the retries the elector makes itself.
kube::TransportOptions lease_transport_options(const agent::LeaderElectionConfig& election) {
  kube::TransportOptions options;
  options.retry.max_attempts = 1;
  auto third = std::chrono::duration_cast<std::chrono::seconds>(election.renew_deadline / 3);
  auto bound = std::max(third, std::chrono::seconds(1));
  options.connect_timeout = bound;
  options.read_timeout = bound;
  options.write_timeout = bound;
  return options;
}

int run_agent(const AgentFlags& flags) {
  agent::LogLevel level = agent::LogLevel::kInfo;
  if (!agent::parse_log_level(flags.log_level, level)) {
    print_error(Error{"expected debug, info, warning or error", "--log-level"});
    return to_int(ExitStatus::kUsage);
  }
  agent::JsonLogger log(std::cerr, kube::system_clock(), level);
  auto config = kube::load_client_config({flags.kubeconfig, flags.context, "", {}},
                                         kube::ConfigEnvironment::from_process());
  if (!config.ok()) {
    log.error("cannot configure the Kubernetes client", {{"error", config.error().to_string()}});
    return to_int(ExitStatus::kClusterError);
  }
  if (config->tls.insecure) {
    // An unattended process would send its token to whoever answers, with no one to read the
    // warning the CLI prints.
    log.error("cannot configure the Kubernetes client",
              {{"error", "the agent refuses insecure-skip-tls-verify (" + config->describe() +
                             "); give the cluster's certificate-authority in the kubeconfig, or "
                             "run in the cluster with the service account's CA"}});
    return to_int(ExitStatus::kClusterError);
  }
  auto options = to_options(flags, config->namespace_name);
  if (!options.ok()) {
    print_error(options.error());
    return to_int(ExitStatus::kUsage);
  }
  log.info("kexit agent starting", {{"version", KEXIT_VERSION},
                                    {"server", config->describe()},
                                    {"identity", options->pod_name},
                                    {"leader_elect", options->leader_elect}});
  kube::ApiClient client(*config);
  agent::KubeAgentApi api(client);
  // Lease calls get their own client: one attempt each, bounded well inside the renew deadline,
  // since the elector can only judge that deadline between calls. With the shared client's
  // retries and 30 s timeouts one renewal could outlast the Lease while followers take over.
  kube::ApiClient lease_client(*config, lease_transport_options(options->election));
  agent::KubeLeaseStore lease(lease_client, options->pod_namespace, options->lease_name);
  agent::Agent agent(*options, api, &lease, kube::system_clock(), log);
  // Every attempt of both clients counted, and each failed one logged once with its cause.
  client.observe_attempts(agent::api_request_observer(agent.metrics(), log));
  lease_client.observe_attempts(agent::api_request_observer(agent.metrics(), log));
  auto port = agent.start();
  if (!port.ok()) {
    log.error("cannot start", {{"error", port.error().to_string()}});
    return to_int(ExitStatus::kKnowledgeError);
  }
  if (*port > 0) {
    log.info("serving /healthz, /readyz and /metrics",
             {{"address", options->listen_host + ":" + std::to_string(*port)}});
  }
  if (agent.web_port() > 0) {
    log.info("serving the web page",
             {{"address", options->web_host + ":" + std::to_string(agent.web_port())}});
  }
  // SIGTERM and SIGINT ask the agent to finish: in-flight work completes, the Lease is released.
  agent::StopSignal stop;
  stop_on_signal(&stop);
  agent.run(stop);
  stop_on_signal(nullptr);
  return to_int(ExitStatus::kOk);
}

// Which cluster, and which terminations in it.
void add_scope_flags(CLI::App* command, AgentFlags& flags) {
  command->add_option("--kubeconfig", flags.kubeconfig, "kubeconfig file (default: in-cluster)")
      ->envname("KUBECONFIG");
  command->add_option("--context", flags.context, "kubeconfig context");
  command
      ->add_option("-n,--namespace", flags.namespaces,
                   "watch only this namespace (repeatable; default: all namespaces)")
      ->envname("KEXIT_NAMESPACES")
      ->delimiter(',');
  command
      ->add_option("--exclude-namespace", flags.exclude_namespaces,
                   "ignore pods in this namespace (repeatable)")
      ->envname("KEXIT_EXCLUDE_NAMESPACES")
      ->delimiter(',');
  command->add_option("-l,--selector", flags.selector, "only pods matching this label selector")
      ->envname("KEXIT_SELECTOR");
  command
      ->add_option("--since", flags.since,
                   "skip terminations that finished longer ago (0: no limit)")
      ->capture_default_str()
      ->envname("KEXIT_SINCE");
  command
      ->add_flag("--include-exit-zero", flags.include_exit_zero,
                 "also report plain completions (exit 0, not restarted)")
      ->envname("KEXIT_INCLUDE_EXIT_ZERO");
}

// How terminations become Events: series, workers, rates, logs, knowledge.
void add_reporting_flags(CLI::App* command, AgentFlags& flags) {
  command
      ->add_option("--quiet-window", flags.quiet_window,
                   "a series quiet this long starts a fresh Event (a new alert)")
      ->capture_default_str()
      ->envname("KEXIT_QUIET_WINDOW");
  command->add_option("--workers", flags.workers, "diagnosis workers")
      ->capture_default_str()
      ->envname("KEXIT_WORKERS");
  command->add_option("--queue-size", flags.queue_size, "terminations queued at most")
      ->capture_default_str()
      ->envname("KEXIT_QUEUE_SIZE");
  command->add_option("--event-qps", flags.event_qps, "Events per second per namespace")
      ->capture_default_str()
      ->envname("KEXIT_EVENT_QPS");
  command->add_option("--event-burst", flags.event_burst, "Event burst per namespace")
      ->capture_default_str()
      ->envname("KEXIT_EVENT_BURST");
  command->add_option("--max-log-bytes", flags.max_log_bytes, "log tail fetched per termination")
      ->capture_default_str()
      ->envname("KEXIT_MAX_LOG_BYTES");
  command
      ->add_flag("--annotate-pods", flags.annotate_pods,
                 "also write the kexit.io/last-diagnosis annotation on pods")
      ->envname("KEXIT_ANNOTATE_PODS");
  command
      ->add_flag("--event-log-tail", flags.event_log_tail,
                 "when no rule used a log line, put the log's last lines (redacted) in the Event")
      ->envname("KEXIT_EVENT_LOG_TAIL");
  command
      ->add_option("--knowledge", flags.knowledge_directories,
                   "extra knowledge directory, reloaded when it changes (repeatable)")
      ->envname("KEXIT_KNOWLEDGE_DIRS")
      ->delimiter(',');
  command
      ->add_option("--knowledge-poll-interval", flags.knowledge_poll_interval,
                   "how often extra knowledge is checked for changes")
      ->capture_default_str()
      ->envname("KEXIT_KNOWLEDGE_POLL_INTERVAL");
}

// The agent as a service: endpoints, identity, leader election, shutdown, logging.
void add_service_flags(CLI::App* command, AgentFlags& flags) {
  command
      ->add_option("--listen", flags.listen,
                   "HOST:PORT for /healthz, /readyz and /metrics, or \"off\"")
      ->capture_default_str()
      ->envname("KEXIT_LISTEN");
  command
      ->add_flag("--web", flags.web,
                 "serve a read-only page of the recent terminations on --web-listen")
      ->envname("KEXIT_WEB");
  command
      ->add_option("--web-listen", flags.web_listen,
                   "HOST:PORT of the web page (loopback only; reach it with kubectl "
                   "port-forward), never the metrics port")
      ->capture_default_str()
      ->envname("KEXIT_WEB_LISTEN");
  command
      ->add_option("--pod-name", flags.pod_name,
                   "this agent's pod name: Event reportingInstance and Lease identity "
                   "(default: hostname)")
      ->envname("POD_NAME");
  command
      ->add_option("--pod-namespace", flags.pod_namespace,
                   "namespace of the leader-election Lease (default: the agent's namespace)")
      ->envname("POD_NAMESPACE");
  command
      ->add_option("--leader-elect", flags.leader_elect,
                   "elect one leader among replicas on a Lease (true/false)")
      ->capture_default_str()
      ->envname("KEXIT_LEADER_ELECT");
  command->add_option("--lease-name", flags.lease_name, "leader-election Lease name")
      ->capture_default_str()
      ->envname("KEXIT_LEASE_NAME");
  command
      ->add_option("--lease-duration", flags.lease_duration,
                   "how long a Lease is valid without renewal")
      ->capture_default_str()
      ->envname("KEXIT_LEASE_DURATION");
  command
      ->add_option("--renew-deadline", flags.renew_deadline,
                   "the leader steps down when it cannot renew for this long")
      ->capture_default_str()
      ->envname("KEXIT_RENEW_DEADLINE");
  command
      ->add_option("--retry-period", flags.retry_period,
                   "how often candidates try and the leader renews")
      ->capture_default_str()
      ->envname("KEXIT_RETRY_PERIOD");
  command
      ->add_option("--shutdown-timeout", flags.shutdown_timeout,
                   "on SIGTERM, how long queued terminations may still be reported (at most "
                   "--renew-deadline with leader election; keep it under the pod's grace period)")
      ->capture_default_str()
      ->envname("KEXIT_SHUTDOWN_TIMEOUT");
  command->add_option("--log-level", flags.log_level, "debug, info, warning or error")
      ->capture_default_str()
      ->envname("KEXIT_LOG_LEVEL");
}

}  // namespace

void add_agent_command(CLI::App& app, int& exit_status) {
  auto flags = std::make_shared<AgentFlags>();
  CLI::App* command = app.add_subcommand(
      "agent", "Watch the cluster and write one annotated Event per new container termination");
  add_scope_flags(command, *flags);
  add_reporting_flags(command, *flags);
  add_service_flags(command, *flags);
  command->callback([flags, &exit_status] { exit_status = run_agent(*flags); });
}

}  // namespace kexit::cli
