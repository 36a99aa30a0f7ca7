#include "kubesim/table_printer.h"

#include <algorithm>
#include <optional>
#include <string>

#include "base/text.h"
#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

const char* const kNameDescription =
    "Name must be unique within a namespace. Is required when creating resources, although some "
    "resources may allow a client to request the generation of an appropriate name "
    "automatically. Name is primarily intended for creation idempotence and configuration "
    "definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
const char* const kAgeDescription =
    "CreationTimestamp is a timestamp representing the server time when this object was created. "
    "It is not guaranteed to be set in happens-before order across separate operations. Clients "
    "may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by "
    "the system. Read-only. Null for lists. More info: "
    "https://git.k8s.io/community/contributors/devel/sig-architecture/"
    "api-conventions.md#metadata";

json column(const char* name, const char* type, const char* description, int priority = 0,
            const char* format = "") {
  return {{"name", name},
          {"type", type},
          {"format", format},
          {"description", description},
          {"priority", priority}};
}

json name_column() { return column("Name", "string", kNameDescription, 0, "name"); }
json age_column() { return column("Age", "string", kAgeDescription); }

const json& at(const json& object, std::initializer_list<const char*> path) {
  static const json kNull;
  const json* node = &object;
  for (const char* key : path) {
    if (!node->is_object()) {
      return kNull;
    }
    auto it = node->find(key);
    if (it == node->end()) {
      return kNull;
    }
    node = &*it;
  }
  return *node;
}

std::string text_at(const json& object, std::initializer_list<const char*> path) {
  const json& value = at(object, path);
  return value.is_string() ? value.get<std::string>() : "";
}

long long number_at(const json& object, std::initializer_list<const char*> path) {
  const json& value = at(object, path);
  return value.is_number() ? value.get<long long>() : 0;
}

std::optional<TimePoint> time_at(const json& object, std::initializer_list<const char*> path) {
  const json& value = at(object, path);
  if (!value.is_string()) {
    return std::nullopt;
  }
  return parse_time(value.get<std::string>());
}

std::string age(const json& object, TimePoint now) {
  return age_since(time_at(object, {"metadata", "creationTimestamp"}), now);
}

bool condition_true(const json& conditions, std::string_view type) {
  if (!conditions.is_array()) {
    return false;
  }
  for (const auto& condition : conditions) {
    if (text_at(condition, {"type"}) == type) {
      return text_at(condition, {"status"}) == "True";
    }
  }
  return false;
}

bool is_restartable_init(const json& pod, const std::string& name) {
  const json& init = at(pod, {"spec", "initContainers"});
  if (!init.is_array()) {
    return false;
  }
  for (const auto& container : init) {
    if (text_at(container, {"name"}) == name) {
      return text_at(container, {"restartPolicy"}) == "Always";
    }
  }
  return false;
}

// What printers.go printPod accumulates over the container statuses.
struct PodStatusTally {
  std::string reason;
  long long restarts = 0;
  long long restartable_init_restarts = 0;
  long long ready = 0;
  std::optional<TimePoint> last_restart;
  std::optional<TimePoint> last_restartable_init_restart;
  bool initializing = false;
};

void keep_later(std::optional<TimePoint>& latest, const std::optional<TimePoint>& candidate) {
  if (candidate && (!latest || *latest < *candidate)) {
    latest = candidate;
  }
}

bool flag_at(const json& object, const char* key) {
  const json& value = at(object, {key});
  return value.is_boolean() && value.get<bool>();
}

// Regular containers plus native sidecars (restartable init containers).
long long total_containers(const json& pod) {
  const json& containers = at(pod, {"spec", "containers"});
  long long total = containers.is_array() ? static_cast<long long>(containers.size()) : 0;
  const json& init_containers = at(pod, {"spec", "initContainers"});
  if (init_containers.is_array()) {
    for (const auto& container : init_containers) {
      if (text_at(container, {"restartPolicy"}) == "Always") {
        ++total;
      }
    }
  }
  return total;
}

