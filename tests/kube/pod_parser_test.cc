#include "kube/pod_parser.h"

#include <gtest/gtest.h>

#include <functional>
#include <regex>

#include "base/file_reading.h"
#include "base/json_field_reader.h"
#include "base/structured_text.h"
#include "testing/paths.h"

namespace kexit::kube {
namespace {

std::vector<PodFacts> parse_fixture(const std::string& name) {
  std::string path = testing_support::fixture_path(name);
  auto text = read_file(path);
  EXPECT_TRUE(text.ok());
  auto pods = parse_pods(*text, name);
  EXPECT_TRUE(pods.ok()) << pods.error().to_string();
  return pods.ok() ? *pods : std::vector<PodFacts>{};
}

TEST(PodParser, CrashLoopBackOffUsesLastStateAndKeepsWaitingReason) {
  auto pods = parse_fixture("is-healthy-crashloopbackoff.yaml");
  ASSERT_EQ(pods.size(), 1u);
  ASSERT_EQ(pods[0].to_diagnose.size(), 1u);
  const ContainerFacts& main = pods[0].to_diagnose[0];
  EXPECT_EQ(main.name, "main");
  EXPECT_EQ(main.slot, TerminationSlot::kLast);
  EXPECT_EQ(main.termination.exit_code, 1);
  EXPECT_EQ(main.termination.reason, "Error");
  EXPECT_EQ(main.restart_count, 3);
  EXPECT_EQ(main.waiting_reason, "CrashLoopBackOff");
  EXPECT_EQ(main.command, (std::vector<std::string>{"sh", "-c", "exit 1"}));
}

TEST(PodParser, StartErrorKeepsRuntimeMessageAndOwner) {
  auto pods = parse_fixture("is-healthy-start-error.yaml");
  ASSERT_EQ(pods.size(), 1u);
  ASSERT_EQ(pods[0].to_diagnose.size(), 1u);
  const auto& termination = pods[0].to_diagnose[0].termination;
  EXPECT_EQ(termination.exit_code, 128);
  EXPECT_EQ(termination.reason, "StartError");
  EXPECT_NE(termination.message.find("mount"), std::string::npos);
  EXPECT_EQ(pods[0].owner_kind, "Job");
  EXPECT_EQ(pods[0].to_diagnose[0].slot, TerminationSlot::kCurrent);
}

TEST(PodParser, FailingInitContainerIsAnInitKind) {
  auto pods = parse_fixture("is-healthy-pod-crashloop-pending.yaml");
  ASSERT_EQ(pods.size(), 1u);
  ASSERT_EQ(pods[0].to_diagnose.size(), 1u);
  EXPECT_EQ(pods[0].to_diagnose[0].name, "crashloop-init");
  EXPECT_EQ(pods[0].to_diagnose[0].kind, ContainerKind::kInit);
  EXPECT_EQ(pods[0].to_diagnose[0].termination.finished_at, "2024-09-05T12:37:24Z");
}

// restartPolicy Always on an init container makes it a native sidecar; the app containers that
// wait in PodInitializing are held back by the init containers, and named for that.
TEST(PodParser, ANativeSidecarIsASidecarAndHeldBackContainersAreNamed) {
  auto pods = parse_pods(R"(kind: Pod
metadata: {name: p, namespace: ns}
spec:
  initContainers:
  - {name: proxy, image: envoy:1, restartPolicy: Always}
  - {name: migrate, image: m:1}
  containers: [{name: app, image: app:1}, {name: worker, image: w:1}]
status:
  initContainerStatuses:
  - name: proxy
    restartCount: 4
    state: {waiting: {reason: CrashLoopBackOff}}
    lastState: {terminated: {exitCode: 1, reason: Error}}
  - {name: migrate, state: {waiting: {reason: PodInitializing}}}
  containerStatuses:
  - {name: app, state: {waiting: {reason: PodInitializing}}}
  - {name: worker, state: {waiting: {reason: PodInitializing}}}
)",
                         "sidecar.yaml");
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  ASSERT_EQ((*pods)[0].to_diagnose.size(), 1u);
  EXPECT_EQ((*pods)[0].to_diagnose[0].name, "proxy");
  EXPECT_EQ((*pods)[0].to_diagnose[0].kind, ContainerKind::kSidecar);
  EXPECT_EQ((*pods)[0].waiting_for_init, (std::vector<std::string>{"app", "worker"}));
}

// An older kubelet evicts without a terminated state: the failure is the pod's, reported once
// against its first container.
TEST(PodParser, EvictedPodWithoutTerminatedStateIsAPodFailure) {
  auto pods = parse_fixture("is-healthy-evicted.yaml");
  ASSERT_EQ(pods.size(), 1u);
  EXPECT_EQ(pods[0].reason, "Evicted");
  EXPECT_NE(pods[0].message.find("low on resource: memory"), std::string::npos);
  ASSERT_EQ(pods[0].to_diagnose.size(), 1u);
  EXPECT_EQ(pods[0].to_diagnose[0].name, "busybox");
  EXPECT_EQ(pods[0].to_diagnose[0].outcome, ContainerOutcome::kPodFailed);
  EXPECT_EQ(pods[0].to_diagnose[0].image, "busybox");
  EXPECT_FALSE(pods[0].to_diagnose[0].termination.exit_code.has_value());
  EXPECT_EQ(pods[0].conditions,
            std::vector<std::string>{
                "Ready=False: PodEvicted: The pod was evicted due to low memory on the node."});
}

TEST(PodParser, ReadsEveryFieldOfTheApiRoundTripFixture) {
  for (const char* name : {"core.v1.Pod.json", "core.v1.Pod.yaml"}) {
    auto pods = parse_fixture(name);
    ASSERT_EQ(pods.size(), 1u) << name;
    const PodFacts& pod = pods[0];
    EXPECT_EQ(pod.name, "nameValue");
    EXPECT_EQ(pod.namespace_name, "namespaceValue");
    // One terminated container each of the init, regular and ephemeral kinds.
    ASSERT_EQ(pod.to_diagnose.size(), 3u) << name;
    EXPECT_EQ(pod.to_diagnose[0].kind, ContainerKind::kInit);
    EXPECT_EQ(pod.to_diagnose[1].kind, ContainerKind::kRegular);
    EXPECT_EQ(pod.to_diagnose[2].kind, ContainerKind::kEphemeral);
    EXPECT_EQ(pod.to_diagnose[1].termination.signal, 2);
  }
}

TEST(PodParser, MalformedExitCodeNamesThePath) {
  std::string text = R"({"kind":"Pod","metadata":{"name":"p"},"status":{"containerStatuses":[
    {"name":"a","state":{"running":{}}},
    {"name":"b","state":{"running":{}}},
    {"name":"c","lastState":{"terminated":{"exitCode":"abc"}}}]}})";
  auto pods = parse_pods(text, "pod.json");
  ASSERT_FALSE(pods.ok());
  EXPECT_EQ(pods.error().to_string(),
            "pod.json:.status.containerStatuses[2].lastState.terminated.exitCode: expected an "
            "integer, got \"abc\"");
}

