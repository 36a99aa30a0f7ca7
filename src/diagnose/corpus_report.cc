#include "diagnose/corpus_report.h"

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <optional>

#include "base/file_reading.h"
#include "base/json_field_reader.h"
#include "base/structured_text.h"
#include "base/text.h"
#include "kube/describe_parser.h"
#include "kube/event_table.h"
#include "kube/job_evidence.h"
#include "kube/kubelet_event_text.h"

namespace kexit::diagnose {
namespace {

constexpr const char* kSeeReadme = "see tests/corpus/README.md";

Status allow_only(const JsonFieldReader& reader, std::initializer_list<std::string_view> fields) {
  for (const auto& [key, value] : reader.object().items()) {
    if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
      return reader.error_at(key, std::string("unknown field; ") + kSeeReadme);
    }
  }
  return ok_status();
}

Expected<std::string> required_string(const JsonFieldReader& reader, const std::string& field) {
  KEXIT_ASSIGN(text, reader.string_field(field));
  if (trim(text).empty()) {
    return reader.error_at(field, std::string("missing; ") + kSeeReadme);
  }
  return text;
}

// The split written in the file must be the one split.py gives its name, unless it records
// that it moved from held-out to development.
Status check_split(const JsonFieldReader& root, const std::string& file_name,
                   CorpusReport& report) {
  KEXIT_ASSIGN(written, required_string(root, "split"));
  if (!parse_corpus_split(written, report.split)) {
    return root.error_at("split", "expected development or held-out, got \"" + written + "\"");
  }
  KEXIT_ASSIGN(moved, root.string_field("moved_from_held_out"));
  report.moved_from_held_out = moved;
  const CorpusSplit fixed = split_of(file_name);
  if (!moved.empty()) {
    if (fixed != CorpusSplit::kHeldOut) {
      return root.error_at("moved_from_held_out", file_name +
                                                      " was never held-out (split.py says "
                                                      "development); remove the field");
    }
    if (report.split != CorpusSplit::kDevelopment) {
      return root.error_at("split",
                           "a report that moved from held-out is development; write "
                           "split: development");
    }
    return ok_status();
  }
  if (report.split != fixed) {
    return root.error_at("split", "\"" + written + "\" but split.py puts " + file_name + " in " +
                                      to_string(fixed) + "; write split: " + to_string(fixed) +
                                      (fixed == CorpusSplit::kHeldOut
                                           ? ", or record why it moved in moved_from_held_out"
                                           : ""));
  }
  return ok_status();
}

// An integer, a number written as text, or a name from knowledge/signals.yaml ("SIGTERM").
Expected<std::optional<int>> parse_signal(const JsonFieldReader& pod,
                                          const knowledge::KnowledgeSet& knowledge) {
  const auto& object = pod.object();
  auto value = object.find("signal");
  if (value == object.end() || value->is_null()) {
    return std::optional<int>();
  }
  if (value->is_number_integer()) {
    return std::optional<int>(value->get<int>());
  }
  if (value->is_string()) {
    const std::string name = value->get<std::string>();
    long long number = 0;
    if (parse_int(name, number)) {
      return std::optional<int>(static_cast<int>(number));
    }
    for (const auto& signal : knowledge.signals) {
      if (signal.name == name) {
        return std::optional<int>(signal.number);
      }
    }
  }
  return pod.error_at("signal", "unknown signal " + describe_json(*value) +
                                    "; write its number or a name from knowledge/signals.yaml");
}

// The exit code only with where it came from; an absent code stays unknown, never 0.
Expected<std::optional<int>> parse_exit_code(const JsonFieldReader& pod) {
  KEXIT_ASSIGN(code, pod.integer_field("exit_code"));
  KEXIT_ASSIGN(origin, pod.string_field("exit_code_origin"));
  KEXIT_ASSIGN(rule, pod.string_field("exit_code_rule"));
  if (!code) {
    if (!origin.empty()) {
      return pod.error_at("exit_code_origin", "set without exit_code; add the code or remove it");
    }
    return std::optional<int>();
  }
  if (origin != "printed" && origin != "derived") {
    return pod.error_at("exit_code_origin",
                        "expected printed or derived, got \"" + origin + "\"; " + kSeeReadme);
  }
  if (origin == "derived" && trim(rule).empty()) {
    return pod.error_at("exit_code_rule",
                        "missing; a derived exit code names the documented rule it follows");
  }
  return std::optional<int>(static_cast<int>(*code));
}

Status parse_container(const JsonFieldReader& pod, kube::ContainerFacts& container) {
  KEXIT_ASSIGN(name, pod.string_field("container"));
  KEXIT_ASSIGN(image, pod.string_field("image"));
  KEXIT_ASSIGN(command, pod.string_list("command"));
  KEXIT_ASSIGN(args, pod.string_list("args"));
  KEXIT_ASSIGN(env, pod.string_map("env"));
  KEXIT_ASSIGN(reason, pod.string_field("reason"));
  KEXIT_ASSIGN(message, pod.string_field("message"));
  KEXIT_ASSIGN(waiting_reason, pod.string_field("waiting_reason"));
  container.name = name;
  container.image = image;
  container.command = std::move(command);
  container.args = std::move(args);
  // The same allow-list as a real pod: the engine sees values only where it would in a cluster.
  for (const auto& [variable, value] : env) {
    container.env_names.push_back(variable);
    if (kube::is_env_value_allowed(variable)) {
      container.env_values[variable] = value;
    }
  }
  container.termination.reason = reason;
  container.termination.message = message;
  container.waiting_reason = waiting_reason;
  return ok_status();
}

Status parse_pod_section(const JsonFieldReader& root, const knowledge::KnowledgeSet& knowledge,
                         kube::PodFacts& facts) {
  KEXIT_ASSIGN(pod, root.object_field("pod"));
  KEXIT_CHECK(
      allow_only(pod, {"exit_code", "exit_code_origin", "exit_code_rule", "reason", "signal",
                       "image", "container", "command", "args", "env", "labels", "restart_policy",
                       "message", "waiting_reason", "pod_reason", "pod_message"}));
  kube::ContainerFacts container;
  KEXIT_CHECK(parse_container(pod, container));
  KEXIT_ASSIGN(exit_code, parse_exit_code(pod));
  KEXIT_ASSIGN(signal, parse_signal(pod, knowledge));
  container.termination.exit_code = exit_code;
  container.termination.signal = signal;
  KEXIT_ASSIGN(labels, pod.string_map("labels"));
  KEXIT_ASSIGN(restart_policy, pod.string_field("restart_policy"));
  KEXIT_ASSIGN(pod_reason, pod.string_field("pod_reason"));
  KEXIT_ASSIGN(pod_message, pod.string_field("pod_message"));
  facts.labels = std::move(labels);
  facts.restart_policy = restart_policy;
  facts.reason = pod_reason;
  facts.message = pod_message;
  facts.to_diagnose.push_back(std::move(container));
  return ok_status();
}

Status parse_expected(const JsonFieldReader& root, CorpusReport& report) {
  KEXIT_ASSIGN(expected, root.object_field("expected"));
  KEXIT_CHECK(allow_only(expected, {"cause", "also_acceptable", "established_by"}));
  KEXIT_ASSIGN(cause, required_string(expected, "cause"));
  KEXIT_ASSIGN(also, expected.string_field("also_acceptable"));
  KEXIT_ASSIGN(established_by, required_string(expected, "established_by"));
  report.expected_cause = std::string(trim(cause));
  report.also_acceptable = std::string(trim(also));
  return ok_status();
}

// The fields kept for people (source:, notes:) must still be well-formed.
Status check_unused_fields(const JsonFieldReader& root) {
  KEXIT_CHECK(root.object_field("source"));
  KEXIT_CHECK(root.string_field("notes"));
  return ok_status();
}

// Text that is not a describe table: perhaps `kubectl get events`, else kubelet messages
// quoted alone (a thread often copies only the message it found telling).
void add_event_lines(const std::string& text, kube::PodFacts& pod) {
  std::size_t before = pod.events.size();
  for (auto& event : kube::parse_event_table(text)) {
    if (event.object_kind == "Pod") {
      pod.events.push_back(std::move(event));
    }
  }
  if (pod.events.size() == before) {
    auto quoted = kube::parse_kubelet_event_lines(text);
    pod.events.insert(pod.events.end(), quoted.begin(), quoted.end());
  }
}

// The Events and pod conditions that a `describe` text (or an Events table cut from one)
// shows, read by the same parser as `inspect --file`, and the pod it describes when it is one.
// Excerpts are trimmed, so what does not parse adds nothing instead of failing the report.
std::optional<kube::PodFacts> add_text_evidence(const std::string& text, const std::string& source,
                                                kube::PodFacts& pod) {
  if (trim(text).empty()) {
    return std::nullopt;
  }
  const bool whole_pod = kube::looks_like_describe(text);
  // An Events table alone gets the head describe would print before it.
  std::string whole = whole_pod ? text
                                : "Name:         " + (pod.name.empty() ? "pod" : pod.name) +
                                      "\nNamespace:    default\nEvents:\n" + text;
  auto parsed = kube::parse_describe(whole, source);
  if (!parsed || parsed->empty()) {
    add_event_lines(text, pod);
    return std::nullopt;
  }
  const kube::PodFacts& described = parsed->front();
  if (described.events.empty()) {
    add_event_lines(text, pod);
  }
  pod.events.insert(pod.events.end(), described.events.begin(), described.events.end());
  pod.conditions.insert(pod.conditions.end(), described.conditions.begin(),
                        described.conditions.end());
  if (!whole_pod) {
    return std::nullopt;
  }
  return described;
}

// A quoted Job (`kubectl get job -o yaml`, or its status block alone) gives the conditions the
// owner lookup adds in cluster mode: the job controller stops a pod past the Job's deadline
// without a word in the pod, and only the Job's Failed condition says so. Text that is not one
// Job adds nothing.
void add_job_conditions(const std::string& text, kube::PodFacts& pod) {
  auto documents = parse_yaml_documents(text, "describe");
  if (!documents || documents->size() != 1 || !documents->front().is_object()) {
    return;
  }
  nlohmann::json job = documents->front();
  if (job.contains("kind") && job["kind"] != "Job") {
    return;
  }
  if (!job.contains("status")) {
    if (!job.contains("conditions")) {
      return;
    }
    job = nlohmann::json{{"status", job}};
  }
  for (auto& condition : kube::job_failure_conditions(job)) {
    pod.conditions.push_back(std::move(condition));
  }
}

bool has_event_reason(const kube::PodFacts& pod, const std::string& reason) {
  return std::any_of(pod.events.begin(), pod.events.end(),
                     [&](const kube::EventFacts& event) { return event.reason == reason; });
}

// The report's container as the pod's status shows it: a termination shown (exit code, reason
// or signal) is an instance that ended.
bool shows_termination(const kube::ContainerFacts& container) {
  return container.termination.exit_code || container.termination.signal ||
         !container.termination.reason.empty();
}

// The described pod's entry for the report's container, by name (or the only one when the
// report names none).
const kube::ContainerFacts* described_entry(const kube::PodFacts& described,
                                            const std::string& name) {
  for (const auto& entry : described.to_diagnose) {
    if (entry.name == name || (name.empty() && described.to_diagnose.size() == 1)) {
      return &entry;
    }
  }
  return nullptr;
}

// A waiting reason of a container that could not be started. CrashLoopBackOff waits after an
// instance ended, and ContainerCreating and PodInitializing are on the way to a start.
bool is_start_failure(const std::string& waiting_reason) {
  return !waiting_reason.empty() && waiting_reason != "CrashLoopBackOff" &&
         waiting_reason != "ContainerCreating" && waiting_reason != "PodInitializing";
}

// What the describe text says of the container when the report's pod section does not.
void take_described(const kube::PodFacts& described, kube::PodFacts& pod) {
  pod.phase = pod.phase.empty() ? described.phase : pod.phase;
  pod.reason = pod.reason.empty() ? described.reason : pod.reason;
  pod.message = pod.message.empty() ? described.message : pod.message;
  kube::ContainerFacts& container = pod.to_diagnose.front();
  const kube::ContainerFacts* entry = described_entry(described, container.name);
  if (entry == nullptr || shows_termination(container)) {
    return;
  }
  container.kind = entry->kind;
  container.outcome = entry->outcome;
  container.termination = entry->termination;
  if (container.waiting_reason.empty()) {
    container.waiting_reason = entry->waiting_reason;
    container.waiting_message = entry->waiting_message;
  }
}

// The outcome the tool would give the report's status: the corpus had fixed every report at
// "terminated", so a pod that never ran (Pending, unschedulable, its image not pulled) met
// rules for a container that ended. A pod the tool would find nothing in keeps the
// terminated instance of unknown code the report stands for.
void settle_outcome(const std::optional<kube::PodFacts>& described, kube::PodFacts& pod) {
  kube::ContainerFacts& container = pod.to_diagnose.front();
  if (described) {
    take_described(*described, pod);
  }
  if (shows_termination(container) || container.outcome != kube::ContainerOutcome::kTerminated) {
    return;
  }
  if (is_start_failure(container.waiting_reason)) {
    container.outcome = kube::ContainerOutcome::kNeverStarted;
    return;
  }
  // Containers wait to be created only in a pod that has not started, and the scheduler writes
  // FailedScheduling only for a pod it has not bound to a node: both pods are Pending.
  if (pod.phase.empty() &&
      ((!container.waiting_reason.empty() && container.waiting_reason != "CrashLoopBackOff") ||
       has_event_reason(pod, "FailedScheduling"))) {
    pod.phase = "Pending";
  }
  kube::PodFacts pending = pod;
  pending.first_container = container;
  pending.to_diagnose.clear();
  kube::add_pod_failure(pending);
  if (!pending.to_diagnose.empty()) {
    pod.to_diagnose = std::move(pending.to_diagnose);
  }
}

Status read_text_evidence(const JsonFieldReader& root, CorpusReport& report) {
  KEXIT_ASSIGN(describe, root.string_field("describe"));
  KEXIT_ASSIGN(events, root.string_field("events"));
  auto described = add_text_evidence(describe, report.where + ":describe", report.pod);
  if (!described && !trim(describe).empty()) {
    add_job_conditions(describe, report.pod);
  }
  add_text_evidence(events, report.where + ":events", report.pod);
  settle_outcome(described, report.pod);
  return ok_status();
}

Status parse_top_level(const JsonFieldReader& root, const std::string& file_name,
                       CorpusReport& report) {
  KEXIT_CHECK(allow_only(root, {"id", "split", "moved_from_held_out", "source", "runtime", "pod",
                                "log", "describe", "events", "expected", "decoy", "notes"}));
  KEXIT_ASSIGN(id, required_string(root, "id"));
  if (id + ".yaml" != file_name) {
    return root.error_at("id", "\"" + id + "\" is not the file's name; rename one to match");
  }
  report.id = id;
  KEXIT_CHECK(check_split(root, file_name, report));
  KEXIT_ASSIGN(runtime, required_string(root, "runtime"));
  KEXIT_ASSIGN(log, root.string_field("log"));
  KEXIT_ASSIGN(decoy, root.string_field("decoy"));
  report.runtime = runtime;
  report.decoy = std::string(trim(decoy));
  report.log.text = log;
  report.log.origin = trim(log).empty() ? kube::LogOrigin::kNone : kube::LogOrigin::kCurrentLog;
  return check_unused_fields(root);
}

}  // namespace

