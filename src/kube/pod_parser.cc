#include "kube/pod_parser.h"

#include <algorithm>

#include "base/json_field_reader.h"
#include "base/structured_text.h"
#include "kube/context_attachment.h"
#include "kube/event_attachment.h"
#include "kube/event_evidence.h"
#include "kube/exit_code.h"
#include "kube/exit_code_meanings.h"
#include "kube/file_workload_reader.h"
#include "kube/job_evidence.h"
#include "kube/node_evidence.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

Expected<std::optional<ProbeFacts>> parse_probe(const JsonFieldReader& spec,
                                                const std::string& field) {
  if (!spec.has(field)) {
    return std::optional<ProbeFacts>();
  }
  KEXIT_ASSIGN(probe, spec.object_field(field));
  ProbeFacts facts;
  for (const char* handler : {"httpGet", "tcpSocket", "exec", "grpc"}) {
    if (!probe.has(handler)) {
      continue;
    }
    facts.handler = handler;
    KEXIT_ASSIGN(detail, probe.object_field(handler));
    if (facts.handler == "exec") {
      KEXIT_ASSIGN(command, detail.string_list("command"));
      for (const auto& part : command) {
        facts.target += (facts.target.empty() ? "" : " ") + part;
      }
    } else {
      const json& port = detail.object().contains("port") ? detail.object()["port"] : json();
      std::string port_text =
          port.is_string() ? port.get<std::string>() : (port.is_null() ? "" : json_text(port));
      KEXIT_ASSIGN(path, detail.string_field("path"));
      facts.target = path.empty() ? port_text : path + " on port " + port_text;
    }
  }
  KEXIT_ASSIGN(period, probe.integer_field("periodSeconds"));
  KEXIT_ASSIGN(threshold, probe.integer_field("failureThreshold"));
  KEXIT_ASSIGN(timeout, probe.integer_field("timeoutSeconds"));
  KEXIT_ASSIGN(initial_delay, probe.integer_field("initialDelaySeconds"));
  facts.initial_delay_seconds = static_cast<int>(initial_delay.value_or(0));
  facts.period_seconds = static_cast<int>(period.value_or(10));
  facts.failure_threshold = static_cast<int>(threshold.value_or(3));
  facts.timeout_seconds = static_cast<int>(timeout.value_or(1));
  return std::optional<ProbeFacts>(facts);
}

Status apply_spec(const JsonFieldReader& spec, ContainerFacts& facts) {
  // The image as the user wrote it; the status holds the runtime's normalised reference
  // ("docker.io/library/..."), kept when the spec has none.
  KEXIT_ASSIGN(image, spec.string_field("image"));
  if (!image.empty()) {
    facts.image = image;
  }
  KEXIT_ASSIGN(command, spec.string_list("command"));
  KEXIT_ASSIGN(args, spec.string_list("args"));
  facts.command = std::move(command);
  facts.args = std::move(args);
  KEXIT_ASSIGN(env, spec.object_list("env"));
  for (const auto& variable : env) {
    KEXIT_ASSIGN(name, variable.string_field("name"));
    facts.env_names.push_back(name);
    if (is_env_value_allowed(name)) {
      KEXIT_ASSIGN(value, variable.string_field("value"));
      facts.env_values[name] = value;
    }
  }
  KEXIT_ASSIGN(resources, spec.object_field("resources"));
  KEXIT_ASSIGN(limits, resources.object_field("limits"));
  KEXIT_ASSIGN(requests, resources.object_field("requests"));
  // Quantities may be numbers in hand-written YAML ("memory: 1" is one byte).
  for (auto [reader, target] :
       {std::pair{&limits, &facts.memory_limit}, std::pair{&requests, &facts.memory_request}}) {
    auto memory = reader->object().find("memory");
    if (memory != reader->object().end() && !memory->is_null()) {
      *target = memory->is_string() ? memory->get<std::string>() : json_text(*memory);
    }
  }
  KEXIT_ASSIGN(liveness, parse_probe(spec, "livenessProbe"));
  KEXIT_ASSIGN(startup, parse_probe(spec, "startupProbe"));
  facts.liveness_probe = liveness;
  facts.startup_probe = startup;
  KEXIT_ASSIGN(policy, spec.string_field("terminationMessagePolicy"));
  facts.termination_message_policy = policy;
  KEXIT_ASSIGN(restart_policy, spec.string_field("restartPolicy"));
  facts.restart_policy = restart_policy;
  return ok_status();
}

