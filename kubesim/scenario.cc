#include "kubesim/scenario.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/file_reading.h"
#include "base/structured_text.h"
#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

const std::set<std::string> kActions = {"create",  "start",   "log",   "terminate",
                                        "backoff", "restart", "wait",  "event",
                                        "fail",    "reject",  "evict", "delete"};
const char* const kActionList =
    "create, start, log, terminate, backoff, restart, wait, event, fail, reject, evict, delete";

// Actions of top-level steps, on any object.
const std::set<std::string> kObjectActions = {"patch", "event"};

// Actions that act on one container, and must name it when the pod has several.
const std::set<std::string> kContainerActions = {"log", "terminate", "backoff", "restart", "wait"};

// What `fail` does to the containers still running.
const std::set<std::string> kFailContainers = {"unknown", "sigterm", "sigkill", "unchanged"};

Expected<std::chrono::milliseconds> parse_at(const json& value, const std::string& where) {
  if (value.is_number()) {
    return std::chrono::milliseconds(static_cast<long long>(value.get<double>() * 1000));
  }
  if (!value.is_string()) {
    return Error{"`at` must be a duration such as \"2s\" or \"1m30s\"", where};
  }
  auto duration = parse_duration(value.get<std::string>());
  if (!duration) {
    return Error{duration.error().message, where};
  }
  return duration.value();
}

// The arguments each action takes: name -> is it an integer (else a string).
const std::map<std::string, std::map<std::string, bool>>& action_arguments() {
  static const std::map<std::string, std::map<std::string, bool>> kArguments = {
      {"create", {}},
      {"start", {{"container", false}, {"log", false}}},
      {"log", {{"container", false}, {"text", false}}},
      {"terminate",
       {{"container", false},
        {"exitCode", true},
        {"reason", false},
        {"message", false},
        {"signal", true},
        {"log", false}}},
      {"backoff", {{"container", false}, {"restartCount", true}}},
      {"restart", {{"container", false}, {"log", false}}},
      {"wait", {{"container", false}, {"reason", false}, {"message", false}}},
      {"event",
       {{"type", false},
        {"reason", false},
        {"message", false},
        {"fieldPath", false},
        {"component", false}}},
      {"fail",
       {{"reason", false}, {"message", false}, {"containers", false}, {"disruption", false}}},
      {"reject", {{"reason", false}, {"message", false}}},
      {"evict", {{"message", false}}},
      {"delete", {}},
  };
  return kArguments;
}

Status check_arguments(const std::string& action, const json& arguments, const std::string& where) {
  const auto& allowed = action_arguments().at(action);
  for (const auto& [key, value] : arguments.items()) {
    auto found = allowed.find(key);
    if (found == allowed.end()) {
      std::string names;
      for (const auto& [name, integer] : allowed) {
        names += (names.empty() ? "" : ", ") + name;
      }
      return Error{"unknown argument \"" + key + "\" for " + action + "; it takes " +
                       (names.empty() ? std::string("none") : names),
                   where};
    }
    if (found->second ? !value.is_number_integer() : !value.is_string()) {
      return Error{key + " must be " + (found->second ? "an integer" : "a string"), where};
    }
  }
  return ok_status();
}

bool has_container(const json& spec, const std::string& name) {
  for (const char* list : {"containers", "initContainers"}) {
    if (spec.contains(list) && spec[list].is_array()) {
      for (const auto& container : spec[list]) {
        if (container.value("name", "") == name) {
          return true;
        }
      }
    }
  }
  return false;
}

Status parse_header(const json& document, const std::string& source, Scenario& scenario) {
  if (document.value("kind", "Scenario") != "Scenario") {
    return Error{"kind must be Scenario", source};
  }
  if (document.contains("metadata") && document["metadata"].is_object()) {
    scenario.name = document["metadata"].value("name", "");
    scenario.description = document["metadata"].value("description", "");
  }
  if (document.contains("kubeletEvents")) {
    if (!document["kubeletEvents"].is_boolean()) {
      return Error{"kubeletEvents must be true or false", source + ": kubeletEvents"};
    }
    scenario.kubelet_events = document["kubeletEvents"].get<bool>();
  }
  if (document.contains("namespaces")) {
    for (const auto& name : document["namespaces"]) {
      if (!name.is_string()) {
        return Error{"namespaces must be a list of names", source + ": namespaces"};
      }
      scenario.namespaces.push_back(name.get<std::string>());
    }
  }
  return ok_status();
}

