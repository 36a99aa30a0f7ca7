#include "kube/describe_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "base/file_reading.h"
#include "base/text.h"
#include "kube/describe_events.h"
#include "kube/pod_parser.h"

namespace kexit::kube {
namespace {

const std::string kFixtures = std::string(KEXIT_SOURCE_DIR) + "/tests/kube/fixtures/describe/";

std::string fixture(const std::string& name) {
  auto text = read_file(kFixtures + name);
  EXPECT_TRUE(text.ok()) << name;
  return text.ok() ? *text : "";
}

std::vector<PodFacts> parse_text(const std::string& text, const std::string& source) {
  auto pods = parse_describe(text, source);
  EXPECT_TRUE(pods.ok()) << pods.error().to_string();
  return pods.ok() ? *pods : std::vector<PodFacts>{};
}

// describe shows conditions' type and status only.
std::vector<std::string> condition_heads(const std::vector<std::string>& conditions) {
  std::vector<std::string> heads;
  for (const auto& condition : conditions) {
    heads.push_back(condition.substr(0, condition.find(':')));
  }
  return heads;
}

void expect_same_probe(const std::optional<ProbeFacts>& a, const std::optional<ProbeFacts>& b) {
  ASSERT_EQ(a.has_value(), b.has_value());
  if (a) {
    EXPECT_EQ(a->handler, b->handler);
    EXPECT_EQ(a->target, b->target);
    EXPECT_EQ(a->period_seconds, b->period_seconds);
    EXPECT_EQ(a->failure_threshold, b->failure_threshold);
    EXPECT_EQ(a->timeout_seconds, b->timeout_seconds);
  }
}

// Every fact kubectl describe shows is the same as the JSON path's.
void expect_same_container(const ContainerFacts& a, const ContainerFacts& b) {
  SCOPED_TRACE(b.name);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.image, b.image);
  EXPECT_EQ(a.image_id, b.image_id);
  EXPECT_EQ(a.command, b.command);
  EXPECT_EQ(a.args, b.args);
  EXPECT_EQ(a.env_names, b.env_names);
  EXPECT_EQ(a.env_values, b.env_values);
  EXPECT_EQ(a.memory_limit, b.memory_limit);
  EXPECT_EQ(a.memory_request, b.memory_request);
  expect_same_probe(a.liveness_probe, b.liveness_probe);
  expect_same_probe(a.startup_probe, b.startup_probe);
  EXPECT_EQ(a.outcome, b.outcome);
  EXPECT_EQ(a.slot, b.slot);
  EXPECT_EQ(a.restart_count, b.restart_count);
  EXPECT_EQ(a.waiting_reason, b.waiting_reason);
  EXPECT_EQ(a.termination.exit_code, b.termination.exit_code);
  EXPECT_EQ(a.termination.signal, b.termination.signal);
  EXPECT_EQ(a.termination.reason, b.termination.reason);
  EXPECT_EQ(a.termination.message, b.termination.message);
  EXPECT_EQ(a.termination.started_at, b.termination.started_at);
  EXPECT_EQ(a.termination.finished_at, b.termination.finished_at);
  // describe shows the current instance's container ID only.
  if (b.slot == TerminationSlot::kCurrent) {
    EXPECT_EQ(a.termination.container_id, b.termination.container_id);
  }
}

void expect_same_pod(const PodFacts& a, const PodFacts& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.namespace_name, b.namespace_name);
  EXPECT_EQ(a.node, b.node);
  EXPECT_EQ(a.phase, b.phase);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.owner_kind, b.owner_kind);
  EXPECT_EQ(a.owner_name, b.owner_name);
  EXPECT_EQ(a.reason, b.reason);
  // Trailing blanks do not survive a terminal, nor a paste; the parser trims values.
  EXPECT_EQ(a.message, std::string(trim(b.message)));
  EXPECT_EQ(condition_heads(a.conditions), condition_heads(b.conditions));
  ASSERT_EQ(a.running.size(), b.running.size());
  for (std::size_t i = 0; i < a.running.size(); ++i) {
    EXPECT_EQ(a.running[i].name, b.running[i].name);
    EXPECT_EQ(a.running[i].kind, b.running[i].kind);
    EXPECT_EQ(a.running[i].started_at, b.running[i].started_at);
  }
  ASSERT_EQ(a.to_diagnose.size(), b.to_diagnose.size());
  for (std::size_t i = 0; i < a.to_diagnose.size(); ++i) {
    expect_same_container(a.to_diagnose[i], b.to_diagnose[i]);
  }
}

// Each scenario pod described by the real kubectl 1.27 and 1.33 gives the facts its JSON gives
// (tests/kube/fixtures/describe/kubesim/README.md says how the texts were made).
TEST(DescribeParser, AgreesWithThePodJsonOnEveryScenarioPod) {
  int pods_checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures + "kubesim")) {
    std::string file = entry.path().filename();
    if (entry.path().extension() != ".json") {
      continue;
    }
    std::string pod = file.substr(0, file.size() - 5);
    auto from_json = parse_pods(fixture("kubesim/" + file), file);
    ASSERT_TRUE(from_json.ok()) << from_json.error().to_string();
    for (const char* version : {"1.27", "1.33"}) {
      SCOPED_TRACE(pod + " with kubectl " + version);
      std::string name = pod + ".describe-" + version + ".txt";
      std::string text = fixture("kubesim/" + name);
      EXPECT_TRUE(looks_like_describe(text));
      auto from_text = parse_text(text, name);
      ASSERT_EQ(from_text.size(), 1u);
      expect_same_pod(from_text[0], (*from_json)[0]);
      ++pods_checked;
    }
  }
  EXPECT_EQ(pods_checked, 30);
}

