#include "diagnose/golden_case_runner.h"

#include "kube/pod_parser.h"

namespace kexit::diagnose {
namespace {

CaseOutcome run_case(const DiagnosisEngine& engine, const knowledge::GoldenCase& golden) {
  CaseOutcome outcome{golden.where, golden.description, false, ""};
  auto pod = kube::parse_pod(golden.pod, golden.where + ":pod");
  if (!pod) {
    outcome.detail = "pod does not parse: " + pod.error().to_string();
    return outcome;
  }
  const kube::ContainerFacts* container = nullptr;
  for (const auto& candidate : pod->to_diagnose) {
    if (golden.container.empty() || candidate.name == golden.container) {
      if (container != nullptr && golden.container.empty()) {
        outcome.detail = "the pod has several terminated containers; name one in \"container\"";
        return outcome;
      }
      container = &candidate;
    }
  }
  if (container == nullptr) {
    outcome.detail = golden.container.empty()
                         ? "the pod has no terminated container"
                         : "no terminated container \"" + golden.container + "\" in the pod";
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
