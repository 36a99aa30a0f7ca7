#include "diagnose/fix_target.h"

#include <gtest/gtest.h>

#include "base/structured_text.h"
#include "testing/shell_argv.h"

namespace kexit::diagnose {
namespace {

using testing_support::argv_bash_reads;

kube::WorkloadOwner owner_named(const std::string& name, const std::string& namespace_name) {
  kube::WorkloadOwner owner;
  owner.kind = "Deployment";
  owner.name = name;
  owner.namespace_name = namespace_name;
  return owner;
}

TEST(FixTarget, APointerTokenWithASlashOrATildeStaysOneToken) {
  EXPECT_EQ(child_pointer("/spec", "containers"), "/spec/containers");
  EXPECT_EQ(child_pointer("/spec", "a/b~c"), "/spec/a~1b~0c");
  EXPECT_EQ(child_pointer("/spec", "~1"), "/spec/~01");
  EXPECT_EQ(field_path("/spec/jobTemplate/spec"), "spec.jobTemplate.spec");
}

// Values a manifest could hold (an env value, a path) with quotes, spaces and "$": the command
// bash reads is the argv kexit meant, and the patch is the JSON it built.
TEST(FixTarget, EveryValueOfAPatchCommandReachesKubectlAsOneWord) {
  nlohmann::ordered_json patch = nlohmann::ordered_json::array(
      {{{"op", "test"}, {"path", "/metadata/name"}, {"value", "it's \"$HOME\" `id` $(x) \\ ;"}}});
  FixProposal fix;
  ASSERT_TRUE(set_json_patch_command(owner_named("a b'$c", "shop"), patch, fix));
  const std::vector<std::string> argv = {"kubectl",     "patch", "deployment/a b'$c", "-n", "shop",
                                         "--type=json", "-p",    patch.dump()};
  EXPECT_EQ(argv_bash_reads(fix.command), argv) << fix.command;
  std::vector<std::string> dry_run = argv;
  dry_run.push_back("--dry-run=server");
  EXPECT_EQ(argv_bash_reads(fix.dry_run_command), dry_run) << fix.dry_run_command;
  auto parsed = parse_json(argv_bash_reads(fix.command).back(), "patch");
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ((*parsed)[0]["value"], "it's \"$HOME\" `id` $(x) \\ ;");
}

TEST(FixTarget, AFlagTakesItsValueInTheSameWordWhenItEndsWithEquals) {
  FixProposal fix;
  ASSERT_TRUE(set_kubectl_command(
      {{"", "set"}, {"", "resources"}, {"-c", "my app"}, {"--limits=memory=", "1 Gi"}}, fix));
  EXPECT_EQ(fix.command, "kubectl set resources -c 'my app' --limits=memory='1 Gi'");
  EXPECT_EQ(argv_bash_reads(fix.command),
            (std::vector<std::string>{"kubectl", "set", "resources", "-c", "my app",
                                      "--limits=memory=1 Gi"}));
}

// A value kubectl would read as a flag ("-n" given "--kubeconfig=...") has no safe spelling.
TEST(FixTarget, AValueThatStartsWithADashGivesNoCommand) {
  FixProposal fix;
  EXPECT_FALSE(set_json_patch_command(owner_named("api", "--kubeconfig=/tmp/x"),
                                      nlohmann::ordered_json::array(), fix));
  EXPECT_EQ(fix.command, "");
  EXPECT_EQ(fix.dry_run_command, "");
}

}  // namespace
}  // namespace kexit::diagnose
