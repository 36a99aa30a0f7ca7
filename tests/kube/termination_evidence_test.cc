#include "kube/termination_evidence.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <vector>

#include "base/file_reading.h"
#include "kube/api_paths.h"
#include "kube/pod_parser.h"
#include "testing/eventually.h"
#include "testing/kubesim_fixture.h"

namespace kexit::kube {
namespace {

// Answers reads in order, as scripted, and keeps what each read asked for.
class ScriptedLogReader : public LogReader {
 public:
  Expected<PodLog> read_log(const std::string& namespace_name, const std::string& pod,
                            const LogOptions& options) override {
    asked.push_back(options);
    if (answers.empty()) {
      return Error{"unexpected read of " + namespace_name + "/" + pod};
    }
    Expected<PodLog> answer = std::move(answers.front());
    answers.pop_front();
    return answer;
  }

  std::deque<Expected<PodLog>> answers;
  std::vector<LogOptions> asked;
};

PodLog answer(int status, std::string body) {
  PodLog log;
  log.response.status = status;
  log.response.body = std::move(body);
  log.response.action = describe_request("GET", pod_log_path("shop", "api-1"));
  return log;
}

PodFacts pod(const std::string& restart_policy = "Always") {
  PodFacts facts;
  facts.namespace_name = "shop";
  facts.name = "api-1";
  facts.restart_policy = restart_policy;
  return facts;
}

ContainerFacts container(TerminationSlot slot, const std::string& message = "") {
  ContainerFacts facts;
  facts.name = "app";
  facts.slot = slot;
  facts.termination.exit_code = 101;
  facts.termination.finished_at = "2024-01-01T00:10:00Z";
  facts.termination.message = message;
  return facts;
}

TEST(TerminationEvidence, ReadsThePreviousInstanceOfARestartedContainer) {
  ScriptedLogReader reader;
  PodLog previous = answer(200, "panic: boom\n");
  previous.truncated = true;
  reader.answers.push_back(previous);
  auto log = fetch_terminated_log(reader, pod(), container(TerminationSlot::kLast), 64 * 1024);
  EXPECT_EQ(log.origin, LogOrigin::kPreviousLog);
  EXPECT_EQ(log.text, "panic: boom\n");
  EXPECT_TRUE(log.truncated);
  EXPECT_EQ(log.note, "");
  ASSERT_EQ(reader.asked.size(), 1u);
  EXPECT_EQ(reader.asked[0].container, "app");
  EXPECT_TRUE(reader.asked[0].previous);
  EXPECT_TRUE(reader.asked[0].timestamps);
  // The budget is the text's: the timestamps of the lines asked for come on top.
  EXPECT_EQ(reader.asked[0].max_bytes, 64u * 1024 + 31 * 2048);
  EXPECT_EQ(reader.asked[0].tail_lines, 2048);
  EXPECT_FALSE(reader.asked[0].limit_bytes.has_value());
}

TEST(TerminationEvidence, ReadsTheCurrentLogOfAContainerThatStaysTerminated) {
  for (const auto& [policy, exit_code] :
       std::vector<std::pair<std::string, int>>{{"Never", 101}, {"OnFailure", 0}}) {
    ScriptedLogReader reader;
    reader.answers.push_back(answer(200, "done\n"));
    ContainerFacts finished = container(TerminationSlot::kCurrent);
    finished.termination.exit_code = exit_code;
    auto log = fetch_terminated_log(reader, pod(policy), finished, 1024);
    EXPECT_EQ(log.origin, LogOrigin::kCurrentLog) << policy;
    EXPECT_EQ(log.text, "done\n") << policy;
    ASSERT_EQ(reader.asked.size(), 1u) << policy;
    EXPECT_FALSE(reader.asked[0].previous) << policy;
    EXPECT_FALSE(reader.asked[0].timestamps) << policy;
    EXPECT_EQ(reader.asked[0].tail_lines, 1000) << policy;
  }
}

TEST(TerminationEvidence, ReadsTheDeadInstancesCurrentLogWithoutItsTimestamps) {
  ScriptedLogReader reader;
  // finishedAt has whole seconds: a line at 00:10:00.9 is still the dead instance's.
  reader.answers.push_back(
      answer(200, "2024-01-01T00:09:58Z starting\n2024-01-01T00:10:00.9Z panic: boom\n"));
  auto log = fetch_terminated_log(reader, pod(), container(TerminationSlot::kCurrent), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kCurrentLog);
  EXPECT_EQ(log.text, "starting\npanic: boom\n");
  EXPECT_EQ(log.note, "");
  ASSERT_EQ(reader.asked.size(), 1u);
  EXPECT_FALSE(reader.asked[0].previous);
  EXPECT_TRUE(reader.asked[0].timestamps);
}

TEST(TerminationEvidence, ReadsThePreviousInstanceWhenTheContainerRestartedBeforeTheRead) {
  ScriptedLogReader reader;
  reader.answers.push_back(answer(200, "2024-01-01T00:10:02Z listening on 0.0.0.0:8080\n"));
  reader.answers.push_back(answer(200, "panic: boom\n"));
  auto log = fetch_terminated_log(reader, pod(), container(TerminationSlot::kCurrent), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kPreviousLog);
  EXPECT_EQ(log.text, "panic: boom\n");
  EXPECT_EQ(log.note,
            "the container restarted before its log was read; read the previous instance's");
  ASSERT_EQ(reader.asked.size(), 2u);
  EXPECT_TRUE(reader.asked[1].previous);
  EXPECT_TRUE(reader.asked[1].timestamps);
}

TEST(TerminationEvidence, AsksThePreviousInstanceWhenTheCurrentLogIsEmpty) {
  ScriptedLogReader reader;
  reader.answers.push_back(answer(200, ""));
  reader.answers.push_back(answer(200, "panic: boom\n"));
  auto log = fetch_terminated_log(reader, pod(), container(TerminationSlot::kCurrent), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kPreviousLog);
  EXPECT_EQ(log.text, "panic: boom\n");

  ScriptedLogReader silent;
  silent.answers.push_back(answer(200, ""));
  silent.answers.push_back(answer(200, ""));
  auto empty = fetch_terminated_log(silent, pod(), container(TerminationSlot::kCurrent), 1024);
  EXPECT_EQ(empty.origin, LogOrigin::kCurrentLog);
  EXPECT_EQ(empty.text, "");
  EXPECT_EQ(empty.note, "");
}

TEST(TerminationEvidence, NeverReadsTheInstanceBeforeASilentDeadOneAsItsLog) {
  // Caught in state.terminated before the restart; the dead instance wrote nothing, so the
  // previous log is the instance before it, which ended before this one started.
  ScriptedLogReader reader;
  reader.answers.push_back(answer(200, ""));
  reader.answers.push_back(answer(200, "2024-01-01T00:05:00.5Z panic: an older crash\n"));
  ContainerFacts silent = container(TerminationSlot::kCurrent);
  silent.termination.started_at = "2024-01-01T00:09:00Z";
  auto log = fetch_terminated_log(reader, pod(), silent, 1024);
  EXPECT_EQ(log.origin, LogOrigin::kCurrentLog);
  EXPECT_EQ(log.text, "");
  EXPECT_EQ(log.note, "");
  ASSERT_EQ(reader.asked.size(), 2u);
  EXPECT_TRUE(reader.asked[1].previous);
}

TEST(TerminationEvidence, NeverReadsTheNextInstancesLogAsTheDeadOnes) {
  ScriptedLogReader reader;
  // Five seconds after finishedAt: later than a drain is allowed (kDrainMargin).
  reader.answers.push_back(answer(200, "2024-01-01T00:10:05Z listening on 0.0.0.0:8080\n"));
  reader.answers.push_back(answer(400, "previous terminated container \"app\" not found"));
  auto log =
      fetch_terminated_log(reader, pod(), container(TerminationSlot::kCurrent, "panicked"), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kTerminationMessage);
  EXPECT_EQ(log.text, "panicked");
  EXPECT_EQ(log.note,
            "the container restarted before its log was read, and the previous instance's log "
            "is unavailable; used the termination message instead");
}

// containerd dates the lines still in the pipe when it drains them, after the shim's exit time
// (finishedAt) on a loaded node; the previous log then shows that no restart happened.
TEST(TerminationEvidence, ReadsACurrentLogDrainedLateAsTheDeadInstances) {
  const std::string older = "2024-01-01T00:05:00.5Z panic: an older crash\n";
  for (const auto& previous :
       {answer(400, "previous terminated container \"app\" not found"), answer(200, older)}) {
    ScriptedLogReader reader;
    reader.answers.push_back(
        answer(200, "2024-01-01T00:09:59Z starting\n2024-01-01T00:10:04.9Z panic: boom\n"));
    reader.answers.push_back(previous);
    ContainerFacts dead = container(TerminationSlot::kCurrent);
    dead.termination.started_at = "2024-01-01T00:09:59Z";
    auto log = fetch_terminated_log(reader, pod(), dead, 1024);
    EXPECT_EQ(log.origin, LogOrigin::kCurrentLog) << previous.response.status;
    EXPECT_EQ(log.text, "starting\npanic: boom\n");
    EXPECT_EQ(log.note, "");
    ASSERT_EQ(reader.asked.size(), 2u);
    EXPECT_TRUE(reader.asked[1].previous);
  }
}

TEST(TerminationEvidence, ReadsAPreviousLogDrainedLateAsTheDeadInstances) {
  ScriptedLogReader reader;
  reader.answers.push_back(answer(200, "2024-01-01T00:10:04.9Z panic: boom\n"));
  auto log = fetch_terminated_log(reader, pod(), container(TerminationSlot::kLast), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kPreviousLog);
  EXPECT_EQ(log.text, "panic: boom\n");
}

// The pod showed the next instance running since 00:10:01: the dead instance's lines, drained
// before the kubelet could restart it, are all earlier than 00:10:02.
TEST(TerminationEvidence, DatesALaterPreviousInstanceByTheNextStartWhenItIsKnown) {
  ScriptedLogReader reader;
  reader.answers.push_back(answer(200, "2024-01-01T00:10:03Z panic: index out of range\n"));
  PodFacts restarted = pod();
  restarted.running.push_back({"app", ContainerKind::kRegular, "2024-01-01T00:10:01Z"});
  auto log = fetch_terminated_log(reader, restarted, container(TerminationSlot::kLast), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kNone);
  EXPECT_EQ(log.note,
            "the container terminated again and restarted before its log was read: the previous "
            "log is a later instance's, and the container left no termination message");
}

// Timestamps are stripped before the text is cut to the budget: 31 bytes a line would
// otherwise push out half of a log of short lines.
TEST(TerminationEvidence, CutsTheLogToTheBudgetWithoutItsTimestamps) {
  std::string stamped;
  std::string text;
  for (int i = 0; i < 40; ++i) {
    std::string line = "request " + std::to_string(100 + i) + " served\n";
    stamped += "2024-01-01T00:09:58.000000000Z " + line;
    text += line;
  }
  ScriptedLogReader reader;
  reader.answers.push_back(answer(200, stamped));
  auto log = fetch_terminated_log(reader, pod(), container(TerminationSlot::kLast), 200);
  EXPECT_EQ(log.text, text.substr(tail_start(text, 200)));
  const std::string_view kept = log.text;
  EXPECT_EQ(std::count(kept.begin(), kept.end(), '\n'), 10);  // 19 bytes each
  EXPECT_TRUE(log.truncated);
}

TEST(TerminationEvidence, ReadsThePreviousInstancesLogWithoutItsTimestamps) {
  ScriptedLogReader reader;
  reader.answers.push_back(
      answer(200, "2024-01-01T00:09:58Z starting\n2024-01-01T00:10:00.9Z panic: boom\n"));
  auto log = fetch_terminated_log(reader, pod(), container(TerminationSlot::kLast), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kPreviousLog);
  EXPECT_EQ(log.text, "starting\npanic: boom\n");
  EXPECT_EQ(log.note, "");
}

// The pod was read with instance 1 in lastState; before its log was read, instance 2 ended
// too and instance 3 started, so the kubelet's previous instance is 2: its log is not 1's.
TEST(TerminationEvidence, NeverReadsALaterInstancesPreviousLogAsTheDeadOnes) {
  ScriptedLogReader reader;
  reader.answers.push_back(answer(200, "2024-01-01T00:11:30Z panic: index out of range\n"));
  auto log =
      fetch_terminated_log(reader, pod(), container(TerminationSlot::kLast, "panicked"), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kTerminationMessage);
  EXPECT_EQ(log.text, "panicked");
  EXPECT_EQ(log.note,
            "the container terminated again and restarted before its log was read: the previous "
            "log is a later instance's; used the termination message instead");
  ASSERT_EQ(reader.asked.size(), 1u);
}

// Seen in state.terminated, then restarted, ended and restarted again before the read: the
// current log and the previous one are both later instances'.
TEST(TerminationEvidence, NeverReadsALaterPreviousInstanceAsTheDeadCurrentOne) {
  ScriptedLogReader reader;
  reader.answers.push_back(answer(200, "2024-01-01T00:12:02Z listening on 0.0.0.0:8080\n"));
  reader.answers.push_back(answer(200, "2024-01-01T00:11:40Z panic: index out of range\n"));
  auto log = fetch_terminated_log(reader, pod(), container(TerminationSlot::kCurrent), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kNone);
  EXPECT_EQ(log.text, "");
  EXPECT_EQ(log.note,
            "the container terminated again and restarted before its log was read: the previous "
            "log is a later instance's, and the container left no termination message");
  ASSERT_EQ(reader.asked.size(), 2u);
  EXPECT_TRUE(reader.asked[1].timestamps);
}

// A container the kubelet never found when the pod ended (still waiting to be created, say)
// is reported ContainerStatusUnknown without a container ID: there is no log to read, and the
// current log would be its lastState instance's.
// The kubelet also writes it in lastState for a running container it lost.
TEST(TerminationEvidence, ReadsNoLogForAnInstanceTheKubeletNeverFound) {
  for (TerminationSlot slot : {TerminationSlot::kCurrent, TerminationSlot::kLast}) {
    ScriptedLogReader reader;
    ContainerFacts unknown = container(slot);
    unknown.termination.exit_code = 137;
    unknown.termination.reason = "ContainerStatusUnknown";
    unknown.termination.message = "The container could not be located when the pod was terminated";
    auto log = fetch_terminated_log(reader, pod(), unknown, 1024);
    EXPECT_TRUE(reader.asked.empty());
    EXPECT_EQ(log.origin, LogOrigin::kTerminationMessage);
    EXPECT_EQ(log.note,
              "the kubelet never found this instance (ContainerStatusUnknown without a container "
              "ID), so it has no log; used the termination message instead");
  }
}

TEST(TerminationEvidence, ExplainsAPreviousLogTheKubeletNoLongerKeeps) {
  ScriptedLogReader reader;
  reader.answers.push_back(answer(
      400,
      R"({"kind":"Status","code":400,"reason":"BadRequest","message":"previous terminated container \"app\" in pod \"api-1\" not found"})"));
  auto log = fetch_terminated_log(reader, pod(), container(TerminationSlot::kLast), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kNone);
  EXPECT_EQ(log.text, "");
  EXPECT_EQ(log.note,
            "the previous log is gone (HTTP 400: the kubelet keeps only the last terminated "
            "instance, and none once the pod is deleted or moved), and the container left no "
            "termination message");
}

TEST(TerminationEvidence, ExplainsALogThatIsGoneWithItsPod) {
  ScriptedLogReader reader;
  reader.answers.push_back(answer(
      404,
      R"({"kind":"Status","code":404,"reason":"NotFound","message":"pods \"api-1\" not found"})"));
  auto log = fetch_terminated_log(reader, pod("Never"),
                                  container(TerminationSlot::kCurrent, "exit 101"), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kTerminationMessage);
  EXPECT_EQ(log.text, "exit 101");
  EXPECT_EQ(log.note,
            "the current log is gone (HTTP 404: pods \"api-1\" not found); used the termination "
            "message instead");
}

TEST(TerminationEvidence, LetsTheTerminationMessageStandInForAForbiddenLog) {
  ScriptedLogReader reader;
  reader.answers.push_back(answer(
      403,
      R"({"kind":"Status","code":403,"reason":"Forbidden","message":"pods \"api-1\" is forbidden: User \"viewer\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"shop\""})"));
  auto log = fetch_terminated_log(reader, pod(), container(TerminationSlot::kLast, "exit 2"), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kTerminationMessage);
  EXPECT_EQ(log.text, "exit 2");
  EXPECT_EQ(log.note,
            "could not fetch the previous log (forbidden: cannot get pods/log \"api-1\" in "
            "namespace \"shop\"; the RBAC role needs verb \"get\" on resource \"pods/log\"; the "
            "request was made as User \"viewer\"); used the termination message instead");
}

TEST(TerminationEvidence, SaysWhenNoAnswerCame) {
  ScriptedLogReader reader;
  reader.answers.push_back(Error{"read timeout after 60s"});
  auto log = fetch_terminated_log(reader, pod(), container(TerminationSlot::kLast), 1024);
  EXPECT_EQ(log.origin, LogOrigin::kNone);
  EXPECT_EQ(log.note,
            "could not fetch the previous log (read timeout after 60s), and the container left "
            "no termination message");
}

// A reader whose log read and Events read each wait, bounded, for the other to have begun:
// read one after the other, the first would give up waiting and say so.
class OverlapCheckingReader : public EvidenceReader {
 public:
  Expected<PodLog> read_log(const std::string&, const std::string&, const LogOptions&) override {
    log_started = true;
    log_saw_events = testing_support::eventually([&] { return events_started.load(); });
    return answer(200, "panic: boom\n");
  }
  Expected<ApiResponse> read_events(const std::string&, const std::string&, int) override {
    events_started = true;
    events_saw_log = testing_support::eventually([&] { return log_started.load(); });
    ApiResponse response;
    response.status = events_status;
    response.body = events_status == 200 ? R"({"items": [{"metadata": {"name": "api-1.1"},
        "involvedObject": {"kind": "Pod", "name": "api-1", "namespace": "shop"},
        "reason": "BackOff", "type": "Warning", "message": "Back-off restarting failed container"}]})"
                                         : R"({"kind": "Status", "code": 403})";
    return response;
  }
  Expected<ApiResponse> read_job(const std::string&, const std::string&) override {
    return Error{"not used"};
  }
  Expected<ApiResponse> read_node(const std::string&) override { return Error{"not used"}; }

  int events_status = 200;
  std::atomic<bool> log_started{false};
  std::atomic<bool> events_started{false};
  std::atomic<bool> log_saw_events{false};
  std::atomic<bool> events_saw_log{false};
};

