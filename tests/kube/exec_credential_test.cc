#include "kube/exec_credential.h"

#include <gtest/gtest.h>

#include "base/file_reading.h"
#include "kube/api_time.h"
#include "testing/temp_directory.h"

namespace kexit::kube {
namespace {

// A plugin that records how it was called and answers with `status`.
std::string write_plugin(TempDirectory& directory, const std::string& api_version,
                         const std::string& status) {
  return directory.write("plugin.sh",
                         "#!/bin/sh\n"
                         "dir=\"$(dirname \"$0\")\"\n"
                         "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$dir/info\"\n"
                         "echo \"$REGION $*\" > \"$dir/args\"\n"
                         "cat <<'JSON'\n"
                         "{\"apiVersion\":\"" +
                             api_version + "\",\"kind\":\"ExecCredential\",\"status\":" + status +
                             "}\n"
                             "JSON\n",
                         true);
}

ExecConfig config_for(const std::string& command, const std::string& api_version) {
  ExecConfig exec;
  exec.command = command;
  exec.api_version = api_version;
  exec.interactive_mode = "IfAvailable";
  return exec;
}

const std::string kV1 = "client.authentication.k8s.io/v1";
const std::string kV1beta1 = "client.authentication.k8s.io/v1beta1";

TEST(ExecCredential, RunsAV1PluginWithArgsEnvAndExecInfo) {
  TempDirectory directory;
  std::string plugin = write_plugin(
      directory, kV1, R"({"token":"tok","expirationTimestamp":"2030-01-01T00:00:00Z"})");
  ExecConfig exec = config_for(plugin, kV1);
  exec.args = {"--cluster", "prod"};
  exec.env = {{"REGION", "eu"}};
  exec.provide_cluster_info = true;
  ExecClusterInfo cluster;
  cluster.server = "https://k8s.example:443";
  cluster.ca_pem = "CA";
  auto credential = run_exec_plugin(exec, cluster, {});
  ASSERT_TRUE(credential) << credential.error().to_string();
  EXPECT_EQ(credential->token, "tok");
  EXPECT_EQ(credential->expiration, parse_api_time("2030-01-01T00:00:00Z"));
  EXPECT_EQ(*read_file(directory.path() + "/args"), "eu --cluster prod\n");
  EXPECT_EQ(
      *read_file(directory.path() + "/info"),
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"cluster":{"certificate-authority-data":"Q0E=","server":"https://k8s.example:443"},"interactive":false}})");
}

TEST(ExecCredential, ReadsClientCertificatesFromV1beta1) {
  TempDirectory directory;
  std::string plugin = write_plugin(directory, kV1beta1,
                                    R"({"clientCertificateData":"CERT","clientKeyData":"KEY"})");
  auto credential = run_exec_plugin(config_for(plugin, kV1beta1), {}, {});
  ASSERT_TRUE(credential) << credential.error().to_string();
  EXPECT_EQ(credential->client_certificate_pem, "CERT");
  EXPECT_EQ(credential->client_key_pem, "KEY");
  EXPECT_FALSE(credential->expiration);
  EXPECT_EQ(
      *read_file(directory.path() + "/info"),
      R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":{"interactive":false}})");
}

TEST(ExecCredential, RejectsBadAnswers) {
  ExecConfig exec = config_for("p", kV1);
  auto mismatch = parse_exec_credential(
      R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}})",
      exec);
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().message,
            "exec plugin \"p\" answered with apiVersion \"client.authentication.k8s.io/v1beta1\" "
            "but the kubeconfig asks for \"client.authentication.k8s.io/v1\"; make them match");
  auto half = parse_exec_credential(
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientKeyData":"k"}})",
      exec);
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().message,
            "exec plugin \"p\" returned only one of clientCertificateData and clientKeyData; it "
            "must return both or neither");
  auto nothing = parse_exec_credential(
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})",
      exec);
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().message,
            "exec plugin \"p\" returned neither a token nor a client certificate");
  auto bad_time = parse_exec_credential(
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"soon"}})",
      exec);
  ASSERT_FALSE(bad_time);
  EXPECT_EQ(bad_time.error().message,
            "exec plugin \"p\" returned expirationTimestamp \"soon\", which is not RFC 3339");
}

