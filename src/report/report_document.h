#pragma once
// The structured report: ContainerDiagnoses as the JSON document of `-o json` and `-o yaml`.
// Field names are a stable contract for scripts: add fields, never rename them.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diagnose/diagnosis.h"

namespace kexit::report {

nlohmann::ordered_json container_document(const diagnose::ContainerDiagnosis& container);

// {"containers": [...]}, in the order given.
nlohmann::ordered_json report_document(const std::vector<diagnose::ContainerDiagnosis>& containers);

std::string render_json(const std::vector<diagnose::ContainerDiagnosis>& containers);
std::string render_yaml(const std::vector<diagnose::ContainerDiagnosis>& containers);

}  // namespace kexit::report
