#include "cli/inspection_save.h"

#include <filesystem>
#include <system_error>

#include "base/file_reading.h"
#include "base/file_writing.h"
#include "base/json_field_reader.h"
#include "base/structured_text.h"
#include "kube/api_time.h"
#include "kube/event_facts.h"
#include "kube/gitops_manager.h"
#include "kube/pod_parser.h"
#include "kube/template_container.h"
#include "kube/workload_owner.h"

namespace kexit::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kFormatVersion = 1;

// The pod parser reads env values only for its allow-list; the others are where secrets live,
// and so is the last-applied annotation, which repeats the whole spec.
void reduce_env_values(json& pod) {
  if (auto metadata = pod.find("metadata"); metadata != pod.end() && metadata->is_object()) {
    metadata->erase("managedFields");
    if (auto annotations = metadata->find("annotations");
        annotations != metadata->end() && annotations->is_object()) {
      annotations->erase("kubectl.kubernetes.io/last-applied-configuration");
    }
  }
  auto spec = pod.find("spec");
  if (spec == pod.end() || !spec->is_object()) {
    return;
  }
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    auto containers = spec->find(list);
    if (containers == spec->end() || !containers->is_array()) {
      continue;
    }
    for (auto& container : *containers) {
      auto env = container.find("env");
      if (!container.is_object() || env == container.end() || !env->is_array()) {
        continue;
      }
      for (auto& variable : *env) {
        if (variable.is_object() && !kube::is_env_value_allowed(variable.value("name", ""))) {
          variable.erase("value");
        }
      }
    }
  }
}

// Termination messages may hold the log's tail (FallbackToLogsOnError).
void redact_termination_messages(json& pod, const knowledge::SecretRedactor& redactor) {
  auto status = pod.find("status");
  if (status == pod.end() || !status->is_object()) {
    return;
  }
  for (const char* list :
       {"containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"}) {
    auto statuses = status->find(list);
    if (statuses == status->end() || !statuses->is_array()) {
      continue;
    }
    for (auto& container : *statuses) {
      for (const char* slot : {"state", "lastState"}) {
        if (!container.is_object() || !container.contains(slot) || !container[slot].is_object() ||
            !container[slot].contains("terminated")) {
          continue;
        }
        json& terminated = container[slot]["terminated"];
        if (terminated.is_object() && terminated.contains("message") &&
            terminated["message"].is_string()) {
          terminated["message"] = redactor.redact(terminated["message"].get<std::string>());
        }
      }
    }
  }
}

json event_object(const kube::EventFacts& event, const knowledge::SecretRedactor& redactor) {
  json object = {{"apiVersion", "v1"}, {"kind", "Event"}};
  object["type"] = event.type;
  object["reason"] = event.reason;
  object["message"] = redactor.redact(event.message);
  object["source"] = {{"component", event.source}};
  object["count"] = event.count;
  object["firstTimestamp"] = event.first_time;
  object["lastTimestamp"] = event.last_time;
  object["involvedObject"] = {{"kind", event.object_kind},
                              {"namespace", event.object_namespace},
                              {"name", event.object_name},
                              {"uid", event.object_uid},
                              {"fieldPath", event.field_path}};
  return object;
}

json event_list(const std::vector<kube::EventFacts>& events,
                const knowledge::SecretRedactor& redactor) {
  json list = {{"apiVersion", "v1"}, {"kind", "EventList"}, {"items", json::array()}};
  for (const auto& event : events) {
    list["items"].push_back(event_object(event, redactor));
  }
  return list;
}

Status write_json(const fs::path& path, const json& value) {
  return write_file(path.string(),
                    value.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

Status make_directory(const fs::path& path) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) {
    return Error{"cannot create the directory: " + error.message() +
                     "; choose a --save directory you can write to",
                 path.string()};
  }
  return ok_status();
}

json probe_entry(const std::optional<kube::TemplateProbe>& probe) {
  if (!probe) {
    return nullptr;
  }
  return {{"initialDelaySeconds", probe->initial_delay_seconds},
          {"periodSeconds", probe->period_seconds},
          {"failureThreshold", probe->failure_threshold}};
}

