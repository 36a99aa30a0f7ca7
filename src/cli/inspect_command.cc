#include "cli/inspect_command.h"

#include <unistd.h>

#include <iostream>
#include <optional>

#include "base/text.h"
#include "cli/cluster_selection.h"
#include "cli/command_support.h"
#include "cli/duration_parsing.h"
#include "cli/inspection_save.h"
#include "cli/offline_collection.h"
#include "diagnose/collected_pod_diagnosis.h"
#include "kube/clock.h"
#include "report/failed_job_report.h"
#include "report/report_document.h"
#include "report/text_report.h"

namespace kexit::cli {
namespace {

struct InspectOptions {
  std::string target;
  // --file, repeatable: pods, Events, describe text.
  std::vector<std::string> files;
  std::vector<std::string> logs;
  std::string output = "text";
  std::vector<std::string> knowledge_directories;
  bool no_color = false;
  bool include_completed = false;
  std::size_t max_log_bytes = 2 * 1024 * 1024;
  // Cluster mode.
  ClusterSelection cluster;
  std::string since;
  int concurrency = 8;
  // --save DIR: keep what the diagnosis read, for `--file DIR` later.
  std::string save;
};

const std::vector<std::string>& workload_kinds() {
  static const std::vector<std::string> kKinds = {
      "pod", "deployment", "job", "statefulset", "daemonset", "replicaset", "cronjob"};
  return kKinds;
}

// "pod/x", "pods/x", "deploy/x", "x" (a pod, as in kubectl logs).
Expected<std::pair<std::string, std::string>> parse_target(const std::string& text) {
  std::size_t slash = text.find('/');
  if (slash == std::string::npos) {
    return std::pair{std::string("pod"), text};
  }
  std::string kind = to_lower(text.substr(0, slash));
  std::string name = text.substr(slash + 1);
  static const std::vector<std::pair<std::string, std::string>> kAliases = {
      {"po", "pod"},
      {"pods", "pod"},
      {"deploy", "deployment"},
      {"deployments", "deployment"},
      {"jobs", "job"},
      {"sts", "statefulset"},
      {"statefulsets", "statefulset"},
      {"ds", "daemonset"},
      {"daemonsets", "daemonset"},
      {"rs", "replicaset"},
      {"replicasets", "replicaset"},
      {"cj", "cronjob"},
      {"cronjobs", "cronjob"}};
  for (const auto& [alias, canonical] : kAliases) {
    if (kind == alias) {
      kind = canonical;
    }
  }
  const auto& kinds = workload_kinds();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end() || name.empty()) {
    return Error{"cannot inspect \"" + text +
                     "\"; use pod/NAME, deployment/NAME, job/NAME, "
                     "statefulset/NAME, daemonset/NAME, replicaset/NAME or cronjob/NAME",
                 ""};
  }
  return std::pair{kind, name};
}

int render(const std::vector<diagnose::ContainerDiagnosis>& results,
           const std::vector<kube::FailedJob>& failed_jobs, OutputFormat format, bool no_color,
           std::size_t pods_seen) {
  switch (format) {
    case OutputFormat::kJson:
      std::cout << report::render_json(results, failed_jobs);
      break;
    case OutputFormat::kYaml:
      std::cout << report::render_yaml(results, failed_jobs);
      break;
    case OutputFormat::kText:
      std::cout << report::render_failed_jobs_text(failed_jobs);
      if (results.empty() && !failed_jobs.empty()) {
        break;
      }
      if (results.empty()) {
        std::cout << "no terminated container found in " << pods_seen
                  << (pods_seen == 1 ? " pod" : " pods")
                  << " (containers that completed with exit code 0 and were not restarted are "
                     "left out unless --include-completed)\n";
      } else {
        std::cout << report::render_text(results, text_style(no_color));
      }
      break;
  }
  if (results.empty() && failed_jobs.empty() && format != OutputFormat::kText) {
    std::cerr << "kexit: no terminated container found in " << pods_seen
              << (pods_seen == 1 ? " pod" : " pods") << "\n";
  }
  return to_int(ExitStatus::kOk);
}

// The combinations of flags inspect refuses; nothing when they fit together.
std::optional<Error> usage_error(const InspectOptions& options) {
  const bool offline = !options.files.empty();
  const bool cluster = !options.target.empty() || options.cluster.all_namespaces ||
                       !options.cluster.selector.empty();
  if (offline == cluster) {
    return Error{offline ? "--file cannot be combined with a cluster target, -l or -A"
                         : "nothing to inspect; give pod/NAME (or deployment/NAME, -l, -A) "
                           "or --file POD.json",
                 ""};
  }
  if (offline && !options.save.empty()) {
    return Error{"--save keeps a cluster inspection; the files given are already saved", "--save"};
  }
  if (!offline && !options.logs.empty()) {
    return Error{"--logs goes with --file; against a cluster kexit fetches the logs", ""};
  }
  return std::nullopt;
}

// What to read from the cluster; an error is a usage error (a bad target or --since).
Expected<kube::ClusterTarget> cluster_target(const InspectOptions& options) {
  kube::ClusterTarget target;
  if (!options.target.empty()) {
    KEXIT_ASSIGN(parsed, parse_target(options.target));
    target.resource = parsed.first;
    target.name = parsed.second;
  }
  target.label_selector = options.cluster.selector;
  target.all_namespaces = options.cluster.all_namespaces;
  target.namespace_name = options.cluster.namespace_name;
  target.kubeconfig = options.cluster.kubeconfig;
  target.context = options.cluster.context;
  target.max_log_bytes = options.max_log_bytes;
  target.concurrency = options.concurrency;
  if (!options.since.empty()) {
    auto since = parse_duration(options.since);
    if (!since) {
      return Error{since.error().message, "--since"};
    }
    target.since = *since;
  }
  return target;
}

// "examined 3/40 pods" on a terminal; nothing when stderr is a file or a pipe.
kube::ProgressCallback progress_on_terminal() {
  if (!isatty(STDERR_FILENO)) {
    return {};
  }
  return [](std::size_t done, std::size_t total) {
    std::cerr << "\rkexit: examined " << done << "/" << total << " pods" << std::flush;
    if (done == total) {
      std::cerr << "\r\x1b[K" << std::flush;
    }
  };
}

int run_inspect(const InspectOptions& options) {
  OutputFormat format;
  if (!parse_output_format(options.output, format)) {
    print_error(
        Error{"unknown output format \"" + options.output + "\"; use text, json or yaml", "-o"});
    return to_int(ExitStatus::kUsage);
  }
  if (auto error = usage_error(options)) {
    print_error(*error);
    return to_int(ExitStatus::kUsage);
  }
  const bool offline = !options.files.empty();
  auto knowledge = load_knowledge_or_report(options.knowledge_directories);
  if (!knowledge) {
    return to_int(ExitStatus::kKnowledgeError);
  }
  diagnose::EngineOptions engine_options;
  engine_options.max_log_bytes = options.max_log_bytes;
  diagnose::DiagnosisEngine engine(knowledge, engine_options);

  std::vector<kube::CollectedPod> pods;
  std::vector<kube::FailedJob> failed_jobs;
  std::size_t pods_read = 0;
  if (offline) {
    std::vector<LogFileSpec> specs;
    for (const auto& text : options.logs) {
      specs.push_back(parse_log_file_spec(text));
    }
    auto collected = collect_from_files(options.files, specs, options.max_log_bytes);
    if (!collected) {
      print_error(collected.error());
      return to_int(ExitStatus::kInputError);
    }
    pods_read = collected->pods_read;
    pods = std::move(collected->pods);
  } else {
    auto target = cluster_target(options);
    if (!target) {
      print_error(target.error());
      return to_int(ExitStatus::kUsage);
    }
    auto collected = kube::collect_from_cluster(*target, progress_on_terminal());
    if (!collected) {
      print_error(collected.error());
      return to_int(ExitStatus::kClusterError);
    }
    pods = std::move(collected->pods);
    failed_jobs = std::move(collected->jobs_without_pods);
    if (!options.save.empty()) {
      auto saved = save_inspection(options.save, pods, engine.knowledge().redactor(),
                                   kube::system_clock().now());
      if (!saved) {
        print_error(saved.error());
        return to_int(ExitStatus::kInputError);
      }
    }
    pods_read = pods.size();
  }
  auto results =
      diagnose::diagnose_collected(engine, pods,
                                   options.include_completed ? diagnose::IncludeCompleted::kYes
                                                             : diagnose::IncludeCompleted::kNo);
  return render(results, failed_jobs, format, options.no_color, pods_read);
}

}  // namespace