// The status reason, else the phase; SchedulingGated wins over both.
std::string initial_reason(const json& pod) {
  std::string reason = text_at(pod, {"status", "reason"});
  if (reason.empty()) {
    reason = text_at(pod, {"status", "phase"});
  }
  const json& conditions = at(pod, {"status", "conditions"});
  if (conditions.is_array()) {
    for (const auto& condition : conditions) {
      if (text_at(condition, {"type"}) == "PodScheduled" &&
          text_at(condition, {"reason"}) == "SchedulingGated") {
        reason = "SchedulingGated";
      }
    }
  }
  return reason;
}

// "Init:Error", "Init:ExitCode:1", "Init:Signal:9", "Init:CrashLoopBackOff" or "Init:1/3".
std::string init_reason(const json& status, long long index, long long init_count) {
  const json& terminated = at(status, {"state", "terminated"});
  const json& waiting = at(status, {"state", "waiting"});
  if (terminated.is_object()) {
    std::string reason = text_at(terminated, {"reason"});
    if (!reason.empty()) {
      return "Init:" + reason;
    }
    long long signal = number_at(terminated, {"signal"});
    return signal != 0 ? "Init:Signal:" + std::to_string(signal)
                       : "Init:ExitCode:" + std::to_string(number_at(terminated, {"exitCode"}));
  }
  if (waiting.is_object() && !text_at(waiting, {"reason"}).empty() &&
      text_at(waiting, {"reason"}) != "PodInitializing") {
    return "Init:" + text_at(waiting, {"reason"});
  }
  return "Init:" + std::to_string(index) + "/" + std::to_string(init_count);
}

void tally_init_statuses(const json& pod, PodStatusTally& tally) {
  const json& init_containers = at(pod, {"spec", "initContainers"});
  const json& statuses = at(pod, {"status", "initContainerStatuses"});
  long long init_count =
      init_containers.is_array() ? static_cast<long long>(init_containers.size()) : 0;
  if (!statuses.is_array()) {
    return;
  }
  long long index = 0;
  for (const auto& status : statuses) {
    auto finished = time_at(status, {"lastState", "terminated", "finishedAt"});
    tally.restarts += number_at(status, {"restartCount"});
    keep_later(tally.last_restart, finished);
    bool restartable = is_restartable_init(pod, text_at(status, {"name"}));
    if (restartable) {
      tally.restartable_init_restarts += number_at(status, {"restartCount"});
      keep_later(tally.last_restartable_init_restart, finished);
    }
    const json& terminated = at(status, {"state", "terminated"});
    if (terminated.is_object() && number_at(terminated, {"exitCode"}) == 0) {
      ++index;
      continue;
    }
    if (restartable && flag_at(status, "started")) {
      tally.ready += flag_at(status, "ready") ? 1 : 0;
      ++index;
      continue;
    }
    tally.reason = init_reason(status, index, init_count);
    tally.initializing = true;
    return;
  }
}

// Later containers' reasons win, as printPod walks the statuses backwards.
void tally_container_statuses(const json& pod, PodStatusTally& tally) {
  tally.restarts = tally.restartable_init_restarts;
  tally.last_restart = tally.last_restartable_init_restart;
  bool has_running = false;
  const json& statuses = at(pod, {"status", "containerStatuses"});
  if (statuses.is_array()) {
    for (auto it = statuses.rbegin(); it != statuses.rend(); ++it) {
      const json& status = *it;
      tally.restarts += number_at(status, {"restartCount"});
      keep_later(tally.last_restart, time_at(status, {"lastState", "terminated", "finishedAt"}));
      const json& waiting = at(status, {"state", "waiting"});
      const json& terminated = at(status, {"state", "terminated"});
      if (waiting.is_object() && !text_at(waiting, {"reason"}).empty()) {
        tally.reason = text_at(waiting, {"reason"});
      } else if (terminated.is_object() && !text_at(terminated, {"reason"}).empty()) {
        tally.reason = text_at(terminated, {"reason"});
      } else if (terminated.is_object()) {
        long long signal = number_at(terminated, {"signal"});
        tally.reason = signal != 0
                           ? "Signal:" + std::to_string(signal)
                           : "ExitCode:" + std::to_string(number_at(terminated, {"exitCode"}));
      } else if (flag_at(status, "ready") && at(status, {"state", "running"}).is_object()) {
        has_running = true;
        ++tally.ready;
      }
    }
  }
  if (tally.reason == "Completed" && has_running) {
    const json& conditions = at(pod, {"status", "conditions"});
    tally.reason = condition_true(conditions, "Ready") ? "Running" : "NotReady";
  }
}