// The template's containers in the owner's own shape, so the one reader of templates
// (kube::template_containers) reads them back; an unnamed entry stays a `{}` to keep the
// indices a fix's JSON patch addresses.
json template_entry(const std::vector<kube::TemplateContainer>& containers) {
  json list = json::array();
  for (const auto& container : containers) {
    while (list.size() < container.index) {
      list.push_back(json::object());
    }
    json entry = {{"name", container.name}};
    if (container.liveness_probe) {
      entry["livenessProbe"] = probe_entry(container.liveness_probe);
    }
    if (container.startup_probe) {
      entry["startupProbe"] = probe_entry(container.startup_probe);
    }
    if (!container.memory_request.empty()) {
      entry["resources"]["requests"]["memory"] = container.memory_request;
    }
    if (!container.memory_limit.empty()) {
      entry["resources"]["limits"]["memory"] = container.memory_limit;
    }
    list.push_back(std::move(entry));
  }
  return {{"containers", std::move(list)}};
}

// The owner a fix is written against, as resolved when saved: reading the save back must give
// the same fixes without the cluster's ReplicaSets and Deployments.
json workload_entry(const kube::PodFacts& facts) {
  if (!facts.workload) {
    return nullptr;
  }
  const kube::WorkloadOwner& owner = *facts.workload;
  return {{"kind", owner.kind},
          {"name", owner.name},
          {"namespace", owner.namespace_name},
          {"restartPolicy", owner.restart_policy},
          {"template", template_entry(owner.containers)},
          {"hasPodFailurePolicy", owner.has_pod_failure_policy},
          {"gitops",
           {{"tool", kube::gitops_tool_name(owner.manager.tool)},
            {"name", owner.manager.name},
            {"namespace", owner.manager.namespace_name}}}};
}

Expected<std::optional<kube::WorkloadOwner>> read_workload(const JsonFieldReader& entry) {
  if (!entry.has("workload")) {
    return std::optional<kube::WorkloadOwner>();
  }
  KEXIT_ASSIGN(workload, entry.object_field("workload"));
  KEXIT_ASSIGN(gitops, workload.object_field("gitops"));
  kube::WorkloadOwner owner;
  KEXIT_ASSIGN_TO(owner.kind, workload.string_field("kind"));
  KEXIT_ASSIGN_TO(owner.name, workload.string_field("name"));
  KEXIT_ASSIGN_TO(owner.namespace_name, workload.string_field("namespace"));
  KEXIT_ASSIGN_TO(owner.restart_policy, workload.string_field("restartPolicy"));
  KEXIT_ASSIGN_TO(owner.has_pod_failure_policy, workload.bool_field("hasPodFailurePolicy"));
  if (const json* pod_template = workload.find("template")) {
    owner.containers = kube::template_containers(*pod_template);
  }
  KEXIT_ASSIGN(tool, gitops.string_field("tool"));
  KEXIT_ASSIGN_TO(owner.manager.name, gitops.string_field("name"));
  KEXIT_ASSIGN_TO(owner.manager.namespace_name, gitops.string_field("namespace"));
  for (auto known : {kube::GitOpsTool::kNone, kube::GitOpsTool::kHelm, kube::GitOpsTool::kArgoCd,
                     kube::GitOpsTool::kFluxKustomization, kube::GitOpsTool::kFluxHelmRelease}) {
    if (kube::gitops_tool_name(known) == tool) {
      owner.manager.tool = known;
      return std::optional<kube::WorkloadOwner>(owner);
    }
  }
  return gitops.error_at("tool", "unknown GitOps tool \"" + tool +
                                     "\"; use Helm, Argo CD, Flux Kustomization, "
                                     "Flux HelmRelease or \"\"");
}

// Writes one pod's files and returns its manifest entry.
Expected<json> save_pod(const fs::path& root, const kube::CollectedPod& pod,
                        const knowledge::SecretRedactor& redactor) {
  const auto& facts = pod.facts;
  const fs::path directory = root / facts.namespace_name / facts.name;
  KEXIT_CHECK(make_directory(directory / "logs"));
  json object = pod.object;
  reduce_env_values(object);
  redact_termination_messages(object, redactor);
  KEXIT_CHECK(write_json(directory / "pod.json", object));
  KEXIT_CHECK(write_json(directory / "events.json", event_list(facts.events, redactor)));
  KEXIT_CHECK(write_json(directory / "node-events.json", event_list(facts.node_events, redactor)));
  json entry = {{"namespace", facts.namespace_name},
                {"name", facts.name},
                {"directory", facts.namespace_name + "/" + facts.name}};
  entry["containers"] = json::array();
  for (const auto& container : facts.to_diagnose) {
    entry["containers"].push_back(container.name);
  }
  entry["conditions"] = facts.conditions;
  entry["evidenceNotes"] = facts.evidence_notes;
  entry["nodeConditions"] = facts.node_conditions;
  entry["workload"] = workload_entry(facts);
  entry["workloadUnresolved"] = facts.workload_unresolved;
  entry["logs"] = json::array();
  for (const auto& [container, log] : pod.logs) {
    const std::string file = "logs/" + container + ".log";
    KEXIT_CHECK(write_file((directory / file).string(), redactor.redact(log.text)));
    entry["logs"].push_back({{"container", container},
                             {"file", file},
                             {"source", kube::to_string(log.origin)},
                             {"truncated", log.truncated},
                             {"note", log.note}});
  }
  return entry;
}