// kubectl describe does not print an init container's restartPolicy: a native sidecar is told
// from a plain init container by the pod being initialized while it has not completed.
TEST(DescribeParser, ReadsANativeSidecarFromAnInitializedPod) {
  const std::string name = "orders-api-5b8c9d7f6-k3vnp.describe-1.33.txt";
  std::vector<PodFacts> pods = parse_text(fixture("kubesim/" + name), name);
  ASSERT_EQ(pods.size(), 1u);
  ASSERT_EQ(pods[0].to_diagnose.size(), 1u);
  EXPECT_EQ(pods[0].to_diagnose[0].name, "log-forwarder");
  EXPECT_EQ(pods[0].to_diagnose[0].kind, ContainerKind::kSidecar);
  EXPECT_EQ(pods[0].to_diagnose[0].restart_policy, "Always");
  const std::string note =
      "init container log-forwarder is read as a native sidecar (restartPolicy Always): it has "
      "not completed although the pod is initialized, and kubectl describe does not show an init "
      "container's restartPolicy";
  EXPECT_NE(std::find(pods[0].evidence_notes.begin(), pods[0].evidence_notes.end(), note),
            pods[0].evidence_notes.end());
}

TEST(DescribeParser, AnInitContainerOfAnUninitializedPodStaysOne) {
  const std::string name = "billing-api-6d8c7b9f4-r7mkx.describe-1.27.txt";
  std::vector<PodFacts> pods = parse_text(fixture("kubesim/" + name), name);
  ASSERT_EQ(pods.size(), 1u);
  ASSERT_EQ(pods[0].to_diagnose.size(), 1u);
  EXPECT_EQ(pods[0].to_diagnose[0].kind, ContainerKind::kInit);
  EXPECT_EQ(pods[0].to_diagnose[0].restart_policy, "");
  for (const auto& note : pods[0].evidence_notes) {
    EXPECT_EQ(note.find("native sidecar"), std::string::npos) << note;
  }
}

// Without a Conditions table, an app container that has started shows the pod initialized.
TEST(DescribeParser, ANativeSidecarWithoutConditionsByTheAppThatRuns) {
  const std::string text = R"(Name:         p
Namespace:    default
Init Containers:
  proxy:
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
    Restart Count:  4
  setup:
    State:          Terminated
      Reason:       Completed
      Exit Code:    0
    Restart Count:  0
Containers:
  app:
    State:          Running
      Started:      Mon, 01 Jan 2024 10:00:00 +0000
    Restart Count:  0
Events:         <none>
)";
  std::vector<PodFacts> pods = parse_text(text, "t.txt");
  ASSERT_EQ(pods.size(), 1u);
  // The completed init container is kept (describe hides the pod's restartPolicy) but is no
  // sidecar.
  ASSERT_EQ(pods[0].to_diagnose.size(), 2u);
  EXPECT_EQ(pods[0].to_diagnose[0].name, "proxy");
  EXPECT_EQ(pods[0].to_diagnose[0].kind, ContainerKind::kSidecar);
  EXPECT_EQ(pods[0].to_diagnose[1].name, "setup");
  EXPECT_EQ(pods[0].to_diagnose[1].kind, ContainerKind::kInit);
  ASSERT_EQ(pods[0].running.size(), 1u);
  EXPECT_EQ(pods[0].running[0].name, "app");
}

}  // namespace
}  // namespace kexit::kube

