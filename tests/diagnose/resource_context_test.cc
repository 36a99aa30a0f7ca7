#include "diagnose/resource_context.h"

#include <gtest/gtest.h>

#include "knowledge/knowledge_loader.h"

namespace kexit::diagnose {
namespace {

// The shipped memory_flags: what the flags mean is the knowledge base's, and this checks the
// engine's arithmetic on them.
std::shared_ptr<const knowledge::CompiledKnowledge> built_in_knowledge() {
  auto loaded = knowledge::load_knowledge_files(knowledge::embedded_files());
  std::vector<Error> errors;
  auto compiled = knowledge::CompiledKnowledge::compile(std::move(loaded.set), errors);
  EXPECT_TRUE(compiled.ok()) << compiled.error().to_string();
  return *compiled;
}

class ResourceContextTest : public testing::Test {
 protected:
  std::vector<std::string> heap_texts(const kube::ContainerFacts& container) {
    std::vector<std::string> texts;
    for (const auto& setting : resource_context(container, *knowledge_).heap) {
      texts.push_back(setting.text);
    }
    return texts;
  }
  std::shared_ptr<const knowledge::CompiledKnowledge> knowledge_ = built_in_knowledge();
};

TEST_F(ResourceContextTest, AHeapAboveTheLimit) {
  kube::ContainerFacts container;
  container.command = {"java", "-Xms512m", "-Xmx4g", "-jar", "app.jar"};
  container.memory_limit = "2Gi";
  auto context = resource_context(container, *knowledge_);
  EXPECT_TRUE(context.heap_above_limit());
  EXPECT_EQ(heap_texts(container),
            (std::vector<std::string>{"heap -Xmx4g exceeds the memory limit 2Gi",
                                      "initial heap -Xms512m is 25% of the 2Gi limit, leaving "
                                      "1.5Gi for non-heap"}));
  EXPECT_EQ(context.heap[0].bytes, 4LL << 30);
  EXPECT_EQ(context.heap[0].above_limit, true);
}

TEST_F(ResourceContextTest, ThePercentageOfTheLimitAndWhatItLeaves) {
  kube::ContainerFacts container;
  container.env_names = {"JAVA_TOOL_OPTIONS"};
  container.env_values = {{"JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75.0"}};
  container.memory_limit = "2Gi";
  EXPECT_EQ(heap_texts(container),
            (std::vector<std::string>{"heap JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75.0 is 75% of "
                                      "the 2Gi limit (1.5Gi), leaving 512Mi for non-heap"}));
  EXPECT_FALSE(resource_context(container, *knowledge_).heap_above_limit());
}

// -Xmx wins over MaxRAMPercentage, and the command line over JAVA_TOOL_OPTIONS.
TEST_F(ResourceContextTest, TheSettingTheRuntimeUses) {
  kube::ContainerFacts container;
  container.env_values = {{"JAVA_TOOL_OPTIONS", "-Xmx3g -XX:MaxRAMPercentage=50"}};
  container.command = {"java", "-Xmx1g", "-jar", "app.jar"};
  container.memory_limit = "2Gi";
  EXPECT_EQ(heap_texts(container), (std::vector<std::string>{"heap -Xmx1g is 50% of the 2Gi "
                                                             "limit, leaving 1Gi for non-heap"}));
}

TEST_F(ResourceContextTest, NodeAndGo) {
  kube::ContainerFacts node;
  node.env_values = {{"NODE_OPTIONS", "--max-old-space-size=4096"}};
  node.memory_limit = "1Gi";
  EXPECT_EQ(heap_texts(node),
            (std::vector<std::string>{
                "V8 old space NODE_OPTIONS=--max-old-space-size=4096 exceeds the memory "
                "limit 1Gi"}));
  node.env_values = {{"NODE_OPTIONS", "--enable-source-maps --max-old-space-size=768"}};
  EXPECT_EQ(heap_texts(node), (std::vector<std::string>{
                                  "V8 old space --max-old-space-size=768 in NODE_OPTIONS is 75% "
                                  "of the 1Gi limit, leaving 256Mi for the rest of the process"}));
  kube::ContainerFacts go;
  go.env_values = {{"GOMEMLIMIT", "900MiB"}};
  go.memory_limit = "1G";
  EXPECT_EQ(heap_texts(go), (std::vector<std::string>{
                                "Go soft memory limit GOMEMLIMIT=900MiB is 94% of the 1G limit, "
                                "leaving 53.7Mi for the rest of the process"}));
  go.memory_limit = "";
  EXPECT_EQ(heap_texts(go), (std::vector<std::string>{"Go soft memory limit GOMEMLIMIT=900MiB; "
                                                      "the container has no memory limit"}));
}

TEST_F(ResourceContextTest, TheProbeBesideHowLongTheContainerRan) {
  kube::ContainerFacts container;
  kube::ProbeFacts probe;
  probe.period_seconds = 10;
  probe.failure_threshold = 3;
  probe.timeout_seconds = 1;
  container.liveness_probe = probe;
  container.termination.started_at = "2024-06-03T08:00:00Z";
  container.termination.finished_at = "2024-06-03T08:00:34Z";
  auto context = resource_context(container, *knowledge_);
  ASSERT_EQ(context.probes.size(), 1u);
  EXPECT_EQ(context.probes[0].text,
            "liveness: restarts it after 3 failures \u00d7 10 s (timeout 1 s); the container ran "
            "34 s, initialDelaySeconds 0");
  EXPECT_EQ(context.probes[0].ran_seconds, 34);
  container.liveness_probe->initial_delay_seconds = 60;
  EXPECT_EQ(resource_context(container, *knowledge_).probes[0].text,
            "liveness: restarts it after 3 failures \u00d7 10 s (timeout 1 s); the container ran "
            "34 s, initialDelaySeconds 60; shorter than the 80 s this probe needs to kill it");
}

}  // namespace
}  // namespace kexit::diagnose
