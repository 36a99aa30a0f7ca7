#pragma once
// What differs between two pod templates (a Deployment's previous and current ReplicaSet), as
// short sentences: images, env names, resources, command and args, and the Secrets the template
// refers to (names and keys, `checksum/*` annotations) without ever reading a Secret.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kexit::kube {

// One sentence per difference, in container order, then the template-wide ones; empty when the
// templates agree on everything compared. `before` and `after` are `spec.template` objects.
std::vector<std::string> diff_pod_templates(const nlohmann::json& before,
                                            const nlohmann::json& after);

// The ConfigMaps a pod spec mounts (volumes, projected volumes) or reads through env and
// envFrom, sorted, each once.
std::vector<std::string> referenced_config_maps(const nlohmann::json& pod_spec);

}  // namespace kexit::kube