Expected<std::optional<Termination>> parse_terminated(const JsonFieldReader& state) {
  if (!state.has("terminated")) {
    return std::optional<Termination>();
  }
  KEXIT_ASSIGN(terminated, state.object_field("terminated"));
  Termination termination;
  KEXIT_ASSIGN(exit_code, terminated.integer_field("exitCode"));
  if (!exit_code.has_value()) {
    return terminated.error_at("exitCode", "missing: a terminated state always has an exitCode");
  }
  // A file written by hand or by Docker may hold a Windows status unsigned (3221225477).
  auto code = fold_exit_code(*exit_code);
  if (!code) {
    return terminated.error_at("exitCode", "out of range: an exit code is a 32-bit number");
  }
  termination.exit_code = static_cast<int>(*code);
  KEXIT_ASSIGN(signal, terminated.integer_field("signal"));
  if (signal.has_value()) {
    termination.signal = static_cast<int>(*signal);
  }
  KEXIT_ASSIGN(reason, terminated.string_field("reason"));
  KEXIT_ASSIGN(message, terminated.string_field("message"));
  KEXIT_ASSIGN(started, terminated.string_field("startedAt"));
  KEXIT_ASSIGN(finished, terminated.string_field("finishedAt"));
  KEXIT_ASSIGN(container_id, terminated.string_field("containerID"));
  termination.reason = reason;
  termination.message = message;
  termination.started_at = started;
  termination.finished_at = finished;
  termination.container_id = container_id;
  return std::optional<Termination>(termination);
}

// A waiting container that is not on its way to start: the kubelet could not pull its image,
// create it or run it. ContainerCreating and PodInitializing are the normal road to running.
bool is_start_failure(const std::string& waiting_reason) {
  return !waiting_reason.empty() && waiting_reason != "ContainerCreating" &&
         waiting_reason != "PodInitializing";
}

Status apply_matching_spec(const std::vector<JsonFieldReader>& specs, ContainerFacts& facts) {
  for (const auto& container_spec : specs) {
    KEXIT_ASSIGN(spec_name, container_spec.string_field("name"));
    if (spec_name == facts.name) {
      return apply_spec(container_spec, facts);
    }
  }
  return ok_status();
}

// The container's facts when there is something to diagnose about it, else nullopt.
Expected<std::optional<ContainerFacts>> read_container_status(const JsonFieldReader& status) {
  KEXIT_ASSIGN(state, status.object_field("state"));
  KEXIT_ASSIGN(last_state, status.object_field("lastState"));
  KEXIT_ASSIGN(current, parse_terminated(state));
  KEXIT_ASSIGN(last, parse_terminated(last_state));
  KEXIT_ASSIGN(waiting, state.object_field("waiting"));
  KEXIT_ASSIGN(waiting_reason, waiting.string_field("reason"));
  KEXIT_ASSIGN(waiting_message, waiting.string_field("message"));
  if (!current && !last && !is_start_failure(waiting_reason)) {
    return std::optional<ContainerFacts>();
  }
  ContainerFacts facts;
  KEXIT_ASSIGN(name, status.string_field("name"));
  KEXIT_ASSIGN(image, status.string_field("image"));
  KEXIT_ASSIGN(image_id, status.string_field("imageID"));
  KEXIT_ASSIGN(restart_count, status.integer_field("restartCount"));
  facts.name = name;
  facts.image = image;
  facts.image_id = image_id;
  facts.restart_count = static_cast<int>(restart_count.value_or(0));
  facts.outcome = current || last ? ContainerOutcome::kTerminated : ContainerOutcome::kNeverStarted;
  facts.slot = current ? TerminationSlot::kCurrent : TerminationSlot::kLast;
  facts.termination = current ? *current : last.value_or(Termination{});
  facts.waiting_reason = waiting_reason;
  facts.waiting_message = waiting_message;
  return std::optional<ContainerFacts>(std::move(facts));
}

Status collect_statuses(const JsonFieldReader& status, const JsonFieldReader& spec,
                        const std::string& status_field, const std::string& spec_field,
                        ContainerKind kind, PodFacts& pod) {
  KEXIT_ASSIGN(statuses, status.object_list(status_field));
  KEXIT_ASSIGN(specs, spec.object_list(spec_field));
  for (const auto& container_status : statuses) {
    KEXIT_ASSIGN(facts, read_container_status(container_status));
    if (!facts) {
      continue;
    }
    facts->kind = kind;
    KEXIT_CHECK(apply_matching_spec(specs, *facts));
    if (kind == ContainerKind::kInit && facts->restart_policy == "Always") {
      facts->kind = ContainerKind::kSidecar;
    }
    pod.to_diagnose.push_back(std::move(*facts));
  }
  return ok_status();
}

