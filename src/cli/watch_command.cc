#include "cli/watch_command.h"

#include <atomic>
#include <iostream>
#include <memory>
#include <thread>

#include "agent/agent_metrics.h"
#include "agent/json_logger.h"
#include "agent/kube_agent_api.h"
#include "agent/metrics_registry.h"
#include "agent/pod_watcher.h"
#include "agent/termination_diagnoser.h"
#include "cli/cluster_selection.h"
#include "cli/command_support.h"
#include "cli/stop_on_signal.h"
#include "kube/api_client.h"
#include "kube/api_time.h"
#include "kube/config_loader.h"
#include "report/report_document.h"
#include "report/termination_line.h"

namespace kexit::cli {
namespace {

struct WatchOptions {
  ClusterSelection cluster;
  std::string output = "text";
  bool details = false;
  bool existing = false;
  ColorFlags color;
  std::vector<std::string> knowledge_directories;
  std::size_t max_log_bytes = kDefaultMaxLogBytes;
};

// What a new termination becomes on stdout: a line, the full report, or a JSON document.
class TerminationPrinter {
 public:
  TerminationPrinter(const WatchOptions& options, OutputFormat format)
      : options_(options), format_(format) {}

  void print(const diagnose::ContainerDiagnosis& diagnosis, kube::TimePoint now) const {
    if (format_ == OutputFormat::kJson) {
      std::cout << report::render_json_line({diagnosis});
    } else if (options_.details) {
      std::cout << report::render_text({diagnosis}, text_style(options_.color));
    } else {
      std::cout << report::termination_line(diagnosis, kube::format_api_time(now)) << "\n";
    }
    // A pipe would hold the line back until its buffer fills: a watch is read as it happens.
    std::cout << std::flush;
  }

 private:
  const WatchOptions& options_;
  OutputFormat format_;
};

std::string scope_words(const WatchOptions& options, const kube::ClientConfig& config) {
  std::string where =
      options.cluster.all_namespaces ? "all namespaces" : "namespace " + config.namespace_name;
  if (!options.cluster.selector.empty()) {
    where += " (" + options.cluster.selector + ")";
  }
  return where;
}

// Runs the watcher until `stop` (or until its first list fails); the watch and list in progress
// are cancelled on the way out.
Status follow(agent::PodWatcher& watcher, agent::AgentApi& api, const agent::StopSignal& stop,
              const std::string& where) {
  std::atomic<bool> finished{false};
  Status ran = ok_status();
  std::thread thread([&] {
    ran = watcher.run(stop, [&where] {
      std::cerr << "kexit: watching " << where << " for new terminations (Ctrl-C to stop)\n"
                << std::flush;
    });
    finished.store(true);
  });
  while (!finished.load() && stop.sleep(kube::system_clock(), std::chrono::milliseconds(100))) {
  }
  // A watch may start just after a cancel: keep cancelling until the watcher is gone.
  while (!finished.load()) {
    api.cancel_watches();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  thread.join();
  return ran;
}

int run_watch(const WatchOptions& options) {
  OutputFormat format;
  if (!parse_output_format(options.output, format) || format == OutputFormat::kYaml) {
    print_error(Error{"unknown output format \"" + options.output + "\" for watch; use " +
                          alternatives(output_formats_of("watch")) + " (one document per line)",
                      "-o"});
    return to_int(ExitStatus::kUsage);
  }
  bool fixed_now = false;
  auto started = now_from_environment(fixed_now);
  if (!started) {
    print_error(started.error());
    return to_int(ExitStatus::kUsage);
  }
  auto knowledge = load_knowledge_or_report(options.knowledge_directories);
  if (!knowledge) {
    return to_int(ExitStatus::kKnowledgeError);
  }
  diagnose::EngineOptions engine_options;
  engine_options.max_log_bytes = options.max_log_bytes;
  const diagnose::DiagnosisEngine engine(knowledge, engine_options);
  auto overrides = client_overrides(options.cluster);
  if (!overrides) {
    print_error(overrides.error());
    return to_int(ExitStatus::kUsage);
  }
  auto config = kube::load_client_config({options.cluster.kubeconfig, options.cluster.context,
                                          options.cluster.namespace_name, *overrides},
                                         kube::ConfigEnvironment::from_process());
  if (!config) {
    print_error(config.error());
    return to_int(ExitStatus::kClusterError);
  }
  kube::TransportOptions transport;
  kube::apply_overrides(*overrides, transport);
  kube::ApiClient client(*config, transport);
  agent::KubeAgentApi api(client);
  // The watcher counts and logs as in the agent; here only its warnings (a failed watch or list,
  // retried) are shown, on stderr, and the metrics are not served.
  agent::MetricsRegistry registry;
  agent::AgentMetrics metrics(registry);
  agent::JsonLogger log(std::cerr, kube::system_clock(), agent::LogLevel::kWarning);
  agent::WatcherOptions watcher_options;
  watcher_options.first_list_failure = agent::FirstListFailure::kStop;
  watcher_options.existing = options.existing ? agent::ExistingTerminations::kHandOn
                                              : agent::ExistingTerminations::kRecordOnly;
  auto scopes = agent::watch_scopes(options.cluster.all_namespaces
                                        ? std::vector<std::string>{}
                                        : std::vector<std::string>{config->namespace_name},
                                    options.cluster.selector, {});
  TerminationPrinter printer(options, format);
  agent::EvidencePlan plan;
  plan.max_log_bytes = options.max_log_bytes;
  agent::PodWatcher watcher(api, scopes.front(), watcher_options, kube::system_clock(), metrics,
                            log, [&](agent::TerminationWork&& work) {
                              auto now = fixed_now ? *started : kube::system_clock().now();
                              printer.print(
                                  agent::diagnose_termination(engine, api, work, now, plan), now);
                            });
  agent::StopSignal stop;
  stop_on_signal(&stop);
  auto followed = follow(watcher, api, stop, scope_words(options, *config));
  stop_on_signal(nullptr);
  if (!followed) {
    return cluster_failure_status(followed.error(), options.cluster);
  }
  return to_int(ExitStatus::kOk);
}

}  // namespace

void add_watch_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<WatchOptions>();
  CLI::App* command = app.add_subcommand(
      "watch",
      "Follow the cluster and print each new container termination's diagnosis as it happens");
  add_cluster_selection_flags(*command, options->cluster);
  command->add_option("-o,--output", options->output, "text, or json: one document per line")
      ->capture_default_str();
  command->add_flag("--details", options->details,
                    "The full report of each termination instead of one line");
  command->add_flag("--existing,--all", options->existing,
                    "Also print the terminations already there when the watch starts");
  add_knowledge_option(*command, options->knowledge_directories);
  add_color_flags(*command, options->color);
  command
      ->add_option("--max-log-bytes", options->max_log_bytes,
                   "Read at most this much of the end of each log")
      ->capture_default_str();
  command->callback([options, &exit_status] { exit_status = run_watch(*options); });
}

}  // namespace kexit::cli
