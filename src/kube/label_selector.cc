#include "kube/label_selector.h"

#include <vector>

#include "base/json_field_reader.h"
#include "base/text.h"

namespace kexit::kube {

using nlohmann::json;

Expected<std::string> label_selector_string(const json& selector, const std::string& where) {
  if (selector.is_null()) {
    return std::string();
  }
  if (!selector.is_object()) {
    return Error{"expected a label selector object", where};
  }
  std::vector<std::string> terms;
  if (auto labels = selector.find("matchLabels"); labels != selector.end() && labels->is_object()) {
    for (const auto& [key, value] : labels->items()) {
      if (!value.is_string()) {
        return Error{"expected a string", where + ".matchLabels." + key};
      }
      terms.push_back(key + "=" + value.get<std::string>());
    }
  }
  auto expressions = selector.find("matchExpressions");
  if (expressions != selector.end() && expressions->is_array()) {
    for (std::size_t i = 0; i < expressions->size(); ++i) {
      const json& expression = (*expressions)[i];
      std::string path = where + ".matchExpressions[" + std::to_string(i) + "]";
      if (!expression.is_object()) {
        return Error{"expected {key, operator, values}", path};
      }
      std::string key = string_or_empty(expression, "key");
      std::string op = string_or_empty(expression, "operator");
      std::vector<std::string> values;
      if (auto list = expression.find("values"); list != expression.end() && list->is_array()) {
        for (const json& value : *list) {
          if (value.is_string()) {
            values.push_back(value.get<std::string>());
          }
        }
      }
      if (op == "In" || op == "NotIn") {
        terms.push_back(key + (op == "In" ? " in (" : " notin (") + join(values, ",") + ")");
      } else if (op == "Exists") {
        terms.push_back(key);
      } else if (op == "DoesNotExist") {
        terms.push_back("!" + key);
      } else {
        return Error{"unknown selector operator \"" + op + "\"", path + ".operator"};
      }
    }
  }
  return join(terms, ",");
}

std::string and_selectors(const std::string& a, const std::string& b) {
  if (a.empty()) {
    return b;
  }
  if (b.empty()) {
    return a;
  }
  return a + "," + b;
}

}  // namespace kexit::kube
