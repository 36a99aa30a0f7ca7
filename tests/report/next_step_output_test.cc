#include "report/next_step_output.h"

#include <gtest/gtest.h>

namespace kexit::report {
namespace {

using knowledge::NextStep;

const std::string kIndent = "   ";

TEST(NextStepOutput, ProseIsWrappedAndTheCommandIsNot) {
  const NextStep step{"Check the jar inside the image", "kubectl run jar-check --rm -it x", ""};
  EXPECT_EQ(step_text(step, 20, kIndent),
            "Check the jar inside\n   the image:\n   kubectl run jar-check --rm -it x");
}

TEST(NextStepOutput, ACommandAloneStartsTheStepAndItsCommentFollowsAsShellComments) {
  const NextStep step{"", "kubectl describe node worker-3",
                      "Conditions MemoryPressure / DiskPressure"};
  EXPECT_EQ(step_text(step, 24, kIndent),
            "kubectl describe node worker-3\n   # Conditions\n   # MemoryPressure /\n"
            "   # DiskPressure");
}

TEST(NextStepOutput, ProseOnlyAndLeadInPunctuation) {
  EXPECT_EQ(step_text({"Raise the limit", "", ""}, 80, kIndent), "Raise the limit");
  EXPECT_EQ(step_text({"On the node (as root).", "journalctl -k", ""}, 80, kIndent),
            "On the node (as root).\n   journalctl -k");
  EXPECT_EQ(step_text({"", "", "only a comment"}, 80, kIndent), "# only a comment");
}

TEST(NextStepOutput, JsonHasNullForWhatTheStepLacks) {
  EXPECT_EQ(step_document({"", "kubectl get pods -n shop", "which pods"}).dump(),
            R"({"text":null,"command":"kubectl get pods -n shop","comment":"which pods"})");
  EXPECT_EQ(step_document({"Raise the limit", "", ""}).dump(),
            R"({"text":"Raise the limit","command":null,"comment":null})");
}

TEST(NextStepOutput, OneLineKeepsTheOldSuggestionForm) {
  EXPECT_EQ(knowledge::one_line({"On the node", "journalctl -k", "OOM kills"}),
            "On the node: journalctl -k  # OOM kills");
  EXPECT_EQ(knowledge::one_line({"", "kubectl get pods -n shop", ""}), "kubectl get pods -n shop");
}

}  // namespace
}  // namespace kexit::report
