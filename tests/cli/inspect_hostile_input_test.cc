// `kexit inspect --file` and `--logs` on hostile input (issue 15), through the real binary:
// truncated, huge and non-UTF-8 pod files, a List of 100,000 pods, YAML over the size bound,
// and logs that are binary, sparse, one long line, CRLF, invalid UTF-8 or still growing. Each
// run must end with the documented result within bounded time and peak memory.

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../kube/test_http_server.h"
#include "base/file_reading.h"
#include "base/structured_text.h"
#include "testing/huge_pattern.h"
#include "testing/paths.h"
#include "testing/process_runner.h"
#include "testing/sanitized_build.h"
#include "testing/temp_directory.h"

namespace kexit {
namespace {

using testing_support::CommandOutput;
using testing_support::kexit_binary;
using testing_support::run_command;
using testing_support::source_path;

// One run of the binary, with the CPU time it used and the peak RSS of the test's children so
// far (ctest runs each test in its own process, so that is the peak of this test's runs). CPU
// time, not wall time: CI shares two cores with other builds.
struct Measured {
  CommandOutput run;
  double cpu_seconds = 0;
  long peak_mib = 0;
};

double children_cpu_seconds(const rusage& usage) {
  auto seconds = [](const timeval& time) { return time.tv_sec + time.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

Measured measure(const std::string& arguments) {
  Measured measured;
  rusage before{};
  getrusage(RUSAGE_CHILDREN, &before);
  // The timeout only catches a hang: every run here takes a few seconds at most.
  measured.run = run_command("timeout 120 " + kexit_binary() + " " + arguments);
  rusage after{};
  getrusage(RUSAGE_CHILDREN, &after);
  measured.cpu_seconds = children_cpu_seconds(after) - children_cpu_seconds(before);
  measured.peak_mib = after.ru_maxrss / 1024;
  return measured;
}

// Writes `bytes` copies of `c` in 1 MiB pieces. Big inputs are written as streams: the peak
// RSS of a child counts the test process's own RSS at fork time, so the test must stay small.
void write_repeated(std::ostream& out, char c, std::size_t bytes) {
  const std::string piece(1 << 20, c);
  for (std::size_t left = bytes; left > 0;) {
    std::size_t n = std::min(left, piece.size());
    out.write(piece.data(), static_cast<std::streamsize>(n));
    left -= n;
  }
}

// Sanitizer builds use about twice the memory; the bounds below leave room for that.
constexpr long kPeakMib = 512;

std::string example_pod_json(const std::string& example) {
  auto text = read_file(source_path("examples/" + example + "/pod.yaml"));
  auto documents = parse_yaml_documents(*text, "pod.yaml");
  return documents->front().dump(2);
}

std::string panic_log() { return *read_file(source_path("examples/rust-panic/vaultwarden.log")); }

// The cause kexit gives the container, from `-o json`; "" when the run gave none.
std::string cause_of(const CommandOutput& run, const std::string& container) {
  auto report = nlohmann::json::parse(run.out, nullptr, false);
  if (report.is_discarded()) {
    return "";
  }
  for (const auto& entry : report["containers"]) {
    if (entry["container"] == container && !entry["diagnoses"].empty()) {
      return entry["diagnoses"][0]["cause"].get<std::string>();
    }
  }
  return "";
}

class InspectHostileInput : public ::testing::Test {
 protected:
  kube::TempDirectory dir_;
};

TEST_F(InspectHostileInput, TruncatedJsonAndYamlPodsNameWhereTheyStop) {
  std::string json = example_pod_json("rust-panic");
  auto cut_json = dir_.write("cut.json", json.substr(0, json.size() / 2));
  auto json_run = measure("inspect --file " + cut_json);
  EXPECT_EQ(json_run.run.exit_code, 3);
  EXPECT_EQ(json_run.run.err,
            "kexit: " + cut_json +
                ":127:36: invalid JSON: syntax error while parsing value - invalid string: missing "
                "closing quote; last read: '\"kube-api-access-8a'; fix the file or pass YAML\n");

  auto yaml = *read_file(source_path("examples/rust-panic/pod.yaml"));
  auto cut_yaml = dir_.write("cut.yaml", yaml.substr(0, yaml.find("containerID")));
  auto yaml_run = measure("inspect --file " + cut_yaml);
  EXPECT_EQ(yaml_run.run.exit_code, 3);
  // Cut YAML is often still YAML: what is missing shows as a field of the wrong type.
  EXPECT_EQ(yaml_run.run.err,
            "kexit: " + cut_yaml + ":.status.containerStatuses[0]: expected an object, got null\n");
}

TEST_F(InspectHostileInput, HugePodIsReadWholeInBoundedMemory) {
  // A Pod with 64 MiB of annotations: kexit reads it (the API server would refuse it, but a
  // file may hold anything), in memory a few times its size.
  auto pod = nlohmann::json::parse(example_pod_json("rust-panic"));
  pod["metadata"]["annotations"]["huge"] = "HUGE";
  const std::string text = pod.dump();
  const std::size_t at = text.find("\"HUGE\"") + 1;
  auto path = dir_.path() + "/huge.json";
  {
    std::ofstream out(path, std::ios::binary);
    out << text.substr(0, at);
    write_repeated(out, 'x', 64 << 20);
    out << text.substr(at + 4);
  }
  auto log = dir_.write("vaultwarden.log", panic_log());
  auto huge = measure("inspect -o json --file " + path + " --logs vaultwarden=" + log);
  EXPECT_EQ(huge.run.exit_code, 0) << huge.run.err;
  EXPECT_EQ(cause_of(huge.run, "vaultwarden"), "rust-panic");
  if (!testing_support::kSanitizedBuild) {
    EXPECT_LT(huge.peak_mib, kPeakMib);
    EXPECT_LT(huge.cpu_seconds, 10);
  }
}

TEST_F(InspectHostileInput, YamlAboveTheBoundIsRefusedWithAHintToUseJson) {
  std::string yaml = "apiVersion: v1\nkind: List\nitems:\n";
  std::string pod = *read_file(source_path("examples/rust-panic/pod.yaml"));
  std::string indented;
  for (std::size_t start = 0; start < pod.size();) {
    std::size_t end = pod.find('\n', start);
    indented += (start == 0 ? "- " : "  ") + pod.substr(start, end - start + 1);
    start = end + 1;
  }
  auto path = dir_.path() + "/pods.yaml";
  std::size_t size = yaml.size();
  {
    std::ofstream out(path, std::ios::binary);
    out << yaml;
    for (; size <= 16 * 1024 * 1024; size += indented.size()) {
      out << indented;
    }
  }
  auto big = measure("inspect --file " + path);
  EXPECT_EQ(big.run.exit_code, 3);
  EXPECT_EQ(big.run.err, "kexit: " + path + ": pod file of " + std::to_string(size) +
                             " bytes that is not JSON; YAML and describe text are read whole and "
                             "refused above 16777216 bytes; pass JSON, which kexit streams "
                             "(kubectl get pods -o json)\n");
  if (!testing_support::kSanitizedBuild) {
    EXPECT_LT(big.cpu_seconds, 5);
    EXPECT_LT(big.peak_mib, 64);
  }
}

TEST_F(InspectHostileInput, NonUtf8BytesAreAnErrorInJsonAndReplacedFromYaml) {
  std::string json = example_pod_json("rust-panic");
  json.insert(json.find("vaultwarden-2zwvdg7fh-v8xh5") + 5, "\xff\xfe");
  auto json_path = dir_.write("latin1.json", json);
  auto json_run = measure("inspect --file " + json_path);
  EXPECT_EQ(json_run.run.exit_code, 3);
  // The parser quotes the byte; the message shows it as U+FFFD, as every printed message does.
  EXPECT_EQ(json_run.run.err,
            "kexit: " + json_path +
                ":11:19: invalid JSON: syntax error while parsing value - invalid string: "
                "ill-formed UTF-8 byte; last read: '\"vault\xEF\xBF\xBD'; fix the file or pass "
                "YAML\n");

  std::string yaml = *read_file(source_path("examples/rust-panic/pod.yaml"));
  yaml.insert(yaml.find("vaultwarden-2zwvdg7fh-v8xh5") + 5, "\xff\xfe");
  auto yaml_path = dir_.write("latin1.yaml", yaml);
  auto text = measure("inspect --file " + yaml_path);
  EXPECT_EQ(text.run.exit_code, 0) << text.run.err;
  auto as_json = measure("inspect -o json --file " + yaml_path);
  EXPECT_EQ(as_json.run.exit_code, 0) << as_json.run.err;
  auto report = nlohmann::json::parse(as_json.run.out);
  EXPECT_EQ(report["containers"][0]["pod"], "vault\xEF\xBF\xBD\xEF\xBF\xBDwarden-2zwvdg7fh-v8xh5");
}

// 100,000 running pods and one that crashed, as `kubectl get pods -A -o json` prints them.
void write_list_of_pods(std::ostream& list, std::size_t running) {
  list << R"({"apiVersion": "v1", "kind": "List", "items": [)";
  for (std::size_t i = 0; i < running; ++i) {
    std::string n = std::to_string(i);
    list << R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-)" + n +
                R"(", "namespace": "shop", "uid": "0000-)" + n +
                R"(", "labels": {"app": "web"}}, "spec": {"nodeName": "node-1", "containers": )"
                R"([{"name": "web", "image": "nginx:1.25", "args": ["--port", "8080"]}]}, )"
                R"("status": {"phase": "Running", "containerStatuses": [{"name": "web", "ready": )"
                R"(true, "restartCount": 0, "image": "nginx:1.25", "state": {"running": )"
                R"({"startedAt": "2024-05-14T12:00:00Z"}}}]}}, )";
  }
  list << example_pod_json("rust-panic") << "]}";
}

TEST_F(InspectHostileInput, AJsonListOf100kPodsIsStreamedInBoundedMemory) {
  auto path = dir_.path() + "/pods.json";
  {
    std::ofstream out(path, std::ios::binary);
    write_list_of_pods(out, 100000);
  }
  auto log = dir_.write("vaultwarden.log", panic_log());
  const std::size_t file_mib = std::filesystem::file_size(path) >> 20;
  auto run = measure("inspect -o json --file " + path + " --logs vaultwarden=" + log);
  EXPECT_EQ(run.run.exit_code, 0) << run.run.err;
  EXPECT_EQ(cause_of(run.run, "vaultwarden"), "rust-panic");
  std::cerr << "100k pods: " << file_mib << " MiB of JSON, " << run.cpu_seconds
            << " s of CPU, peak RSS " << run.peak_mib << " MiB\n";
  if (!testing_support::kSanitizedBuild) {
    EXPECT_LT(run.peak_mib, 64);
    EXPECT_LT(run.cpu_seconds, 10);
  }
}

TEST_F(InspectHostileInput, TruncatedJsonListNamesWhereItStops) {
  std::ostringstream out;
  write_list_of_pods(out, 1000);
  const std::string list = out.str();
  auto path = dir_.write("cut.json", list.substr(0, list.size() / 2));
  auto cut = measure("inspect --file " + path);
  EXPECT_EQ(cut.run.exit_code, 3);
  EXPECT_EQ(cut.run.err, "kexit: " + path +
                             ":1:224225: invalid JSON: syntax error while parsing value - "
                             "unexpected end of input; expected '[', '{', or a literal; fix the "
                             "file or pass YAML\n");
}

// --logs: the rust-panic example's pod, with its log made hostile in one way per test.
class InspectHostileLog : public InspectHostileInput {
 protected:
  Measured inspect_with_log(const std::string& log_path, const std::string& format = "json") {
    return measure("inspect -o " + format + " --file " +
                   source_path("examples/rust-panic/pod.yaml") + " --logs vaultwarden=" + log_path);
  }
};

TEST_F(InspectHostileLog, BinaryDataAndNulBytesBeforeThePanicAreSkipped) {
  std::string noise;
  for (int i = 0; i < 256 * 1024; ++i) {
    noise += static_cast<char>((i * 7919) % 256);
  }
  std::string nul_line = std::string("started\0with\0NULs", 17) + "\n";
  // Terminal escapes (retitle the window, clear the screen) and NUL on the panic line itself,
  // which is shown as evidence.
  std::string log = panic_log();
  log.insert(log.find("thread 'main' panicked"), std::string("\x1b]0;pwned\x07\x1b[2J\0", 15));
  auto path = dir_.write("binary.log", noise + "\n" + nul_line + log);
  auto json = inspect_with_log(path);
  EXPECT_EQ(json.run.exit_code, 0) << json.run.err;
  EXPECT_EQ(cause_of(json.run, "vaultwarden"), "rust-panic");
  auto text = inspect_with_log(path, "text");
  EXPECT_EQ(text.run.exit_code, 0) << text.run.err;
  // Terminal control bytes from the log never reach the terminal: each shows as U+FFFD.
  EXPECT_EQ(text.run.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.run.out.find('\0'), std::string::npos);
  EXPECT_NE(
      text.run.out.find(
          "\xEF\xBF\xBD]0;pwned\xEF\xBF\xBD\xEF\xBF\xBD[2J\xEF\xBF\xBDthread 'main' panicked"),
      std::string::npos)
      << text.run.out;
}

TEST_F(InspectHostileLog, OnlyTheTailOfA3GbSparseLogIsRead) {
  auto path = dir_.write("sparse.log", "");
  ASSERT_EQ(truncate(path.c_str(), 3LL << 30), 0);
  {
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << "\n" << panic_log();
  }
  auto run = inspect_with_log(path);
  EXPECT_EQ(run.run.exit_code, 0) << run.run.err;
  EXPECT_EQ(cause_of(run.run, "vaultwarden"), "rust-panic");
  auto report = nlohmann::json::parse(run.run.out);
  EXPECT_TRUE(report["containers"][0]["log"]["truncated"].get<bool>());
  if (!testing_support::kSanitizedBuild) {
    EXPECT_LT(run.peak_mib, 64);
    EXPECT_LT(run.cpu_seconds, 5);
  }
}

TEST_F(InspectHostileLog, A50MbLineIsCutAndThePanicAfterItFound) {
  auto path = dir_.path() + "/long-line.log";
  auto alone_path = dir_.path() + "/only-line.log";
  {
    std::ofstream out(path, std::ios::binary);
    write_repeated(out, 'a', 50 << 20);
    out << "\n" << panic_log();
    std::ofstream alone_out(alone_path, std::ios::binary);
    write_repeated(alone_out, 'a', 50 << 20);
  }
  auto run = inspect_with_log(path);
  EXPECT_EQ(run.run.exit_code, 0) << run.run.err;
  EXPECT_EQ(cause_of(run.run, "vaultwarden"), "rust-panic");
  auto alone = inspect_with_log(alone_path);
  EXPECT_EQ(alone.run.exit_code, 0) << alone.run.err;
  auto report = nlohmann::json::parse(alone.run.out);
  const auto& tail = report["containers"][0]["logTail"];
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_LT(tail[0]["text"].get<std::string>().size(), 1024u);
  if (!testing_support::kSanitizedBuild) {
    EXPECT_LT(alone.peak_mib, 64);
    EXPECT_LT(alone.cpu_seconds, 5);
  }
}

TEST_F(InspectHostileLog, CrlfLinesMatchAndShowWithoutCarriageReturns) {
  std::string log = panic_log();
  std::string crlf;
  for (char c : log) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  auto run = inspect_with_log(dir_.write("crlf.log", crlf));
  EXPECT_EQ(run.run.exit_code, 0) << run.run.err;
  EXPECT_EQ(cause_of(run.run, "vaultwarden"), "rust-panic");
  EXPECT_EQ(run.run.out.find("\\r"), std::string::npos);
}

TEST_F(InspectHostileLog, InvalidUtf8IsReplacedInJsonAndTheCauseStillFound) {
  // Inside the thread name, which the panic pattern reads as [^']*: RE2 matches no byte that
  // is not UTF-8, so the line is matched with U+FFFD in their place (before: dns-failure won).
  std::string log = panic_log();
  log.insert(log.rfind("main' panicked at") + 2, "\xc3\x28\xff");
  auto run = inspect_with_log(dir_.write("latin1.log", log));
  EXPECT_EQ(run.run.exit_code, 0) << run.run.err;
  EXPECT_EQ(cause_of(run.run, "vaultwarden"), "rust-panic");
  EXPECT_NE(run.run.out.find("\xEF\xBF\xBD"), std::string::npos);
}

// --knowledge DIR with rules a hostile or careless author wrote.
std::string rule(const std::string& id, const std::string& pattern) {
  return "  - id: " + id +
         "\n    cause: rust-panic\n    title: t\n    weight: 0.5\n    when: {log: ['" + pattern +
         "']}\n    explanation: e\n    references: [https://example.org]\n";
}

class InspectHostileKnowledge : public InspectHostileInput {
 protected:
  Measured inspect_with(const std::string& rules, const std::string& log) {
    std::string knowledge = dir_.path() + "/knowledge";
    dir_.write("knowledge/extra.yaml", "rules:\n" + rules);
    return measure("inspect -o json --knowledge " + knowledge + " --file " +
                   source_path("examples/rust-panic/pod.yaml") +
                   " --logs vaultwarden=" + dir_.write("vaultwarden.log", log));
  }
};

TEST_F(InspectHostileKnowledge, AHugePatternIsRefusedWithItsPlace) {
  // 2,000 distinct words (a trie RE2 cannot fold) in one alternation.
  const std::string words = testing_support::unfoldable_alternation(2000);
  auto huge = inspect_with(rule("extra.huge", "(?:" + words + ") failed"), panic_log());
  EXPECT_EQ(huge.run.exit_code, 4);
  EXPECT_EQ(
      huge.run.err.rfind("kexit: " + dir_.path() + "/knowledge/extra.yaml:6: log pattern '(?:", 0),
      0u)
      << huge.run.err;
  EXPECT_NE(huge.run.err.find(" RE2 instructions, over kexit's limit of 5000 (every log line "
                              "pays for its size); split it into several patterns or narrow its "
                              "repeats\n"),
            std::string::npos)
      << huge.run.err;
}

TEST_F(InspectHostileKnowledge, InvalidYamlNamesTheFileAndLine) {
  auto broken = inspect_with(rule("extra.ok", "x") + "  - id: [unclosed\n", panic_log());
  EXPECT_EQ(broken.run.exit_code, 4);
  EXPECT_EQ(broken.run.err, "kexit: " + dir_.path() +
                                "/knowledge/extra.yaml:10: invalid YAML: end of sequence flow not "
                                "found; fix the indentation or quoting\n");
}

TEST_F(InspectHostileKnowledge, CatastrophicPatternsRunInLinearTime) {
  // Exponential for a backtracking engine on a line of x's without a y; RE2 is linear.
  std::string rules = rule("extra.nested", "(x+x+)+y") + rule("extra.alternation", "(x|xx)+y") +
                      rule("extra.star", "(.*a){12}");
  std::string log = panic_log();
  for (int i = 0; i < 1000; ++i) {
    log += std::string(1000, 'x') + "\n";
  }
  auto run = inspect_with(rules, log);
  EXPECT_EQ(run.run.exit_code, 0) << run.run.err;
  if (!testing_support::kSanitizedBuild) {
    EXPECT_LT(run.cpu_seconds, 5);
  }
}

TEST_F(InspectHostileKnowledge, TenThousandRulesLoadInBoundedTime) {
  std::string rules;
  for (int i = 0; i < 10000; ++i) {
    std::string n = std::to_string(i);
    rules += rule("extra.rule" + n, "synthetic failure " + n + " in [a-z]+ at line [0-9]+");
  }
  auto run = inspect_with(rules, panic_log() + "synthetic failure 4242 in parser at line 7\n");
  EXPECT_EQ(run.run.exit_code, 0) << run.run.err;
  std::cerr << "10k rules: " << run.cpu_seconds << " s of CPU, peak RSS " << run.peak_mib
            << " MiB\n";
  if (!testing_support::kSanitizedBuild) {
    EXPECT_LT(run.cpu_seconds, 10);
    EXPECT_LT(run.peak_mib, kPeakMib);
  }
}

// The cluster mode against a loopback server that lies about the pod, and kubeconfigs that
// are missing or point at a CA that is not PEM.
class InspectHostileCluster : public InspectHostileInput {
 protected:
  std::string kubeconfig_for(const std::string& server, const std::string& cluster_extra = "") {
    return dir_.write("kubeconfig",
                      "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
                      "clusters:\n- name: c\n  cluster:\n    server: " +
                          server + "\n" + cluster_extra +
                          "users:\n- name: u\n  user: {token: t}\n"
                          "contexts:\n- name: c\n  context: {cluster: c, user: u, "
                          "namespace: shop}\n");
  }