PodFacts pod_with_terminated_app() {
  PodFacts facts = pod("Never");
  facts.to_diagnose.push_back(container(TerminationSlot::kCurrent));
  return facts;
}

TEST(TerminationEvidence, ReadsTheLogWhileTheEventsAreRead) {
  OverlapCheckingReader reader;
  PodFacts facts = pod_with_terminated_app();
  auto logs = gather_evidence(reader, facts, TimePoint{}, 1024);
  EXPECT_TRUE(reader.log_saw_events);
  EXPECT_TRUE(reader.events_saw_log);
  ASSERT_EQ(facts.events.size(), 1u);
  EXPECT_EQ(facts.events[0].reason, "BackOff");
  ASSERT_EQ(logs.count("app"), 1u);
  EXPECT_EQ(logs["app"].text, "panic: boom\n");
  EXPECT_EQ(logs["app"].origin, LogOrigin::kCurrentLog);
}

TEST(TerminationEvidence, AFailedEventsReadLeavesTheLogAndANote) {
  OverlapCheckingReader reader;
  reader.events_status = 403;
  PodFacts facts = pod_with_terminated_app();
  const ContainerFacts app = facts.to_diagnose.front();
  auto log = gather_container_evidence(reader, facts, app, TimePoint{}, 1024);
  EXPECT_TRUE(reader.log_saw_events);
  EXPECT_TRUE(reader.events_saw_log);
  EXPECT_EQ(log.text, "panic: boom\n");
  EXPECT_TRUE(facts.events.empty());
  EXPECT_EQ(
      facts.evidence_notes,
      std::vector<std::string>{
          "the pod's Events could not be read (HTTP 403; needs list events in namespace shop)"});
}