PodStatusTally tally_pod(const json& pod) {
  PodStatusTally tally;
  tally.reason = initial_reason(pod);
  tally_init_statuses(pod, tally);
  if (!tally.initializing || condition_true(at(pod, {"status", "conditions"}), "Initialized")) {
    tally_container_statuses(pod, tally);
  }
  std::string phase = text_at(pod, {"status", "phase"});
  bool deleting = at(pod, {"metadata", "deletionTimestamp"}).is_string();
  if (deleting && text_at(pod, {"status", "reason"}) == "NodeLost") {
    tally.reason = "Unknown";
  } else if (deleting && phase != "Succeeded" && phase != "Failed") {
    tally.reason = "Terminating";
  }
  return tally;
}

// "1/2": readiness gates whose condition is True, or <none>.
std::string readiness_gates_text(const json& pod) {
  const json& readiness_gates = at(pod, {"spec", "readinessGates"});
  if (!readiness_gates.is_array() || readiness_gates.empty()) {
    return "<none>";
  }
  const json& conditions = at(pod, {"status", "conditions"});
  long long true_count = 0;
  for (const auto& gate : readiness_gates) {
    if (condition_true(conditions, text_at(gate, {"conditionType"}))) {
      ++true_count;
    }
  }
  return std::to_string(true_count) + "/" + std::to_string(readiness_gates.size());
}

std::string or_none(std::string text) { return text.empty() ? "<none>" : text; }

// printers.go printPod, for the columns; see the Status algorithm there.
json pod_row(const json& pod, TimePoint now) {
  PodStatusTally tally = tally_pod(pod);
  std::string restarts_text = std::to_string(tally.restarts);
  if (tally.restarts != 0 && tally.last_restart) {
    restarts_text += " (" + human_duration(now - *tally.last_restart) + " ago)";
  }
  std::string ip;
  const json& pod_ips = at(pod, {"status", "podIPs"});
  if (pod_ips.is_array() && !pod_ips.empty()) {
    ip = text_at(pod_ips[0], {"ip"});
  }
  json row = {
      {"cells",
       {text_at(pod, {"metadata", "name"}),
        std::to_string(tally.ready) + "/" + std::to_string(total_containers(pod)), tally.reason,
        restarts_text, age(pod, now), or_none(ip), or_none(text_at(pod, {"spec", "nodeName"})),
        or_none(text_at(pod, {"status", "nominatedNodeName"})), readiness_gates_text(pod)}}};
  std::string phase = text_at(pod, {"status", "phase"});
  if (phase == "Succeeded" || phase == "Failed") {
    row["conditions"] =
        json::array({{{"type", "Completed"},
                      {"status", "True"},
                      {"reason", phase},
                      {"message", phase == "Succeeded" ? "The pod has completed successfully."
                                                       : "The pod has failed."}}});
  }
  return row;
}

std::string micro_age(const json& object, const char* key, TimePoint now) {
  return age_since(time_at(object, {key}), now);
}