// Names from the manifest become paths: only what Kubernetes allows in a name (DNS labels and
// subdomains), so a edited manifest cannot point outside the directory.
Status check_name(const JsonFieldReader& entry, const std::string& field, const std::string& name) {
  const bool valid =
      !name.empty() && name != "." && name != ".." &&
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-.") == std::string::npos;
  return valid ? ok_status()
               : Status(entry.error_at(field, "\"" + name +
                                                  "\" is not a Kubernetes name; was the "
                                                  "manifest edited?"));
}

Expected<json> read_json_file(const fs::path& path) {
  KEXIT_ASSIGN(text, read_file(path.string()));
  return parse_json(text, path.string());
}

Expected<std::vector<kube::EventFacts>> read_event_file(const fs::path& path) {
  KEXIT_ASSIGN(list, read_json_file(path));
  std::vector<kube::EventFacts> events;
  const json items = list.is_object() ? list.value("items", json::array()) : json::array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    KEXIT_ASSIGN(event,
                 kube::parse_event(items[i], path.string(), ".items[" + std::to_string(i) + "]"));
    events.push_back(std::move(event));
  }
  return events;
}

Expected<kube::LogOrigin> parse_origin(const JsonFieldReader& entry) {
  KEXIT_ASSIGN(source, entry.string_field("source"));
  for (auto origin : {kube::LogOrigin::kNone, kube::LogOrigin::kPreviousLog,
                      kube::LogOrigin::kCurrentLog, kube::LogOrigin::kTerminationMessage}) {
    if (source == kube::to_string(origin)) {
      return origin;
    }
  }
  return entry.error_at("source", "unknown log source \"" + source +
                                      "\"; expected previous-log, current-log, "
                                      "termination-message or none");
}

Status read_logs(const JsonFieldReader& entry, const fs::path& directory, std::size_t max_log_bytes,
                 kube::CollectedPod& pod) {
  KEXIT_ASSIGN(logs, entry.object_list("logs"));
  for (const auto& log_entry : logs) {
    KEXIT_ASSIGN(container, log_entry.string_field("container"));
    KEXIT_CHECK(check_name(log_entry, "container", container));
    KEXIT_ASSIGN(origin, parse_origin(log_entry));
    KEXIT_ASSIGN(note, log_entry.string_field("note"));
    KEXIT_ASSIGN(
        tail, read_file_tail((directory / "logs" / (container + ".log")).string(), max_log_bytes));
    kube::ContainerLog log;
    log.text = std::move(tail.text);
    log.origin = origin;
    log.truncated = tail.truncated || (log_entry.object().contains("truncated") &&
                                       log_entry.object()["truncated"].is_boolean() &&
                                       log_entry.object()["truncated"].get<bool>());
    log.note = note;
    pod.logs[container] = std::move(log);
  }
  return ok_status();
}

// Keeps the containers the inspection diagnosed, in their order: a --since filter or a
// pod-failure entry decided them when the evidence was read.
void keep_diagnosed(kube::PodFacts& facts, const std::vector<std::string>& names) {
  std::vector<kube::ContainerFacts> kept;
  for (const auto& name : names) {
    for (const auto& container : facts.to_diagnose) {
      if (container.name == name) {
        kept.push_back(container);
        break;
      }
    }
  }
  facts.to_diagnose = std::move(kept);
}

