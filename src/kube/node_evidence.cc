#include "kube/node_evidence.h"

#include "kube/event_evidence.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

// Whether a condition's status is the one a healthy node reports.
bool is_normal(const std::string& type, const std::string& status) {
  if (type == "Ready") {
    return status == "True";
  }
  if (type == "MemoryPressure" || type == "DiskPressure" || type == "PIDPressure" ||
      type == "NetworkUnavailable") {
    return status == "False";
  }
  // Conditions added by node-problem-detector and others have no agreed normal value.
  return true;
}

std::string read_failure(const Expected<ApiResponse>& response) {
  if (!response) {
    return response.error().message;
  }
  ApiStatus status = response->status_object();
  return "HTTP " + std::to_string(response->status) +
         (status.message.empty() ? "" : ": " + status.message);
}

}  // namespace

std::vector<std::string> abnormal_node_conditions(const json& node) {
  std::vector<std::string> found;
  if (!node.is_object() || !node.contains("status") || !node["status"].is_object()) {
    return found;
  }
  const json& conditions = node["status"].value("conditions", json::array());
  if (!conditions.is_array()) {
    return found;
  }
  for (const auto& condition : conditions) {
    if (!condition.is_object()) {
      continue;
    }
    std::string type = condition.value("type", "");
    std::string status = condition.value("status", "");
    if (type.empty() || is_normal(type, status)) {
      continue;
    }
    std::string text = type + "=" + (status.empty() ? "Unknown" : status);
    std::string reason = condition.value("reason", "");
    std::string message = condition.value("message", "");
    text += reason.empty() ? "" : ": " + reason;
    text += message.empty() ? "" : ": " + message;
    found.push_back(std::move(text));
  }
  return found;
}

void read_node_context(EvidenceReader& reader, PodFacts& pod) {
  if (pod.node.empty() || !may_be_node_level(pod)) {
    return;
  }
  auto response = reader.read_node(pod.node);
  if (!response || !response->ok()) {
    std::string why = read_failure(response);
    const bool gone = response && response->status == 404;
    pod.evidence_notes.push_back(
        "node context missing: node " + pod.node +
        (gone ? " is gone (" + why + ")" : " could not be read (" + why + "; needs get nodes)"));
    return;
  }
  auto node = response->json();
  if (!node) {
    pod.evidence_notes.push_back("node context missing: node " + pod.node + " could not be read (" +
                                 node.error().message + ")");
    return;
  }
  pod.node_conditions = abnormal_node_conditions(*node);
}

}  // namespace kexit::kube
