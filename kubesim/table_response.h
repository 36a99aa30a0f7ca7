#pragma once
// A meta.k8s.io Table answer: column definitions plus one row per object, each row carrying
// the object as `includeObject` asks (PartialObjectMetadata by default, the full object, or
// nothing).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kubesim/api_resource.h"
#include "kubesim/cluster.h"

namespace kexit::kubesim {

struct TableFormat {
  std::string version = "v1";               // meta.k8s.io version
  std::string include_object = "Metadata";  // None, Metadata or Object
};

nlohmann::json make_table(const Cluster& cluster, const ResourceType& type,
                          const std::vector<ObjectPtr>& objects, const TableFormat& format,
                          nlohmann::json list_metadata);

}  // namespace kexit::kubesim