namespace kexit::kube {
namespace {

PodFacts parse_real(const std::string& name) {
  std::string text = fixture("real/" + name + ".txt");
  EXPECT_TRUE(looks_like_describe(text)) << name;
  auto pods = parse_text(text, name + ".txt");
  EXPECT_EQ(pods.size(), 1u) << name;
  return pods.empty() ? PodFacts{} : pods[0];
}

bool has_note(const PodFacts& pod, const std::string& part) {
  for (const auto& note : pod.evidence_notes) {
    if (note.find(part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// The real texts (tests/kube/fixtures/describe/real/*.source.md say where each is from) give
// the facts their threads show.
TEST(DescribeParserRealText, InitContainerWaitingOnConfig) {
  PodFacts pod = parse_real("iks-handson-init-secret-not-found");
  EXPECT_EQ(pod.name, "sample-mychart-6bfc89db65-j9g9z");
  EXPECT_EQ(pod.phase, "Pending");
  EXPECT_EQ(pod.node, "10.47.122.150");
  EXPECT_EQ(pod.owner_kind, "ReplicaSet");
  EXPECT_EQ(pod.owner_name, "sample-mychart-6bfc89db65");
  EXPECT_EQ(pod.labels.at("release"), "sample");
  ASSERT_EQ(pod.to_diagnose.size(), 1u);
  const ContainerFacts& init = pod.to_diagnose[0];
  EXPECT_EQ(init.name, "init-myservice");
  EXPECT_EQ(init.kind, ContainerKind::kInit);
  EXPECT_EQ(init.outcome, ContainerOutcome::kNeverStarted);
  EXPECT_EQ(init.waiting_reason, "CreateContainerConfigError");
  EXPECT_EQ(init.image, "busybox");
  ASSERT_EQ(init.command.size(), 3u);
  EXPECT_EQ(init.command[2],
            "cat /etc/config-template/index.html | sed \"s/__NAME__/IKS-san/\" > "
            "/etc/config/index.html");
  EXPECT_TRUE(has_note(pod, "\"[...]\" at line 30"));
  EXPECT_TRUE(has_note(pod, "has no Events table"));
}

TEST(DescribeParserRealText, CompletedContainerInCrashLoopWithTabs) {
  PodFacts pod = parse_real("k8s-echo-completed-crashloopbackoff");
  EXPECT_EQ(pod.name, "demo");
  EXPECT_EQ(pod.node, "172.17.8.102");
  EXPECT_EQ(pod.labels.at("purpose"), "demonstrate");
  ASSERT_EQ(pod.to_diagnose.size(), 1u);
  const ContainerFacts& demo = pod.to_diagnose[0];
  EXPECT_EQ(demo.name, "command-demo");
  EXPECT_EQ(demo.slot, TerminationSlot::kLast);
  EXPECT_EQ(demo.termination.exit_code, 0);
  EXPECT_EQ(demo.termination.reason, "Completed");
  EXPECT_EQ(demo.waiting_reason, "CrashLoopBackOff");
  EXPECT_EQ(demo.command, std::vector<std::string>{"echo"});
  EXPECT_EQ(demo.args, std::vector<std::string>{"HOSTNAME"});
  EXPECT_EQ(demo.image_id,
            "docker-pullable://nginx@sha256:"
            "6202beb06ea61f44179e02ca965e8e13b961d12640101fca213efbfd145d7575");
}

TEST(DescribeParserRealText, ImagePullNeverStarted) {
  PodFacts pod = parse_real("pluralsight-hello-pod-errimagepull");
  EXPECT_EQ(pod.name, "hello-pod");
  EXPECT_EQ(pod.node, "minikube");
  ASSERT_EQ(pod.to_diagnose.size(), 1u);
  EXPECT_EQ(pod.to_diagnose[0].outcome, ContainerOutcome::kNeverStarted);
  EXPECT_EQ(pod.to_diagnose[0].waiting_reason, "ErrImagePull");
  EXPECT_EQ(pod.to_diagnose[0].image, "nigelpoultron/pluralsight-docker-ci:latest");
  EXPECT_EQ(pod.conditions, (std::vector<std::string>{"Ready=False"}));
}

TEST(DescribeParserRealText, EvictionWithWrappedMessageAndSecretEnv) {
  PodFacts pod = parse_real("treetracker-pgpool-evicted");
  EXPECT_EQ(pod.phase, "Failed");
  EXPECT_EQ(pod.reason, "Evicted");
  // The poster's terminal wrapped the message; the parser keeps its lines.
  EXPECT_EQ(pod.message,
            "The node was low on resource: memory. Container treetracker-pgpool was using "
            "1275700Ki, which e\nxceeds its request of 0.");
  EXPECT_EQ(pod.node, "cloud-services-node-pool-8ld4g");
  ASSERT_EQ(pod.to_diagnose.size(), 1u);
  const ContainerFacts& pgpool = pod.to_diagnose[0];
  EXPECT_EQ(pgpool.outcome, ContainerOutcome::kPodFailed);
  EXPECT_EQ(pgpool.name, "treetracker-pgpool");
  EXPECT_EQ(pgpool.env_names, (std::vector<std::string>{"POSTGRES_USERNAME", "POSTGRES_PASSWORD"}));
  EXPECT_TRUE(pgpool.env_values.empty());
}

TEST(DescribeParserRealText, PendingPodOf2015WithOldEventsLayout) {
  PodFacts pod = parse_real("k8s-mysql-pending-2015");
  EXPECT_EQ(pod.name, "mysql");
  EXPECT_EQ(pod.phase, "Pending");
  EXPECT_EQ(pod.node, "");
  EXPECT_TRUE(pod.to_diagnose.empty());
  // kubectl 1.0's table: FirstSeen, LastSeen, Count, From, SubobjectPath, Reason, Message.
  ASSERT_EQ(pod.events.size(), 1u);
  EXPECT_EQ(pod.events[0].reason, "FailedScheduling");
  EXPECT_EQ(pod.events[0].source, "scheduler");
  EXPECT_EQ(pod.events[0].message, "Failed for reason PodFitsResources and possibly others");
}

TEST(DescribeParserRealText, PendingPodOf2015IsAPodFailureByItsTypelessFailedScheduling) {
  PodFacts pod = parse_real("k8s-mysql-pending-2015");
  ASSERT_EQ(pod.events.size(), 1u);
  EXPECT_EQ(pod.events[0].type, "");  // kubectl 1.0 printed no Type column
  add_pod_failure(pod);
  ASSERT_EQ(pod.to_diagnose.size(), 1u);
  EXPECT_EQ(pod.to_diagnose[0].outcome, ContainerOutcome::kPodFailed);
  EXPECT_EQ(pod.to_diagnose[0].name, "mysql");
}

TEST(DescribeParserRealText, RestartsWithoutLastStateIn2015) {
  PodFacts pod = parse_real("k8s-simmemleak-2015");
  EXPECT_EQ(pod.name, "simmemleak-hra99");
  EXPECT_EQ(pod.node, "kubernetes-minion-tf0f");
  EXPECT_EQ(pod.labels.at("name"), "simmemleak");
  // kubectl of 2015 showed no last state (the thread's point): nothing terminated to diagnose.
  EXPECT_TRUE(pod.to_diagnose.empty());
  EXPECT_EQ(pod.conditions, (std::vector<std::string>{"Ready=False"}));
}

TEST(DescribeParserRealText, LeadingShellLinesAndCutText) {
  PodFacts pod = parse_real("chaoskube-running-crashloop");
  EXPECT_EQ(pod.name, "chaoskube-1587990210-795f6d7848-bs8dg");
  EXPECT_EQ(pod.labels.size(), 5u);
  EXPECT_EQ(pod.labels.at("helm.sh/chart"), "chaoskube-3.1.4");
  EXPECT_EQ(pod.owner_name, "chaoskube-1587990210-795f6d7848");
  EXPECT_EQ(pod.node, "knode");
  EXPECT_TRUE(pod.to_diagnose.empty());
  EXPECT_TRUE(has_note(pod, "has no Events table: it may have been cut"));
}

TEST(DescribeParserRealText, ANameInTheTicketBeforeTheText) {
  PodFacts pod = parse_real("k8s-hello-node-2016");
  EXPECT_EQ(pod.name, "hello-node-lihpv");
  EXPECT_EQ(pod.node, "gke-hello-world-72ee8f2f-node-zsrg");
  EXPECT_EQ(pod.phase, "Running");
  EXPECT_EQ(pod.labels.at("run"), "hello-node");
}

TEST(DescribeParserRealText, RunningPodAgreesWithItsYaml) {
  PodFacts pod = parse_real("k8s-docs-nginx-running");
  auto yaml = parse_pods(fixture("real/k8s-docs-nginx-running.yaml"), "yaml");
  ASSERT_TRUE(yaml.ok());
  expect_same_pod(pod, (*yaml)[0]);
  ASSERT_EQ(pod.events.size(), 5u);
  const EventFacts& started = pod.events[4];
  EXPECT_EQ(started.reason, "Started");
  EXPECT_EQ(started.source, "kubelet");
  EXPECT_EQ(started.field_path, "spec.containers{nginx}");
  // 30s before the container's start, the newest absolute time of the text.
  EXPECT_EQ(started.last_time, "2022-02-17T21:50:35Z");
  EXPECT_EQ(pod.events[0].field_path, "");
  EXPECT_TRUE(has_note(pod, "placed relative to 2022-02-17T21:51:05Z"));
  EXPECT_TRUE(has_note(pod, "does not show the pod's uid or restartPolicy"));
}

TEST(DescribeParserRealText, CutInTheMiddleOfATime) {
  PodFacts pod = parse_real("kubeless-wordpress-crashloop");
  EXPECT_EQ(pod.name, "wordpress-5bbd7fd785-p4s9r");
  EXPECT_EQ(pod.labels.at("tier"), "frontend");
  ASSERT_EQ(pod.to_diagnose.size(), 1u);
  const ContainerFacts& wordpress = pod.to_diagnose[0];
  EXPECT_EQ(wordpress.slot, TerminationSlot::kLast);
  EXPECT_EQ(wordpress.termination.exit_code, 1);
  EXPECT_EQ(wordpress.termination.reason, "Error");
  EXPECT_EQ(wordpress.termination.started_at, "");
  EXPECT_TRUE(has_note(pod, "the text ends in the middle of line 29 (Started)"));
}

TEST(DescribeParserRealText, PastedWithoutItsIndentation) {
  PodFacts pod = parse_real("k8s-wordpress-flat-paste");
  EXPECT_EQ(pod.name, "wordpress-5bbd7fd785-p4s9r");
  EXPECT_EQ(pod.labels,
            (std::map<std::string, std::string>{
                {"app", "wordpress"}, {"pod-template-hash", "5bbd7fd785"}, {"tier", "frontend"}}));
  EXPECT_EQ(pod.owner_name, "wordpress-5bbd7fd785");
  EXPECT_EQ(pod.node, "manjeet-vostro-3558");
  ASSERT_EQ(pod.to_diagnose.size(), 1u);
  const ContainerFacts& wordpress = pod.to_diagnose[0];
  EXPECT_EQ(wordpress.name, "wordpress");
  EXPECT_EQ(wordpress.image, "wordpress:4.8-apache");
  EXPECT_EQ(wordpress.slot, TerminationSlot::kLast);
  EXPECT_EQ(wordpress.termination.exit_code, 1);
  EXPECT_EQ(wordpress.termination.reason, "Error");
  EXPECT_EQ(wordpress.termination.started_at, "2020-08-09T06:42:19Z");
  EXPECT_EQ(wordpress.termination.finished_at, "2020-08-09T06:46:06Z");
  EXPECT_EQ(wordpress.restart_count, 19);
  EXPECT_EQ(wordpress.env_names,
            (std::vector<std::string>{"WORDPRESS_DB_HOST", "WORDPRESS_DB_PASSWORD"}));
}

// Restoring a flat text's indentation gives back what kubectl printed.
TEST(DescribeParser, RestoresTheIndentationOfAFlatPaste) {
  std::string text = fixture("kubesim/payments-api-7d9c8b6f5-x2x4q.describe-1.33.txt");
  std::string flat;
  for (std::string_view line : split(text, '\n')) {
    flat += std::string(trim(line)) + "\n";
  }
  auto from_flat = parse_text(flat, "flat.txt");
  auto from_text = parse_text(text, "text.txt");
  ASSERT_EQ(from_flat.size(), 1u);
  ASSERT_EQ(from_text.size(), 1u);
  expect_same_pod(from_flat[0], from_text[0]);
  EXPECT_EQ(from_flat[0].events.size(), from_text[0].events.size());
}

TEST(DescribeParserRealText, OldKubectlIndentedPendingPod) {
  PodFacts pod = parse_real("k8s-docs-nginx-pending");
  EXPECT_EQ(pod.name, "nginx-deployment-1370807587-fz9sd");
  EXPECT_EQ(pod.phase, "Pending");
  EXPECT_EQ(pod.labels, (std::map<std::string, std::string>{{"app", "nginx"},
                                                            {"pod-template-hash", "1370807587"}}));
  EXPECT_TRUE(pod.to_diagnose.empty());
  // kubectl 1.2-1.9's FirstSeen ... Type, Reason, Message table. The message's later lines
  // start at the Events heading's own indentation, so the layout does not give them to the row.
  ASSERT_EQ(pod.events.size(), 1u);
  EXPECT_EQ(pod.events[0].type, "Warning");
  EXPECT_EQ(pod.events[0].reason, "FailedScheduling");
  EXPECT_EQ(pod.events[0].source, "default-scheduler");
  EXPECT_EQ(pod.events[0].count, 7);
  EXPECT_EQ(pod.events[0].message,
            "pod (nginx-deployment-1370807587-fz9sd) failed to fit in any node");
}

}  // namespace
}  // namespace kexit::kube

namespace kexit::kube {
namespace {

// A pod as kubectl 1.30 prints it, with what tickets add: CRLF, a prompt, a wrapped toleration,
// a multi-line termination message, environment values of every kind.
const char* const kCrashLoop =
    "$ kubectl describe pod api-7c9d\r\n"
    "Name:             api-7c9d\r\n"
    "Namespace:        shop\r\n"
    "Node:             node-3/10.0.0.3\r\n"
    "Start Time:      \tMon, 01 Jan 2024 09:00:00 +0000\r\n"
    "Labels:           app=api\r\n"
    "Status:           Running\r\n"
    "Controlled By:    ReplicaSet/api-7c9d\r\n"
    "Containers:\r\n"
    "  api:\r\n"
    "    Container ID:   containerd://abc\r\n"
    "    Image:          registry.example.com/api:1.0\r\n"
    "    Command:\r\n"
    "      java\r\n"
    "      -jar\r\n"
    "      /app.jar\r\n"
    "    State:          Waiting\r\n"
    "      Reason:       CrashLoopBackOff\r\n"
    "    Last State:     Terminated\r\n"
    "      Reason:       Error\r\n"
    "      Message:      Exception in thread \"main\" java.lang.IllegalStateException: boom\r\n"
    "\tat com.example.Main.main(Main.java:12)\r\n"
    "Caused by: java.io.IOException: disk full\r\n"
    "      Exit Code:    1\r\n"
    "      Signal:       15\r\n"
    "      Started:      Mon, 01 Jan 2024 10:05:00 +0100\r\n"
    "      Finished:     Mon, 01 Jan 2024 10:06:00 +0100\r\n"
    "    Ready:          False\r\n"
    "    Restart Count:  7\r\n"
    "    Limits:\r\n"
    "      memory:  512Mi\r\n"
    "    Liveness:     http-get https://:8443/health delay=5s timeout=2s period=15s "
    "#success=1 #failure=4\r\n"
    "    Startup:      exec [cat /tmp/ready] delay=0s timeout=1s period=5s #success=1 "
    "#failure=30\r\n"
    "    Environment:\r\n"
    "      JAVA_TOOL_OPTIONS:  -Xmx400m\r\n"
    "      PATH:               <set to the key 'path' of config map 'env'>  Optional: false\r\n"
    "      DB_PASSWORD:        hunter2\r\n"
    "      POD_IP:              (v1:status.podIP)\r\n"
    "    Mounts:\r\n"
    "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x (ro)\r\n"
    "QoS Class:        Burstable\r\n"
    "Tolerations:      node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\r\n"
    "                  node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\r\n"
    "Events:\r\n"
    "  Type     Reason     Age                  From     Message\r\n"
    "  ----     ------     ----                 ----     -------\r\n"
    "  Warning  Unhealthy  3m12s (x3 over 10m)  kubelet  Liveness probe failed: HTTP probe "
    "failed with statuscode: 500\r\n"
    "  Normal   Killing    2m                   kubelet  Container api failed liveness probe, "
    "will be restarted\r\n"
    "  Warning  BackOff    45s (x12 over 9m)    kubelet  Back-off restarting failed container "
    "api in pod api-7c9d_shop(1234)\r\n"
    "  Normal   Pulled     <unknown>            kubelet  Container image "
    "\"registry.example.com/api:1.0\" already present on machine\r\n"
    "\r\n"
    "$ kubectl logs api-7c9d --previous\r\n";

TEST(DescribeParser, ReadsAWholePodAsTicketsHoldIt) {
  ASSERT_TRUE(looks_like_describe(kCrashLoop));
  auto pods = parse_text(kCrashLoop, "ticket.txt");
  ASSERT_EQ(pods.size(), 1u);
  const PodFacts& pod = pods[0];
  EXPECT_EQ(pod.namespace_name, "shop");
  EXPECT_EQ(pod.owner_kind, "ReplicaSet");
  ASSERT_EQ(pod.to_diagnose.size(), 1u);
  const ContainerFacts& api = pod.to_diagnose[0];
  EXPECT_EQ(api.command, (std::vector<std::string>{"java", "-jar", "/app.jar"}));
  EXPECT_EQ(api.termination.exit_code, 1);
  EXPECT_EQ(api.termination.signal, 15);
  EXPECT_EQ(api.termination.message,
            "Exception in thread \"main\" java.lang.IllegalStateException: boom\n"
            "\tat com.example.Main.main(Main.java:12)\n"
            "Caused by: java.io.IOException: disk full");
  EXPECT_EQ(api.termination.started_at, "2024-01-01T09:05:00Z");
  EXPECT_EQ(api.termination.finished_at, "2024-01-01T09:06:00Z");
  EXPECT_EQ(api.termination.container_id, "");  // the last instance's is not shown
  EXPECT_EQ(api.restart_count, 7);
  EXPECT_EQ(api.memory_limit, "512Mi");
  ASSERT_TRUE(api.liveness_probe.has_value());
  EXPECT_EQ(api.liveness_probe->handler, "httpGet");
  EXPECT_EQ(api.liveness_probe->target, "/health on port 8443");
  EXPECT_EQ(api.liveness_probe->period_seconds, 15);
  EXPECT_EQ(api.liveness_probe->failure_threshold, 4);
  EXPECT_EQ(api.liveness_probe->timeout_seconds, 2);
  ASSERT_TRUE(api.startup_probe.has_value());
  EXPECT_EQ(api.startup_probe->handler, "exec");
  EXPECT_EQ(api.startup_probe->target, "cat /tmp/ready");
  EXPECT_EQ(api.env_names,
            (std::vector<std::string>{"JAVA_TOOL_OPTIONS", "PATH", "DB_PASSWORD", "POD_IP"}));
  // Values only for the allow-list's names; a reference to a ConfigMap is no value and reads
  // as empty, as a valueFrom does in JSON.
  EXPECT_EQ(api.env_values,
            (std::map<std::string, std::string>{{"JAVA_TOOL_OPTIONS", "-Xmx400m"}, {"PATH", ""}}));
}

TEST(DescribeParser, ReadsTheEventsTableWithCountsAndPlacedTimes) {
  auto pods = parse_text(kCrashLoop, "ticket.txt");
  ASSERT_EQ(pods.size(), 1u);
  const auto& events = pods[0].events;
  ASSERT_EQ(events.size(), 4u);
  // The newest absolute time is the last Finished, 09:06:00 UTC.
  EXPECT_EQ(events[0].type, "Warning");
  EXPECT_EQ(events[0].reason, "Unhealthy");
  EXPECT_EQ(events[0].count, 3);
  EXPECT_EQ(events[0].last_time, "2024-01-01T09:02:48Z");
  EXPECT_EQ(events[0].first_time, "2024-01-01T08:56:00Z");
  EXPECT_EQ(events[0].field_path, "");  // the message names no container
  EXPECT_EQ(events[1].field_path, "spec.containers{api}");
  EXPECT_EQ(events[1].last_time, "2024-01-01T09:04:00Z");
  EXPECT_EQ(events[2].count, 12);
  EXPECT_EQ(events[2].field_path, "spec.containers{api}");
  EXPECT_EQ(events[2].message,
            "Back-off restarting failed container api in pod api-7c9d_shop(1234)");
  EXPECT_EQ(events[3].last_time, "");
  EXPECT_EQ(events[3].source, "kubelet");
  EXPECT_EQ(pods[0].evidence_notes,
            (std::vector<std::string>{
                "read from kubectl describe text, which does not show the pod's uid or "
                "restartPolicy: both are unknown",
                "the Event times were placed relative to 2024-01-01T09:06:00Z, the newest "
                "absolute time in the text: kubectl describe shows only ages, counted from when "
                "it ran, so the Events may be later than shown"}));
}

TEST(DescribeParser, ReadsAnEventsTablePastedWithoutItsHeader) {
  const std::string text =
      "Name:         portal-6d5f8c9b7-r3mxk\n"
      "Namespace:    web\n"
      "Events:\n"
      "  Warning  FailedMount  9s (x8 over 1m)  kubelet, node-1  MountVolume.SetUp failed for "
      "volume \"conf\" : configmap \"portal-conf\" not found\n"
      "  Warning  FailedMount  9s (x8 over 1m)  kubelet, node-1  MountVolume.SetUp failed for "
      "volume \"ssl\" : configmap \"portal-ssl\" not found\n";
  auto pods = parse_text(text, "ticket.txt");
  ASSERT_EQ(pods.size(), 1u);
  const auto& events = pods[0].events;
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "Warning");
  EXPECT_EQ(events[0].reason, "FailedMount");
  EXPECT_EQ(events[0].count, 8);
  EXPECT_EQ(events[0].message,
            "MountVolume.SetUp failed for volume \"conf\" : configmap \"portal-conf\" not found");
  EXPECT_EQ(events[1].message,
            "MountVolume.SetUp failed for volume \"ssl\" : configmap \"portal-ssl\" not found");
  EXPECT_TRUE(has_note(pods[0], "(line 3) has no header line; its rows were read word by word"));
}

TEST(DescribeParser, LeavesAHeaderlessTableWithAnUnreadableRowUnread) {
  const std::string text =
      "Name:         portal-6d5f8c9b7-r3mxk\n"
      "Namespace:    web\n"
      "Events:\n"
      "  Warning  FailedMount  9s (x8 over 1m)  kubelet  MountVolume.SetUp failed\n"
      "  FailedSync  Error syncing pod, skipping\n"
      "  Normal  Scheduled  2m  default-scheduler  Successfully assigned web/portal to node-1\n";
  auto pods = parse_text(text, "ticket.txt");
  ASSERT_EQ(pods.size(), 1u);
  EXPECT_TRUE(pods[0].events.empty());
  EXPECT_TRUE(has_note(pods[0], "is not in the Type, Reason, Age, From, Message layout"));
}

TEST(DescribeParser, FieldPathNeedsTheWholeContainerName) {
  std::vector<DescribedContainer> containers = {{"api", "spec.containers"},
                                                {"api-proxy", "spec.containers"},
                                                {"init", "spec.initContainers"}};
  EXPECT_EQ(field_path_named_in("Started container api-proxy", containers),
            "spec.containers{api-proxy}");
  EXPECT_EQ(field_path_named_in("Created container: init", containers),
            "spec.initContainers{init}");
  EXPECT_EQ(field_path_named_in("Container apis failed liveness probe", containers), "");
  EXPECT_EQ(field_path_named_in("Stopping container api and container init", containers), "");
}

TEST(DescribeParser, ReadsSeveralPodsOfOneText) {
  auto pods = parse_text(fixture("kubesim/namespace-data.describe-1.27.txt"), "data.txt");
  ASSERT_EQ(pods.size(), 2u);
  EXPECT_EQ(pods[0].name, "db-migrate-5b7d8f9c6-kq4vx");
  EXPECT_EQ(pods[1].name, "postgres-0");
  EXPECT_EQ(pods[1].owner_kind, "StatefulSet");
  ASSERT_EQ(pods[1].to_diagnose.size(), 1u);
  EXPECT_EQ(pods[1].to_diagnose[0].restart_count, 6);
  EXPECT_FALSE(pods[0].events.empty());
}

TEST(DescribeParser, TellsDescribeFromOtherText) {
  EXPECT_FALSE(looks_like_describe("{\"kind\": \"Pod\"}"));
  EXPECT_FALSE(looks_like_describe("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"));
  EXPECT_FALSE(looks_like_describe("Name: Alice\nAge: 30\nCity: Paris\nJob: none\n"));
  EXPECT_TRUE(looks_like_describe("Name:  web\nNamespace:  default\n"));
}

TEST(DescribeParser, UnreadableValueNamesItsLine) {
  std::string text = kCrashLoop;
  text.replace(text.find("Exit Code:    1"), 15, "Exit Code:    one");
  auto pods = parse_describe(text, "ticket.txt");
  ASSERT_FALSE(pods.ok());
  EXPECT_EQ(pods.error().to_string(),
            "ticket.txt:24: cannot read \"one\" as an exit code; paste the whole output of "
            "kubectl describe pod api-7c9d");
}

TEST(DescribeParser, GoZeroTimeIsATimeNeverSet) {
  std::string text = kCrashLoop;
  text.replace(text.find("Mon, 01 Jan 2024 10:05:00 +0100"), 31, "Mon, 01 Jan 0001 00:00:00 +0000");
  auto pods = parse_text(text, "ticket.txt");
  ASSERT_EQ(pods.size(), 1u);
  ASSERT_EQ(pods[0].to_diagnose.size(), 1u);
  EXPECT_EQ(pods[0].to_diagnose[0].termination.started_at, "");
  EXPECT_EQ(pods[0].to_diagnose[0].termination.finished_at, "2024-01-01T09:06:00Z");
}

TEST(DescribeParser, UnreadableEventRowNamesItsLine) {
  std::string text = kCrashLoop;
  text.replace(text.find("45s (x12 over 9m)"), 17, "soon             ");
  auto pods = parse_describe(text, "ticket.txt");
  ASSERT_FALSE(pods.ok());
  EXPECT_EQ(pods.error().to_string(),
            "ticket.txt:49: cannot read this row of the Events table (expected Type, Reason, "
            "Age, From, Message); paste the whole output of kubectl describe pod api-7c9d");
}

TEST(DescribeParser, AnEventRowWrappedOntoTheNextLineContinuesItsMessage) {
  std::string text = kCrashLoop;
  // Wrapped as a terminal or a ticket's editor wraps it: the rest on an indented line of its
  // own, which is no row (a row starts with its Type).
  const std::string whole = "Liveness probe failed: HTTP probe failed with statuscode: 500";
  text.replace(text.find(whole), whole.size(),
               "Liveness probe failed: HTTP probe\r\n    failed with statuscode: 500");
  auto pods = parse_text(text, "ticket.txt");
  ASSERT_EQ(pods.size(), 1u);
  ASSERT_EQ(pods[0].events.size(), 4u);
  EXPECT_EQ(pods[0].events[0].reason, "Unhealthy");
  EXPECT_EQ(pods[0].events[0].message,
            "Liveness probe failed: HTTP probe\nfailed with statuscode: 500");
  EXPECT_EQ(pods[0].events[1].reason, "Killing");
  EXPECT_EQ(pods[0].events[1].message, "Container api failed liveness probe, will be restarted");
}

TEST(DescribeParser, AWrappedRowOfATableWithoutItsHeaderContinuesItsMessage) {
  const std::string text =
      "Name:         catalogue-5b9c\nNamespace:    shop\nNode:         minikube\n"
      "Events:\n"
      "  Warning  Failed  1m (x5 over 2m)  kubelet, minikube  Error: failed to start "
      "containe\n"
      "r process caused \"exec: \\\"-port=80\\\": executable file not found in $PATH\": "
      "unknown\n";
  auto pods = parse_text(text, "ticket.txt");
  ASSERT_EQ(pods.size(), 1u);
  ASSERT_EQ(pods[0].events.size(), 1u);
  EXPECT_EQ(pods[0].events[0].reason, "Failed");
  EXPECT_EQ(pods[0].events[0].count, 5);
  EXPECT_EQ(pods[0].events[0].message,
            "Error: failed to start containe\nr process caused \"exec: \\\"-port=80\\\": "
            "executable file not found in $PATH\": unknown");
}

TEST(DescribeParser, TextWithoutAPodIsAnError) {
  auto pods = parse_describe("Name:  web\nfoo\n", "x.txt");
  ASSERT_FALSE(pods.ok());
  EXPECT_EQ(pods.error().to_string(),
            "x.txt: no pod in the text: its \"Name:\" lines are not followed by a pod's fields "
            "(Namespace:, Node:, Containers:); paste the whole output of kubectl describe pod "
            "NAME");
}

TEST(DescribeParser, CutTextKeepsWhatIsThereWithANote) {
  std::string text = kCrashLoop;
  text = text.substr(0, text.find("Exit Code:    1") + 11);  // "Exit Code: " and nothing
  auto pods = parse_text(text, "cut.txt");
  ASSERT_EQ(pods.size(), 1u);
  // Without its last state the container only waits in CrashLoopBackOff, as parse_pod reads it.
  ASSERT_EQ(pods[0].to_diagnose.size(), 1u);
  EXPECT_EQ(pods[0].to_diagnose[0].waiting_reason, "CrashLoopBackOff");
  EXPECT_TRUE(has_note(pods[0], "the text ends in the middle of line 24 (Exit Code)"));
  EXPECT_TRUE(has_note(pods[0], "the Terminated state at line 19 shows no Exit Code"));
  EXPECT_TRUE(has_note(pods[0], "has no Events table"));
}

// Every cut of every text parses or fails with a line, and never crashes or hangs.
TEST(DescribeParser, AnyCutOfARealTextIsSafe) {
  std::vector<std::string> texts = {kCrashLoop};
  for (const char* directory : {"real", "kubesim"}) {
    for (const auto& entry : std::filesystem::directory_iterator(kFixtures + directory)) {
      if (entry.path().extension() == ".txt") {
        texts.push_back(fixture(std::string(directory) + "/" + entry.path().filename().string()));
      }
    }
  }
  for (const auto& text : texts) {
    for (std::size_t length = 0; length <= text.size(); length += 3) {
      auto pods = parse_describe(text.substr(0, length), "cut.txt");
      if (!pods.ok()) {
        EXPECT_EQ(pods.error().where.rfind("cut.txt", 0), 0u) << pods.error().to_string();
      }
    }
  }
}

}  // namespace
}  // namespace kexit::kube
