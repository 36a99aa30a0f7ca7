#include "cli/inspect_command.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <set>
#include <thread>

#include "base/text.h"
#include "cli/cluster_selection.h"
#include "cli/command_support.h"
#include "cli/duration_parsing.h"
#include "cli/inspection_save.h"
#include "cli/offline_collection.h"
#include "cli/target_parsing.h"
#include "diagnose/collected_pod_diagnosis.h"
#include "kube/api_failure.h"
#include "kube/api_time.h"
#include "kube/clock.h"
#include "report/failed_job_report.h"
#include "report/report_document.h"
#include "report/summary_table.h"
#include "report/text_report.h"
#include "report/workload_changes_report.h"

namespace kexit::cli {
namespace {

struct InspectOptions {
  // pod/NAME, deployment.apps/NAME, ...: one or several.
  std::vector<std::string> targets;
  // --file, repeatable: pods, Events, describe text.
  std::vector<std::string> files;
  std::vector<std::string> logs;
  std::string output = "text";
  std::vector<std::string> knowledge_directories;
  ColorFlags color;
  bool include_completed = false;
  std::size_t max_log_bytes = kDefaultMaxLogBytes;
  // Cluster mode.
  ClusterSelection cluster;
  std::string since;
  int concurrency = 8;
  // --save DIR: keep what the diagnosis read, for `--file DIR` later.
  std::string save;
  // -c: only this container's terminations.
  std::string container;
  // The summary table (report/summary_table.h) and what it shows.
  bool details = false;
  bool no_headers = false;
  std::string sort_by = "age";
  std::string cause;
  // --exit-code: "terminations found" is ExitStatus::kTerminationsFound.
  bool exit_code = false;
};

// What the options resolve to before anything is read: how to print and what to keep.
struct InspectPlan {
  OutputFormat format = OutputFormat::kText;
  report::SummaryOptions summary;
  // The time ages and --since are measured from: KEXIT_NOW when set, else the clock's.
  kube::TimePoint now;
  bool fixed_now = false;
};

// What an inspection found, before it is printed.
struct Findings {
  std::vector<diagnose::ContainerDiagnosis> results;
  std::vector<kube::FailedJob> failed_jobs;
  // What changed before each deployment/ target's pods crashed.
  std::vector<kube::WorkloadChanges> changes;
  std::size_t pods_read = 0;
};

// Several containers get the summary table, one pod its full report; --details always the
// full reports, -o wide always the table.
bool shows_summary(const InspectOptions& options, const InspectPlan& plan, std::size_t pods_read) {
  if (options.details) {
    return false;
  }
  if (plan.summary.wide) {
    return true;
  }
  if (!options.files.empty()) {
    return pods_read > 1;
  }
  if (options.cluster.all_namespaces || !options.cluster.selector.empty() ||
      options.targets.size() > 1) {
    return true;
  }
  auto target = parse_target(options.targets.front());
  return target && target->kind != "pod";
}

void render_text_findings(const Findings& findings, const InspectOptions& options,
                          const InspectPlan& plan) {
  std::cout << report::render_failed_jobs_text(findings.failed_jobs);
  if (findings.results.empty() && !findings.failed_jobs.empty()) {
    return;
  }
  const std::string asked = (options.cause.empty() ? "" : " with cause " + options.cause) +
                            (options.container.empty() ? "" : " of container " + options.container);
  if (findings.results.empty() && !asked.empty()) {
    std::cout << "no termination" << asked << " found in " << findings.pods_read
              << (findings.pods_read == 1 ? " pod" : " pods") << "\n";
  } else if (findings.results.empty()) {
    std::cout << "no terminated container found in " << findings.pods_read
              << (findings.pods_read == 1 ? " pod" : " pods")
              << " (containers that completed with exit code 0 and were not restarted are "
                 "left out unless --include-completed)\n";
  } else if (shows_summary(options, plan, findings.pods_read)) {
    std::cout << report::render_summary_table(findings.results, plan.summary, plan.now);
  } else {
    report::TextStyle style = text_style(options.color);
    style.seen_in = options.details ? report::SeenIn::kShow : report::SeenIn::kHide;
    std::cout << report::render_text(findings.results, style);
  }
  // --no-headers is the rows alone, for scripts.
  if (!findings.results.empty() && !options.no_headers) {
    std::cout << report::render_workload_changes_text(findings.changes);
  }
}

// Prints the findings; the exit status: kTerminationsFound with --exit-code when there were any.
int render(const Findings& findings, const InspectOptions& options, const InspectPlan& plan) {
  switch (plan.format) {
    case OutputFormat::kJson:
      std::cout << report::render_json(findings.results, findings.failed_jobs, findings.changes);
      break;
    case OutputFormat::kYaml:
      std::cout << report::render_yaml(findings.results, findings.failed_jobs, findings.changes);
      break;
    case OutputFormat::kText:
      render_text_findings(findings, options, plan);
      break;
  }
  const bool found = !findings.results.empty() || !findings.failed_jobs.empty();
  if (!found && plan.format != OutputFormat::kText) {
    std::cerr << "kexit: no terminated container found in " << findings.pods_read
              << (findings.pods_read == 1 ? " pod" : " pods") << "\n";
  }
  return to_int(found && options.exit_code ? ExitStatus::kTerminationsFound : ExitStatus::kOk);
}

// The combinations of flags inspect refuses; nothing when they fit together.
std::optional<Error> usage_error(const InspectOptions& options) {
  const bool offline = !options.files.empty();
  const bool cluster = !options.targets.empty() || options.cluster.all_namespaces ||
                       !options.cluster.selector.empty();
  if (offline == cluster) {
    return Error{offline ? "--file cannot be combined with a cluster target, -l or -A"
                         : "nothing to inspect; give pod/NAME (or deployment/NAME, -l, -A) "
                           "or --file POD.json"};
  }
  if (offline && !options.save.empty()) {
    return Error{"--save keeps a cluster inspection; the files given are already saved", "--save"};
  }
  if (!offline && !options.logs.empty()) {
    return Error{"--logs goes with --file; against a cluster kexit fetches the logs"};
  }
  return std::nullopt;
}

// -o, --sort-by and KEXIT_NOW read; an error is a usage error.
Expected<InspectPlan> plan_of(const InspectOptions& options) {
  InspectPlan plan;
  plan.summary.wide = options.output == "wide";
  if (!plan.summary.wide && !parse_output_format(options.output, plan.format)) {
    return unknown_output_format(options.output, "inspect");
  }
  plan.summary.headers = !options.no_headers;
  plan.summary.color = text_style(options.color).color;
  KEXIT_ASSIGN(sort, report::parse_sort_key(options.sort_by));
  plan.summary.sort = sort;
  KEXIT_ASSIGN(now, now_from_environment(plan.fixed_now));
  plan.now = now;
  return plan;
}

// What to read from the cluster, one per target (or one for -l/-A alone); an error is a usage
// error (a bad target or --since).
Expected<std::vector<kube::ClusterTarget>> cluster_targets(const InspectOptions& options) {
  kube::ClusterTarget base;
  base.label_selector = options.cluster.selector;
  base.all_namespaces = options.cluster.all_namespaces;
  base.namespace_name = options.cluster.namespace_name;
  base.kubeconfig = options.cluster.kubeconfig;
  base.context = options.cluster.context;
  KEXIT_ASSIGN_TO(base.client, client_overrides(options.cluster));
  base.max_log_bytes = options.max_log_bytes;
  base.concurrency = options.concurrency;
  if (!options.since.empty()) {
    auto since = parse_duration(options.since);
    if (!since) {
      return Error{since.error().message, "--since"};
    }
    base.since = *since;
  }
  if (options.targets.empty()) {
    return std::vector<kube::ClusterTarget>{base};
  }
  std::vector<kube::ClusterTarget> targets;
  for (const auto& text : options.targets) {
    KEXIT_ASSIGN(parsed, parse_target(text));
    targets.push_back(base);
    targets.back().resource = parsed.kind;
    targets.back().name = parsed.name;
  }
  return targets;
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

// A log the API server refused leaves the diagnosis to the termination message and Events;
// the report says so in its notes, and stderr says it too, where a script's log keeps it.
void warn_forbidden_logs(const std::vector<kube::CollectedPod>& pods) {
  for (const auto& pod : pods) {
    for (const auto& [container, log] : pod.logs) {
      if (kube::mentions_forbidden(log.note)) {
        std::cerr << "kexit: warning: the diagnosis of pod " << pod.facts.namespace_name << "/"
                  << pod.facts.name << " container " << container
                  << " is degraded, its log was not read: " << log.note << "\n";
      }
    }
  }
}

// Every target's pods, each pod once (pod/a and the deployment/x it belongs to), in the order
// of the targets; their failed Jobs and what changed before a deployment's pods crashed. The exit
// status of a failure, kOk on success.
int read_cluster(const InspectOptions& options, InspectPlan& plan,
                 std::vector<kube::CollectedPod>& pods, Findings& findings) {
  auto targets = cluster_targets(options);
  if (!targets) {
    print_error(targets.error());
    return to_int(ExitStatus::kUsage);
  }
  std::optional<kube::FixedClock> fixed;
  if (plan.fixed_now) {
    fixed.emplace(plan.now);
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& target : *targets) {
    auto collected =
        kube::collect_from_cluster(target, progress_on_terminal(), fixed ? &*fixed : nullptr);
    if (!collected) {
      return cluster_failure_status(collected.error(), options.cluster);
    }
    warn_forbidden_logs(collected->pods);
    for (auto& pod : collected->pods) {
      if (seen.emplace(pod.facts.namespace_name, pod.facts.name).second) {
        pods.push_back(std::move(pod));
      }
    }
    std::move(collected->jobs_without_pods.begin(), collected->jobs_without_pods.end(),
              std::back_inserter(findings.failed_jobs));
    std::move(collected->changes.begin(), collected->changes.end(),
              std::back_inserter(findings.changes));
  }
  return to_int(ExitStatus::kOk);
}

// -c and --cause: only the terminations asked about, in every output format. A failed Job with
// no pod left has neither a container nor a cause, so it is not what either asked for (and
// must not make --exit-code report a termination of that cause).
void keep_asked(Findings& findings, const InspectOptions& options) {
  if (!options.container.empty() || !options.cause.empty()) {
    findings.failed_jobs.clear();
  }
  std::erase_if(findings.results, [&](const diagnose::ContainerDiagnosis& container) {
    if (!options.container.empty() && container.container != options.container) {
      return true;
    }
    return !options.cause.empty() &&
           (container.diagnoses.empty() || container.diagnoses.front().cause != options.cause);
  });
}

// The pods to diagnose, from the files or the cluster (saved with --save); the exit status of
// a failure, kOk on success.
int read_pods(const InspectOptions& options, InspectPlan& plan,
              const diagnose::DiagnosisEngine& engine, std::vector<kube::CollectedPod>& pods,
              Findings& findings) {
  if (!options.files.empty()) {
    std::vector<LogFileSpec> specs;
    for (const auto& text : options.logs) {
      specs.push_back(parse_log_file_spec(text));
    }
    auto collected = collect_from_files(options.files, specs, options.max_log_bytes);
    if (!collected) {
      print_error(collected.error());
      return to_int(ExitStatus::kInputError);
    }
    findings.pods_read = collected->pods_read;
    pods = std::move(collected->pods);
    return to_int(ExitStatus::kOk);
  }
  if (int status = read_cluster(options, plan, pods, findings); status != 0) {
    return status;
  }
  findings.pods_read = pods.size();
  if (!options.save.empty()) {
    auto saved = save_inspection(options.save, pods, engine.knowledge().redactor(), plan.now);
    if (!saved) {
      print_error(saved.error());
      return to_int(ExitStatus::kInputError);
    }
  }
  return to_int(ExitStatus::kOk);
}

int run_inspect(const InspectOptions& options) {
  auto plan = plan_of(options);
  if (!plan) {
    print_error(plan.error());
    return to_int(ExitStatus::kUsage);
  }
  if (auto error = usage_error(options)) {
    print_error(*error);
    return to_int(ExitStatus::kUsage);
  }
  auto knowledge = load_knowledge_or_report(options.knowledge_directories);
  if (!knowledge) {
    return to_int(ExitStatus::kKnowledgeError);
  }
  if (!options.cause.empty()) {
    if (auto known = report::known_cause(knowledge->set(), options.cause); !known) {
      print_error(known.error());
      return to_int(ExitStatus::kUsage);
    }
  }
  diagnose::EngineOptions engine_options;
  engine_options.max_log_bytes = options.max_log_bytes;
  diagnose::DiagnosisEngine engine(knowledge, engine_options);
  // Compiling the log and secret patterns costs about 20 ms of CPU, as long as the API reads
  // take against a nearby API server: compiling while they are in flight hides it. The
  // compilation is once-only, so the diagnosis below waits for it or finds it done.
  std::jthread compile_patterns([knowledge] { knowledge->log_pattern_set(); });

  std::vector<kube::CollectedPod> pods;
  Findings findings;
  if (int status = read_pods(options, *plan, engine, pods, findings); status != 0) {
    return status;
  }
  findings.results =
      diagnose::diagnose_collected(engine, pods,
                                   options.include_completed ? diagnose::IncludeCompleted::kYes
                                                             : diagnose::IncludeCompleted::kNo);
  keep_asked(findings, options);
  return render(findings, options, *plan);
}

}  // namespace

void add_inspect_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<InspectOptions>();
  CLI::App* command = app.add_subcommand(
      "inspect", "Diagnose why containers exited: from a pod file, or from the cluster");
  command->add_option("targets", options->targets,
                      "pod/NAME, deployment/NAME, job/NAME, statefulset/NAME, daemonset/NAME, "
                      "replicaset/NAME or cronjob/NAME, as kubectl names them "
                      "(deployment.apps/NAME, pods/NAME, ...); several at once");
  command->add_option("-f,--file", options->files,
                      "Pods and their Events as kubectl get pod,events -o json|yaml prints them, "
                      "or the text of kubectl describe pod (repeatable); - for stdin");
  command->add_option("--logs", options->logs,
                      "CONTAINER=FILE: the log of the terminated instance (repeatable); FILE "
                      "alone for the only terminated container");
  command->add_option("--save", options->save,
                      "Also write what the diagnosis read (pods, Events, redacted log tails) to "
                      "this directory, for --file DIR later");
  command
      ->add_option("-o,--output", options->output,
                   "text, wide (the table, with more columns), json or yaml")
      ->capture_default_str();
  command->add_option("-c,--container", options->container, "Only this container's terminations");
  command->add_flag("--details", options->details,
                    "Full reports even for several containers (default: a table)");
  command->add_flag("--no-headers", options->no_headers,
                    "Table rows only: no header, no summary lines");
  command
      ->add_option("--sort-by", options->sort_by,
                   "Sort the table by age, restarts, namespace, pod, cause or exit")
      ->capture_default_str();
  command->add_option(
      "--cause", options->cause,
      "Only terminations whose top cause is this slug (an unknown one lists them all)");
  command->add_flag("--exit-code", options->exit_code,
                    "Exit with status 10 when any termination was found (for post-deploy checks)");
  add_knowledge_option(*command, options->knowledge_directories);
  add_color_flags(*command, options->color);
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