// printers.go printEvent.
json event_row(const json& event, TimePoint now) {
  std::string first = time_at(event, {"firstTimestamp"}) ? micro_age(event, "firstTimestamp", now)
                                                         : micro_age(event, "eventTime", now);
  std::string last =
      time_at(event, {"lastTimestamp"}) ? micro_age(event, "lastTimestamp", now) : first;
  long long count = number_at(event, {"count"});
  if (at(event, {"series"}).is_object()) {
    last = age_since(time_at(event, {"series", "lastObservedTime"}), now);
    count = number_at(event, {"series", "count"});
  } else if (count == 0) {
    count = 1;
  }
  std::string kind = to_lower(text_at(event, {"involvedObject", "kind"}));
  std::string name = text_at(event, {"involvedObject", "name"});
  std::string target = name.empty() ? kind : kind + "/" + name;
  std::string component = text_at(event, {"source", "component"});
  if (component.empty()) {
    component = text_at(event, {"reportingComponent"});
  }
  std::string instance = text_at(event, {"source", "host"});
  if (instance.empty()) {
    instance = text_at(event, {"reportingInstance"});
  }
  std::string source = instance.empty() ? component : component + ", " + instance;
  return {{"cells",
           {last, text_at(event, {"type"}), text_at(event, {"reason"}), target,
            text_at(event, {"involvedObject", "fieldPath"}), source,
            std::string(trim(text_at(event, {"message"}))), first, count,
            text_at(event, {"metadata", "name"})}}};
}

std::string container_names(const json& containers) {
  std::vector<std::string> names;
  if (containers.is_array()) {
    for (const auto& container : containers) {
      names.push_back(text_at(container, {"name"}));
    }
  }
  return join(names, ",");
}

std::string container_images(const json& containers) {
  std::vector<std::string> images;
  if (containers.is_array()) {
    for (const auto& container : containers) {
      images.push_back(text_at(container, {"image"}));
    }
  }
  return join(images, ",");
}

// metav1.FormatLabelSelector for matchLabels/matchExpressions.
std::string selector_text(const json& selector) {
  std::vector<std::string> parts;
  const json& labels = at(selector, {"matchLabels"});
  if (labels.is_object()) {
    for (const auto& [key, value] : labels.items()) {
      parts.push_back(key + "=" + (value.is_string() ? value.get<std::string>() : value.dump()));
    }
  }
  const json& expressions = at(selector, {"matchExpressions"});
  if (expressions.is_array()) {
    for (const auto& expression : expressions) {
      std::string op = to_lower(text_at(expression, {"operator"}));
      std::string key = text_at(expression, {"key"});
      if (op == "exists") {
        parts.push_back(key);
      } else if (op == "doesnotexist") {
        parts.push_back("!" + key);
      } else {
        std::vector<std::string> values;
        for (const auto& value : at(expression, {"values"})) {
          values.push_back(value.is_string() ? value.get<std::string>() : value.dump());
        }
        parts.push_back(key + " " + op + " (" + join(values, ",") + ")");
      }
    }
  }
  return parts.empty() ? "<none>" : join(parts, ",");
}

json workload_row(std::string_view storage, const json& object, TimePoint now) {
  std::string name = text_at(object, {"metadata", "name"});
  const json& template_containers = at(object, {"spec", "template", "spec", "containers"});
  if (storage == "deployments.apps") {
    long long desired =
        at(object, {"spec", "replicas"}).is_number() ? number_at(object, {"spec", "replicas"}) : 1;
    return {{"cells",
             {name,
              std::to_string(number_at(object, {"status", "readyReplicas"})) + "/" +
                  std::to_string(desired),
              number_at(object, {"status", "updatedReplicas"}),
              number_at(object, {"status", "availableReplicas"}), age(object, now),
              container_names(template_containers), container_images(template_containers),
              selector_text(at(object, {"spec", "selector"}))}}};
  }
  if (storage == "replicasets.apps") {
    long long desired =
        at(object, {"spec", "replicas"}).is_number() ? number_at(object, {"spec", "replicas"}) : 1;
    return {{"cells",
             {name, desired, number_at(object, {"status", "replicas"}),
              number_at(object, {"status", "readyReplicas"}), age(object, now),
              container_names(template_containers), container_images(template_containers),
              selector_text(at(object, {"spec", "selector"}))}}};
  }
  if (storage == "statefulsets.apps") {
    long long desired =
        at(object, {"spec", "replicas"}).is_number() ? number_at(object, {"spec", "replicas"}) : 1;
    return {{"cells",
             {name,
              std::to_string(number_at(object, {"status", "readyReplicas"})) + "/" +
                  std::to_string(desired),
              age(object, now), container_names(template_containers),
              container_images(template_containers)}}};
  }
  // jobs.batch
  long long succeeded = number_at(object, {"status", "succeeded"});
  std::string completions;
  if (at(object, {"spec", "completions"}).is_number()) {
    completions = std::to_string(succeeded) + "/" +
                  std::to_string(number_at(object, {"spec", "completions"}));
  } else {
    long long parallelism = number_at(object, {"spec", "parallelism"});
    completions = parallelism > 1
                      ? std::to_string(succeeded) + "/1 of " + std::to_string(parallelism)
                      : std::to_string(succeeded) + "/1";
  }
  std::string duration;
  auto start = time_at(object, {"status", "startTime"});
  auto completion = time_at(object, {"status", "completionTime"});
  if (start) {
    duration = human_duration((completion ? *completion : now) - *start);
  }
  const json& conditions = at(object, {"status", "conditions"});
  std::string status = condition_true(conditions, "Complete")                      ? "Complete"
                       : condition_true(conditions, "Failed")                      ? "Failed"
                       : at(object, {"metadata", "deletionTimestamp"}).is_string() ? "Terminating"
                       : condition_true(conditions, "Suspended")                   ? "Suspended"
                       : condition_true(conditions, "FailureTarget")               ? "FailureTarget"
                                                                                   : "Running";
  return {
      {"cells",
       {name, status, completions, duration, age(object, now), container_names(template_containers),
        container_images(template_containers), selector_text(at(object, {"spec", "selector"}))}}};
}

