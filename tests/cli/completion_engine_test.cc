#include "cli/completion_engine.h"

#include <gtest/gtest.h>

#include "cli/commands.h"

namespace kexit::cli {
namespace {

using Words = std::vector<std::string>;

// kexit's own commands, as main() wires them, and sources that stand in for the knowledge
// base and the cluster.
class CompletionEngine : public ::testing::Test {
 protected:
  CompletionEngine() {
    add_commands(app_, exit_status_);
    sources_.causes = [] { return Words{"oom-killed", "rust-panic", "segfault"}; };
    sources_.runtimes = [] { return Words{"jvm", "rust"}; };
    sources_.names = [this](const std::string& kind, const CompletionScope& scope) {
      scopes_.push_back(scope);
      kinds_.push_back(kind);
      return kind == "pod" ? Words{"api-1", "api-2", "worker"} : Words{kind + "-a", kind + "-b"};
    };
  }

  Completions complete(const Words& words) { return complete_words(app_, words, sources_); }
  Words candidates(const Words& words) { return complete(words).candidates; }

  CLI::App app_{"kexit", "kexit"};
  int exit_status_ = 0;
  CompletionSources sources_;
  std::vector<CompletionScope> scopes_;
  std::vector<std::string> kinds_;
};

TEST_F(CompletionEngine, SubcommandsComeFromTheAppAndHideNothingButHelp) {
  EXPECT_EQ(candidates({""}),
            (Words{"agent", "completion", "explain", "inspect", "kb", "version", "watch"}));
  EXPECT_EQ(candidates({"in"}), (Words{"inspect"}));
  EXPECT_EQ(candidates({"kb", ""}), (Words{"eval", "lint", "test"}));
}

TEST_F(CompletionEngine, FlagsAreTheSubcommandsOwn) {
  EXPECT_EQ(candidates({"explain", "--"}), (Words{"--color", "--help", "--image", "--knowledge",
                                                  "--no-color", "--output", "--runtime"}));
  EXPECT_EQ(candidates({"inspect", "--s"}),
            (Words{"--save", "--selector", "--since", "--sort-by"}));
  EXPECT_EQ(candidates({"kb", "test", "-"}), (Words{"--help", "--verbose", "-h", "-v"}));
}

TEST_F(CompletionEngine, OptionValuesFollowTheOption) {
  EXPECT_EQ(candidates({"inspect", "-o", ""}), (Words{"json", "text", "wide", "yaml"}));
  EXPECT_EQ(candidates({"watch", "-o", ""}), (Words{"json", "text"}));
  EXPECT_EQ(candidates({"explain", "--output", "j"}), (Words{"json"}));
  EXPECT_EQ(candidates({"kb", "eval", "-o", ""}), (Words{"json", "text"}));
  EXPECT_EQ(candidates({"inspect", "--color", ""}), (Words{"always", "auto", "never"}));
  EXPECT_EQ(candidates({"inspect", "--color=n"}), (Words{"--color=never"}));
  EXPECT_EQ(candidates({"explain", "1", "--runtime", ""}), (Words{"jvm", "rust"}));
  EXPECT_EQ(candidates({"completion", ""}), (Words{"bash", "fish", "zsh"}));
}

TEST_F(CompletionEngine, CauseSlugsCompleteAnyCauseOption) {
  EXPECT_EQ(candidates({"inspect", "--cause", "r"}), (Words{"rust-panic"}));
  EXPECT_EQ(candidates({"inspect", "--cause=s"}), (Words{"--cause=segfault"}));
}

TEST_F(CompletionEngine, PathsAreLeftToTheShell) {
  Completions file = complete({"inspect", "--file", "po"});
  EXPECT_TRUE(file.candidates.empty());
  EXPECT_EQ(file.directive, CompletionDirective::kFiles);
  EXPECT_EQ(complete({"kb", "lint", ""}).directive, CompletionDirective::kDirectories);
  EXPECT_EQ(complete({"inspect", "--save", ""}).directive, CompletionDirective::kDirectories);
}

TEST_F(CompletionEngine, TargetsAreKindsThenPodNamesFromTheCluster) {
  Completions kinds = complete({"inspect", ""});
  EXPECT_EQ(kinds.candidates, (Words{"cronjob/", "daemonset/", "deployment/", "job/", "pod/",
                                     "replicaset/", "statefulset/"}));
  EXPECT_EQ(kinds.directive, CompletionDirective::kNoSpace);
  EXPECT_TRUE(scopes_.empty()) << "kinds need no cluster";
  EXPECT_EQ(candidates({"inspect", "d"}), (Words{"daemonset/", "deployment/"}));
  EXPECT_EQ(candidates({"inspect", "pod/api"}), (Words{"pod/api-1", "pod/api-2"}));
  EXPECT_EQ(candidates({"inspect", "po/w"}), (Words{"po/worker"}));
}

// After a workload's kind, in any form kubectl takes, its objects' names, kind as typed.
TEST_F(CompletionEngine, WorkloadNamesComeFromTheClusterAfterTheirKind) {
  EXPECT_EQ(candidates({"inspect", "deployment/"}),
            (Words{"deployment/deployment-a", "deployment/deployment-b"}));
  EXPECT_EQ(candidates({"inspect", "deploy/deployment-b"}), (Words{"deploy/deployment-b"}));
  EXPECT_EQ(candidates({"inspect", "cronjob.batch/"}),
            (Words{"cronjob.batch/cronjob-a", "cronjob.batch/cronjob-b"}));
  EXPECT_EQ(candidates({"inspect", "-n", "prod", "sts/"}),
            (Words{"sts/statefulset-a", "sts/statefulset-b"}));
  EXPECT_EQ(kinds_, (Words{"deployment", "deployment", "cronjob", "statefulset"}));
  EXPECT_EQ(scopes_.back().namespace_name, "prod");
  // An unknown kind, or a kind in another group, asks the cluster nothing.
  EXPECT_EQ(candidates({"inspect", "service/"}), Words{});
  EXPECT_EQ(candidates({"inspect", "deployment.batch/"}), Words{});
  EXPECT_EQ(kinds_.size(), 4u);
}

TEST_F(CompletionEngine, PodNamesComeFromTheClusterTheCommandLineNames) {
  candidates({"inspect", "-n", "prod", "--kubeconfig=/k", "--context", "east", "pod/"});
  candidates({"inspect", "-A", "pod/"});
  ASSERT_EQ(scopes_.size(), 2u);
  EXPECT_EQ(scopes_[0].namespace_name, "prod");
  EXPECT_EQ(scopes_[0].kubeconfig, "/k");
  EXPECT_EQ(scopes_[0].context, "east");
  EXPECT_FALSE(scopes_[0].all_namespaces);
  EXPECT_TRUE(scopes_[1].all_namespaces);
}

// completion takes one shell; inspect takes several targets, so after one the kinds come again.
TEST_F(CompletionEngine, AFilledPositionalTakesNoMoreValues) {
  EXPECT_EQ(candidates({"completion", "bash", ""}), Words{});
  EXPECT_EQ(candidates({"inspect", "pod/a", "d"}), (Words{"daemonset/", "deployment/"}));
}

TEST_F(CompletionEngine, TheLastLineCarriesTheDirective) {
  EXPECT_EQ(format_completions(complete({"inspect", "p"})), "pod/\n:2\n");
  EXPECT_EQ(format_completions(complete({"inspect", "--file", ""})), ":8\n");
}

}  // namespace
}  // namespace kexit::cli
