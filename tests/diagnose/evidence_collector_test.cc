#include "diagnose/evidence_collector.h"

#include <gtest/gtest.h>

#include <string>

#include "test_knowledge.h"

namespace kexit::diagnose {
namespace {

std::vector<std::string> texts(const std::vector<Evidence>& evidence) {
  std::vector<std::string> out;
  for (const auto& item : evidence) {
    out.push_back(item.text);
  }
  return out;
}

TEST(EvidenceCollector, FactsThenEventsThenTheLastLogLinesWithoutRepeats) {
  auto knowledge = test_knowledge();
  const std::string log = "one\ntwo\nthree\nfour\nfive\n";
  LogScan scan(*knowledge, log);
  EngineOptions options;
  options.max_log_evidence = 2;
  EvidenceCollector collector(scan, knowledge->redactor(), options);
  collector.log_line(1);
  collector.log_line(4);
  collector.fact("exit code 1");
  collector.fact("exit code 1");
  kube::EventFacts event;
  event.reason = "BackOff";
  event.message = "Back-off restarting failed container";
  collector.event(event);
  collector.add_context(1);

  EXPECT_EQ(texts(collector.take()),
            (std::vector<std::string>{
                "exit code 1", "BackOff: Back-off restarting failed container", "four", "five"}));
}

TEST(EvidenceCollector, CutsLongFactsToTheByteLimit) {
  auto knowledge = test_knowledge();
  LogScan scan(*knowledge, "");
  EngineOptions options;
  options.max_evidence_bytes = 5;
  EvidenceCollector collector(scan, knowledge->redactor(), options);
  collector.fact("abcdefghij");
  auto evidence = collector.take();
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0].text, "ab\xE2\x80\xA6");  // five bytes, the ellipsis included
}

}  // namespace
}  // namespace kexit::diagnose
