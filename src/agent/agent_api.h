#pragma once
// AgentApi: the Kubernetes API calls the agent makes, as one narrow interface, so the loop is
// tested against an in-memory fake and runs against the real client (kube_agent_api.h).

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "agent/event_builder.h"
#include "agent/termination_detector.h"
#include "base/expected.h"
#include "kube/evidence_reader.h"
#include "kube/watch_result.h"

namespace kexit::agent {

// An answer from the API server, whatever its HTTP status.
struct ApiReply {
  int status = 0;
  // The object on success; the Status (or empty) on failure.
  nlohmann::json body;
  // A sentence a person can act on when the request failed ("events.events.k8s.io is
  // forbidden: User ... cannot create ..."); empty on success.
  std::string message;

  bool ok() const { return status >= 200 && status < 300; }
};

struct PodScope {
  // "" for all namespaces.
  std::string namespace_name;
  std::string label_selector;
  std::string field_selector;
};

// A termination's log and Events are read through kube::EvidenceReader, so the reporter gathers
// them with the same kube::gather_evidence as `kexit inspect`.
class AgentApi : public kube::EvidenceReader {
 public:
  virtual ~AgentApi() = default;

  // Every pod in scope, page by page; returns the list's resourceVersion.
  virtual Expected<std::string> list_pods(const PodScope& scope,
                                          const std::function<void(nlohmann::json&&)>& visit) = 0;
  // Watches from `resource_version` until the server ends the stream, on_event returns false,
  // or cancel_watches() is called. Connect-time HTTP errors are Errors.
  virtual Expected<kube::WatchResult> watch_pods(
      const PodScope& scope, const std::string& resource_version,
      const std::function<bool(PodEventType, const nlohmann::json&)>& on_event) = 0;
  // Ends every pod watch and list in progress (shutdown, lost leadership).
  virtual void cancel_watches() = 0;

  // Whether the events.k8s.io/v1 group is served (else core/v1 Events are written).
  virtual Expected<bool> has_events_v1() = 0;
  virtual Expected<ApiReply> create_event(const std::string& namespace_name,
                                          const nlohmann::json& event, kube::EventApi api) = 0;
  // A JSON merge patch.
  virtual Expected<ApiReply> patch_event(const std::string& namespace_name, const std::string& name,
                                         const nlohmann::json& patch, kube::EventApi api) = 0;
  // core/v1 Events with the label selector ("" namespace: all namespaces), page by page, each
  // handed to `visit` and not kept: a busy cluster holds many of the agent's Events.
  virtual Status list_events(const std::string& namespace_name, const std::string& label_selector,
                             const std::function<void(nlohmann::json&&)>& visit) = 0;

  // A JSON merge patch on a pod (the optional kexit.io/last-diagnosis annotation).
  virtual Expected<ApiReply> patch_pod(const std::string& namespace_name, const std::string& name,
                                       const nlohmann::json& patch) = 0;
};

}  // namespace kexit::agent
