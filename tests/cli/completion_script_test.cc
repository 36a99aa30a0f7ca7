// The completion scripts as a shell runs them: bash sources `kexit completion bash` and its
// completion function is called with COMP_WORDS/COMP_CWORD set, as bash itself would on Tab
// (no bash-completion package needed); pod names come from kubesim through `kexit __complete`.

#include "cli/completion_script.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/kubesim_fixture.h"
#include "testing/paths.h"
#include "testing/process_runner.h"

namespace kexit::cli {
namespace {

using testing_support::kexit_binary;
using testing_support::Process;
using testing_support::source_path;

const kubesim::PolicyRule kListPods{{"get", "list"}, {""}, {"pods"}, {}, {}};

class CompletionScript : public testing_support::KubesimFixture {
 protected:
  void SetUp() override {
    play_scenario("examples/scenarios/spark-driver.yaml");
    KubesimFixture::SetUp();
    kubeconfig_ = kubeconfig_for("erin", kListPods);
  }

  // COMPREPLY, one a line, after bash completes `words` (the last is under the cursor).
  testing_support::ProcessResult complete_in_bash(const std::vector<std::string>& words,
                                                  const std::string& kubeconfig) {
    std::string script =
        "source <(kexit completion bash) || exit 9\n"
        "COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1))\n"
        "_kexit_complete\n"
        "for reply in \"${COMPREPLY[@]}\"; do printf '%s\\n' \"$reply\"; done\n";
    std::vector<std::string> argv = {"/bin/bash", "-c", script, "bash", "kexit"};
    argv.insert(argv.end(), words.begin(), words.end());
    std::string bin = kexit_binary().substr(0, kexit_binary().rfind('/'));
    Process bash(
        argv,
        {{"PATH", bin + ":/usr/bin:/bin"}, {"HOME", "/nonexistent"}, {"KUBECONFIG", kubeconfig}});
    return bash.finish(std::chrono::seconds(30));
  }

  std::string complete(const std::vector<std::string>& words) {
    auto run = complete_in_bash(words, kubeconfig_);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err, "");
    return run.out;
  }

  std::string kubeconfig_;
};

TEST_F(CompletionScript, BashCompletesSubcommandsFlagsAndValues) {
  EXPECT_EQ(complete({"ex"}), "explain\n");
  EXPECT_EQ(complete({""}), "agent\ncompletion\nexplain\ninspect\nkb\nversion\nwatch\n");
  EXPECT_EQ(complete({"inspect", "--all"}), "--all-namespaces\n");
  EXPECT_EQ(complete({"inspect", "-o", ""}), "json\ntext\nwide\nyaml\n");
  EXPECT_EQ(complete({"kb", "eval", "--output", "j"}), "json\n");
  EXPECT_EQ(complete({"inspect", "st"}), "statefulset/\n");
  EXPECT_EQ(complete({"explain", "137", "--runtime", "ru"}), "rust\n");
}

TEST_F(CompletionScript, BashSplitsAtEqualsAndCompletesTheValueAlone) {
  // What bash makes of `kexit inspect --color=al<Tab>` and `kexit inspect --color=<Tab>`.
  EXPECT_EQ(complete({"inspect", "--color", "=", "al"}), "always\n");
  EXPECT_EQ(complete({"inspect", "--color", "="}), "=always\n=auto\n=never\n");
}

TEST_F(CompletionScript, BashCompletesPodNamesFromTheCluster) {
  EXPECT_EQ(complete({"inspect", "pod/"}), "pod/spark-pi-driver\n");
  EXPECT_EQ(complete({"inspect", "pod/spark"}), "pod/spark-pi-driver\n");
  EXPECT_EQ(complete({"inspect", "-n", "other", "pod/"}), "");
}

TEST_F(CompletionScript, BashCompletesWorkloadNamesFromTheCluster) {
  cluster_.ensure_namespace("other");
  put(workload("Deployment", "default", "api", {{"app", "api"}}));
  put(workload("Deployment", "default", "api-canary", {{"app", "api"}}));
  put(workload("Deployment", "other", "elsewhere", {{"app", "x"}}));
  put(workload("CronJob", "default", "nightly", {{"app", "nightly"}}));
  const kubesim::PolicyRule list_workloads{
      {"get", "list"}, {"apps", "batch"}, {"deployments", "cronjobs"}, {}, {}};
  std::string kubeconfig = kubeconfig_for("frank", list_workloads);
  auto deployments = complete_in_bash({"inspect", "deployment/"}, kubeconfig);
  EXPECT_EQ(deployments.out, "deployment/api\ndeployment/api-canary\n") << deployments.err;
  EXPECT_EQ(complete_in_bash({"inspect", "deploy/api-"}, kubeconfig).out, "deploy/api-canary\n");
  EXPECT_EQ(complete_in_bash({"inspect", "-A", "deployment/e"}, kubeconfig).out,
            "deployment/elsewhere\n");
  EXPECT_EQ(complete_in_bash({"inspect", "cronjob/"}, kubeconfig).out, "cronjob/nightly\n");
  // Not allowed to list pods: no names, and nothing on the terminal.
  auto pods = complete_in_bash({"inspect", "pod/"}, kubeconfig);
  EXPECT_EQ(pods.out, "");
  EXPECT_EQ(pods.err, "");
}

TEST_F(CompletionScript, BashOffersNoPodsAndNoErrorWhenTheClusterIsUnreachable) {
  auto run = complete_in_bash({"inspect", "pod/"}, "/nonexistent/kubeconfig");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "");
}