// Rows of the objects `kubectl apply -k manifests/` creates: pkg/printers/internalversion
// printServiceAccount, printService, printConfigMap, printRole(Binding), printClusterRole(Binding).
json configuration_row(std::string_view storage, const json& object, TimePoint now) {
  std::string name = text_at(object, {"metadata", "name"});
  auto size_of = [&](std::initializer_list<const char*> path) -> long long {
    const json& value = at(object, path);
    return value.is_array() || value.is_object() ? static_cast<long long>(value.size()) : 0;
  };
  if (storage == "serviceaccounts") {
    return {{"cells", {name, size_of({"secrets"}), age(object, now)}}};
  }
  if (storage == "configmaps") {
    return {{"cells", {name, size_of({"data"}) + size_of({"binaryData"}), age(object, now)}}};
  }
  if (storage == "services") {
    std::string type = text_at(object, {"spec", "type"});
    std::vector<std::string> external;
    for (const auto& address : at(object, {"spec", "externalIPs"})) {
      external.push_back(address.is_string() ? address.get<std::string>() : "");
    }
    if (type == "ExternalName") {
      external = {text_at(object, {"spec", "externalName"})};
    }
    std::vector<std::string> ports;
    for (const auto& port : at(object, {"spec", "ports"})) {
      std::string text = std::to_string(number_at(port, {"port"}));
      if (number_at(port, {"nodePort"}) != 0) {
        text += ":" + std::to_string(number_at(port, {"nodePort"}));
      }
      std::string protocol = text_at(port, {"protocol"});
      ports.push_back(text + "/" + (protocol.empty() ? "TCP" : protocol));
    }
    std::string cluster_ip = text_at(object, {"spec", "clusterIP"});
    json selector = {{"matchLabels", at(object, {"spec", "selector"})}};
    return {
        {"cells",
         {name, type, cluster_ip.empty() ? "<none>" : cluster_ip,
          external.empty() ? "<none>" : join(external, ","),
          ports.empty() ? "<none>" : join(ports, ","), age(object, now), selector_text(selector)}}};
  }
  if (storage == "roles.rbac.authorization.k8s.io" ||
      storage == "clusterroles.rbac.authorization.k8s.io") {
    return {{"cells", {name, text_at(object, {"metadata", "creationTimestamp"})}}};
  }
  // role and cluster role bindings
  std::vector<std::string> users;
  std::vector<std::string> groups;
  std::vector<std::string> accounts;
  for (const auto& subject : at(object, {"subjects"})) {
    std::string kind = text_at(subject, {"kind"});
    std::string subject_name = text_at(subject, {"name"});
    if (kind == "User") {
      users.push_back(subject_name);
    } else if (kind == "Group") {
      groups.push_back(subject_name);
    } else if (kind == "ServiceAccount") {
      accounts.push_back(text_at(subject, {"namespace"}) + "/" + subject_name);
    }
  }
  return {{"cells",
           {name, text_at(object, {"roleRef", "kind"}) + "/" + text_at(object, {"roleRef", "name"}),
            age(object, now), join(users, ", "), join(groups, ", "), join(accounts, ", ")}}};
}

