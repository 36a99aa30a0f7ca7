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

const std::set<std::string> kActions = {"create",  "start", "log",   "terminate", "backoff",
                                        "restart", "wait",  "event", "evict",     "delete"};

// Actions that act on one container, and must name it when the pod has several.
const std::set<std::string> kContainerActions = {"log", "terminate", "backoff", "restart", "wait"};

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
  if (document.contains("objects")) {
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
  }
  if (!document.contains("pods") || !document["pods"].is_array()) {
    return Error{"a scenario needs a `pods:` list", source};
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < document["pods"].size(); ++i) {
    const json& entry = document["pods"][i];
    std::string where = source + ": pods[" + std::to_string(i) + "]";
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
      const json& item = timeline[j];
      std::string step_where = where + ".timeline[" + std::to_string(j) + "]";
      if (!item.is_object() || !item.contains("at")) {
        return Error{"a step needs `at:` and one action", step_where};
      }
      ScenarioStep step;
      step.pod = scenario.pods.size();
      step.where = step_where;
      auto at = parse_at(item["at"], step_where + ".at");
      if (!at) {
        return at.error();
      }
      step.at = *at;
      for (const auto& [key_name, value] : item.items()) {
        if (key_name == "at") {
          continue;
        }
        if (kActions.count(key_name) == 0 || !step.action.empty()) {
          return Error{"unknown or second action \"" + key_name +
                           "\"; one of create, start, log, terminate, backoff, restart, wait, "
                           "event, evict, delete",
                       step_where};
        }
        step.action = key_name;
        step.arguments = value.is_null() ? json::object() : value;
      }
      if (step.action.empty()) {
        return Error{"a step needs one action besides `at:`", step_where};
      }
      if (!step.arguments.is_object()) {
        return Error{"the arguments of " + step.action + " must be a mapping (use {} for none)",
                     step_where};
      }
      std::string container = step.arguments.value("container", "");
      if (!container.empty() && !has_container(pod.spec, container)) {
        return Error{"no container \"" + container + "\" in this pod", step_where};
      }
      if (container.empty() && kContainerActions.count(step.action) != 0 &&
          pod.spec["containers"].size() != 1) {
        return Error{step.action + " needs `container:` when a pod has several", step_where};
      }
      if (auto checked = check_arguments(step.action, step.arguments, step_where); !checked) {
        return checked.error();
      }
      scenario.steps.push_back(std::move(step));
    }
    scenario.pods.push_back(std::move(pod));
  }
  std::stable_sort(scenario.steps.begin(), scenario.steps.end(),
                   [](const ScenarioStep& a, const ScenarioStep& b) { return a.at < b.at; });
  return scenario;
}

Expected<Scenario> load_scenario(const std::string& path) {
  auto text = read_file(path);
  if (!text) {
    return text.error();
  }
  return parse_scenario(*text, path);
}

}  // namespace kexit::kubesim