  Measured inspect_pod_served_as(const std::string& body) {
    kube::TestHttpServer server;
    server.server().Get("/api/v1/namespaces/shop/pods/web",
                        [body](const httplib::Request&, httplib::Response& response) {
                          response.set_content(body, "application/json");
                        });
    server.start();
    return measure("inspect pod/web --kubeconfig " + kubeconfig_for(server.url()));
  }
};

TEST_F(InspectHostileCluster, APodOfAnotherKindIsAnErrorNamingTheRequest) {
  auto service = inspect_pod_served_as(R"({"kind": "Service", "metadata": {"name": "web"}})");
  EXPECT_EQ(service.run.exit_code, 6);
  EXPECT_EQ(service.run.err,
            "kexit: pod /web:.kind: expected a Pod, got \"Service\"; pass a pod (kubectl get pod "
            "NAME -o json)\n");
  auto html = inspect_pod_served_as("<html><body>Sign in to the proxy</body></html>");
  EXPECT_EQ(html.run.exit_code, 6);
  EXPECT_EQ(html.run.err,
            "kexit: the API server answered get pods \"web\" in namespace \"shop\" with something "
            "that is not JSON (get pods \"web\" in namespace \"shop\":1:1: invalid JSON: syntax "
            "error while parsing value - invalid literal; last read: '<'; fix the file or pass "
            "YAML); is the server URL an API server?\n");
}

TEST_F(InspectHostileCluster, APodWithoutItsFieldsIsAnErrorOrNothingToDiagnose) {
  auto empty = inspect_pod_served_as("{}");
  EXPECT_EQ(empty.run.exit_code, 6);
  EXPECT_EQ(empty.run.err,
            "kexit: pod:.kind: no kind, and neither spec.containers nor status.containerStatuses: "
            "not a Pod; pass a pod (kubectl get pod NAME -o json)\n");
  auto bare = inspect_pod_served_as(R"({"kind": "Pod", "metadata": {"name": "web"}})");
  EXPECT_EQ(bare.run.exit_code, 0) << bare.run.err;
  EXPECT_EQ(bare.run.out,
            "no terminated container found in 0 pods (containers that completed with exit code 0 "
            "and were not restarted are left out unless --include-completed)\n");
  auto wrong = inspect_pod_served_as(
      R"({"kind": "Pod", "metadata": {"name": "web"}, "status": {"containerStatuses": 7}})");
  EXPECT_EQ(wrong.run.exit_code, 6);
  EXPECT_EQ(wrong.run.err, "kexit: pod /web:.status.containerStatuses: expected a list, got 7\n");
}

TEST_F(InspectHostileCluster, MissingKubeconfigAndACaThatIsNotPemAreNamed) {
  auto missing = measure("inspect pod/web --kubeconfig " + dir_.path() + "/none");
  EXPECT_EQ(missing.run.exit_code, 6);
  EXPECT_EQ(missing.run.err,
            "kexit: " + dir_.path() + "/none: kubeconfig file not found; check --kubeconfig\n");
  auto ca = dir_.write("ca.crt", "this is not a certificate\n");
  auto not_pem =
      measure("inspect pod/web --kubeconfig " +
              kubeconfig_for("https://127.0.0.1:1", "    certificate-authority: " + ca + "\n"));
  EXPECT_EQ(not_pem.run.exit_code, 6);
  EXPECT_EQ(not_pem.run.err,
            "kexit: " + dir_.path() + "/kubeconfig:.clusters[0].cluster.certificate-authority (" +
                ca +
                "): the certificate authority of the cluster holds no PEM certificate (-----BEGIN "
                "CERTIFICATE-----); use the cluster's CA in PEM (openssl x509 -inform der converts "
                "a DER file)\n");
}

}  // namespace
}  // namespace kexit