Status read_waiting_for_init(const JsonFieldReader& status, PodFacts& pod) {
  KEXIT_ASSIGN(statuses, status.object_list("containerStatuses"));
  for (const auto& container_status : statuses) {
    KEXIT_ASSIGN(state, container_status.object_field("state"));
    KEXIT_ASSIGN(waiting, state.object_field("waiting"));
    KEXIT_ASSIGN(reason, waiting.string_field("reason"));
    if (reason == "PodInitializing") {
      KEXIT_ASSIGN(name, container_status.string_field("name"));
      pod.waiting_for_init.push_back(name);
    }
  }
  return ok_status();
}

// The restartPolicy of the spec named `name`; only that field is read, so a healthy
// container's spec cannot fail the pod's parse over a field no diagnosis of it needs.
Expected<std::string> spec_restart_policy(const std::vector<JsonFieldReader>& specs,
                                          const std::string& name) {
  for (const auto& container_spec : specs) {
    KEXIT_ASSIGN(spec_name, container_spec.string_field("name"));
    if (spec_name == name) {
      return container_spec.string_field("restartPolicy");
    }
  }
  return std::string();
}

// The statuses' running containers: every app container, and the init containers whose spec
// makes them native sidecars (restartPolicy Always).
Status read_running(const JsonFieldReader& status, const JsonFieldReader& spec, PodFacts& pod) {
  for (auto [status_field, spec_field, kind] :
       {std::tuple{"initContainerStatuses", "initContainers", ContainerKind::kSidecar},
        std::tuple{"containerStatuses", "containers", ContainerKind::kRegular}}) {
    KEXIT_ASSIGN(statuses, status.object_list(status_field));
    KEXIT_ASSIGN(specs, spec.object_list(spec_field));
    for (const auto& container_status : statuses) {
      KEXIT_ASSIGN(state, container_status.object_field("state"));
      KEXIT_ASSIGN(running, state.object_field("running"));
      KEXIT_ASSIGN(started_at, running.string_field("startedAt"));
      if (started_at.empty()) {
        continue;
      }
      KEXIT_ASSIGN(name, container_status.string_field("name"));
      KEXIT_ASSIGN(restart_policy, spec_restart_policy(specs, name));
      if (kind == ContainerKind::kSidecar && restart_policy != "Always") {
        continue;
      }
      pod.running.push_back(RunningContainer{name, kind, started_at});
    }
  }
  return ok_status();
}

Status read_conditions(const JsonFieldReader& status, PodFacts& pod) {
  KEXIT_ASSIGN(conditions, status.object_list("conditions"));
  for (const auto& condition : conditions) {
    KEXIT_ASSIGN(type, condition.string_field("type"));
    KEXIT_ASSIGN(value, condition.string_field("status"));
    KEXIT_ASSIGN(reason, condition.string_field("reason"));
    KEXIT_ASSIGN(message, condition.string_field("message"));
    // The usual True conditions say nothing a diagnosis needs; False ones say what is
    // missing, and DisruptionTarget=True says who stopped the pod (preemption, taint manager,
    // eviction API, kubelet).
    if (value == "True" && type != "DisruptionTarget") {
      continue;
    }
    std::string text = type + "=" + value;
    text += reason.empty() ? "" : ": " + reason;
    text += message.empty() ? "" : ": " + message;
    pod.conditions.push_back(std::move(text));
  }
  return ok_status();
}

// The first regular container's spec, which a failure of the whole pod is reported against.
Status read_first_container(const JsonFieldReader& spec, PodFacts& pod) {
  KEXIT_ASSIGN(specs, spec.object_list("containers"));
  if (specs.empty()) {
    return ok_status();
  }
  KEXIT_ASSIGN(name, specs.front().string_field("name"));
  pod.first_container.name = name;
  return apply_spec(specs.front(), pod.first_container);
}

// kubectl always writes `kind`; hand-written pods often leave it out. Without it, a document
// is taken for a Pod only when it has containers or their statuses, so an arbitrary document
// is an input error rather than "no terminated container found".
bool looks_like_pod(const nlohmann::json& pod) {
  auto has_list = [&](const char* parent, const char* field) {
    auto it = pod.find(parent);
    return it != pod.end() && it->is_object() && it->contains(field) && it->at(field).is_array();
  };
  return has_list("spec", "containers") || has_list("status", "containerStatuses");
}

