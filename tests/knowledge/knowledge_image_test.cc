#include "knowledge/knowledge_image.h"

#include <gtest/gtest.h>

namespace kexit::knowledge {
namespace {

// Every field set to something other than its default, so a field the image forgets to
// write or read makes the round trip unequal.
ConditionSet full_conditions(const std::string& tag) {
  ConditionSet conditions;
  conditions.exit_codes = {1, -1073741819};
  conditions.signals = {"SIGKILL"};
  conditions.reasons = {"OOMKilled"};
  conditions.pod_reasons = {"Evicted"};
  conditions.waiting_reasons = {"ImagePullBackOff"};
  conditions.container_types = {kube::ContainerKind::kInit, kube::ContainerKind::kEphemeral};
  conditions.outcomes = {kube::ContainerOutcome::kNeverStarted};
  conditions.container_name = "^driver$";
  conditions.image = "spark";
  conditions.command = "java";
  conditions.message = "";
  conditions.labels = {{"app", "web.*"}, {"tier", ""}};
  conditions.env = {{"JAVA_OPTS", "-Xmx"}};
  conditions.liveness_probe = false;
  conditions.memory_limit = true;
  conditions.restart_count_min = 3;
  conditions.pod_condition = "Ready=False";
  conditions.events = {EventCondition{
      {"Unhealthy", "Killing"}, "probe failed", "kubelet", true, "knowledge/x.yaml:9"}};
  conditions.log_any = {"OutOfMemoryError", "a'b\"c\\d\n\x01\xff"};
  conditions.log_all = {"x", "y"};
  conditions.where = "knowledge/x.yaml:" + tag;
  return conditions;
}

KnowledgeSet full_set() {
  KnowledgeSet set;
  set.causes = {CauseDefinition{"oom", "out of memory", "OOMKilled", "Warning", "causes.yaml:2"}};
  set.signals = {SignalDefinition{9, "SIGKILL", "killed", "the kernel", "signals.yaml:3"}};
  Rule rule;
  rule.id = "jvm.oom";
  rule.cause = "oom";
  rule.title = "heap";
  rule.weight = 0.85;
  rule.when = full_conditions("when");
  rule.unless = {full_conditions("unless"), ConditionSet{}};
  rule.boosts = {Boost{0.1, full_conditions("boost"), "no OOM line"}};
  rule.context_lines = 2;
  rule.explanation = "the heap ran out";
  rule.suggestions = {{"raise -Xmx", "", ""}, {"", "kubectl logs POD", "the log"}};
  rule.references = {"https://docs.oracle.com/"};
  rule.where = "knowledge/jvm.yaml:10";
  set.rules = {rule, Rule{}};
  set.notes = {NoteRule{"note.a", "A", full_conditions("note"), "why", {"ref"}, "notes.yaml:1"}};
  set.meanings = {Meaning{137,
                          "exit-code",
                          "shell",
                          "killed",
                          "oom",
                          {"bash", "sh"},
                          "busybox",
                          "tell",
                          NextStep{"", "check", "what"},
                          {"ref"},
                          "meanings.yaml:4"},
                  Meaning{}};
  set.secrets = {SecretShape{"aws.key",
                             "AWS",
                             "(?P<secret>AKIA[0-9A-Z]{16})",
                             {"\\$\\{"},
                             "[KEY]",
                             {"ref"},
                             {"AKIAABCDEFGHIJKLMNOP"},
                             {"AKIA"},
                             "secrets.yaml:5",
                             std::vector<std::string>{"akia"}},
                 SecretShape{}};
  BaseRate rate;
  rate.id = "kubernetes.exit-137-no-reason";
  rate.exit_code = 137;
  rate.without_log = true;
  rate.title = "Killed";
  rate.causes = {BaseRateCause{"oom", "the OOM killer", 0.5, "base-rates.yaml:9"}};
  rate.source = "corpus: 4 of 8";
  rate.explanation = "most often";
  rate.suggestions = {{"", "kubectl describe node NODE", ""}};
  rate.references = {"ref"};
  rate.where = "base-rates.yaml:3";
  set.base_rates = {rate, BaseRate{}};
  return set;
}

TEST(KnowledgeImage, RoundTripsEveryField) {
  KnowledgeSet set = full_set();
  auto decoded = decode_knowledge_image(encode_knowledge_image(set), "image");
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_TRUE(*decoded == set);
}

TEST(KnowledgeImage, LeavesOutGoldenCases) {
  KnowledgeSet set = full_set();
  set.cases.push_back(GoldenCase{});
  auto decoded = decode_knowledge_image(encode_knowledge_image(set), "image");
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_TRUE(decoded->cases.empty());
  set.cases.clear();
  EXPECT_TRUE(*decoded == set);
}

TEST(KnowledgeImage, RejectsATruncatedImage) {
  std::string image = encode_knowledge_image(full_set());
  image.pop_back();
  auto decoded = decode_knowledge_image(image, "built-in knowledge");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().to_string(),
            "built-in knowledge: the knowledge image is truncated or corrupt; rebuild kexit");
}

TEST(KnowledgeImage, RejectsTrailingBytes) {
  std::string image = encode_knowledge_image(full_set()) + "x";
  auto decoded = decode_knowledge_image(image, "built-in knowledge");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().to_string(),
            "built-in knowledge: the knowledge image is truncated or corrupt; rebuild kexit");
}

TEST(KnowledgeImage, RejectsWhatIsNoImage) {
  auto decoded = decode_knowledge_image("causes:\n- slug: oom\n", "built-in knowledge");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().to_string(),
            "built-in knowledge: not a knowledge image of this kexit (format 9); rebuild kexit");
}

}  // namespace
}  // namespace kexit::knowledge
