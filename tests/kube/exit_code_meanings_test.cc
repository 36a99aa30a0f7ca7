#include "kube/exit_code_meanings.h"

#include <gtest/gtest.h>

#include "kube/pod_parser.h"

namespace kexit::kube {
namespace {

const std::string kWhere = "pod.json:.metadata.annotations.kexit.io/exit-code-meanings";

std::vector<std::string> problems_of(const DeclaredExitCodes& declared) {
  std::vector<std::string> texts;
  for (const auto& problem : declared.problems) {
    texts.push_back(problem.to_string());
  }
  return texts;
}

TEST(ExitCodeMeanings, ReadsEachCodeAndItsMeaning) {
  auto declared = read_exit_code_meanings(
      R"({"3": "configuration invalid", "75": " retry later ", "0xC0000005": "native crash"})",
      kWhere);
  EXPECT_EQ(declared.meanings,
            (std::map<int, std::string>{
                {-1073741819, "native crash"}, {3, "configuration invalid"}, {75, "retry later"}}));
  EXPECT_TRUE(declared.problems.empty());
}

TEST(ExitCodeMeanings, BadJsonLosesTheAnnotationWithAnErrorSayingWhatToWrite) {
  auto declared = read_exit_code_meanings(R"({"3": "configuration invalid",})", kWhere);
  EXPECT_TRUE(declared.meanings.empty());
  EXPECT_EQ(
      problems_of(declared),
      std::vector<std::string>{
          kWhere + ": not JSON (annotation:1:31: syntax error while parsing object key - "
                   "unexpected '}'; expected string literal); write it as '{\"3\": \"configuration "
                   "invalid\", \"75\": \"retry later\"}'; its meanings are ignored"});
}

TEST(ExitCodeMeanings, NotAnObjectIsRefused) {
  auto declared = read_exit_code_meanings(R"(["configuration invalid"])", kWhere);
  EXPECT_EQ(problems_of(declared),
            std::vector<std::string>{kWhere +
                                     ": expected a JSON object of exit code to meaning, got array; "
                                     "write it as '{\"3\": \"configuration invalid\", \"75\": "
                                     "\"retry later\"}'; its meanings are ignored"});
}

TEST(ExitCodeMeanings, KeepsTheGoodEntriesAndNamesEachBadOne) {
  const std::string long_meaning(201, 'x');
  auto declared = read_exit_code_meanings(R"({"three": "configuration invalid", "4": 4, "5": "a\nb",
        "6": ")" + long_meaning + R"(", "7": "  ", "8": "disk quota reached"})",
                                          kWhere);
  EXPECT_EQ(declared.meanings, (std::map<int, std::string>{{8, "disk quota reached"}}));
  EXPECT_EQ(
      problems_of(declared),
      (std::vector<std::string>{
          kWhere + "[\"4\"]: the meaning is number, not a string; write it as '{\"3\": "
                   "\"configuration invalid\", \"75\": \"retry later\"}'; this entry is ignored",
          kWhere + "[\"5\"]: the meaning has a line break; write it on one line; this entry is "
                   "ignored",
          kWhere + "[\"6\"]: the meaning is 201 bytes; shorten it to at most 200; this entry is "
                   "ignored",
          kWhere + "[\"7\"]: the meaning is empty; say what the program means by this exit code; "
                   "this entry is ignored",
          kWhere + "[\"three\"]: the key is not an exit code (a number such as \"3\" or "
                   "\"0xC0000005\"); this entry is ignored"}));
}

// Whoever may annotate a pod must not drive the terminal of whoever reads its report: an OSC 52
// sequence (write the clipboard) in a meaning or a key is refused, and shown as U+FFFD.
TEST(ExitCodeMeanings, AnEscapeSequenceIsRefusedAndNeverEchoed) {
  auto declared = read_exit_code_meanings(
      R"({"3": "\u001b]52;c;ZXZpbA==\u0007bad config", "\u001b[2J": "x", "4": "c1 \u009b"})",
      kWhere);
  EXPECT_TRUE(declared.meanings.empty());
  EXPECT_EQ(problems_of(declared),
            (std::vector<std::string>{
                // nlohmann's object is ordered by key, and ESC sorts before the digits.
                kWhere + "[\"\xEF\xBF\xBD[2J\"]: the key is not an exit code (a number such as "
                         "\"3\" or \"0xC0000005\"); this entry is ignored",
                kWhere + "[\"3\"]: the meaning has a control character or bytes that are not "
                         "UTF-8; write it as plain text; this entry is ignored",
                kWhere + "[\"4\"]: the meaning has a control character or bytes that are not "
                         "UTF-8; write it as plain text; this entry is ignored"}));
}

TEST(ExitCodeMeanings, ThePodParserKeepsTheMeaningsAndNotesTheProblems) {
  auto pods = parse_pods(R"(kind: Pod
metadata:
  name: p
  namespace: ns
  annotations:
    kexit.io/exit-code-meanings: '{"3": "configuration invalid", "x": "y"}'
spec: {containers: [{name: app, image: tool:1}]}
status:
  containerStatuses:
  - name: app
    state: {terminated: {exitCode: 3, reason: Error}}
)",
                         "pod.yaml");
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  EXPECT_EQ(pods->front().declared_exit_codes,
            (std::map<int, std::string>{{3, "configuration invalid"}}));
  EXPECT_EQ(pods->front().evidence_notes,
            std::vector<std::string>{
                "pod.yaml:.metadata.annotations.kexit.io/exit-code-meanings[\"x\"]: the key is not "
                "an exit code (a number such as \"3\" or \"0xC0000005\"); this entry is ignored"});
}

TEST(ExitCodeMeanings, AnAnnotationThatIsNoStringIsANoteNotAnError) {
  auto pods = parse_pods(R"(kind: Pod
metadata:
  name: p
  annotations:
    kexit.io/exit-code-meanings: {"3": "configuration invalid"}
spec: {containers: [{name: app, image: tool:1}]}
status:
  containerStatuses:
  - name: app
    state: {terminated: {exitCode: 3, reason: Error}}
)",
                         "pod.yaml");
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  EXPECT_TRUE(pods->front().declared_exit_codes.empty());
  EXPECT_EQ(pods->front().evidence_notes,
            std::vector<std::string>{
                "pod.yaml:.metadata.annotations.kexit.io/exit-code-meanings: expected a string "
                "holding JSON; write it as a quoted string; it is ignored"});
}

}  // namespace
}  // namespace kexit::kube
