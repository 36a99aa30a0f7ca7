#include "diagnose/fallback_diagnosis.h"

#include "base/text.h"
#include "diagnose/suggestion_names.h"

namespace kexit::diagnose {
namespace {

// Why a signal ended the process, when no rule said more.
std::string signal_explanation(const std::optional<int>& code, int signal, const std::string& name,
                               const knowledge::SignalDefinition* definition) {
  std::string text = code ? "Exit code " + std::to_string(*code) + " is 128 + " +
                                std::to_string(signal) + ": the process was ended by " + name
                          : "The process was ended by " + name;
  text += (definition ? " (" + definition->summary + ")" : "") + ".";
  if (definition && !definition->usual_senders.empty()) {
    text += " In containers it usually comes from: " + definition->usual_senders + ".";
  }
  return text + " No rule in the knowledge base matched more evidence.";
}

// A container that never ran, or a pod that failed as a whole, that no rule knows: its
// status still says what the kubelet saw.
void explain_without_exit(const kube::PodFacts& pod, const kube::ContainerFacts& container,
                          Diagnosis& diagnosis) {
  diagnosis.rule_id = "engine.not-started";
  const bool pod_failed = container.outcome == kube::ContainerOutcome::kPodFailed;
  const std::string& reason = pod_failed ? pod.reason : container.waiting_reason;
  const std::string& message = pod_failed ? pod.message : container.waiting_message;
  diagnosis.title = pod_failed ? "The pod failed as a whole" : "The container never started";
  if (!reason.empty()) {
    diagnosis.title += ": " + reason;
    diagnosis.evidence.push_back(Evidence{
        Evidence::Kind::kFact, (pod_failed ? "pod status reason " : "container waiting: ") + reason,
        std::nullopt});
  }
  if (!message.empty()) {
    diagnosis.evidence.push_back(
        Evidence{Evidence::Kind::kFact, "message: " + std::string(trim(message)), std::nullopt});
  }
  diagnosis.explanation =
      "No rule in the knowledge base matched this " +
      std::string(pod_failed ? "pod failure" : "start failure") +
      ". The status reason and message above are the kubelet's own words; the pod's Events "
      "usually say more.";
}

// The engine's own next steps, for a termination no rule knows.
void add_fallback_steps(const kube::PodFacts& pod, const kube::ContainerFacts& container,
                        const std::optional<int>& code, Diagnosis& diagnosis) {
  std::vector<knowledge::NextStep> steps;
  if (container.outcome != kube::ContainerOutcome::kTerminated) {
    steps = {
        {"", "kubectl describe pod POD", "status and Events"},
        {"", "kubectl get events -n NAMESPACE --field-selector involvedObject.name=POD_NAME", ""}};
  } else {
    steps = {{"", "kubectl logs POD -c CONTAINER --previous --tail=100", ""},
             {"", "kubectl describe pod POD", "events: probes, kills, evictions"}};
    if (code) {
      steps.push_back(
          {"", "kexit explain " + std::to_string(*code), "every known meaning of this number"});
    }
  }
  const StepNames names = names_of(pod, container);
  for (const auto& step : steps) {
    if (auto filled = with_names(step, names)) {
      diagnosis.suggestions.push_back(std::move(*filled));
    }
  }
}

}  // namespace

Diagnosis fallback_diagnosis(const kube::PodFacts& pod, const kube::ContainerFacts& container,
                             std::optional<int> signal, const knowledge::KnowledgeSet& set) {
  const std::optional<int>& code = container.termination.exit_code;
  Diagnosis diagnosis;
  diagnosis.cause = "application-exit-code";
  diagnosis.confidence = 0.1;
  diagnosis.level = level_of(diagnosis.confidence);
  if (code) {
    diagnosis.evidence.push_back(
        Evidence{Evidence::Kind::kFact, "exit code " + std::to_string(*code), std::nullopt});
  }
  const knowledge::SignalDefinition* definition = signal ? set.find_signal(*signal) : nullptr;
  if (container.outcome != kube::ContainerOutcome::kTerminated) {
    explain_without_exit(pod, container, diagnosis);
  } else if (signal) {
    std::string name = definition ? definition->name : "signal " + std::to_string(*signal);
    diagnosis.rule_id = "engine.signal-exit";
    diagnosis.title = "Killed by " + name;
    diagnosis.explanation = signal_explanation(code, *signal, name, definition);
  } else if (code) {
    diagnosis.rule_id = "engine.exit-code";
    diagnosis.title = "The program exited with code " + std::to_string(*code);
    diagnosis.explanation =
        "The program chose exit code " + std::to_string(*code) +
        " itself and no rule in the knowledge base matched the evidence, so its meaning is "
        "the application's. Its last log lines usually say why.";
  } else {
    diagnosis.rule_id = "engine.exit-code";
    diagnosis.title = "The program exited; its exit code is not known";
    diagnosis.explanation =
        "The exit code was not given and no rule in the knowledge base matched the evidence. "
        "The container's status and its last log lines usually say why.";
  }
  add_fallback_steps(pod, container, code, diagnosis);
  return diagnosis;
}

}  // namespace kexit::diagnose