TEST(PodParser, FoldsAnUnsignedWindowsStatusAndRefusesWhatIsNo32BitCode) {
  auto pod = [](const std::string& code) {
    return R"({"kind":"Pod","metadata":{"name":"p"},"status":{"containerStatuses":[
      {"name":"c","lastState":{"terminated":{"exitCode":)" +
           code + "}}}]}}";
  };
  auto windows = parse_pods(pod("3221225477"), "pod.json");
  ASSERT_TRUE(windows.ok()) << windows.error().to_string();
  EXPECT_EQ(windows->front().to_diagnose.front().termination.exit_code, -1073741819);
  auto huge = parse_pods(pod("4294967296"), "pod.json");
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().to_string(),
            "pod.json:.status.containerStatuses[0].lastState.terminated.exitCode: out of range: an "
            "exit code is a 32-bit number");
}

TEST(PodParser, ErrorsInsideAListNameTheItem) {
  std::string text = R"({"kind":"List","items":[{"kind":"Pod"},{"kind":"Pod","metadata":[]}]})";
  auto pods = parse_pods(text, "pods.json");
  ASSERT_FALSE(pods.ok());
  EXPECT_EQ(pods.error().to_string(), "pods.json:.items[1].metadata: expected an object, got []");
}

TEST(PodParser, RejectsOtherKinds) {
  auto pods = parse_pods("kind: Service\n", "d.yaml");
  ASSERT_FALSE(pods.ok());
  EXPECT_EQ(pods.error().to_string(),
            "d.yaml:.kind: expected a Pod, got \"Service\"; pass a pod (kubectl get pod NAME "
            "-o json)");
}

TEST(PodParser, RejectsADocumentWithoutKindThatIsNoPod) {
  auto pods = parse_pods(R"({"foo": 1})", "foo.json");
  ASSERT_FALSE(pods.ok());
  EXPECT_EQ(pods.error().to_string(),
            "foo.json:.kind: no kind, and neither spec.containers nor status.containerStatuses: "
            "not a Pod; pass a pod (kubectl get pod NAME -o json)");
}

TEST(PodParser, AcceptsAHandWrittenPodWithoutKind) {
  auto by_spec = parse_pods("spec:\n  containers:\n  - name: app\n", "spec.yaml");
  ASSERT_TRUE(by_spec.ok()) << by_spec.error().to_string();
  EXPECT_EQ(by_spec->size(), 1u);
  auto by_status = parse_pods(R"({"status": {"containerStatuses": []}})", "status.json");
  ASSERT_TRUE(by_status.ok()) << by_status.error().to_string();
  auto by_nothing = parse_pods(R"({"spec": {"containers": {}}})", "odd.json");
  EXPECT_FALSE(by_nothing.ok());
}

TEST(PodParser, KeepsOnlyAllowListedEnvValues) {
  std::string text = R"(
kind: Pod
spec:
  containers:
  - name: app
    env:
    - {name: VIRTUAL_ENV, value: /app/.venv}
    - {name: DATABASE_PASSWORD, value: hunter2}
    - {name: SPARK_AUTH_SECRET, value: s3cr3t}
    resources: {limits: {memory: 512Mi}}
    livenessProbe: {httpGet: {path: /healthz, port: 8080}, failureThreshold: 5}
status:
  containerStatuses:
  - name: app
    lastState: {terminated: {exitCode: 137, reason: OOMKilled}}
)";
  auto pods = parse_pods(text, "p.yaml");
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  const ContainerFacts& app = (*pods)[0].to_diagnose.at(0);
  EXPECT_EQ(app.env_names.size(), 3u);
  EXPECT_EQ(app.env_values.at("VIRTUAL_ENV"), "/app/.venv");
  EXPECT_EQ(app.env_values.count("DATABASE_PASSWORD"), 0u);
  EXPECT_EQ(app.env_values.count("SPARK_AUTH_SECRET"), 0u);
  EXPECT_EQ(app.memory_limit, "512Mi");
  ASSERT_TRUE(app.liveness_probe.has_value());
  EXPECT_EQ(app.liveness_probe->target, "/healthz on port 8080");
  EXPECT_EQ(app.liveness_probe->failure_threshold, 5);
}

