#include "diagnose/base_rate_ranking.h"

#include <gtest/gtest.h>

#include "diagnose/diagnosis_engine.h"
#include "knowledge/compiled_knowledge.h"
#include "knowledge/knowledge_loader.h"
#include "kube/pod_parser.h"

namespace kexit::diagnose {
namespace {

// Two rules that read only the number, one that reads a log line, one that reads the reason,
// and base rates for 137 with no reason and for 1 without a log.
const char* kKnowledge = R"(causes:
  - {slug: oom-killed, definition: d, event_reason: OOMKilled2, event_type: Warning}
  - {slug: sigkill-external, definition: d, event_reason: SigKill, event_type: Warning}
  - {slug: liveness-probe-kill, definition: d, event_reason: Probe, event_type: Warning}
  - {slug: application-exit-code, definition: d, event_reason: AppExit, event_type: Warning}
  - {slug: graceful-termination, definition: d, event_reason: Stopped, event_type: Normal}
rules:
  - id: test.sigkill
    cause: sigkill-external
    title: Killed by SIGKILL from outside
    weight: 0.45
    when: {signal: [SIGKILL]}
    explanation: e
    suggestions: [{command: 'kubectl get events -n NAMESPACE'}]
    references: [https://example.org/sigkill]
  - id: test.sigterm-any
    cause: graceful-termination
    title: Stopped
    weight: 0.6
    when: {exit_code: [137]}
    explanation: e
    references: [https://example.org/term]
  - id: test.compose-stop
    cause: sigkill-external
    title: Killed after docker compose asked it to stop
    weight: 0.75
    when: {exit_code: [137], log: ['Gracefully stopping']}
    explanation: e
    references: [https://example.org/compose]
  - id: test.oom
    cause: oom-killed
    title: OOM
    weight: 0.95
    when: {reason: [OOMKilled]}
    explanation: e
    references: [https://example.org/oom]
  - id: test.disruption
    cause: sigkill-external
    title: The kubelet terminated the pod
    weight: 0.85
    when: {pod_condition: '^DisruptionTarget=True: TerminationByKubelet'}
    explanation: e
    references: [https://example.org/disruption]
  - id: test.exit-1
    cause: application-exit-code
    title: Exit 1
    weight: 0.15
    when: {exit_code: [1]}
    explanation: e
    references: [https://example.org/exit]
signals:
  - {number: 9, name: SIGKILL, summary: killed}
base_rates:
  - id: test.exit-137-no-reason
    exit_code: 137
    reason: ''
    title: Killed by SIGKILL with no reason given
    causes:
      - {cause: oom-killed, label: the OOM killer, share: 0.5}
      - {cause: sigkill-external, label: a SIGKILL from outside, share: 0.375}
      - {cause: liveness-probe-kill, label: a liveness probe, share: 0.125}
    source: 'kexit corpus: oom-killed 4, sigkill-external 3, liveness-probe-kill 1'
    explanation: Most often the OOM killer.
    suggestions: [{command: 'kubectl describe node NODE'}]
    references: [https://example.org/rate]
  - id: test.exit-1-no-log
    exit_code: 1
    reason: ''
    log: absent
    title: Exited with 1, with no log
    causes:
      - {cause: application-exit-code, label: the program's own failure, share: 0.6}
    source: 'reference: estimate'
    explanation: Most often the program.
    references: [https://example.org/one]
  - id: test.jvm-exit-137-no-reason
    exit_code: 137
    reason: ''
    runtime: jvm
    title: A JVM killed by SIGKILL
    causes:
      - {cause: oom-killed, label: the OOM killer, share: 0.8}
    source: 'reference: estimate for the JVM'
    explanation: Most often the OOM killer.
    references: [https://example.org/jvm]
  - id: test.jvm-exit-1
    exit_code: 1
    reason: ''
    runtime: jvm
    title: A JVM exited with 1
    causes:
      - {cause: application-exit-code, label: an exception, share: 0.5}
    source: 'reference: estimate for the JVM'
    explanation: Most often an exception.
    references: [https://example.org/jvm-1]
runtimes:
  - {name: jvm, image: '(^|/)openjdk:', command: '(^|[\s/])java(\s|$)', references: [r]}
  - {name: python, image: '(^|/)python:', references: [r]}
)";

std::shared_ptr<const knowledge::CompiledKnowledge> knowledge_base() {
  auto loaded = knowledge::load_knowledge_files({{"knowledge/test.yaml", kKnowledge}});
  EXPECT_TRUE(loaded.errors.empty()) << loaded.errors.front().to_string();
  std::vector<Error> errors;
  auto compiled = knowledge::CompiledKnowledge::compile(std::move(loaded.set), errors);
  EXPECT_TRUE(compiled.ok()) << compiled.error().to_string();
  return *compiled;
}

kube::PodFacts pod_ending(const std::string& terminated, const std::string& image = "app:1") {
  std::string text =
      "kind: Pod\nmetadata: {name: p, namespace: ns}\n"
      "spec: {nodeName: n1, containers: [{name: app, image: '" +
      image +
      "'}]}\n"
      "status:\n  containerStatuses:\n  - name: app\n    restartCount: 1\n"
      "    lastState: {terminated: " +
      terminated + "}\n";
  auto pods = kube::parse_pods(text, "test");
  EXPECT_TRUE(pods.ok()) << pods.error().to_string();
  return pods->front();
}

ContainerDiagnosis diagnose(const kube::PodFacts& pod, const std::string& log) {
  DiagnosisEngine engine(knowledge_base());
  kube::ContainerLog container_log{
      log, log.empty() ? kube::LogOrigin::kNone : kube::LogOrigin::kPreviousLog, false, ""};
  return engine.diagnose(pod, pod.to_diagnose[0], container_log);
}

std::vector<std::string> causes_of(const ContainerDiagnosis& result) {
  std::vector<std::string> causes;
  for (const auto& diagnosis : result.diagnoses) {
    causes.push_back(diagnosis.cause + " " + diagnose::to_string(diagnosis.level));
  }
  return causes;
}

TEST(BaseRateRanking, RanksByTheBaseRateWhenNothingButTheNumberIsKnown) {
  auto result = diagnose(pod_ending("{exitCode: 137}"), "");
  EXPECT_EQ(causes_of(result),
            (std::vector<std::string>{"oom-killed low", "sigkill-external low",
                                      "liveness-probe-kill low", "graceful-termination low"}));
  const Diagnosis& top = result.diagnoses[0];
  EXPECT_EQ(top.rule_id, "test.exit-137-no-reason");
  EXPECT_EQ(top.title,
            "Killed by SIGKILL with no reason given: most often the OOM killer (50 %); also "
            "possible: a SIGKILL from outside (38 %), a liveness probe (13 %)");
  EXPECT_DOUBLE_EQ(top.confidence, 0.35);
  ASSERT_TRUE(top.base_rate.has_value());
  EXPECT_EQ(top.base_rate->id, "test.exit-137-no-reason");
  EXPECT_EQ(top.base_rate->source,
            "kexit corpus: oom-killed 4, sigkill-external 3, liveness-probe-kill 1");
  EXPECT_EQ(top.evidence.front().text,
            "exit code 137, no termination reason: no log line, Event or reason names a cause; "
            "ranked by base rate test.exit-137-no-reason");
  EXPECT_EQ(top.suggestions,
            (std::vector<knowledge::NextStep>{{"", "kubectl describe node n1", ""}}));
  // The rule of the second cause keeps its own title and steps, at the base rate's share.
  const Diagnosis& second = result.diagnoses[1];
  EXPECT_EQ(second.rule_id, "test.sigkill");
  EXPECT_EQ(second.title, "Killed by SIGKILL from outside");
  EXPECT_DOUBLE_EQ(second.confidence, 0.7 * 0.375);
  EXPECT_EQ(result.diagnoses[2].title, "By the base rate: a liveness probe");
  // A rule that read only the number (0.6) stays below the base rate's last cause.
  EXPECT_EQ(result.diagnoses[3].rule_id, "test.sigterm-any");
  EXPECT_DOUBLE_EQ(result.diagnoses[3].confidence, 0.7 * 0.125);
  EXPECT_FALSE(result.diagnoses[3].base_rate.has_value());
}

TEST(BaseRateRanking, ALogLineOutranksTheBaseRate) {
  auto result = diagnose(pod_ending("{exitCode: 137}"), "Gracefully stopping... (press Ctrl+C)\n");
  EXPECT_EQ(result.diagnoses[0].rule_id, "test.compose-stop");
  EXPECT_EQ(causes_of(result),
            (std::vector<std::string>{"sigkill-external high", "graceful-termination medium"}));
  for (const auto& diagnosis : result.diagnoses) {
    EXPECT_FALSE(diagnosis.base_rate.has_value()) << diagnosis.rule_id;
  }
}

TEST(BaseRateRanking, AReasonIsEvidenceAndAnotherReasonHasNoBaseRate) {
  auto oom = diagnose(pod_ending("{exitCode: 137, reason: OOMKilled}"), "");
  EXPECT_EQ(oom.diagnoses[0].rule_id, "test.oom");
  EXPECT_FALSE(oom.diagnoses[0].base_rate.has_value());
  // Reason Error: the base rate for no reason does not hold; the rules rank as they weigh.
  auto error = diagnose(pod_ending("{exitCode: 137, reason: Error}"), "");
  EXPECT_EQ(causes_of(error),
            (std::vector<std::string>{"graceful-termination medium", "sigkill-external medium"}));
}

// A pod condition is evidence as a reason is: the kubelet's DisruptionTarget names the kill.
TEST(BaseRateRanking, APodConditionOutranksTheBaseRate) {
  kube::PodFacts pod = pod_ending("{exitCode: 137}");
  pod.conditions = {"DisruptionTarget=True: TerminationByKubelet: node shutdown"};
  auto result = diagnose(pod, "");
  EXPECT_EQ(result.diagnoses[0].rule_id, "test.disruption");
  EXPECT_EQ(result.diagnoses[0].level, ConfidenceLevel::kHigh);
  for (const auto& diagnosis : result.diagnoses) {
    EXPECT_FALSE(diagnosis.base_rate.has_value()) << diagnosis.rule_id;
  }
}

TEST(BaseRateRanking, ABaseRateForNoLogWaitsForNoLog) {
  auto without = diagnose(pod_ending("{exitCode: 1}"), "");
  EXPECT_EQ(without.diagnoses[0].rule_id, "test.exit-1-no-log");
  EXPECT_EQ(without.diagnoses[0].title,
            "Exited with 1, with no log: most often the program's own failure (60 %)");
  // 0.7 x 0.6: an estimate from references stays low.
  EXPECT_EQ(without.diagnoses[0].level, ConfidenceLevel::kLow);
  auto with = diagnose(pod_ending("{exitCode: 1}"), "starting\nbye\n");
  EXPECT_EQ(with.diagnoses[0].rule_id, "test.exit-1");
  EXPECT_FALSE(with.diagnoses[0].base_rate.has_value());
}

// The runtime's base rate is more specific than the one for any runtime.
TEST(BaseRateRanking, TheRuntimesBaseRateWinsOverTheOneForAnyRuntime) {
  auto result = diagnose(pod_ending("{exitCode: 137}", "docker.io/library/openjdk:17"), "");
  EXPECT_EQ(result.diagnoses[0].rule_id, "test.jvm-exit-137-no-reason");
  EXPECT_EQ(result.diagnoses[0].title, "A JVM killed by SIGKILL: most often the OOM killer (80 %)");
  EXPECT_EQ(result.diagnoses[0].evidence.front().text,
            "exit code 137, no termination reason, runtime jvm: no log line, Event or reason names "
            "a cause; ranked by base rate test.jvm-exit-137-no-reason");
  EXPECT_DOUBLE_EQ(result.diagnoses[0].confidence, 0.7 * 0.8);
  // The command line tells the runtime too.
  kube::PodFacts by_command = pod_ending("{exitCode: 137}");
  by_command.to_diagnose[0].command = {"/usr/bin/java", "-jar", "app.jar"};
  EXPECT_EQ(diagnose(by_command, "").diagnoses[0].rule_id, "test.jvm-exit-137-no-reason");
}

// Another runtime, or none told, falls back to the base rate for any runtime.
TEST(BaseRateRanking, AnotherRuntimeFallsBackToTheBaseRateForAnyRuntime) {
  EXPECT_EQ(diagnose(pod_ending("{exitCode: 137}", "python:3.12"), "").diagnoses[0].rule_id,
            "test.exit-137-no-reason");
  EXPECT_EQ(diagnose(pod_ending("{exitCode: 137}"), "").diagnoses[0].rule_id,
            "test.exit-137-no-reason");
  EXPECT_EQ(diagnose(pod_ending("{exitCode: 1}", "python:3.12"), "").diagnoses[0].rule_id,
            "test.exit-1-no-log");
}

// The runtime says more than the absence of a log: the JVM's base rate for any log wins over the
// one for any runtime without a log; with a log, only the runtime's still fits.
TEST(BaseRateRanking, TheRuntimeOutweighsTheAbsenceOfALog) {
  EXPECT_EQ(diagnose(pod_ending("{exitCode: 1}", "openjdk:21"), "").diagnoses[0].rule_id,
            "test.jvm-exit-1");
}

// Two base rates of one specificity (the loader refuses them; --knowledge files are checked
// too): the first in knowledge order, so the answer never depends on anything else.
TEST(BaseRateRanking, BetweenEqualBaseRatesTheFirstWins) {
  knowledge::KnowledgeSet set;
  knowledge::BaseRate first;
  first.id = "test.first";
  first.exit_code = 137;
  first.runtime = "jvm";
  knowledge::BaseRate second = first;
  second.id = "test.second";
  knowledge::BaseRate any = first;
  any.id = "test.any";
  any.runtime = "";
  set.base_rates = {any, first, second};
  kube::PodFacts pod = pod_ending("{exitCode: 137}");
  const knowledge::BaseRate* found = find_base_rate(set, pod, pod.to_diagnose[0], false, "jvm");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->id, "test.first");
  EXPECT_EQ(find_base_rate(set, pod, pod.to_diagnose[0], false, "node")->id, "test.any");
  EXPECT_EQ(find_base_rate(set, pod, pod.to_diagnose[0], false, "")->id, "test.any");
}

}  // namespace
}  // namespace kexit::diagnose