// The same path against an API server, through the client `kexit inspect` uses.
class TerminationEvidenceKubesim : public KubesimFixture {
 protected:
  // web's container as a watch or list saw it a moment ago: terminated, not yet restarted.
  PodFacts seen_terminated() {
    json seen = pod("default", "web", {}, nullptr, Slot::kCurrent, 101, "", "2023-11-14T22:10:00Z");
    seen["spec"]["restartPolicy"] = "Always";
    seen["status"]["phase"] = "Running";
    auto facts = parse_pod(seen, "web.json");
    EXPECT_TRUE(facts) << facts.error().to_string();
    return *facts;
  }

  static constexpr const char* kDeadId = "containerd://default-web-1";
  static kubesim::TimePoint finished() { return start_time() - std::chrono::seconds(200); }
};

TEST_F(TerminationEvidenceKubesim, ReadsTheDeadInstanceWhenTheContainerRestartedBeforeTheRead) {
  json restarted = pod("default", "web", {}, nullptr, Slot::kLast, 101, "", "2023-11-14T22:10:00Z");
  json& status = restarted["status"]["containerStatuses"][0];
  status["state"] = {{"running", {{"startedAt", "2023-11-14T22:10:01Z"}}}};
  status["containerID"] = "containerd://default-web-2";
  put(restarted);
  cluster_.logs().replace(kDeadId, "starting\npanic: boom\n", finished() - std::chrono::seconds(1));
  cluster_.logs().replace("containerd://default-web-2", "listening on 0.0.0.0:8080\n",
                          start_time());
  auto client = admin_client();
  PodFacts facts = seen_terminated();
  auto log = fetch_terminated_log(*client, facts, facts.to_diagnose.front(), 64 * 1024);
  EXPECT_EQ(log.origin, LogOrigin::kPreviousLog);
  EXPECT_EQ(log.text, "starting\npanic: boom\n");
  EXPECT_EQ(log.note,
            "the container restarted before its log was read; read the previous instance's");
}