Status parse_objects(const json& document, const std::string& source, Scenario& scenario) {
  if (!document.contains("objects")) {
    return ok_status();
  }
  if (!document["objects"].is_array()) {
    return Error{"objects must be a list of Kubernetes objects", source + ": objects"};
  }
  for (std::size_t i = 0; i < document["objects"].size(); ++i) {
    const json& object = document["objects"][i];
    std::string where = source + ": objects[" + std::to_string(i) + "]";
    if (!object.is_object() || !object.contains("apiVersion") || !object.contains("kind") ||
        !object.contains("metadata")) {
      return Error{"an object needs apiVersion, kind and metadata", where};
    }
    scenario.objects.push_back(object);
  }
  return ok_status();
}

// `at:` and exactly one action of `actions` among the step's other keys (`extra` allowed).
Status read_action(const json& item, const std::set<std::string>& actions, const char* list,
                   const std::set<std::string>& extra, const std::string& where,
                   ScenarioStep& step) {
  if (!item.is_object() || !item.contains("at")) {
    return Error{"a step needs `at:` and one action", where};
  }
  KEXIT_ASSIGN(at, parse_at(item["at"], where + ".at"));
  step.at = at;
  step.where = where;
  for (const auto& [key, value] : item.items()) {
    if (key == "at" || extra.count(key) != 0) {
      continue;
    }
    if (actions.count(key) == 0 || !step.action.empty()) {
      return Error{"unknown or second action \"" + key + "\"; one of " + list, where};
    }
    step.action = key;
    step.arguments = value.is_null() ? json::object() : value;
  }
  if (step.action.empty()) {
    return Error{"a step needs one action besides `at:`", where};
  }
  if (!step.arguments.is_object()) {
    return Error{"the arguments of " + step.action + " must be a mapping (use {} for none)", where};
  }
  return ok_status();
}

Expected<ScenarioStep> parse_pod_step(const json& item, const ScenarioPod& pod,
                                      std::size_t pod_index, const std::string& where) {
  ScenarioStep step;
  step.pod = pod_index;
  if (auto read = read_action(item, kActions, kActionList, {}, where, step); !read) {
    return read.error();
  }
  std::string container = step.arguments.value("container", "");
  if (!container.empty() && !has_container(pod.spec, container)) {
    return Error{"no container \"" + container + "\" in this pod", where};
  }
  if (container.empty() && kContainerActions.count(step.action) != 0 &&
      pod.spec["containers"].size() != 1) {
    return Error{step.action + " needs `container:` when a pod has several", where};
  }
  if (auto checked = check_arguments(step.action, step.arguments, where); !checked) {
    return checked.error();
  }
  std::string containers = step.arguments.value("containers", "unknown");
  if (step.action == "fail" && kFailContainers.count(containers) == 0) {
    return Error{"containers must be unknown, sigterm, sigkill or unchanged", where};
  }
  if (step.action == "reject" && step.arguments.value("reason", "").empty()) {
    return Error{"reject needs the kubelet's reason (OutOfcpu, NodeAffinity, ...)", where};
  }
  return step;
}

Expected<ScenarioPod> parse_pod_header(const json& entry, const std::string& where) {
  if (!entry.is_object() || !entry.contains("metadata") || !entry["metadata"].is_object() ||
      entry["metadata"].value("name", "").empty()) {
    return Error{"a pod needs metadata.name", where};
  }
  ScenarioPod pod;
  pod.metadata = entry["metadata"];
  if (pod.metadata.value("namespace", "").empty()) {
    pod.metadata["namespace"] = "default";
  }
  pod.spec = entry.value("spec", json::object());
  if (!pod.spec.contains("containers") || !pod.spec["containers"].is_array() ||
      pod.spec["containers"].empty()) {
    return Error{"a pod needs spec.containers with at least one container", where};
  }
  for (const auto& container : pod.spec["containers"]) {
    if (container.value("name", "").empty() || container.value("image", "").empty()) {
      return Error{"every container needs a name and an image", where + ".spec.containers"};
    }
  }
  return pod;
}

