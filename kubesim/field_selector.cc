#include "kubesim/field_selector.h"

#include "base/text.h"

namespace kexit::kubesim {
namespace {

// Splits on separators not preceded by a backslash.
std::vector<std::string> split_unescaped(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      current += text[i];
      current += text[i + 1];
      ++i;
    } else if (text[i] == separator) {
      parts.push_back(current);
      current.clear();
    } else {
      current += text[i];
    }
  }
  parts.push_back(current);
  return parts;
}

std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      ++i;
    }
    out += text[i];
  }
  return out;
}

}  // namespace

Expected<FieldSelector> FieldSelector::parse(std::string_view text) {
  FieldSelector selector;
  if (trim(text).empty()) {
    return selector;
  }
  for (const std::string& term : split_unescaped(text, ',')) {
    Requirement requirement;
    std::size_t position = std::string::npos;
    std::size_t length = 0;
    // Operators in apimachinery's order: "!=", "==", "=".
    for (std::string_view op :
         {std::string_view("!="), std::string_view("=="), std::string_view("=")}) {
      std::size_t found = term.find(op);
      if (found != std::string::npos) {
        position = found;
        length = op.size();
        requirement.equals = op != "!=";
        break;
      }
    }
    if (position == std::string::npos) {
      return Error{"invalid selector: '" + std::string(text) + "'; can't understand '" + term + "'",
                   "fieldSelector"};
    }
    requirement.field = std::string(trim(term.substr(0, position)));
    requirement.value = unescape(term.substr(position + length));
    selector.requirements_.push_back(std::move(requirement));
  }
  return selector;
}

bool FieldSelector::matches(const StringPairs& fields) const {
  static const std::string kEmpty;
  for (const auto& requirement : requirements_) {
    const std::string* value = find_pair(fields, requirement.field);
    const std::string& have = value ? *value : kEmpty;
    if ((have == requirement.value) != requirement.equals) {
      return false;
    }
  }
  return true;
}

std::string FieldSelector::exact_value(std::string_view field) const {
  for (const auto& requirement : requirements_) {
    if (requirement.field == field && requirement.equals) {
      return requirement.value;
    }
  }
  return "";
}

}  // namespace kexit::kubesim
