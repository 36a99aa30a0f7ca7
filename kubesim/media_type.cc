#include "kubesim/media_type.h"

#include <map>

#include "base/text.h"

namespace kexit::kubesim {

AcceptedFormat negotiate(std::string_view accept, bool table_possible, bool discovery_possible) {
  AcceptedFormat format;
  if (trim(accept).empty()) {
    return format;
  }
  for (std::string_view entry : split(accept, ',')) {
    std::vector<std::string_view> parts = split(entry, ';');
    std::string media = to_lower(trim(parts[0]));
    std::map<std::string, std::string> parameters;
    for (std::size_t i = 1; i < parts.size(); ++i) {
      std::string_view parameter = trim(parts[i]);
      std::size_t equals = parameter.find('=');
      if (equals != std::string_view::npos) {
        parameters[std::string(trim(parameter.substr(0, equals)))] =
            std::string(trim(parameter.substr(equals + 1)));
      }
    }
    if (media != "application/json" && media != "*/*" && media != "application/*") {
      continue;
    }
    auto as = parameters.find("as");
    if (as == parameters.end()) {
      return format;  // plain JSON is acceptable
    }
    if (as->second == "Table" && parameters["g"] == "meta.k8s.io" && table_possible &&
        (parameters["v"] == "v1" || parameters["v"] == "v1beta1")) {
      return {AcceptedFormat::Kind::Table, parameters["v"]};
    }
    if (as->second == "APIGroupDiscoveryList" && parameters["g"] == "apidiscovery.k8s.io" &&
        discovery_possible && (parameters["v"] == "v2" || parameters["v"] == "v2beta1")) {
      return {AcceptedFormat::Kind::AggregatedDiscovery, parameters["v"]};
    }
  }
  return format;
}

std::string aggregated_discovery_content_type(const std::string& version) {
  return "application/json;g=apidiscovery.k8s.io;v=" + version + ";as=APIGroupDiscoveryList";
}

}  // namespace kexit::kubesim