// The workload's own exit-code meanings. Read leniently: a bad annotation is a note, never an
// error, so it cannot cost the diagnosis.
void read_declared_exit_codes(const nlohmann::json& metadata, const std::string& where,
                              PodFacts& facts) {
  auto annotations = metadata.find("annotations");
  if (annotations == metadata.end() || !annotations->is_object()) {
    return;
  }
  auto value = annotations->find(kExitCodeMeaningsAnnotation);
  if (value == annotations->end()) {
    return;
  }
  const std::string place = where + ".annotations." + kExitCodeMeaningsAnnotation;
  DeclaredExitCodes declared =
      value->is_string() ? read_exit_code_meanings(value->get<std::string>(), place)
                         : DeclaredExitCodes{{},
                                             {Error{"expected a string holding JSON; write it "
                                                    "as a quoted string; it is ignored",
                                                    place}}};
  facts.declared_exit_codes = std::move(declared.meanings);
  for (const auto& problem : declared.problems) {
    facts.evidence_notes.push_back(problem.to_string());
  }
}

}  // namespace

Expected<PodFacts> parse_pod(const nlohmann::json& pod, const std::string& source,
                             const std::string& path) {
  if (!pod.is_object()) {
    return Error{"expected a Pod object, got " + describe_json(pod), source + ":" + path};
  }
  JsonFieldReader root(pod, source, path);
  KEXIT_ASSIGN(kind, root.string_field("kind"));
  if (!kind.empty() && kind != "Pod") {
    return root.error_at(
        "kind", "expected a Pod, got \"" + kind + "\"; pass a pod (kubectl get pod NAME -o json)");
  }
  if (kind.empty() && !looks_like_pod(pod)) {
    return root.error_at("kind",
                         "no kind, and neither spec.containers nor status.containerStatuses: "
                         "not a Pod; pass a pod (kubectl get pod NAME -o json)");
  }
  PodFacts facts;
  KEXIT_ASSIGN(metadata, root.object_field("metadata"));
  KEXIT_ASSIGN(spec, root.object_field("spec"));
  KEXIT_ASSIGN(status, root.object_field("status"));
  KEXIT_ASSIGN(namespace_name, metadata.string_field("namespace"));
  KEXIT_ASSIGN(name, metadata.string_field("name"));
  KEXIT_ASSIGN(uid, metadata.string_field("uid"));
  KEXIT_ASSIGN(labels, metadata.string_map("labels"));
  KEXIT_ASSIGN(owners, metadata.object_list("ownerReferences"));
  facts.namespace_name = namespace_name.empty() ? "default" : namespace_name;
  facts.name = name;
  facts.uid = uid;
  facts.labels = std::move(labels);
  read_declared_exit_codes(metadata.object(), source + ":" + path + ".metadata", facts);
  for (const auto& owner : owners) {
    KEXIT_ASSIGN(owner_kind, owner.string_field("kind"));
    KEXIT_ASSIGN(owner_name, owner.string_field("name"));
    KEXIT_ASSIGN(owner_uid, owner.string_field("uid"));
    // The controller reference is the owner that matters; otherwise the first one.
    auto controller_field = owner.object().find("controller");
    bool controller = controller_field != owner.object().end() && controller_field->is_boolean() &&
                      controller_field->get<bool>();
    if (facts.owner_kind.empty() || controller) {
      facts.owner_kind = owner_kind;
      facts.owner_name = owner_name;
      facts.owner_uid = owner_uid;
    }
  }
  KEXIT_ASSIGN(node, spec.string_field("nodeName"));
  KEXIT_ASSIGN(restart_policy, spec.string_field("restartPolicy"));
  KEXIT_ASSIGN(phase, status.string_field("phase"));
  KEXIT_ASSIGN(reason, status.string_field("reason"));
  KEXIT_ASSIGN(message, status.string_field("message"));
  facts.node = node;
  facts.restart_policy = restart_policy;
  facts.phase = phase;
  facts.reason = reason;
  facts.message = message;
  for (auto [status_field, spec_field, container_kind] :
       {std::tuple{"initContainerStatuses", "initContainers", ContainerKind::kInit},
        std::tuple{"containerStatuses", "containers", ContainerKind::kRegular},
        std::tuple{"ephemeralContainerStatuses", "ephemeralContainers",
                   ContainerKind::kEphemeral}}) {
    KEXIT_CHECK(collect_statuses(status, spec, status_field, spec_field, container_kind, facts));
  }
  KEXIT_CHECK(read_waiting_for_init(status, facts));
  KEXIT_CHECK(read_running(status, spec, facts));
  KEXIT_CHECK(read_conditions(status, facts));
  KEXIT_CHECK(read_first_container(spec, facts));
  add_pod_failure(facts);
  return facts;
}

