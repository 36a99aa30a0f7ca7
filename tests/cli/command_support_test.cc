#include "cli/command_support.h"

#include <gtest/gtest.h>

#include "testing/paths.h"
#include "testing/process_runner.h"

namespace kexit::cli {
namespace {

using testing_support::kexit_binary;
using testing_support::Process;

ColorFlags when(const std::string& choice) {
  ColorFlags flags;
  flags.when = choice;
  return flags;
}

TEST(OutputFormats, EachCommandsListIsTheOneItsErrorNames) {
  EXPECT_EQ(unknown_output_format("yml", "inspect").to_string(),
            "-o: unknown output format \"yml\"; use text, wide, json or yaml");
  EXPECT_EQ(unknown_output_format("yaml", "eval").to_string(),
            "-o: unknown output format \"yaml\"; use text or json");
  EXPECT_EQ(output_formats_of("explain"), (std::vector<std::string>{"text", "json", "yaml"}));
  EXPECT_EQ(alternatives({"text"}), "text");
}

TEST(UseColor, AutoColoursATerminalUnlessNoColorOrADumbTerminal) {
  EXPECT_TRUE(use_color(when("auto"), true, nullptr, "xterm-256color"));
  EXPECT_TRUE(use_color(when("auto"), true, "", nullptr));
  EXPECT_FALSE(use_color(when("auto"), false, nullptr, "xterm"));
  EXPECT_FALSE(use_color(when("auto"), true, "1", "xterm"));
  EXPECT_FALSE(use_color(when("auto"), true, nullptr, "dumb"));
}

TEST(UseColor, AlwaysAndNeverOverrideTheEnvironment) {
  EXPECT_TRUE(use_color(when("always"), false, "1", "dumb"));
  EXPECT_FALSE(use_color(when("never"), true, nullptr, "xterm"));
  ColorFlags no_color = when("always");
  no_color.no_color = true;
  EXPECT_FALSE(use_color(no_color, true, nullptr, "xterm"));
}

// `kexit explain 137` with stdout on a pseudo-terminal (util-linux script), in the environment
// given; what it printed, as the terminal got it.
std::string explain_on_a_terminal(const std::string& flags,
                                  const std::map<std::string, std::string>& environment) {
  std::map<std::string, std::string> env = {{"PATH", "/usr/bin:/bin"}};
  env.insert(environment.begin(), environment.end());
  Process run({"/usr/bin/script", "-qec", kexit_binary() + " explain 137 " + flags, "/dev/null"},
              env);
  auto result = run.finish(std::chrono::seconds(30));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

bool has_escape(const std::string& text) { return text.find('\x1b') != std::string::npos; }

TEST(ColorOnATerminal, AutoColoursAndEachOptOutRemovesEveryEscape) {
  EXPECT_TRUE(has_escape(explain_on_a_terminal("", {{"TERM", "xterm"}})));
  EXPECT_FALSE(has_escape(explain_on_a_terminal("", {{"TERM", "xterm"}, {"NO_COLOR", "1"}})));
  EXPECT_FALSE(has_escape(explain_on_a_terminal("", {{"TERM", "dumb"}})));
  EXPECT_FALSE(has_escape(explain_on_a_terminal("--color=never", {{"TERM", "xterm"}})));
  EXPECT_FALSE(has_escape(explain_on_a_terminal("--no-color", {{"TERM", "xterm"}})));
}

TEST(ColorInAPipe, OnlyAlwaysColours) {
  auto plain = testing_support::run_command(kexit_binary() + " explain 137");
  EXPECT_FALSE(has_escape(plain.out));
  auto always = testing_support::run_command("NO_COLOR=1 TERM=dumb " + kexit_binary() +
                                             " explain 137 --color=always");
  EXPECT_EQ(always.out.rfind("\x1b[1mkexit explain 137\x1b[0m: ", 0), 0u) << always.out;
}

TEST(ColorFlag, AnUnknownChoiceIsAUsageError) {
  auto run = testing_support::run_command(kexit_binary() + " inspect --color=sometimes");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(
      run.err,
      "--color: sometimes not in {auto,always,never}\nRun with --help for more information.\n");
}

}  // namespace
}  // namespace kexit::cli
