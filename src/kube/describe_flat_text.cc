#include "kube/describe_flat_text.h"

#include <array>
#include <vector>

#include "base/text.h"
#include "kube/describe_layout.h"

namespace kexit::kube {
namespace {

template <std::size_t N>
bool one_of(std::string_view key, const std::array<std::string_view, N>& keys) {
  for (std::string_view known : keys) {
    if (key == known) {
      return true;
    }
  }
  return false;
}

constexpr std::array<std::string_view, 30> kPodKeys = {"Name",
                                                       "Namespace",
                                                       "Priority",
                                                       "Priority Class Name",
                                                       "PriorityClassName",
                                                       "Runtime Class Name",
                                                       "Service Account",
                                                       "Node",
                                                       "Start Time",
                                                       "Labels",
                                                       "Annotations",
                                                       "Status",
                                                       "Reason",
                                                       "Message",
                                                       "SeccompProfile",
                                                       "IP",
                                                       "IPs",
                                                       "Controlled By",
                                                       "Nominated Node Name",
                                                       "Init Containers",
                                                       "Containers",
                                                       "Ephemeral Containers",
                                                       "Readiness Gates",
                                                       "Conditions",
                                                       "Volumes",
                                                       "QoS Class",
                                                       "Node-Selectors",
                                                       "Tolerations",
                                                       "Events",
                                                       "Image(s)"};
constexpr std::array<std::string_view, 22> kContainerKeys = {
    "Container ID", "Image",         "Image ID",      "Port",        "Ports",
    "Host Port",    "Host Ports",    "Command",       "Args",        "State",
    "Last State",   "Ready",         "Restart Count", "Limits",      "Requests",
    "Liveness",     "Readiness",     "Startup",       "Environment", "Environment Variables from",
    "Mounts",       "Restart Policy"};
constexpr std::array<std::string_view, 6> kStateKeys = {"Reason", "Message", "Exit Code",
                                                        "Signal", "Started", "Finished"};
// Pod and container fields whose values are the lines below them.
constexpr std::array<std::string_view, 9> kPodLists = {
    "Labels",         "Annotations",    "IPs", "Conditions", "Volumes", "Events", "Tolerations",
    "Node-Selectors", "Readiness Gates"};
constexpr std::array<std::string_view, 7> kContainerLists = {
    "Command", "Args", "Limits", "Requests", "Environment", "Environment Variables from", "Mounts"};

enum class Place { kPod, kPodList, kContainers, kContainer, kContainerList, kState };

class Reindenter {
 public:
  // The indentation of one line (without its own), from the lines before it.
  int indent(std::string_view body, bool blank_before) {
    std::string key, value;
    const bool keyed = split_describe_key(body, key, value);
    if (keyed && key == "Name" && (blank_before || place_ == Place::kPod)) {
      return pod_field(key);
    }
    if (place_ == Place::kState && keyed && one_of(key, kStateKeys)) {
      return 6;
    }
    if (place_ == Place::kPodList && list_ == "IPs" && keyed && key == "IP") {
      return 2;
    }
    if (in_container() && keyed && one_of(key, kContainerKeys)) {
      return container_field(key, value);
    }
    if (keyed && one_of(key, kPodKeys)) {
      return pod_field(key);
    }
    return below(keyed, key, value);
  }

 private:
  bool in_container() const {
    return place_ == Place::kContainer || place_ == Place::kContainerList ||
           place_ == Place::kState;
  }

  int pod_field(const std::string& key) {
    list_ = key;
    place_ = key == "Containers" || key == "Init Containers" || key == "Ephemeral Containers"
                 ? Place::kContainers
             : one_of(key, kPodLists) ? Place::kPodList
                                      : Place::kPod;
    return 0;
  }

  int container_field(const std::string& key, const std::string& value) {
    list_ = key;
    place_ = key == "State" || key == "Last State"           ? Place::kState
             : value.empty() && one_of(key, kContainerLists) ? Place::kContainerList
                                                             : Place::kContainer;
    return 4;
  }

  // A line that is no field of its own: a container's name, a list's item, or the rest of a
  // value.
  int below(bool keyed, const std::string& key, const std::string& value) {
    const bool name_line = keyed && value.empty() && key.find(' ') == std::string::npos;
    const bool env_entry = place_ == Place::kContainerList &&
                           (list_ == "Environment" || list_ == "Limits" || list_ == "Requests");
    if (name_line && !env_entry && (place_ == Place::kContainers || in_container())) {
      place_ = Place::kContainer;
      return 2;
    }
    switch (place_) {
      case Place::kPodList:
        return 2;
      case Place::kContainerList:
        return 6;
      default:
        return 0;  // the rest of a message: it is printed without indentation
    }
  }

  Place place_ = Place::kPod;
  std::string list_;
};

bool is_flat(const std::vector<std::string_view>& lines, std::size_t first) {
  for (std::size_t i = first; i < lines.size(); ++i) {
    if (!lines[i].empty() && (lines[i][0] == ' ' || lines[i][0] == '\t')) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string restore_describe_indentation(std::string_view text) {
  std::vector<std::string_view> lines = split(text, '\n');
  std::size_t first = 0;
  while (first < lines.size() &&
         !(starts_with(lines[first], "Name:") && is_pod_start(lines[first]))) {
    ++first;
  }
  if (first == lines.size() || !is_flat(lines, first)) {
    return std::string(text);
  }
  std::string out;
  for (std::size_t i = 0; i < first; ++i) {
    out += lines[i];
    out += '\n';
  }
  Reindenter reindenter;
  bool blank_before = true;
  for (std::size_t i = first; i < lines.size(); ++i) {
    std::string_view body = trim(lines[i]);
    if (!body.empty()) {
      out.append(static_cast<std::size_t>(reindenter.indent(body, blank_before)), ' ');
    }
    out += lines[i];
    if (i + 1 < lines.size()) {
      out += '\n';
    }
    blank_before = body.empty();
  }
  return out;
}

}  // namespace kexit::kube