namespace {

bool is_kind(const json& document, const char* kind) {
  auto it = document.find("kind");
  return it != document.end() && it->is_string() && it->get_ref<const std::string&>() == kind;
}

// metadata.name, and the namespace ("default" when unset) when `with_namespace`; "" when the
// object has no name.
std::string object_key(const json& object, bool with_namespace) {
  const json* metadata = object.contains("metadata") ? &object["metadata"] : nullptr;
  if (metadata == nullptr || !metadata->is_object()) {
    return "";
  }
  std::string name = string_or_empty(*metadata, "name");
  std::string name_space = string_or_empty(*metadata, "namespace");
  if (name.empty() || !with_namespace) {
    return name;
  }
  return (name_space.empty() ? "default" : name_space) + "/" + name;
}

// A Node or a workload: kept for attach_node_and_job_context.
bool add_context_object(const json& object, PodObjects& objects) {
  if (is_kind(object, "Node")) {
    if (std::string name = object_key(object, false); !name.empty()) {
      objects.node_conditions[name] = abnormal_node_conditions(object);
    }
    return true;
  }
  auto kind = object.find("kind");
  if (kind == object.end() || !kind->is_string() || !is_owner_kind(kind->get<std::string>())) {
    return false;
  }
  if (!object_key(object, true).empty()) {
    objects.workloads.push_back(owner_summary(object));
  }
  return true;
}

// One object of a pod file: a Pod goes to `pods`, an Event (either API group) to `events`, a
// Node or workload to the context.
Status add_object(const json& object, const std::string& source, const std::string& path,
                  PodObjects& objects) {
  if (add_context_object(object, objects)) {
    return ok_status();
  }
  if (is_event_object(object)) {
    KEXIT_ASSIGN(event, parse_event(object, source, path));
    objects.events.push_back(std::move(event));
    return ok_status();
  }
  KEXIT_ASSIGN(pod, parse_pod(object, source, path));
  objects.pods.push_back(std::move(pod));
  return ok_status();
}

}  // namespace

Status add_pod_list_item(const json& item, const std::string& source, const std::string& prefix,
                         std::size_t index, PodObjects& objects) {
  return add_object(item, source, prefix + ".items[" + std::to_string(index) + "]", objects);
}

Status add_pod_document(const json& document, const std::string& source, const std::string& prefix,
                        PodObjects& objects) {
  if (!document.is_object() || !document.contains("items") || is_kind(document, "Pod")) {
    return add_object(document, source, prefix, objects);
  }
  const json& items = document["items"];
  if (!items.is_array()) {
    return Error{"expected a list, got " + describe_json(items), source + ":" + prefix + ".items"};
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    KEXIT_CHECK(add_pod_list_item(items[i], source, prefix, i, objects));
  }
  return ok_status();
}

Expected<PodObjects> parse_pod_objects(std::string_view text, const std::string& source) {
  KEXIT_ASSIGN(documents, parse_json_or_yaml(text, source));
  PodObjects objects;
  for (std::size_t d = 0; d < documents.size(); ++d) {
    // Several YAML documents are told apart as "#2" so errors point at the right one.
    std::string prefix = documents.size() > 1 ? "#" + std::to_string(d + 1) : "";
    KEXIT_CHECK(add_pod_document(documents[d], source, prefix, objects));
  }
  if (objects.pods.empty() && objects.events.empty() && objects.node_conditions.empty() &&
      objects.workloads.empty()) {
    return Error{"no Pod in the file; pass the output of kubectl get pod NAME -o json", source};
  }
  return objects;
}

Expected<std::vector<PodFacts>> parse_pods(std::string_view text, const std::string& source) {
  KEXIT_ASSIGN(objects, parse_pod_objects(text, source));
  if (objects.pods.empty()) {
    return Error{
        "only Events in the file; pass them with their pods (kubectl get pod,events "
        "-o json, or a second --file)",
        source};
  }
  attach_events(objects.pods, objects.events);
  attach_node_and_job_context(objects);
  return std::move(objects.pods);
}

}  // namespace kexit::kube