TEST(PodParser, ReadsANativeSidecarsOwnRestartPolicy) {
  std::string text = R"(
kind: Pod
spec:
  restartPolicy: Never
  initContainers:
  - {name: proxy, restartPolicy: Always}
  - {name: migrate}
status:
  initContainerStatuses:
  - name: proxy
    restartCount: 2
    lastState: {terminated: {exitCode: 0, reason: Completed}}
  - name: migrate
    state: {terminated: {exitCode: 0, reason: Completed}}
)";
  auto pods = parse_pods(text, "p.yaml");
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  ASSERT_EQ((*pods)[0].to_diagnose.size(), 2u);
  EXPECT_EQ((*pods)[0].to_diagnose[0].restart_policy, "Always");
  EXPECT_EQ((*pods)[0].to_diagnose[1].restart_policy, "");
}

// The containers running now, with their start: app containers and native sidecars, never a
// plain init container (it has finished before the app starts).
TEST(PodParser, ReadsTheRunningAppContainersAndNativeSidecars) {
  auto pods = parse_pods(R"(kind: Pod
spec:
  initContainers:
  - {name: proxy, restartPolicy: Always}
  - {name: migrate}
  containers: [{name: app}, {name: helper}, {name: crashed}]
status:
  initContainerStatuses:
  - {name: proxy, state: {running: {startedAt: '2024-09-03T10:15:06Z'}}}
  - {name: migrate, state: {running: {startedAt: '2024-09-03T10:15:01Z'}}}
  containerStatuses:
  - {name: app, state: {running: {startedAt: '2024-09-03T10:15:08Z'}}}
  - {name: helper, state: {running: {startedAt: '2024-09-03T10:15:09Z'}}}
  - {name: crashed, state: {waiting: {reason: CrashLoopBackOff}}}
)",
                         "running.yaml");
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  const auto& running = (*pods)[0].running;
  ASSERT_EQ(running.size(), 3u);
  EXPECT_EQ(running[0].name, "proxy");
  EXPECT_EQ(running[0].kind, ContainerKind::kSidecar);
  EXPECT_EQ(running[0].started_at, "2024-09-03T10:15:06Z");
  EXPECT_EQ(running[1].name, "app");
  EXPECT_EQ(running[1].kind, ContainerKind::kRegular);
  EXPECT_EQ(running[2].name, "helper");
}

