#pragma once
// Test support: what the agent's parts are wired to in their unit tests - a FakeClock, a
// FakeAgentApi, the built-in knowledge, metrics, and a JSON log the test reads.

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "agent/agent_metrics.h"
#include "agent/json_logger.h"
#include "agent/knowledge_reloader.h"
#include "agent/metrics_registry.h"
#include "fake_agent_api.h"
#include "testing/fake_clock.h"

namespace kexit::agent::testing {

class AgentUnitTest : public ::testing::Test {
 protected:
  explicit AgentUnitTest(kube::TimePoint start = FakeClock::default_start())
      : clock_(start), knowledge_({}), metrics_(registry_), log_(log_text_, clock_) {
    std::vector<Error> errors;
    EXPECT_TRUE(knowledge_.load(errors).ok());
  }

  FakeClock clock_;
  FakeAgentApi api_;
  KnowledgeReloader knowledge_;
  MetricsRegistry registry_;
  AgentMetrics metrics_;
  std::ostringstream log_text_;
  JsonLogger log_;
};

}  // namespace kexit::agent::testing