TEST_F(TerminationEvidenceKubesim, ReadsTheCurrentLogOfAContainerNotYetRestarted) {
  PodFacts facts = seen_terminated();
  json still = pod("default", "web", {}, nullptr, Slot::kCurrent, 101, "", "2023-11-14T22:10:00Z");
  still["spec"]["restartPolicy"] = "Always";
  put(still);
  cluster_.logs().replace(kDeadId, "starting\npanic: boom\n", finished() - std::chrono::seconds(1));
  auto client = admin_client();
  auto log = fetch_terminated_log(*client, facts, facts.to_diagnose.front(), 64 * 1024);
  EXPECT_EQ(log.origin, LogOrigin::kCurrentLog);
  EXPECT_EQ(log.text, "starting\npanic: boom\n");
  EXPECT_EQ(log.note, "");
}

// The pod as read shows instance 1 in lastState; by the log's read instance 2 has ended too and
// instance 3 runs, so the API server's previous log is instance 2's.
TEST_F(TerminationEvidenceKubesim, NeverReadsALaterInstancesPreviousLogAsTheDeadOnes) {
  json seen = pod("default", "web", {}, nullptr, Slot::kLast, 101, "", "2023-11-14T22:10:00Z");
  auto facts = parse_pod(seen, "web.json");
  ASSERT_TRUE(facts) << facts.error().to_string();
  json later = seen;
  json& status = later["status"]["containerStatuses"][0];
  status["lastState"]["terminated"]["containerID"] = "containerd://default-web-2";
  status["lastState"]["terminated"]["finishedAt"] = "2023-11-14T22:12:00Z";
  status["restartCount"] = 2;
  status["state"] = {{"running", {{"startedAt", "2023-11-14T22:12:10Z"}}}};
  status["containerID"] = "containerd://default-web-3";
  put(later);
  cluster_.logs().replace(kDeadId, "panic: boom\n", finished() - std::chrono::seconds(1));
  cluster_.logs().replace("containerd://default-web-2", "panic: index out of range\n",
                          start_time() - std::chrono::seconds(80));
  auto client = admin_client();
  auto log = fetch_terminated_log(*client, *facts, facts->to_diagnose.front(), 64 * 1024);
  EXPECT_EQ(log.origin, LogOrigin::kNone);
  EXPECT_EQ(log.text, "");
  EXPECT_EQ(log.note,
            "the container terminated again and restarted before its log was read: the previous "
            "log is a later instance's, and the container left no termination message");
}