TEST(ExecCredential, ReportsAFailingPlugin) {
  TempDirectory directory;
  std::string plugin = directory.write("fail.sh", "#!/bin/sh\necho 'no login' >&2\nexit 3\n", true);
  auto credential = run_exec_plugin(config_for(plugin, kV1), {}, {});
  ASSERT_FALSE(credential);
  EXPECT_EQ(credential.error().message,
            "exec plugin \"" + plugin +
                "\" failed with exit code 3 (its messages are above); run it by hand to see why");
}

TEST(ExecCredential, ShowsTheInstallHintWhenThePluginIsMissing) {
  ExecConfig exec = config_for("kexit-test-no-such-plugin", kV1);
  exec.install_hint = "install it with: apt install kexit-test-plugin\n";
  auto credential = run_exec_plugin(exec, {}, {});
  ASSERT_FALSE(credential);
  EXPECT_EQ(credential.error().message,
            "exec plugin \"kexit-test-no-such-plugin\" was not found on PATH; install it with: "
            "apt install kexit-test-plugin");
}

TEST(ExecCredential, NeedsATerminalForInteractiveModeAlways) {
  ExecConfig exec = config_for("anything", kV1);
  exec.interactive_mode = "Always";
  auto credential = run_exec_plugin(exec, {}, {});
  ASSERT_FALSE(credential);
  EXPECT_EQ(credential.error().message,
            "exec plugin \"anything\" needs an interactive terminal (interactiveMode: Always) but "
            "standard input is not one; run kexit from a terminal");
}

TEST(ExecCredential, TellsThePluginWhetherItMayPrompt) {
  ExecConfig exec = config_for("p", kV1);
  EXPECT_EQ(
      exec_info_json(exec, {}, true),
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":true}})");
}

TEST(ExecCredential, KillsAPluginThatHangs) {
  TempDirectory directory;
  std::string plugin = directory.write("hang.sh", "#!/bin/sh\nexec sleep 30\n", true);
  ExecRunOptions options;
  options.timeout = std::chrono::milliseconds(200);
  auto credential = run_exec_plugin(config_for(plugin, kV1), {}, options);
  ASSERT_FALSE(credential);
  EXPECT_EQ(credential.error().message,
            "exec plugin \"" + plugin +
                "\": timed out after 200 ms; it may be waiting for input it "
                "cannot get");
}

TEST(ExecCredential, RefusesGarbageAndFloodsFromAPlugin) {
  TempDirectory directory;
  std::string garbage = directory.write(
      "garbage.sh", "#!/bin/sh\nprintf 'Welcome!\\033[31m\\377\\376\\000 not json'\n", true);
  auto credential = run_exec_plugin(config_for(garbage, kV1), {}, {});
  ASSERT_FALSE(credential);
  EXPECT_EQ(credential.error().message,
            "exec plugin \"" + garbage +
                "\" printed no ExecCredential JSON (output:1:1: invalid JSON: syntax error while "
                "parsing value - invalid literal; last read: 'W'; fix the file or pass YAML); run "
                "it by hand to see what it prints");
  std::string flood =
      directory.write("flood.sh", "#!/bin/sh\nexec head -c 100000000 /dev/zero\n", true);
  auto flooded = run_exec_plugin(config_for(flood, kV1), {}, {});
  ASSERT_FALSE(flooded);
  EXPECT_EQ(flooded.error().message,
            "exec plugin \"" + flood + "\": wrote more than 1048576 bytes to standard output");
  std::string wrong_kind = directory.write(
      "kind.sh", "#!/bin/sh\necho '{\"kind\": \"Status\", \"status\": {\"token\": 1}}'\n", true);
  auto wrong = run_exec_plugin(config_for(wrong_kind, kV1), {}, {});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message,
            "exec plugin \"" + wrong_kind + "\" printed JSON that is not an ExecCredential");
}

}  // namespace
}  // namespace kexit::kube
