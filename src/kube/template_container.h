#pragma once
// TemplateContainer: one container of a workload owner's pod template as a fix addresses it,
// by its index in the template's `containers` (a JSON patch's path), read from the owner's
// object rather than from the pod, whose containers may be listed in another order or come
// from an older template.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kexit::kube {

// A probe's timing as the template sets it, with the API server's defaults for unset fields.
struct TemplateProbe {
  int initial_delay_seconds = 0;
  int period_seconds = 10;
  int failure_threshold = 3;

  // How long after the start the probe kills a container that never passes it.
  // In long long: a file may hold any int, and the product must not overflow.
  long long budget_seconds() const {
    return static_cast<long long>(initial_delay_seconds) +
           static_cast<long long>(period_seconds) * failure_threshold;
  }
  bool operator==(const TemplateProbe&) const = default;
};

struct TemplateContainer {
  std::string name;
  std::size_t index = 0;
  std::optional<TemplateProbe> liveness_probe;
  std::optional<TemplateProbe> startup_probe;
  // resources.requests.memory as the template writes it; "" when it sets none. A limit the fix
  // sets must not go below it, and it may differ from the pod's when the template has changed.
  std::string memory_request;
  // resources.limits.memory as the template writes it; "". A pod made before the template's
  // last change may have a lower limit: a fix sized from the pod's must not lower the template's.
  std::string memory_limit;

  bool operator==(const TemplateContainer&) const = default;
};

// The containers of the pod template at `pod_spec` (a template's `spec`), in order; an entry
// that is not an object or has no name is skipped but keeps its index.
std::vector<TemplateContainer> template_containers(const nlohmann::json& pod_spec);

// The container named `name`, or nullptr.
const TemplateContainer* find_template_container(const std::vector<TemplateContainer>& containers,
                                                 const std::string& name);

}  // namespace kexit::kube