bool is_configuration(std::string_view storage) {
  return storage == "serviceaccounts" || storage == "configmaps" || storage == "services" ||
         storage == "roles.rbac.authorization.k8s.io" ||
         storage == "clusterroles.rbac.authorization.k8s.io" ||
         storage == "rolebindings.rbac.authorization.k8s.io" ||
         storage == "clusterrolebindings.rbac.authorization.k8s.io";
}

}  // namespace

bool has_table_printer(std::string_view storage) {
  return is_configuration(storage) || storage == "pods" || storage == "events" ||
         storage == "namespaces" || storage == "leases.coordination.k8s.io" ||
         storage == "deployments.apps" || storage == "replicasets.apps" ||
         storage == "statefulsets.apps" || storage == "jobs.batch";
}

namespace {

json pod_columns() {
  return json::array(
      {name_column(),
       column("Ready", "string",
              "The aggregate readiness state of this pod for accepting traffic."),
       column("Status", "string", "The aggregate status of the containers in this pod."),
       column("Restarts", "string",
              "The number of times the containers in this pod have been restarted and when the "
              "last container in this pod has restarted."),
       age_column(),
       column("IP", "string",
              "podIP address allocated to the pod. Routable at least within the cluster. Empty "
              "if not yet allocated.",
              1),
       column("Node", "string",
              "NodeName indicates in which node this pod is scheduled. If empty, this pod is a "
              "candidate for preemption by the scheduler.",
              1),
       column("Nominated Node", "string",
              "nominatedNodeName is set only when this pod preempts other pods on the node, but "
              "it cannot be scheduled right away as preemption victims receive their graceful "
              "termination periods.",
              1),
       column("Readiness Gates", "string",
              "If specified, all readiness gates will be evaluated for pod readiness.", 1)});
}

json event_columns() {
  return json::array(
      {column("Last Seen", "string",
              "The time at which the most recent occurrence of this event was recorded."),
       column("Type", "string",
              "Type of this event (Normal, Warning), new types could be added in the future"),
       column("Reason", "string",
              "This should be a short, machine understandable string that gives the reason for "
              "the transition into the object's current status."),
       column("Object", "string", "The object that this event is about."),
       column("Subobject", "string",
              "If referring to a piece of an object instead of an entire object, this string "
              "should contain a valid JSON/Go field access statement.",
              1),
       column("Source", "string",
              "The component reporting this event. Should be a short machine understandable "
              "string.",
              1),
       column("Message", "string", "A human-readable description of the status of this operation."),
       column("First Seen", "string",
              "The time at which the event was first recorded. (Time of server receipt is in "
              "TypeMeta.)",
              1),
       column("Count", "string", "The number of times this event has occurred.", 1),
       column("Name", "string", kNameDescription, 1, "name")});
}

// Namespaces, ServiceAccounts, ConfigMaps, Services, RBAC objects and Leases.
json configuration_columns(std::string_view storage) {
  if (storage == "namespaces") {
    return json::array(
        {name_column(), column("Status", "string", "The status of the namespace"), age_column()});
  }
  if (storage == "serviceaccounts") {
    return json::array({name_column(),
                        column("Secrets", "integer",
                               "Secrets is a list of the secrets in the same namespace that pods "
                               "running using this ServiceAccount are allowed to use."),
                        age_column()});
  }
  if (storage == "configmaps") {
    return json::array({name_column(),
                        column("Data", "integer", "Data contains the configuration data."),
                        age_column()});
  }
  if (storage == "services") {
    return json::array(
        {name_column(), column("Type", "string", "type determines how the Service is exposed."),
         column("Cluster-IP", "string", "clusterIP is the IP address of the service."),
         column("External-IP", "string",
                "List of IP addresses for which nodes also accept traffic."),
         column("Port(s)", "string", "The list of ports that are exposed by this service."),
         age_column(),
         column("Selector", "string",
                "Route service traffic to pods with label keys and values matching this selector.",
                1)});
  }
  if (storage == "roles.rbac.authorization.k8s.io" ||
      storage == "clusterroles.rbac.authorization.k8s.io") {
    return json::array({name_column(), column("Created At", "date", kAgeDescription)});
  }
  if (storage == "rolebindings.rbac.authorization.k8s.io" ||
      storage == "clusterrolebindings.rbac.authorization.k8s.io") {
    return json::array(
        {name_column(), column("Role", "string", ""), age_column(),
         column("Users", "string", "Users in the roleBinding", 1),
         column("Groups", "string", "Groups in the roleBinding", 1),
         column("ServiceAccounts", "string", "ServiceAccounts in the roleBinding", 1)});
  }
  if (storage == "leases.coordination.k8s.io") {
    return json::array(
        {name_column(),
         column("Holder", "string",
                "holderIdentity contains the identity of the holder of a current lease."),
         age_column()});
  }
  return json::array();
}

json workload_columns(std::string_view storage) {
  const char* containers = "Names of each container in the template.";
  const char* images = "Images referenced by each container in the template.";
  if (storage == "deployments.apps") {
    return json::array(
        {name_column(), column("Ready", "string", "Number of the pod with ready state"),
         column("Up-to-date", "string",
                "Total number of non-terminated pods targeted by this deployment that have the "
                "desired template spec."),
         column("Available", "string",
                "Total number of available pods (ready for at least minReadySeconds) targeted by "
                "this deployment."),
         age_column(), column("Containers", "string", containers, 1),
         column("Images", "string", images, 1),
         column("Selector", "string", "Label selector for pods.", 1)});
  }
  if (storage == "replicasets.apps") {
    return json::array(
        {name_column(), column("Desired", "integer", "Replicas is the number of desired replicas."),
         column("Current", "integer", "Replicas is the most recently observed number of replicas."),
         column("Ready", "integer", "The number of ready replicas for this replica set."),
         age_column(), column("Containers", "string", containers, 1),
         column("Images", "string", images, 1),
         column("Selector", "string", "Selector is a label query over pods.", 1)});
  }
  if (storage == "statefulsets.apps") {
    return json::array({name_column(),
                        column("Ready", "string", "Number of the pod with ready state"),
                        age_column(), column("Containers", "string", containers, 1),
                        column("Images", "string", images, 1)});
  }
  if (storage == "jobs.batch") {
    return json::array(
        {name_column(), column("Status", "string", "Status of the job."),
         column("Completions", "string", "The number of pods which reached phase Succeeded."),
         column("Duration", "string", "Time required to complete the job."), age_column(),
         column("Containers", "string", containers, 1), column("Images", "string", images, 1),
         column("Selector", "string", "A label query over pods that should match the pod count.",
                1)});
  }
  return json::array();
}

}  // namespace

json table_column_definitions(std::string_view storage) {
  if (storage == "pods") {
    return pod_columns();
  }
  if (storage == "events") {
    return event_columns();
  }
  json columns = configuration_columns(storage);
  return columns.empty() ? workload_columns(storage) : columns;
}

json table_row(std::string_view storage, const json& object, TimePoint now) {
  if (is_configuration(storage)) {
    return configuration_row(storage, object, now);
  }
  if (storage == "pods") {
    return pod_row(object, now);
  }
  if (storage == "events") {
    return event_row(object, now);
  }
  if (storage == "namespaces") {
    std::string phase = text_at(object, {"status", "phase"});
    return {{"cells",
             {text_at(object, {"metadata", "name"}), phase.empty() ? "Active" : phase,
              age(object, now)}}};
  }
  if (storage == "leases.coordination.k8s.io") {
    return {{"cells",
             {text_at(object, {"metadata", "name"}), text_at(object, {"spec", "holderIdentity"}),
              age(object, now)}}};
  }
  return workload_row(storage, object, now);
}

}  // namespace kexit::kubesim