Status parse_pods(const json& document, const std::string& source, Scenario& scenario) {
  if (!document.contains("pods") || !document["pods"].is_array()) {
    return Error{"a scenario needs a `pods:` list", source};
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < document["pods"].size(); ++i) {
    const json& entry = document["pods"][i];
    std::string where = source + ": pods[" + std::to_string(i) + "]";
    KEXIT_ASSIGN(pod, parse_pod_header(entry, where));
    std::string key = pod.metadata["namespace"].get<std::string>() + "/" +
                      pod.metadata["name"].get<std::string>();
    if (!seen.insert(key).second) {
      return Error{"pod " + key + " appears twice", where};
    }
    const json timeline = entry.value("timeline", json::array());
    if (!timeline.is_array() || timeline.empty()) {
      return Error{"a pod needs a `timeline:` list of steps", where};
    }
    for (std::size_t j = 0; j < timeline.size(); ++j) {
      KEXIT_ASSIGN(step, parse_pod_step(timeline[j], pod, scenario.pods.size(),
                                        where + ".timeline[" + std::to_string(j) + "]"));
      scenario.steps.push_back(std::move(step));
    }
    scenario.pods.push_back(std::move(pod));
  }
  return ok_status();
}

Status check_object_reference(const json& object, const std::string& where) {
  if (!object.is_object()) {
    return Error{"a top-level step needs `object: {apiVersion, kind, namespace, name}`", where};
  }
  for (const auto& [key, value] : object.items()) {
    if (key != "apiVersion" && key != "kind" && key != "namespace" && key != "name") {
      return Error{"unknown field \"" + key + "\" in object; it takes apiVersion, kind, " +
                       "namespace, name",
                   where};
    }
    if (!value.is_string()) {
      return Error{"object." + key + " must be a string", where};
    }
  }
  if (object.value("apiVersion", "").empty() || object.value("kind", "").empty() ||
      object.value("name", "").empty()) {
    return Error{"object needs apiVersion, kind and name", where};
  }
  return ok_status();
}

Expected<ScenarioStep> parse_object_step(const json& item, const std::string& where) {
  ScenarioStep step;
  if (auto read =
          read_action(item, kObjectActions, "patch, event", {"object", "manager"}, where, step);
      !read) {
    return read.error();
  }
  step.object = item.value("object", json());
  if (auto checked = check_object_reference(step.object, where); !checked) {
    return checked.error();
  }
  if (item.contains("manager")) {
    if (step.action != "patch" || !item["manager"].is_string()) {
      return Error{"manager is a string, and only for patch", where};
    }
    step.manager = item["manager"].get<std::string>();
  }
  if (step.action == "event") {
    if (auto checked = check_arguments("event", step.arguments, where); !checked) {
      return checked.error();
    }
  }
  return step;
}

Status parse_top_level_steps(const json& document, const std::string& source, Scenario& scenario) {
  if (!document.contains("steps")) {
    return ok_status();
  }
  if (!document["steps"].is_array()) {
    return Error{"steps must be a list", source + ": steps"};
  }
  for (std::size_t i = 0; i < document["steps"].size(); ++i) {
    KEXIT_ASSIGN(step, parse_object_step(document["steps"][i],
                                         source + ": steps[" + std::to_string(i) + "]"));
    scenario.steps.push_back(std::move(step));
  }
  return ok_status();
}

}  // namespace

Expected<Scenario> parse_scenario(std::string_view text, const std::string& source) {
  auto documents = parse_yaml_documents(text, source);
  if (!documents) {
    return documents.error();
  }
  if (documents->size() != 1 || !documents->front().is_object()) {
    return Error{
        "a scenario is one YAML mapping with `pods:` and optional `objects:`; see "
        "kubesim/README.md",
        source};
  }
  const json& document = documents->front();
  Scenario scenario;
  for (auto part : {parse_header, parse_objects, parse_pods, parse_top_level_steps}) {
    if (auto parsed = part(document, source, scenario); !parsed) {
      return parsed.error();
    }
  }
  std::stable_sort(scenario.steps.begin(), scenario.steps.end(),
                   [](const ScenarioStep& a, const ScenarioStep& b) { return a.at < b.at; });
  return scenario;
}

Expected<Scenario> load_scenario(const std::string& path) {
  KEXIT_ASSIGN(text, read_file(path));
  return parse_scenario(text, path);
}

}  // namespace kexit::kubesim
