#include "diagnose/seen_in.h"

#include <gtest/gtest.h>

#include "diagnose/diagnosis_engine.h"
#include "knowledge/compiled_knowledge.h"
#include "knowledge/knowledge_loader.h"
#include "kube/pod_parser.h"

namespace kexit::diagnose {
namespace {

// A rule that reads a runtime's message and is cited, one that is not, and a base rate.
const char* kKnowledge = R"(causes:
  - {slug: rust-panic, definition: d, event_reason: RustPanic, event_type: Warning}
  - {slug: application-exit-code, definition: d, event_reason: AppExit, event_type: Warning}
rules:
  - id: test.panic
    cause: rust-panic
    title: Panicked
    weight: 0.9
    when: {exit_code: [101], log: ['panicked at']}
    explanation: e
    references: [https://example.org/panic]
  - id: test.exit-101
    cause: application-exit-code
    title: Exit 101
    weight: 0.2
    when: {exit_code: [101]}
    explanation: e
    references: [https://example.org/exit]
seen_in:
  - rule: test.panic
    reports:
      - {url: 'https://example.org/issues/1', title: 'panics on start'}
      - {url: 'https://example.org/issues/2', title: 'panic in main'}
)";

ContainerDiagnosis diagnose(const std::string& log) {
  auto loaded = knowledge::load_knowledge_files({{"knowledge/test.yaml", kKnowledge}});
  EXPECT_TRUE(loaded.errors.empty()) << loaded.errors.front().to_string();
  std::vector<Error> errors;
  auto compiled = knowledge::CompiledKnowledge::compile(std::move(loaded.set), errors);
  EXPECT_TRUE(compiled.ok()) << compiled.error().to_string();
  auto pods = kube::parse_pods(
      "kind: Pod\nmetadata: {name: p, namespace: ns}\n"
      "spec: {containers: [{name: app, image: 'app:1'}]}\n"
      "status:\n  containerStatuses:\n  - name: app\n    restartCount: 1\n"
      "    lastState: {terminated: {exitCode: 101}}\n",
      "test");
  EXPECT_TRUE(pods.ok()) << pods.error().to_string();
  DiagnosisEngine engine(*compiled);
  kube::ContainerLog container_log{
      log, log.empty() ? kube::LogOrigin::kNone : kube::LogOrigin::kPreviousLog, false, ""};
  return engine.diagnose(pods->front(), pods->front().to_diagnose[0], container_log);
}

TEST(SeenIn, TheCitedRulesDiagnosisCitesItsReports) {
  auto result = diagnose("thread 'main' panicked at src/main.rs:1:1\n");
  ASSERT_EQ(result.diagnoses.size(), 2u);
  EXPECT_EQ(result.diagnoses[0].rule_id, "test.panic");
  EXPECT_EQ(result.diagnoses[0].seen_in, (std::vector<knowledge::SeenReport>{
                                             {"https://example.org/issues/1", "panics on start"},
                                             {"https://example.org/issues/2", "panic in main"}}));
  EXPECT_EQ(result.diagnoses[1].rule_id, "test.exit-101");
  EXPECT_TRUE(result.diagnoses[1].seen_in.empty());
}

// Without the message the rule does not hold, so nothing is cited.
TEST(SeenIn, NothingIsCitedWhenTheRuleDidNotHold) {
  auto result = diagnose("");
  ASSERT_EQ(result.diagnoses.size(), 1u);
  EXPECT_EQ(result.diagnoses[0].rule_id, "test.exit-101");
  EXPECT_TRUE(result.diagnoses[0].seen_in.empty());
}

TEST(SeenIn, CitesByRuleId) {
  knowledge::KnowledgeSet set;
  set.seen_in = {{"a.rule", {{"https://example.org/a", "a"}}, "k.yaml:1"}};
  std::vector<Diagnosis> diagnoses(2);
  diagnoses[0].rule_id = "b.rule";
  diagnoses[1].rule_id = "a.rule";
  cite_seen_in(set, diagnoses);
  EXPECT_TRUE(diagnoses[0].seen_in.empty());
  EXPECT_EQ(diagnoses[1].seen_in,
            (std::vector<knowledge::SeenReport>{{"https://example.org/a", "a"}}));
}

}  // namespace
}  // namespace kexit::diagnose
