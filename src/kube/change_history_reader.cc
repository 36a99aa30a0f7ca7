#include "kube/change_history_reader.h"

#include "kube/api_paths.h"
#include "kube/owner_resolution.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

// The Deployment's ReplicaSets, by their controller reference: the Deployment's selector is not
// needed, and a ReplicaSet adopted by another Deployment is left out.
void read_replica_sets(ApiClient& client, const std::string& namespace_name,
                       const std::string& deployment, ChangeHistory& history) {
  auto listed =
      client.list_each(ResourcePath{"apps", "v1", "replicasets", namespace_name, "", ""}.str(), {},
                       [&](json&& replica_set) {
                         auto owner = controller_reference(replica_set);
                         if (owner && owner->kind == "Deployment" && owner->name == deployment) {
                           history.replica_sets.push_back(std::move(replica_set));
                         }
                         return ok_status();
                       });
  if (!listed) {
    history.notes.push_back("revisions not compared: the replicasets could not be listed (" +
                            listed.error().to_string() + "; needs list replicasets)");
  }
}

}  // namespace

ChangeHistory read_change_history(ApiClient& client, const std::string& namespace_name,
                                  const std::string& deployment,
                                  const std::vector<std::string>& config_maps) {
  ChangeHistory history;
  read_replica_sets(client, namespace_name, deployment, history);
  for (const auto& name : config_maps) {
    auto object =
        client.get_object(ResourcePath{"", "v1", "configmaps", namespace_name, name, ""}.str());
    if (object) {
      history.config_maps.push_back(std::move(*object));
    } else {
      history.notes.push_back("configmap " + name + " could not be read (" +
                              object.error().to_string() + "; needs get configmaps)");
    }
  }
  return history;
}

}  // namespace kexit::kube