void add_inspect_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<InspectOptions>();
  CLI::App* command = app.add_subcommand(
      "inspect", "Diagnose why containers exited: from a pod file, or from the cluster");
  command->add_option("target", options->target,
                      "pod/NAME, deployment/NAME, job/NAME, statefulset/NAME, daemonset/NAME, "
                      "replicaset/NAME or cronjob/NAME");
  command->add_option("-f,--file", options->files,
                      "Pods and their Events as kubectl get pod,events -o json|yaml prints them, "
                      "or the text of kubectl describe pod (repeatable); - for stdin");
  command->add_option("--logs", options->logs,
                      "CONTAINER=FILE: the log of the terminated instance (repeatable); FILE "
                      "alone for the only terminated container");
  command->add_option("--save", options->save,
                      "Also write what the diagnosis read (pods, Events, redacted log tails) to "
                      "this directory, for --file DIR later");
  command->add_option("-o,--output", options->output, "text, json or yaml")->capture_default_str();
  command->add_option("--knowledge", options->knowledge_directories,
                      "Directory of extra knowledge *.yaml (repeatable); same id overrides");
  command->add_flag("--no-color", options->no_color, "No colour even on a terminal");
  command->add_flag("--include-completed", options->include_completed,
                    "Also diagnose plain completions (exit 0, not restarted)");
  command
      ->add_option("--max-log-bytes", options->max_log_bytes,
                   "Scan at most this much of the end of each log")
      ->capture_default_str();
  add_cluster_selection_flags(*command, options->cluster);
  command->add_option("--since", options->since,
                      "Skip terminations older than this (90s, 15m, 2h, 7d)");
  command
      ->add_option("--concurrency", options->concurrency,
                   "Pods examined at once against the cluster")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  command->callback([options, &exit_status] { exit_status = run_inspect(*options); });
}

}  // namespace kexit::cli