TEST_F(CompletionScript, BashCompletesFileNamesForFileOptions) {
  std::string dir = source_path("tests/cli");
  EXPECT_EQ(complete({"inspect", "--file", dir + "/completion_script_t"}),
            dir + "/completion_script_test.cc\n");
}

TEST_F(CompletionScript, CompleteSubcommandPrintsCandidatesAndTheDirective) {
  Process run({kexit_binary(), "__complete", "inspect", "--kubeconfig", kubeconfig_, "pod/"});
  auto result = run.finish(std::chrono::seconds(30));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "pod/spark-pi-driver\n:0\n");
  EXPECT_EQ(result.err, "");
}

TEST(CompletionScripts, EachShellHasOneThatCallsCompleteAndOthersAreRefused) {
  for (const auto& shell : completion_shells()) {
    auto script = completion_script(shell);
    ASSERT_TRUE(script) << shell;
    EXPECT_NE(script->find("kexit __complete"), std::string::npos) << shell;
  }
  auto refused = completion_script("tcsh");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().to_string(),
            "SHELL: no completion for shell \"tcsh\"; use bash, zsh or fish");
}

// zsh's completion system is not loaded: compdef is stubbed and compadd prints what it is
// given, as `words`/`CURRENT` are what zsh sets on Tab.
TEST(CompletionScripts, ZshCompletesFromTheSameCandidates) {
  std::string bin = kexit_binary().substr(0, kexit_binary().rfind('/'));
  std::string script =
      "compdef() { :; }\n"
      "compadd() { shift ${@[(i)--]}; print -l -- \"$@\"; }\n"
      "source <(kexit completion zsh)\n"
      "words=(kexit inspect -o ''); CURRENT=4; _kexit\n"
      "words=(kexit inspect st); CURRENT=3; _kexit\n";
  Process zsh({"/usr/bin/zsh", "-f", "-c", script}, {{"PATH", bin + ":/usr/bin:/bin"}});
  auto result = zsh.finish(std::chrono::seconds(30));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "json\ntext\nwide\nyaml\nstatefulset/\n");
  EXPECT_EQ(result.err, "");
  Process check({"/usr/bin/zsh", "-n", "-c", *completion_script("zsh")});
  EXPECT_EQ(check.finish(std::chrono::seconds(10)).exit_code, 0);
}

// fish is not installed by scripts/setup.sh (it pulls in man-db and groff): its script is
// checked for the one registration and the __complete call it needs.
TEST(CompletionScripts, FishRegistersOneFunctionThatAsksComplete) {
  std::string script = *completion_script("fish");
  EXPECT_NE(script.find("complete -c kexit -f -a '(__kexit_complete)'\n"), std::string::npos);
  EXPECT_NE(script.find("set -l out (kexit __complete $tokens $current 2>/dev/null)\n"),
            std::string::npos);
}

TEST(CompletionScripts, BashAcceptsTheScriptsSyntax) {
  Process check({"/bin/bash", "-n", "-c", *completion_script("bash")});
  EXPECT_EQ(check.finish(std::chrono::seconds(10)).exit_code, 0);
}

}  // namespace
}  // namespace kexit::cli
