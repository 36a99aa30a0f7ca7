#include "kube/describe_parser.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/file_reading.h"
#include "base/text.h"
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
  EXPECT_EQ(pods_checked, 26);
}

}  // namespace
}  // namespace kexit::kube
