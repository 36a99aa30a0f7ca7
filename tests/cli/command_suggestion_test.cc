#include "cli/command_suggestion.h"

#include <gtest/gtest.h>

#include "cli/completion_command.h"
#include "cli/explain_command.h"
#include "cli/inspect_command.h"
#include "cli/kb_command.h"
#include "testing/paths.h"
#include "testing/process_runner.h"

namespace kexit::cli {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(edit_distance("inspect", "inspect"), 0u);
  EXPECT_EQ(edit_distance("inspct", "inspect"), 1u);
  EXPECT_EQ(edit_distance("inpsect", "inspect"), 1u);
  EXPECT_EQ(edit_distance("explian", "explain"), 1u);
  EXPECT_EQ(edit_distance("kb", "agent"), 5u);
  EXPECT_EQ(edit_distance("", "kb"), 2u);
}

class UnknownSubcommand : public ::testing::Test {
 protected:
  UnknownSubcommand() {
    add_inspect_command(app_, exit_status_);
    add_explain_command(app_, exit_status_);
    add_kb_command(app_, exit_status_);
    add_completion_command(app_, exit_status_);
  }
  std::string message(const std::vector<std::string>& args) {
    auto error = unknown_subcommand(app_, args);
    return error ? error->to_string() : "";
  }
  CLI::App app_{"kexit", "kexit"};
  int exit_status_ = 0;
};

TEST_F(UnknownSubcommand, SuggestsTheNearestCommand) {
  EXPECT_EQ(message({"inspct", "pod/x"}), "unknown command \"inspct\"; did you mean \"inspect\"?");
  EXPECT_EQ(message({"exp"}), "unknown command \"exp\"; did you mean \"explain\"?");
  EXPECT_EQ(message({"kb", "lnt"}),
            "unknown command \"lnt\" for \"kexit kb\"; did you mean \"lint\"?");
}

TEST_F(UnknownSubcommand, WithoutANearOneSaysWhereTheListIs) {
  EXPECT_EQ(message({"frobnicate"}),
            "unknown command \"frobnicate\"; run kexit --help for the commands");
}

TEST_F(UnknownSubcommand, KnownCommandsFlagsAndPositionalsAreLeftToCLI11) {
  EXPECT_EQ(message({"inspect", "pod/x"}), "");
  EXPECT_EQ(message({"explain", "101"}), "");
  EXPECT_EQ(message({"--help"}), "");
  EXPECT_EQ(message({"kb", "eval", "dir"}), "");
  EXPECT_EQ(message({}), "");
}

TEST(UnknownSubcommandExit, IsAUsageErrorOnStderr) {
  auto run = testing_support::run_command(testing_support::kexit_binary() + " inspct pod/x");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "kexit: unknown command \"inspct\"; did you mean \"inspect\"?\n");
}

}  // namespace
}  // namespace kexit::cli
