#pragma once
// Where a kind keeps its pod spec (a Pod's `spec`, a Deployment's `spec.template.spec`, a
// CronJob's `spec.jobTemplate.spec.template.spec`), for the checks that read containers.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kexit::kubesim {

struct PodSpecLocation {
  std::vector<std::string> keys;  // to walk from the object
  std::string path;               // as field paths print it: "spec.template.spec"
};

// nullopt for kinds without a pod spec.
std::optional<PodSpecLocation> pod_spec_location(std::string_view kind);

// Where a Job or a CronJob keeps its JobSpec: "spec" or "spec.jobTemplate.spec".
std::optional<PodSpecLocation> job_spec_location(std::string_view kind);

// The value at `keys`, or nullptr when a key is missing or a step is not an object.
const nlohmann::json* value_at(const nlohmann::json& object, const std::vector<std::string>& keys);

}  // namespace kexit::kubesim
