#pragma once
// Content negotiation from the Accept header: plain JSON, a meta.k8s.io Table
// (`as=Table;v=v1;g=meta.k8s.io`) or aggregated discovery
// (`as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io`), first acceptable wins.

#include <string>
#include <string_view>

namespace kexit::kubesim {

struct AcceptedFormat {
  enum class Kind { Json, Table, AggregatedDiscovery };
  Kind kind = Kind::Json;
  // Table: "v1" or "v1beta1"; aggregated discovery: "v2" or "v2beta1".
  std::string version;
};

// `table_possible`/`discovery_possible`: whether this endpoint can answer those forms at all;
// when it cannot, the request's JSON fallback is used (and kubectl copes, as with the real
// server for kinds without printers).
AcceptedFormat negotiate(std::string_view accept, bool table_possible, bool discovery_possible);

// The Content-Type of an aggregated discovery answer.
std::string aggregated_discovery_content_type(const std::string& version);

}  // namespace kexit::kubesim
