#include "diagnose/diagnosis_engine.h"

#include <gtest/gtest.h>

#include "kube/pod_parser.h"
#include "test_knowledge.h"

namespace kexit::diagnose {
namespace {

kube::PodFacts pod_with(const std::string& container_yaml) {
  std::string text = "kind: Pod\nmetadata: {name: p, namespace: ns}\n" + container_yaml;
  auto pods = kube::parse_pods(text, "test");
  EXPECT_TRUE(pods.ok()) << pods.error().to_string();
  return pods->front();
}

kube::ContainerLog previous_log(std::string text) {
  return kube::ContainerLog{std::move(text), kube::LogOrigin::kPreviousLog, false, ""};
}

class DiagnosisEngineTest : public testing::Test {
 protected:
  DiagnosisEngine engine_{test_knowledge()};
};

const std::string kRustPod = R"(
spec: {containers: [{name: app, image: vaultwarden/server:1.30}]}
status:
  containerStatuses:
  - name: app
    restartCount: 2
    state: {waiting: {reason: CrashLoopBackOff}}
    lastState: {terminated: {exitCode: 101, reason: Error}}
)";

TEST_F(DiagnosisEngineTest, RanksMatchingRuleWithEvidenceAndBoost) {
  auto pod = pod_with(kRustPod);
  auto result =
      engine_.diagnose(pod, pod.to_diagnose[0],
                       previous_log("starting\nthread 'main' panicked at src/main.rs:4:5:\n"
                                    "Can't connect to DB\n"));
  ASSERT_FALSE(result.diagnoses.empty());
  const Diagnosis& top = result.diagnoses.front();
  EXPECT_EQ(top.cause, "rust-panic");
  EXPECT_DOUBLE_EQ(top.confidence, 0.9);
  EXPECT_EQ(top.level, ConfidenceLevel::kHigh);
  ASSERT_EQ(top.evidence.size(), 4u);
  EXPECT_EQ(top.evidence[0].text, "exit code 101");
  EXPECT_EQ(top.evidence[1].text, "image vaultwarden/server:1.30");
  EXPECT_EQ(top.evidence[2].kind, Evidence::Kind::kLogLine);
  EXPECT_EQ(top.evidence[2].line, 2u);
  // context_lines: 1 brings the panic message printed on the next line.
  EXPECT_EQ(top.evidence[3].text, "Can't connect to DB");
  EXPECT_EQ(top.suggestions,
            (std::vector<knowledge::NextStep>{{"", "kubectl logs p -n ns -c app --previous", ""},
                                              {"", "kubectl get events -n ns", ""}}));
  EXPECT_EQ(result.waiting_reason, "CrashLoopBackOff");
  EXPECT_EQ(result.log_lines, 3u);
}

TEST_F(DiagnosisEngineTest, UnlessDropsTheLookAlike) {
  auto pod = pod_with(kRustPod);
  auto result = engine_.diagnose(
      pod, pod.to_diagnose[0],
      previous_log("error: failed to run custom build command for `openssl-sys v0.9.90`\n"
                   "thread 'main' panicked at build.rs:10:5:\n"));
  ASSERT_EQ(result.diagnoses.size(), 1u);
  EXPECT_EQ(result.diagnoses[0].cause, "cargo-build-failure");
}

TEST_F(DiagnosisEngineTest, OomKillBeatsLivenessAndLivenessNeedsAProbe) {
  auto oom = pod_with(R"(
spec: {containers: [{name: app, livenessProbe: {tcpSocket: {port: 80}}}]}
status: {containerStatuses: [{name: app, lastState: {terminated: {exitCode: 137, reason: OOMKilled}}}]}
)");
  EXPECT_EQ(engine_.diagnose(oom, oom.to_diagnose[0], {}).diagnoses.front().cause, "oom-killed");
  auto probe = pod_with(R"(
spec: {containers: [{name: app, livenessProbe: {tcpSocket: {port: 80}}}]}
status: {containerStatuses: [{name: app, lastState: {terminated: {exitCode: 137, reason: Error}}}]}
)");
  auto result = engine_.diagnose(probe, probe.to_diagnose[0], {});
  EXPECT_EQ(result.diagnoses.front().cause, "liveness-probe-kill");
  EXPECT_EQ(result.signal_name, "SIGKILL");
  auto no_probe = pod_with(R"(
status: {containerStatuses: [{name: app, lastState: {terminated: {exitCode: 137, reason: Error}}}]}
)");
  auto fallback = engine_.diagnose(no_probe, no_probe.to_diagnose[0], {});
  EXPECT_EQ(fallback.diagnoses.front().cause, "application-exit-code");
  EXPECT_EQ(fallback.diagnoses.front().rule_id, "engine.signal-exit");
  EXPECT_EQ(fallback.diagnoses.front().title, "Killed by SIGKILL");
}

TEST_F(DiagnosisEngineTest, SwitchingProtocolsIsANoteNeverAnExplanation) {
  auto pod = pod_with(R"(
status: {containerStatuses: [{name: ws, lastState: {terminated: {exitCode: 101, reason: Error}}}]}
)");
  std::string log;
  for (int i = 0; i < 50; ++i) {
    log += "GET /socket HTTP/1.1 101 Switching Protocols\n";
  }
  auto result = engine_.diagnose(pod, pod.to_diagnose[0], previous_log(log));
  ASSERT_EQ(result.diagnoses.size(), 1u);
  EXPECT_EQ(result.diagnoses[0].cause, "application-exit-code");
  EXPECT_EQ(result.diagnoses[0].rule_id, "engine.exit-code");
  ASSERT_EQ(result.notes.size(), 1u);
  EXPECT_EQ(result.notes[0].id, "test.switching-protocols");
  // Evidence keeps only the last lines, closest to the exit.
  ASSERT_FALSE(result.notes[0].evidence.empty());
  EXPECT_EQ(result.notes[0].evidence.back().line, 50u);
}

TEST_F(DiagnosisEngineTest, TerminationMessageStandsInForAMissingLog) {
  auto pod = pod_with(R"(
status:
  containerStatuses:
  - name: app
    state:
      terminated:
        exitCode: 101
        message: "thread 'main' panicked at 'boom', src/main.rs:1:1"
)");
  auto result = engine_.diagnose(pod, pod.to_diagnose[0], {});
  EXPECT_EQ(result.log_origin, kube::LogOrigin::kTerminationMessage);
  EXPECT_EQ(result.diagnoses.front().cause, "rust-panic");
}

TEST_F(DiagnosisEngineTest, EmptyLogFallsBackToTheTerminationMessage) {
  auto pod = pod_with(R"(
status:
  containerStatuses:
  - name: app
    lastState:
      terminated:
        exitCode: 101
        message: "thread 'main' panicked at 'boom', src/main.rs:1:1"
)");
  auto result = engine_.diagnose(pod, pod.to_diagnose[0], previous_log("\n"));
  EXPECT_EQ(result.log_origin, kube::LogOrigin::kTerminationMessage);
  EXPECT_EQ(result.log_note, "the log is empty; read the termination message instead");
  EXPECT_EQ(result.diagnoses.front().cause, "rust-panic");
}

TEST_F(DiagnosisEngineTest, EvidenceIsRedacted) {
  auto pod = pod_with(kRustPod);
  auto result = engine_.diagnose(
      pod, pod.to_diagnose[0],
      previous_log("thread 'main' panicked at 'db postgres://app:hunter2@db:5432/x "
                   "token=abcd1234', src/main.rs:1:1\n"));
  std::string line = result.diagnoses.front().evidence.back().text;
  EXPECT_EQ(line.find("hunter2"), std::string::npos) << line;
  EXPECT_EQ(line.find("abcd1234"), std::string::npos) << line;
  EXPECT_NE(line.find("[REDACTED]"), std::string::npos);
}

TEST_F(DiagnosisEngineTest, ScansOnlyTheBoundedTail) {
  DiagnosisEngine small(test_knowledge(), EngineOptions{64, 6, 400});
  auto pod = pod_with(kRustPod);
  std::string log = "thread 'main' panicked at 'early', src/main.rs:1:1\n" + std::string(200, 'x') +
                    "\nlast line\n";
  auto result = small.diagnose(pod, pod.to_diagnose[0], previous_log(log));
  EXPECT_TRUE(result.log_truncated);
  EXPECT_EQ(result.diagnoses.front().rule_id, "engine.exit-code");
}

TEST_F(DiagnosisEngineTest, RankingIsDeterministicOnTies) {
  auto pod = pod_with(kRustPod);
  auto first = engine_.diagnose(pod, pod.to_diagnose[0], previous_log("x\n"));
  auto second = engine_.diagnose(pod, pod.to_diagnose[0], previous_log("x\n"));
  ASSERT_EQ(first.diagnoses.size(), second.diagnoses.size());
  for (std::size_t i = 0; i < first.diagnoses.size(); ++i) {
    EXPECT_EQ(first.diagnoses[i].rule_id, second.diagnoses[i].rule_id);
  }
}

TEST_F(DiagnosisEngineTest, UnknownExitCodeMatchesNoExitCodeRuleAndIsNeverZero) {
  kube::PodFacts pod;
  kube::ContainerFacts container;
  container.name = "app";
  auto result = engine_.diagnose(pod, container,
                                 previous_log("thread 'main' panicked at src/main.rs:4:5:\n"));
  EXPECT_FALSE(result.exit_code.has_value());
  EXPECT_FALSE(result.signal.has_value());
  ASSERT_EQ(result.diagnoses.size(), 1u);
  const Diagnosis& top = result.diagnoses.front();
  EXPECT_EQ(top.rule_id, "engine.exit-code");
  EXPECT_EQ(top.title, "The program exited; its exit code is not known");
  EXPECT_TRUE(top.evidence.empty());
  EXPECT_EQ(exit_code_text(result.exit_code), "unknown");
}

TEST_F(DiagnosisEngineTest, UnknownExitCodeStillMatchesRulesWithoutOne) {
  kube::PodFacts pod;
  kube::ContainerFacts container;
  container.termination.reason = "OOMKilled";
  container.termination.signal = 9;
  auto result = engine_.diagnose(pod, container, kube::ContainerLog{});
  EXPECT_EQ(result.diagnoses.front().cause, "oom-killed");
  EXPECT_EQ(result.signal, 9);
}

TEST_F(DiagnosisEngineTest, LogTailShownWhenNoRuleUsedALine) {
  auto pod = pod_with(kRustPod);
  auto result = engine_.diagnose(pod, pod.to_diagnose[0],
                                 previous_log("starting\nlistening on :8080\nshutting down\n\n"));
  EXPECT_EQ(result.diagnoses.front().rule_id, "engine.exit-code");
  ASSERT_EQ(result.log_tail.size(), 3u);
  EXPECT_EQ(result.log_tail[0].kind, Evidence::Kind::kLogLine);
  EXPECT_EQ(result.log_tail[0].line, 1u);
  EXPECT_EQ(result.log_tail[0].text, "starting");
  EXPECT_EQ(result.log_tail[2].line, 3u);
  EXPECT_EQ(result.log_tail[2].text, "shutting down");
  // The tail is not evidence of the diagnosis: no rule used it.
  EXPECT_FALSE(uses_log_line(result.diagnoses.front()));
}

TEST_F(DiagnosisEngineTest, LogTailShownWhenTheTopRuleUsedOnlyFacts) {
  auto pod = pod_with(R"(
status: {containerStatuses: [{name: app, lastState: {terminated: {exitCode: 137, reason: OOMKilled}}}]}
)");
  auto result = engine_.diagnose(pod, pod.to_diagnose[0], previous_log("allocating\n"));
  EXPECT_EQ(result.diagnoses.front().cause, "oom-killed");
  ASSERT_EQ(result.log_tail.size(), 1u);
  EXPECT_EQ(result.log_tail[0].text, "allocating");
}

TEST_F(DiagnosisEngineTest, NoLogTailWhenARuleMatchedALine) {
  auto pod = pod_with(kRustPod);
  auto result =
      engine_.diagnose(pod, pod.to_diagnose[0],
                       previous_log("starting\nthread 'main' panicked at src/main.rs:4:5:\n"));
  EXPECT_EQ(result.diagnoses.front().cause, "rust-panic");
  EXPECT_TRUE(result.log_tail.empty());
}

TEST_F(DiagnosisEngineTest, NoLogTailWithoutALog) {
  auto pod = pod_with(kRustPod);
  auto result = engine_.diagnose(pod, pod.to_diagnose[0], {});
  EXPECT_EQ(result.log_origin, kube::LogOrigin::kNone);
  EXPECT_TRUE(result.log_tail.empty());
}

TEST_F(DiagnosisEngineTest, LogTailKeepsTheLastTenLines) {
  auto pod = pod_with(kRustPod);
  std::string log;
  for (int i = 1; i <= 25; ++i) {
    log += "line " + std::to_string(i) + "\n";
  }
  auto result = engine_.diagnose(pod, pod.to_diagnose[0], previous_log(log));
  ASSERT_EQ(result.log_tail.size(), 10u);
  EXPECT_EQ(result.log_tail.front().line, 16u);
  EXPECT_EQ(result.log_tail.front().text, "line 16");
  EXPECT_EQ(result.log_tail.back().line, 25u);
}

TEST_F(DiagnosisEngineTest, LogTailStaysWithinTwoKilobytes) {
  auto pod = pod_with(kRustPod);
  std::string log;
  for (int i = 0; i < 10; ++i) {
    log += std::string(300, 'a' + i) + "\n";
  }
  auto result = engine_.diagnose(pod, pod.to_diagnose[0], previous_log(log));
  // 6 lines of 300 bytes fit in 2048; a 7th would not, and lines are dropped whole.
  ASSERT_EQ(result.log_tail.size(), 6u);
  EXPECT_EQ(result.log_tail.front().line, 5u);
  EXPECT_EQ(result.log_tail.front().text, std::string(300, 'e'));
}

TEST_F(DiagnosisEngineTest, LogTailIsRedacted) {
  auto pod = pod_with(kRustPod);
  auto result = engine_.diagnose(pod, pod.to_diagnose[0],
                                 previous_log("connecting to postgres://app:hunter2@db:5432/x\n"));
  ASSERT_EQ(result.log_tail.size(), 1u);
  EXPECT_EQ(result.log_tail[0].text, "connecting to postgres://app:[REDACTED]@db:5432/x");
}

TEST_F(DiagnosisEngineTest, LogTailReplacesAPemBlock) {
  auto pod = pod_with(kRustPod);
  auto result = engine_.diagnose(pod, pod.to_diagnose[0],
                                 previous_log("loaded key\n-----BEGIN PRIVATE KEY-----\n"
                                              "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n"
                                              "-----END PRIVATE KEY-----\nexiting\n"));
  ASSERT_EQ(result.log_tail.size(), 5u);
  EXPECT_EQ(result.log_tail[0].text, "loaded key");
  for (std::size_t i = 1; i <= 3; ++i) {
    EXPECT_EQ(result.log_tail[i].text, "[REDACTED PEM BLOCK]");
  }
  EXPECT_EQ(result.log_tail[4].text, "exiting");
}

// What an init container's failure holds back, the node's state, and the owning Job's failure
// are context for whatever cause ranks first: evidence of the top diagnosis.
TEST_F(DiagnosisEngineTest, ContextFactsJoinTheTopDiagnosis) {
  auto pod = pod_with(R"(
spec:
  nodeName: worker-3
  initContainers: [{name: migrate, image: m:1}]
  containers: [{name: app, image: app:1}]
status:
  initContainerStatuses:
  - name: migrate
    restartCount: 2
    state: {waiting: {reason: CrashLoopBackOff}}
    lastState: {terminated: {exitCode: 3, reason: Error}}
  containerStatuses:
  - {name: app, state: {waiting: {reason: PodInitializing}}}
)");
  pod.owner_kind = "Job";
  pod.owner_name = "nightly";
  pod.conditions.push_back("Job FailureTarget=True: BackoffLimitExceeded: limit");
  pod.conditions.push_back("Job Failed=True: BackoffLimitExceeded: limit");
  pod.node_conditions.push_back("MemoryPressure=True: KubeletHasInsufficientMemory: low");
  auto result = engine_.diagnose(pod, pod.to_diagnose[0], previous_log(""));
  std::vector<std::string> texts;
  for (const auto& evidence : result.diagnoses.front().evidence) {
    texts.push_back(evidence.text);
  }
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "exit code 3",
                       "app container app never started: it waits (PodInitializing) until init "
                       "container migrate exits 0",
                       "Job nightly: Failed=True: BackoffLimitExceeded: limit",
                       "node worker-3 now: MemoryPressure=True: KubeletHasInsufficientMemory: low",
                   }));
}

}  // namespace
}  // namespace kexit::diagnose
