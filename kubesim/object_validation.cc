#include "kubesim/object_validation.h"

#include <string>

#include "kubesim/pod_spec_location.h"
#include "kubesim/quantity.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

// apimachinery's validation.IsNegativeErrorMsg.
constexpr const char* kNegative = "must be greater than or equal to 0";
constexpr const char* kImmutable = "field is immutable";

std::string quantity_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::optional<long double> quantity_value(const json& value) {
  if (value.is_number()) {
    return value.get<long double>();
  }
  return value.is_string() ? parse_quantity(value.get<std::string>()) : std::nullopt;
}

// ValidateResourceRequirements: each quantity not negative, each request within its limit.
void check_resources(const json& resources, const std::string& path,
                     std::vector<FieldError>& errors) {
  json limits = resources.is_object() ? resources.value("limits", json::object()) : json::object();
  json requests =
      resources.is_object() ? resources.value("requests", json::object()) : json::object();
  for (const auto& [name, limit] : limits.items()) {
    auto value = quantity_value(limit);
    if (value && *value < 0) {
      errors.push_back(
          {path + ".limits[" + name + "]", json(quantity_text(limit)).dump(), kNegative});
    }
  }
  for (const auto& [name, request] : requests.items()) {
    std::string field = path + ".requests[" + name + "]";
    std::string shown = json(quantity_text(request)).dump();
    auto value = quantity_value(request);
    if (value && *value < 0) {
      errors.push_back({field, shown, kNegative});
    }
    auto limit = limits.find(name);
    if (limit == limits.end()) {
      continue;
    }
    auto limit_value = quantity_value(*limit);
    if (value && limit_value && *value > *limit_value) {
      errors.push_back(
          {field, shown,
           "must be less than or equal to " + name + " limit of " + quantity_text(*limit)});
    }
  }
}

// validateProbe: every count not negative; a liveness or startup probe succeeds after one
// success (successThreshold defaults to 1).
void check_probe(const json& probe, const std::string& name, const std::string& path,
                 std::vector<FieldError>& errors) {
  for (const char* field : {"initialDelaySeconds", "timeoutSeconds", "periodSeconds",
                            "successThreshold", "failureThreshold"}) {
    const json& value = probe.value(field, json());
    if (value.is_number_integer() && value.get<long long>() < 0) {
      errors.push_back({path + "." + field, value.dump(), kNegative});
    }
  }
  const json& success = probe.value("successThreshold", json());
  if (name != "readinessProbe" && success.is_number_integer() && success.get<long long>() != 1) {
    errors.push_back({path + ".successThreshold", success.dump(), "must be 1"});
  }
}

void check_pod_spec(const json& spec, const std::string& path, std::vector<FieldError>& errors) {
  for (const char* list : {"initContainers", "containers"}) {
    if (!spec.contains(list) || !spec[list].is_array()) {
      continue;
    }
    for (std::size_t index = 0; index < spec[list].size(); ++index) {
      const json& container = spec[list][index];
      std::string container_path = path + "." + list + "[" + std::to_string(index) + "]";
      if (!container.is_object()) {
        continue;
      }
      check_resources(container.value("resources", json()), container_path + ".resources", errors);
      for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
        if (container.contains(probe) && container[probe].is_object()) {
          check_probe(container[probe], probe, container_path + "." + probe, errors);
        }
      }
    }
  }
}

// validateJobSpec: a podFailurePolicy decides on a pod's failure, which a container restarted
// in place (OnFailure) never reports.
void check_job_spec(const json& job_spec, const std::string& path,
                    std::vector<FieldError>& errors) {
  if (!job_spec.is_object() || job_spec.value("podFailurePolicy", json()).is_null()) {
    return;
  }
  const json* restart = value_at(job_spec, {"template", "spec", "restartPolicy"});
  std::string policy = (restart != nullptr && restart->is_string()) ? restart->get<std::string>()
                                                                    : std::string("Always");
  if (policy != "Never") {
    errors.push_back({path + ".template.spec.restartPolicy", json(policy).dump(),
                      "only \"Never\" is supported when podFailurePolicy is specified"});
  }
}

// ValidateJobSpecUpdate: a running Job's pods are made from its template, so the template and
// the policy that judges them cannot change under it.
void check_job_update(const json& job, const json& old_job, std::vector<FieldError>& errors) {
  json spec = job.value("spec", json::object());
  json old_spec = old_job.value("spec", json::object());
  if (spec.value("template", json()) != old_spec.value("template", json())) {
    errors.push_back({"spec.template", "core.PodTemplateSpec{...}", kImmutable});
  }
  json policy = spec.value("podFailurePolicy", json());
  if (policy != old_spec.value("podFailurePolicy", json())) {
    errors.push_back({"spec.podFailurePolicy",
                      policy.is_null() ? "null" : "batch.PodFailurePolicy{...}", kImmutable});
  }
}

}  // namespace

std::vector<FieldError> validate_object(const ResourceType& type, const json& object,
                                        const json* old_object) {
  std::vector<FieldError> errors;
  if (auto location = pod_spec_location(type.kind)) {
    const json* spec = value_at(object, location->keys);
    if (spec != nullptr && spec->is_object()) {
      check_pod_spec(*spec, location->path, errors);
    }
  }
  if (auto location = job_spec_location(type.kind)) {
    const json* job_spec = value_at(object, location->keys);
    if (job_spec != nullptr) {
      check_job_spec(*job_spec, location->path, errors);
    }
  }
  if (type.kind == "Job" && old_object != nullptr) {
    check_job_update(object, *old_object, errors);
  }
  return errors;
}

}  // namespace kexit::kubesim