// A restarted container's log is read with timestamps; the user sees as many of its lines as
// a read without them keeps within the same budget.
TEST_F(TerminationEvidenceKubesim, TimestampsTakeNoLinesFromTheBudget) {
  json restarted = pod("default", "web", {}, nullptr, Slot::kLast, 101);
  put(restarted);
  std::string text;
  for (int i = 0; i < 2000; ++i) {
    text += "GET /healthz 200 " + std::to_string(1000 + i) + "us\n";
  }
  cluster_.logs().replace(kDeadId, text, finished() - std::chrono::seconds(1));
  auto facts = parse_pod(restarted, "web.json");
  ASSERT_TRUE(facts) << facts.error().to_string();
  auto client = admin_client();
  constexpr std::size_t kBudget = 16 * 1024;
  LogOptions plain;
  plain.container = "main";
  plain.previous = true;
  plain.max_bytes = kBudget;
  auto without = client->read_log("default", "web", plain);
  ASSERT_TRUE(without && without->response.ok());
  auto log = fetch_terminated_log(*client, *facts, facts->to_diagnose.front(), kBudget);
  EXPECT_EQ(log.origin, LogOrigin::kPreviousLog);
  EXPECT_EQ(log.text, without->response.body);
  EXPECT_GT(log.text.size(), kBudget - 64);
  EXPECT_TRUE(log.truncated);
}

}  // namespace
}  // namespace kexit::kube
