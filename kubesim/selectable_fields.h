#pragma once
// Selectable fields: the values a `fieldSelector` can test for each stored kind (the
// apiserver's ToSelectableFields), and the field labels each API view accepts.

#include <nlohmann/json.hpp>
#include <string_view>

#include "kubesim/api_error.h"
#include "kubesim/api_resource.h"
#include "kubesim/field_selector.h"
#include "kubesim/string_pairs.h"

namespace kexit::kubesim {

// The selectable fields of a stored object (stored form: Events as core/v1).
StringPairs selectable_fields(std::string_view storage, const nlohmann::json& object);

// Rewrites a request's field selector into stored field names (`spec.host` ->
// `spec.nodeName`, events.k8s.io `regarding.name` -> `involvedObject.name`); a label the view
// does not support is HTTP 400 "field label not supported: X", as the real server answers.
ApiResult<FieldSelector> convert_field_selector(const ResourceType& type,
                                                const FieldSelector& selector);

}  // namespace kexit::kubesim