TEST(PodParser, EmptyFileIsAClearError) {
  auto pods = parse_pods("", "empty.yaml");
  ASSERT_FALSE(pods.ok());
  EXPECT_EQ(pods.error().to_string(),
            "empty.yaml: no Pod in the file; pass the output of kubectl get pod NAME -o json");
}

// Wrong types, as a property: every value of a real pod (containers and leaves alike),
// replaced in turn by a value of each other JSON type, must either be accepted or be an
// error naming exactly that field, what was expected and what was found; never an exception
// (nlohmann's throw on a wrong type), which would end the process.
struct Replacement {
  std::string path;  // kexit's field path, ".status.containerStatuses[0].name"
  nlohmann::json::json_pointer pointer;
};

void collect_paths(const nlohmann::json& value, const std::string& path,
                   const nlohmann::json::json_pointer& pointer, std::vector<Replacement>& out) {
  if (!path.empty()) {
    out.push_back(Replacement{path, pointer});
  }
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      collect_paths(item, path + "." + key, pointer / key, out);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      collect_paths(value[i], path + "[" + std::to_string(i) + "]", pointer / i, out);
    }
  }
}

const std::vector<nlohmann::json>& values_of_every_type() {
  static const std::vector<nlohmann::json> kValues = {nullptr,
                                                      true,
                                                      42,
                                                      -1.5,
                                                      "text",
                                                      nlohmann::json::array({1, "x"}),
                                                      nlohmann::json::object({{"k", 1}})};
  return kValues;
}

