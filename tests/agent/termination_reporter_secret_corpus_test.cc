// The corpus of secret shapes (tests/knowledge/secret_shapes/corpus.yaml) through every output
// of the agent: the Event (note, annotations, every other field), the pod's last-diagnosis
// annotation, the agent's own JSON log lines and the metric labels. Each sample is a pod that
// exited 1 with the line as its termination message and last log line: the line reaches the
// note as the strongest evidence when a rule matches it, else in the log tail.

#include <gtest/gtest.h>

#include <sstream>

#include "agent/termination_reporter.h"
#include "agent_unit_fixture.h"
#include "base/text.h"
#include "kube/pod_parser.h"
#include "pod_json.h"
#include "testing/fake_clock.h"
#include "testing/secret_corpus.h"

namespace kexit::agent {
namespace {

using testing_support::leaked_secret;
using testing_support::secret_corpus;

class SecretCorpusThroughTheAgent : public testing::AgentUnitTest {
 protected:
  SecretCorpusThroughTheAgent()
      : series_(std::chrono::minutes(30)),
        limiter_({}, clock_),
        emitter_(api_, series_, limiter_, metrics_, log_, clock_, "kexit-agent-0") {}

  // Reports one pod in its own namespace whose log ends with `line`; returns its Event.
  nlohmann::json report(std::size_t index, const std::string& line) {
    std::string namespace_name = "ns-" + std::to_string(index);
    std::string name = "api-" + std::to_string(index);
    testing::CrashedContainer crashed;
    crashed.exit_code = 1;
    crashed.message = line;
    auto pod = testing::crashed_pod(namespace_name, name, "uid-" + std::to_string(index), crashed);
    api_.put_pod(pod);
    api_.set_log(namespace_name, name, "app", "starting\n" + line + "\n");
    auto facts = kube::parse_pod(pod, "test");
    EXPECT_TRUE(facts.ok());
    TerminationReporter reporter(
        api_, knowledge_, emitter_, metrics_, log_, clock_,
        {.max_log_bytes = 64 * 1024, .annotate_pods = true, .event_log_tail = true});
    reporter.report({*facts, facts->to_diagnose.front().termination.container_id});
    for (const auto& [key, event] : api_.events()) {
      if (event["metadata"]["namespace"] == namespace_name) {
        return event;
      }
    }
    ADD_FAILURE() << "no Event for " << namespace_name;
    return nlohmann::json::object();
  }

  std::string annotation(std::size_t index) {
    auto pod = api_.pod("ns-" + std::to_string(index) + "/api-" + std::to_string(index));
    return pod["metadata"]["annotations"].value("kexit.io/last-diagnosis", "");
  }

  EventSeriesTracker series_;
  NamespaceRateLimiter limiter_;
  EventEmitter emitter_;
};

TEST_F(SecretCorpusThroughTheAgent, NoSecretReachesAnEventAnAnnotationALogLineOrAMetric) {
  const auto& samples = secret_corpus().secrets;
  ASSERT_FALSE(samples.empty());
  for (std::size_t index = 0; index < samples.size(); ++index) {
    SCOPED_TRACE(samples[index].shape);
    nlohmann::json event = report(index, samples[index].line);
    std::string note = event.value("note", "");
    // The line reached the note (its log tail) and was redacted there.
    EXPECT_NE(note.find("[REDACTED"), std::string::npos) << note;
    EXPECT_EQ(leaked_secret(event.dump()), "") << event.dump();
    EXPECT_EQ(leaked_secret(annotation(index)), "");
  }
  EXPECT_EQ(leaked_secret(log_text_.str()), "");
  EXPECT_EQ(leaked_secret(registry_.render()), "");
}

TEST_F(SecretCorpusThroughTheAgent, EveryLookAlikeReachesTheEventNoteIntact) {
  const auto& lines = secret_corpus().not_secrets;
  ASSERT_FALSE(lines.empty());
  for (std::size_t index = 0; index < lines.size(); ++index) {
    std::string note = report(index, lines[index]).value("note", "");
    EXPECT_NE(note.find(std::string(trim(lines[index]))), std::string::npos)
        << lines[index] << " is not intact in: " << note;
    EXPECT_EQ(note.find("[REDACTED"), std::string::npos) << note;
  }
}

}  // namespace
}  // namespace kexit::agent
