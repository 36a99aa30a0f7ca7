#include "kube/template_container.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

int integer_or(const json& object, const char* field, int fallback) {
  auto found = object.find(field);
  if (found == object.end() || !found->is_number_integer()) {
    return fallback;
  }
  return found->get<int>();
}

std::optional<TemplateProbe> probe_of(const json& container, const char* field) {
  auto found = container.find(field);
  if (found == container.end() || !found->is_object()) {
    return std::nullopt;
  }
  TemplateProbe defaults;
  // A zero is what the API server replaces with its default (SetDefaults_Probe), except for the
  // initial delay, whose default is zero.
  TemplateProbe probe;
  probe.initial_delay_seconds = integer_or(*found, "initialDelaySeconds", 0);
  probe.period_seconds = integer_or(*found, "periodSeconds", 0);
  probe.failure_threshold = integer_or(*found, "failureThreshold", 0);
  if (probe.period_seconds <= 0) {
    probe.period_seconds = defaults.period_seconds;
  }
  if (probe.failure_threshold <= 0) {
    probe.failure_threshold = defaults.failure_threshold;
  }
  return probe;
}

// resources.<kind>.memory ("requests" or "limits") as written, or "".
std::string memory_of(const json& container, const char* kind) {
  const json* node = &container;
  for (const char* field : {"resources", kind, "memory"}) {
    if (!node->is_object() || !node->contains(field)) {
      return "";
    }
    node = &(*node)[field];
  }
  return node->is_string() ? node->get<std::string>() : "";
}

}  // namespace

std::vector<TemplateContainer> template_containers(const json& pod_spec) {
  std::vector<TemplateContainer> containers;
  if (!pod_spec.is_object() || !pod_spec.contains("containers") ||
      !pod_spec["containers"].is_array()) {
    return containers;
  }
  const json& list = pod_spec["containers"];
  for (std::size_t index = 0; index < list.size(); ++index) {
    const json& container = list[index];
    if (!container.is_object() || !container.value("name", json()).is_string()) {
      continue;
    }
    containers.push_back({container["name"].get<std::string>(), index,
                          probe_of(container, "livenessProbe"), probe_of(container, "startupProbe"),
                          memory_of(container, "requests"), memory_of(container, "limits")});
  }
  return containers;
}

const TemplateContainer* find_template_container(const std::vector<TemplateContainer>& containers,
                                                 const std::string& name) {
  for (const auto& container : containers) {
    if (container.name == name) {
      return &container;
    }
  }
  return nullptr;
}

}  // namespace kexit::kube