// Runs `parse` on the pod with each field replaced by each value of another type; returns how
// many replacements were refused.
std::size_t check_every_wrong_type(
    const nlohmann::json& pod, const std::string& source,
    const std::function<Expected<std::size_t>(const nlohmann::json&)>& parse) {
  std::vector<Replacement> replacements;
  collect_paths(pod, "", nlohmann::json::json_pointer(), replacements);
  static const std::regex kExpected(
      "expected (a string|an integer|an object|a list|a list of strings|a map of strings|a Pod), "
      "got .*");
  std::size_t refused = 0;
  for (const auto& replacement : replacements) {
    for (const auto& wrong : values_of_every_type()) {
      if (wrong.type() == pod[replacement.pointer].type()) {
        continue;
      }
      nlohmann::json mutated = pod;
      mutated[replacement.pointer] = wrong;
      auto parsed = parse(mutated);
      if (parsed.ok()) {
        continue;
      }
      ++refused;
      const Error& error = parsed.error();
      SCOPED_TRACE(replacement.path + " = " + wrong.dump() + ": " + error.to_string());
      EXPECT_EQ(error.where, source + ":" + replacement.path);
      if (error.message == "missing: a terminated state always has an exitCode") {
        EXPECT_TRUE(wrong.is_null());
        continue;
      }
      EXPECT_TRUE(std::regex_match(error.message, kExpected));
      EXPECT_NE(error.message.find("got " + describe_json(wrong)), std::string::npos);
    }
  }
  return refused;
}

TEST(PodParser, EveryFieldOfARealPodWithAWrongTypeIsAnErrorNamingIt) {
  // A pod as kubectl prints it, through the text entry point.
  auto text = read_file(std::string(KEXIT_SOURCE_DIR) + "/examples/jvm-oomkilled/pod.yaml");
  ASSERT_TRUE(text.ok());
  auto documents = parse_yaml_documents(*text, "pod.yaml");
  ASSERT_TRUE(documents.ok());
  std::size_t refused = check_every_wrong_type(
      documents->front(), "pod.json", [](const nlohmann::json& pod) -> Expected<std::size_t> {
        KEXIT_ASSIGN(objects, parse_pod_objects(json_text(pod), "pod.json"));
        return objects.pods.size();
      });
  EXPECT_GT(refused, 100u);
}

TEST(PodParser, EveryFieldOfTheApiReferencePodWithAWrongTypeIsAnErrorNamingIt) {
  // Kubernetes' own test Pod, with every field of the API set (tests/testing/fixtures/SOURCES.md).
  auto text = read_file(testing_support::fixture_path("core.v1.Pod.json"));
  ASSERT_TRUE(text.ok());
  auto pod = parse_json(*text, "core.v1.Pod.json");
  ASSERT_TRUE(pod.ok());
  std::size_t refused = check_every_wrong_type(
      *pod, "core.v1.Pod.json", [](const nlohmann::json& mutated) -> Expected<std::size_t> {
        KEXIT_ASSIGN(facts, parse_pod(mutated, "core.v1.Pod.json"));
        return facts.to_diagnose.size();
      });
  EXPECT_GT(refused, 300u);
}

// Truncation, as a property: every cut of a real pod file, JSON and YAML, is either read (YAML
// cut at a line end is still YAML) or an error naming the file and a line, never a crash.
TEST(PodParser, EveryCutOfARealPodIsReadOrAnErrorWithItsPlace) {
  auto yaml = read_file(std::string(KEXIT_SOURCE_DIR) + "/examples/rust-panic/pod.yaml");
  ASSERT_TRUE(yaml.ok());
  auto documents = parse_yaml_documents(*yaml, "pod.yaml");
  ASSERT_TRUE(documents.ok());
  const std::string json = documents->front().dump(1);
  static const std::regex kPlace(R"(pod\.(json|yaml)(:([0-9]+:[0-9]+|(#[0-9]+)?(\..*)?))?)");
  std::size_t errors = 0;
  for (const auto& [text, source] : {std::pair{json, "pod.json"}, std::pair{*yaml, "pod.yaml"}}) {
    for (std::size_t cut = 0; cut < text.size(); ++cut) {
      auto objects = parse_pod_objects(std::string_view(text).substr(0, cut), source);
      if (!objects.ok()) {
        ++errors;
        EXPECT_TRUE(std::regex_match(objects.error().where, kPlace))
            << cut << ": " << objects.error().to_string();
      }
    }
  }
  // Every cut of the JSON is an error but the whole text.
  EXPECT_GE(errors, json.size());
}

}  // namespace
}  // namespace kexit::kube
