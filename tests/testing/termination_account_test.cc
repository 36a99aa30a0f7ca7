#include "testing/termination_account.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kexit::testing_support {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string diagnosed(const std::string& pod, const std::string& id, const std::string& event) {
  return nlohmann::json{{"time", "2026-12-07T18:00:00.000000Z"},
                        {"msg", "container termination diagnosed"},
                        {"pod", pod},
                        {"container", "app"},
                        {"termination_id", id},
                        {"event", event}}
      .dump();
}

std::string dropped(const std::string& pod, const std::string& id) {
  return nlohmann::json{{"msg", "termination dropped; the next leader reports it"},
                        {"pod", pod},
                        {"container", "app"},
                        {"termination_id", id}}
      .dump();
}

agent::ReportedEvent event(const std::string& pod, const std::string& name, const std::string& id,
                           int count) {
  agent::ReportedEvent result;
  result.pod_key = "uid-" + pod;
  result.container = "app";
  result.event_name = name;
  result.termination_id = id;
  result.count = count;
  return result;
}

std::string container_of(const agent::ReportedEvent& event) {
  return event.pod_key.substr(4) + "/" + event.container;
}

TEST(TerminationAccount, ReadsWrittenFailedAndDroppedOutcomes) {
  TerminationOutcomes outcomes;
  read_outcomes(diagnosed("a", "1", "created") + "\n" + diagnosed("a", "2", "rate_limited") +
                    "\nnot json\n" + dropped("b", "3") + "\n" + diagnosed("b", "3", "updated"),
                outcomes);
  EXPECT_EQ(outcomes.written["a/app"], (std::set<std::string>{"1"}));
  EXPECT_EQ(outcomes.written["b/app"], (std::set<std::string>{"3"}));
  EXPECT_EQ(outcomes.not_written["a/app"], (std::set<std::string>{"2"}));
  EXPECT_EQ(outcomes.not_written["b/app"], (std::set<std::string>{"3"}));
  EXPECT_EQ(outcomes.not_written_lines, 1u);
  EXPECT_EQ(outcomes.dropped_lines, 1u);
}

TEST(TerminationAccount, AddsUpWhenSeriesCountsAreTerminationsMinusThoseNotWritten) {
  TerminationsByContainer terminations = {{"a/app", {"1", "2", "3"}}, {"b/app", {"4"}}};
  TerminationOutcomes outcomes;
  read_outcomes(diagnosed("a", "1", "created") + "\n" + diagnosed("a", "2", "failed") + "\n" +
                    diagnosed("a", "3", "updated") + "\n" + dropped("b", "4"),
                outcomes);
  EXPECT_TRUE(every_termination_has_an_outcome(terminations, outcomes));
  auto account = account_terminations(terminations, outcomes, {event("a", "e1", "3", 2)},
                                      container_of, {1, 1});
  EXPECT_THAT(account.problems, IsEmpty());
  EXPECT_EQ(account.terminations, 4u);
  EXPECT_EQ(account.not_written, 2u);
  EXPECT_EQ(account.summary(), "4 terminations, 2 written, 2 not written");
}

TEST(TerminationAccount, NamesEachWayItDoesNotAddUp) {
  TerminationsByContainer terminations = {{"a/app", {"1", "2"}}};
  TerminationOutcomes outcomes;
  read_outcomes(diagnosed("a", "1", "created"), outcomes);
  EXPECT_FALSE(every_termination_has_an_outcome(terminations, outcomes));
  auto account = account_terminations(
      terminations, outcomes,
      {event("a", "e1", "1", 1), event("a", "e2", "1", 1), event("c", "e3", "9", 1)}, container_of,
      {2, 0});
  EXPECT_THAT(
      account.problems,
      ElementsAre("1 is on e1 and e2", "c/app has Events (series counts 1) but no termination",
                  "a/app 2 has no outcome in any log",
                  "a/app: Event series counts add up to 2, expected 2 terminations - 1 "
                  "not written",
                  "kexit_events_total{result=~\"failed|rate_limited|forbidden\"} is 2 but "
                  "0 lines say an Event was not written"));
}

// A process killed between writing 1's Event and logging it; the next process continued the
// series with 2, whose id the Event now names.
TEST(TerminationAccount, TakesWhatTheEventSeriesCountsButNoLogNamesAsWritten) {
  TerminationsByContainer terminations = {{"a/app", {"1", "2"}}, {"b/app", {"3", "4"}}};
  TerminationOutcomes outcomes;
  read_outcomes(diagnosed("a", "2", "updated") + "\n" + diagnosed("b", "4", "created"), outcomes);
  add_event_outcomes(terminations, {event("a", "e1", "2", 2), event("b", "e2", "4", 1)},
                     container_of, outcomes);
  EXPECT_EQ(outcomes.written["a/app"], (std::set<std::string>{"1", "2"}));
  // b's one Event is explained by 4's line: 3 has no outcome.
  EXPECT_EQ(outcomes.written["b/app"], (std::set<std::string>{"4"}));
  EXPECT_FALSE(every_termination_has_an_outcome(terminations, outcomes));
}

}  // namespace
}  // namespace kexit::testing_support
