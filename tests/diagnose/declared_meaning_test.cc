#include "diagnose/declared_meaning.h"

#include <gtest/gtest.h>

#include "diagnose/diagnosis_engine.h"
#include "knowledge/builtin_knowledge.h"
#include "knowledge/compiled_knowledge.h"
#include "kube/pod_parser.h"

namespace kexit::diagnose {
namespace {

std::shared_ptr<const knowledge::CompiledKnowledge> builtin() {
  auto set = knowledge::builtin_knowledge_set();
  EXPECT_TRUE(set.ok()) << set.error().to_string();
  std::vector<Error> errors;
  auto compiled = knowledge::CompiledKnowledge::compile(std::move(*set), errors);
  EXPECT_TRUE(compiled.ok()) << compiled.error().to_string();
  return *compiled;
}

// A pod of one container that ended with `terminated` (YAML flow), declaring `annotation`.
kube::PodFacts pod_with(const std::string& image, const std::string& annotation,
                        const std::string& terminated) {
  std::string text = "kind: Pod\nmetadata:\n  name: p\n  namespace: ns\n";
  if (!annotation.empty()) {
    text += "  annotations:\n    kexit.io/exit-code-meanings: '" + annotation + "'\n";
  }
  text += "spec: {containers: [{name: app, image: " + image +
          ", resources: {limits: {memory: 256Mi}}}]}\nstatus:\n  containerStatuses:\n"
          "  - {name: app, image: " +
          image + ", state: {terminated: " + terminated + "}}\n";
  auto pods = kube::parse_pods(text, "pod.yaml");
  EXPECT_TRUE(pods.ok()) << pods.error().to_string();
  return pods->front();
}

kube::ContainerLog log_of(std::string text) {
  return kube::ContainerLog{std::move(text), kube::LogOrigin::kPreviousLog, false, ""};
}

std::vector<std::string> causes_of(const ContainerDiagnosis& result) {
  std::vector<std::string> causes;
  for (const auto& diagnosis : result.diagnoses) {
    causes.push_back(diagnosis.cause);
  }
  return causes;
}

class DeclaredMeaningTest : public testing::Test {
 protected:
  std::shared_ptr<const knowledge::CompiledKnowledge> knowledge_ = builtin();
  DiagnosisEngine engine_{knowledge_};
};

TEST_F(DeclaredMeaningTest, TheAnnotationWinsOverAProgramMeaningOfTheImage) {
  auto pod = pod_with("curlimages/curl:8.7.1", R"({"7": "the ledger API is down"})",
                      "{exitCode: 7, reason: Error}");
  auto declared = declared_meaning(pod, pod.to_diagnose[0], knowledge_->set());
  ASSERT_TRUE(declared);
  EXPECT_EQ(declared_fact(*declared),
            "exit code 7 is declared by the pod's annotation kexit.io/exit-code-meanings: the "
            "ledger API is down");
}

TEST_F(DeclaredMeaningTest, AProgramMeaningFitsOnlyItsImages) {
  auto curl = pod_with("curlimages/curl:8.7.1", "", "{exitCode: 7, reason: Error}");
  auto declared = declared_meaning(curl, curl.to_diagnose[0], knowledge_->set());
  ASSERT_TRUE(declared);
  EXPECT_EQ(declared->meaning,
            "curl failed to connect to the host (nothing listening, or refused)");
  EXPECT_EQ(declared->declared_by,
            "knowledge/programs.yaml:22 for images matching '(?i)(^|/)curl(:|@|$)|curlimages/'");
  auto other = pod_with("registry.acme.io/ledger:2", "", "{exitCode: 7, reason: Error}");
  EXPECT_FALSE(declared_meaning(other, other.to_diagnose[0], knowledge_->set()));
}

TEST_F(DeclaredMeaningTest, RanksAboveTheNumberAloneWithTheMeaningInTitleAndEvidence) {
  auto pod = pod_with("registry.acme.io/ledger:2", R"({"1": "configuration invalid"})",
                      "{exitCode: 1, reason: Error}");
  auto result = engine_.diagnose(pod, pod.to_diagnose[0], log_of("starting\nreading config\n"));
  EXPECT_EQ(causes_of(result),
            (std::vector<std::string>{"declared-exit-code", "application-exit-code"}));
  const Diagnosis& top = result.diagnoses.front();
  EXPECT_EQ(top.title,
            "The program's own exit code, as its workload declares it: configuration invalid");
  EXPECT_EQ(top.level, ConfidenceLevel::kMedium);
  ASSERT_EQ(top.evidence.size(), 1u);
  EXPECT_EQ(top.evidence[0].text,
            "exit code 1 is declared by the pod's annotation kexit.io/exit-code-meanings: "
            "configuration invalid");
}

TEST_F(DeclaredMeaningTest, NeverAboveATerminationReason) {
  auto pod = pod_with("registry.acme.io/ledger:2", R"({"137": "stopped by the watchdog"})",
                      "{exitCode: 137, reason: OOMKilled}");
  auto result = engine_.diagnose(pod, pod.to_diagnose[0], log_of("loading rows\n"));
  ASSERT_GE(result.diagnoses.size(), 2u);
  EXPECT_EQ(result.diagnoses[0].cause, "oom-killed");
  EXPECT_NE(result.diagnoses[0].cause, "declared-exit-code");
}

// A rule for "no reason at all" (the base rate of 137 without a reason) is a guess from the
// number, not evidence: the workload's own word comes first.
TEST_F(DeclaredMeaningTest, AboveTheBaseRateOfTheNumberWithoutAReason) {
  auto pod = pod_with("registry.acme.io/ledger:2", R"({"137": "stopped by the watchdog"})",
                      "{exitCode: 137}");
  auto result = engine_.diagnose(pod, pod.to_diagnose[0], log_of(""));
  ASSERT_GE(result.diagnoses.size(), 2u);
  EXPECT_EQ(result.diagnoses[0].cause, "declared-exit-code");
}

TEST_F(DeclaredMeaningTest, NeverAboveAMatchedLogLine) {
  auto pod = pod_with("python:3.12-slim", R"({"1": "report inputs incomplete"})",
                      "{exitCode: 1, reason: Error}");
  auto result = engine_.diagnose(
      pod, pod.to_diagnose[0],
      log_of("Traceback (most recent call last):\n  File \"/app/b.py\", line 4, in <module>\n"
             "KeyError: 'ACC-1043'\n"));
  EXPECT_EQ(result.diagnoses[0].cause, "python-uncaught-exception");
  EXPECT_EQ(result.diagnoses[1].cause, "declared-exit-code");
}

TEST_F(DeclaredMeaningTest, TheMeaningIsRedactedLikeLogEvidence) {
  auto pod = pod_with("registry.acme.io/ledger:2",
                      R"({"3": "bad DSN postgres://ledger:hunter2secret@db:5432/ledger"})",
                      "{exitCode: 3, reason: Error}");
  auto result = engine_.diagnose(pod, pod.to_diagnose[0], log_of(""));
  const Diagnosis& top = result.diagnoses.front();
  EXPECT_EQ(top.cause, "declared-exit-code");
  EXPECT_EQ(top.title.find("hunter2secret"), std::string::npos) << top.title;
  EXPECT_EQ(top.evidence[0].text.find("hunter2secret"), std::string::npos) << top.evidence[0].text;
}

}  // namespace
}  // namespace kexit::diagnose
