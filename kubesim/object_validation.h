#pragma once
// The field validation kube-apiserver runs on a create or update (pkg/apis/core/validation,
// pkg/apis/batch/validation), for the rules a change to a workload's template can break:
// requests within limits, probe fields in range, a Job's podFailurePolicy with its
// restartPolicy, and a Job's template and podFailurePolicy immutable. Messages are the
// apiserver's, except that a struct's value is printed with its fields elided.

#include <nlohmann/json.hpp>
#include <vector>

#include "kubesim/api_error.h"
#include "kubesim/api_resource.h"

namespace kexit::kubesim {

// The errors of `object` (of `type`), and of its change from `old_object` when that is not
// null (an update). Empty when the object is valid.
std::vector<FieldError> validate_object(const ResourceType& type, const nlohmann::json& object,
                                        const nlohmann::json* old_object);

}  // namespace kexit::kubesim