Expected<kube::CollectedPod> read_pod(const JsonFieldReader& entry, const fs::path& root,
                                      std::size_t max_log_bytes) {
  KEXIT_ASSIGN(namespace_name, entry.string_field("namespace"));
  KEXIT_ASSIGN(name, entry.string_field("name"));
  KEXIT_CHECK(check_name(entry, "namespace", namespace_name));
  KEXIT_CHECK(check_name(entry, "name", name));
  const fs::path directory = root / namespace_name / name;
  kube::CollectedPod pod;
  KEXIT_ASSIGN(object, read_json_file(directory / "pod.json"));
  KEXIT_ASSIGN(facts, kube::parse_pod(object, (directory / "pod.json").string()));
  KEXIT_ASSIGN(events, read_event_file(directory / "events.json"));
  KEXIT_ASSIGN(node_events, read_event_file(directory / "node-events.json"));
  KEXIT_ASSIGN(conditions, entry.string_list("conditions"));
  KEXIT_ASSIGN(notes, entry.string_list("evidenceNotes"));
  KEXIT_ASSIGN(node_conditions, entry.string_list("nodeConditions"));
  KEXIT_ASSIGN(containers, entry.string_list("containers"));
  KEXIT_ASSIGN(workload, read_workload(entry));
  KEXIT_ASSIGN_TO(facts.workload_unresolved, entry.string_field("workloadUnresolved"));
  facts.workload = std::move(workload);
  facts.events = std::move(events);
  facts.node_events = std::move(node_events);
  // As read when saved: the owning Job's conditions, the node's, and the notes on what was missing
  // (an Event-expiry note was decided against the save's time, not today's).
  facts.conditions = std::move(conditions);
  facts.evidence_notes = std::move(notes);
  facts.node_conditions = std::move(node_conditions);
  kube::add_pod_failure(facts);
  keep_diagnosed(facts, containers);
  pod.facts = std::move(facts);
  pod.object = std::move(object);
  KEXIT_CHECK(read_logs(entry, directory, max_log_bytes, pod));
  return pod;
}

}  // namespace

Status save_inspection(const std::string& directory, const std::vector<kube::CollectedPod>& pods,
                       const knowledge::SecretRedactor& redactor, kube::TimePoint saved_at) {
  const fs::path root(directory);
  KEXIT_CHECK(make_directory(root));
  json manifest = {{"kind", "KexitInspectionSave"},
                   {"formatVersion", kFormatVersion},
                   {"kexitVersion", KEXIT_VERSION},
                   {"savedAt", kube::format_api_time(saved_at)},
                   {"pods", json::array()}};
  for (const auto& pod : pods) {
    if (pod.object.is_null()) {
      return Error{"pod " + pod.facts.namespace_name + "/" + pod.facts.name +
                       " was not read from a cluster; --save keeps a cluster inspection",
                   "--save"};
    }
    KEXIT_ASSIGN(entry, save_pod(root, pod, redactor));
    manifest["pods"].push_back(std::move(entry));
  }
  // Last, so a directory with a manifest holds every file it names.
  return write_json(root / kSaveManifest, manifest);
}

bool is_saved_inspection(const std::string& path) {
  std::error_code error;
  return fs::is_directory(path, error) &&
         fs::is_regular_file(fs::path(path) / kSaveManifest, error);
}

Expected<SavedInspection> read_saved_inspection(const std::string& directory,
                                                std::size_t max_log_bytes) {
  const fs::path root(directory);
  const std::string source = (root / kSaveManifest).string();
  KEXIT_ASSIGN(manifest, read_json_file(root / kSaveManifest));
  if (!manifest.is_object() || manifest.value("kind", "") != "KexitInspectionSave") {
    return Error{"not a kexit save: kind must be KexitInspectionSave", source};
  }
  JsonFieldReader root_reader(manifest, source, "");
  KEXIT_ASSIGN(format, root_reader.integer_field("formatVersion"));
  if (format.value_or(0) != kFormatVersion) {
    return root_reader.error_at("formatVersion",
                                "this kexit reads format " + std::to_string(kFormatVersion) +
                                    "; read the save with the kexit that wrote it");
  }
  SavedInspection saved;
  KEXIT_ASSIGN(version, root_reader.string_field("kexitVersion"));
  KEXIT_ASSIGN(saved_at, root_reader.string_field("savedAt"));
  saved.kexit_version = version;
  saved.saved_at = saved_at;
  KEXIT_ASSIGN(entries, root_reader.object_list("pods"));
  for (const auto& entry : entries) {
    KEXIT_ASSIGN(pod, read_pod(entry, root, max_log_bytes));
    saved.pods.push_back(std::move(pod));
  }
  return saved;
}

}  // namespace kexit::cli