Expected<CorpusReport> parse_corpus_report(std::string_view text, const std::string& path,
                                           const knowledge::KnowledgeSet& knowledge) {
  KEXIT_ASSIGN(documents, parse_yaml_documents(text, path));
  if (documents.size() != 1 || !documents.front().is_object()) {
    return Error{"expected one YAML mapping, a report; " + std::string(kSeeReadme), path};
  }
  JsonFieldReader root(documents.front(), path, "");
  CorpusReport report;
  report.where = path;
  const std::string file_name = std::filesystem::path(path).filename().string();
  KEXIT_CHECK(parse_top_level(root, file_name, report));
  KEXIT_CHECK(parse_pod_section(root, knowledge, report.pod));
  KEXIT_CHECK(parse_expected(root, report));
  KEXIT_CHECK(read_text_evidence(root, report));
  return report;
}

namespace {

// The *.yaml files directly in `directory`, sorted.
Expected<std::vector<std::string>> yaml_files_in(const std::string& directory) {
  std::error_code error;
  std::vector<std::string> paths;
  for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_regular_file() && it->path().extension() == ".yaml") {
      paths.push_back(it->path().string());
    }
  }
  if (error) {
    return Error{"cannot read the corpus directory: " + error.message() + "; check the path",
                 directory};
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// A directory without reports is a wrong path (tests/corpus rather than tests/corpus/reports),
// not an empty corpus: an empty table would read as "nothing regressed".
Error no_reports_error(const std::string& directory) {
  std::error_code error;
  std::vector<std::string> holding;
  for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_directory()) {
      auto inside = yaml_files_in(it->path().string());
      if (inside && !inside->empty()) {
        holding.push_back(it->path().string());
      }
    }
  }
  std::sort(holding.begin(), holding.end());
  std::string message = "no corpus reports (*.yaml) in this directory";
  if (!holding.empty()) {
    return Error{
        message + "; the reports are in " + holding.front() + ": kexit kb eval " + holding.front(),
        directory};
  }
  return Error{message + "; give the directory of the reports (tests/corpus/reports)", directory};
}

}  // namespace

Expected<LoadedCorpus> load_corpus(const std::string& directory,
                                   const knowledge::KnowledgeSet& knowledge) {
  KEXIT_ASSIGN(paths, yaml_files_in(directory));
  if (paths.empty()) {
    return no_reports_error(directory);
  }
  LoadedCorpus corpus;
  for (const auto& path : paths) {
    auto text = read_file(path);
    auto report = text ? parse_corpus_report(*text, path, knowledge) : text.error();
    if (report) {
      corpus.reports.push_back(std::move(report).value());
    } else {
      corpus.errors.push_back(report.error());
    }
  }
  return corpus;
}

}  // namespace kexit::diagnose
