#include "cli/target_parsing.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "base/text.h"

namespace kexit::cli {
namespace {

struct KindNames {
  std::string kind;
  std::vector<std::string> aliases;  // plural and kubectl's short names
  std::string group;                 // "" for the core group
};

const std::vector<KindNames>& kinds() {
  static const std::vector<KindNames> kKinds = {
      {"pod", {"pods", "po"}, ""},
      {"deployment", {"deployments", "deploy"}, "apps"},
      {"replicaset", {"replicasets", "rs"}, "apps"},
      {"statefulset", {"statefulsets", "sts"}, "apps"},
      {"daemonset", {"daemonsets", "ds"}, "apps"},
      {"job", {"jobs"}, "batch"},
      {"cronjob", {"cronjobs", "cj"}, "batch"},
  };
  return kKinds;
}

Error unknown_target(const std::string& text) {
  return Error{"cannot inspect \"" + text +
               "\"; use pod/NAME, deployment/NAME, job/NAME, statefulset/NAME, "
               "daemonset/NAME, replicaset/NAME or cronjob/NAME (kubectl's plural, short "
               "and KIND.GROUP forms such as deployment.apps/NAME work too)"};
}

// "deployments.v1.apps" -> ("deployments", "apps"); "pod" -> ("pod", "").
std::pair<std::string, std::string> split_group(const std::string& resource) {
  const std::size_t dot = resource.find('.');
  if (dot == std::string::npos) {
    return {resource, ""};
  }
  std::string rest = resource.substr(dot + 1);
  const std::size_t version_dot = rest.find('.');
  // "v1.apps": a version, then the group.
  if (version_dot != std::string::npos && rest.size() > 1 && rest[0] == 'v' &&
      std::isdigit(static_cast<unsigned char>(rest[1]))) {
    rest = rest.substr(version_dot + 1);
  }
  return {resource.substr(0, dot), rest};
}

}  // namespace

Expected<InspectTarget> parse_target(const std::string& text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) {
    if (text.empty()) {
      return unknown_target(text);
    }
    return InspectTarget{"pod", text};
  }
  const std::string name = text.substr(slash + 1);
  const auto [resource, group] = split_group(to_lower(text.substr(0, slash)));
  if (name.empty() || name.find('/') != std::string::npos) {
    return unknown_target(text);
  }
  for (const auto& names : kinds()) {
    const bool named =
        resource == names.kind ||
        std::find(names.aliases.begin(), names.aliases.end(), resource) != names.aliases.end();
    if (named && (group.empty() || group == names.group)) {
      return InspectTarget{names.kind, name};
    }
  }
  return unknown_target(text);
}

std::vector<std::string> target_kinds() {
  std::vector<std::string> names;
  for (const auto& names_of_kind : kinds()) {
    names.push_back(names_of_kind.kind);
  }
  return names;
}

std::string target_group(const std::string& kind) {
  for (const auto& names : kinds()) {
    if (names.kind == kind) {
      return names.group;
    }
  }
  return "";
}

}  // namespace kexit::cli
