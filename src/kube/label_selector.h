#pragma once
// Label selectors: a workload's metav1.LabelSelector written as the `labelSelector` query
// string ("app=web,tier in (a,b),!legacy").

#include <nlohmann/json.hpp>
#include <string>

#include "base/expected.h"

namespace kexit::kube {

// matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist), ANDed; an empty or
// absent selector is "" (everything). `where` names the field for errors.
Expected<std::string> label_selector_string(const nlohmann::json& selector,
                                            const std::string& where);

// "a" and "b" ANDed ("" is neutral).
std::string and_selectors(const std::string& a, const std::string& b);

}  // namespace kexit::kube
