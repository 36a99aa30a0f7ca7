#include "diagnose/golden_case_runner.h"

#include "kube/event_attachment.h"
#include "kube/pod_parser.h"

namespace kexit::diagnose {
namespace {

// The case's pod with its Events attached, or why not.
Expected<kube::PodFacts> case_pod(const knowledge::GoldenCase& golden) {
  KEXIT_ASSIGN(pod, kube::parse_pod(golden.pod, golden.where + ":pod"));
  std::vector<kube::EventFacts> events;
  for (std::size_t i = 0; i < golden.events.size(); ++i) {
    KEXIT_ASSIGN(event, kube::parse_event(golden.events[i], golden.where,
                                          ".events[" + std::to_string(i) + "]"));
    events.push_back(std::move(event));
  }
  std::vector<kube::PodFacts> pods{std::move(pod)};
  if (kube::attach_events(pods, events) > 0) {
    return Error{"an Event is about another object than the case's pod or its node",
                 golden.where + ":events"};
  }
  return std::move(pods.front());
}

CaseOutcome run_case(const DiagnosisEngine& engine, const knowledge::GoldenCase& golden) {
  CaseOutcome outcome{golden.where, golden.description, false, ""};
  auto pod = case_pod(golden);
  if (!pod) {
    outcome.detail = "pod or events do not parse: " + pod.error().to_string();
    return outcome;
  }
  const kube::ContainerFacts* container = nullptr;
  for (const auto& candidate : pod->to_diagnose) {
    if (golden.container.empty() || candidate.name == golden.container) {
      if (container != nullptr && golden.container.empty()) {
        outcome.detail = "the pod has several containers to diagnose; name one in \"container\"";
        return outcome;
      }
      container = &candidate;
    }
  }
  if (container == nullptr) {
    outcome.detail = golden.container.empty()
                         ? "the pod has no container to diagnose"
                         : "no container to diagnose named \"" + golden.container + "\" in the pod";
    return outcome;
  }
  kube::ContainerLog log;
  auto text = golden.logs.find(container->name);
  if (text != golden.logs.end()) {
    log.text = text->second;
    log.origin = container->slot == kube::TerminationSlot::kCurrent ? kube::LogOrigin::kCurrentLog
                                                                    : kube::LogOrigin::kPreviousLog;
  }
  ContainerDiagnosis result = engine.diagnose(*pod, *container, log);
  const Diagnosis& top = result.diagnoses.front();
  const std::string got = top.cause + " (rule " + top.rule_id + ")";
  if (top.cause != golden.expect_cause) {
    outcome.detail = "expected top cause " + golden.expect_cause + ", got " + got;
    return outcome;
  }
  if (!golden.expect_not_cause.empty() && top.cause == golden.expect_not_cause) {
    outcome.detail = "top cause must not be " + golden.expect_not_cause + ", got " + got;
    return outcome;
  }
  if (!golden.expect_rule.empty() && top.rule_id != golden.expect_rule) {
    outcome.detail = "expected rule " + golden.expect_rule + ", got " + got;
    return outcome;
  }
  if (!golden.expect_not_rule.empty() && top.rule_id == golden.expect_not_rule) {
    outcome.detail = "top rule must not be " + golden.expect_not_rule + ", got " + got;
    return outcome;
  }
  outcome.passed = true;
  outcome.detail = got;
  return outcome;
}

}  // namespace

std::vector<CaseOutcome> run_golden_cases(const DiagnosisEngine& engine,
                                          const std::vector<knowledge::GoldenCase>& cases) {
  std::vector<CaseOutcome> outcomes;
  for (const auto& golden : cases) {
    outcomes.push_back(run_case(engine, golden));
  }
  return outcomes;
}

}  // namespace kexit::diagnose
