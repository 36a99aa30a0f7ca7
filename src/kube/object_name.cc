#include "kube/object_name.h"

namespace kexit::kube {
namespace {

bool lower_alphanumeric(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// One dot-separated part of a subdomain: the label grammar without the 63-character limit,
// as apimachinery's dns1123SubdomainFmt has it.
bool subdomain_part(std::string_view part) {
  if (part.empty() || !lower_alphanumeric(part.front()) || !lower_alphanumeric(part.back())) {
    return false;
  }
  for (char c : part) {
    if (!lower_alphanumeric(c) && c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

bool is_dns1123_label(std::string_view name) { return name.size() <= 63 && subdomain_part(name); }

bool is_dns1123_subdomain(std::string_view name) {
  if (name.empty() || name.size() > 253) {
    return false;
  }
  std::size_t start = 0;
  while (true) {
    std::size_t dot = name.find('.', start);
    if (!subdomain_part(name.substr(start, dot == std::string_view::npos ? dot : dot - start))) {
      return false;
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    start = dot + 1;
  }
}

}  // namespace kexit::kube
