// kexit in a real terminal: tmux runs a shell at 80 and at 200 columns, the test types the
// commands (send-keys) and compares what the screen shows (capture-pane) with golden screens
// in tests/report/golden/screens/. kubesim plays the mixed scenario to its end on a held
// clock and KEXIT_NOW is that clock's "now", so ages and times are the same on every run.
// tmux and kexit run on the wall clock in other processes: the ctest label is `realtime`, and
// every wait is a bounded poll on the screen, never a fixed sleep.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "base/text.h"
#include "kubesim/api_resource.h"
#include "report/golden_file.h"
#include "testing/kubesim_fixture.h"
#include "testing/paths.h"
#include "testing/process_runner.h"
#include "testing/temp_directory.h"

namespace kexit {
namespace {

using testing_support::expect_golden;
using testing_support::kexit_binary;
using testing_support::Process;
using testing_support::ProcessResult;

const kubesim::PolicyRule kReadAll{{"get", "list", "watch"}, {"", "apps", "batch"}, {"*"}, {}, {}};
const char* const kNow = "2026-09-21T14:13:20Z";  // 1'790'000'000 s after the epoch
const char* const kBinary = "cli_terminal_screen_test";
constexpr std::chrono::seconds kWait{60};

// tmux's path from PATH, as a shell finds it (Process execs a path); empty when missing.
std::string tmux_path() {
  static const std::string path = [] {
    std::string found = testing_support::run_command("command -v tmux").out;
    while (!found.empty() && found.back() == '\n') {
      found.pop_back();
    }
    return found;
  }();
  return path;
}

// The screen's lines without the blank ones below the last line written.
std::string trimmed(const std::string& screen) {
  std::string out = screen;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
    out.pop_back();
  }
  return out + "\n";
}

// A line of the report that is `command` alone, or a numbered step ("2. ") that is only it.
bool shows_whole(std::string_view line, const std::string& command) {
  // capture-pane -J keeps the blanks the terminal padded a line with.
  line.remove_prefix(std::min(line.find_first_not_of(' '), line.size()));
  line.remove_suffix(line.size() - std::min(line.find_last_not_of(' ') + 1, line.size()));
  const auto number = line.find_first_not_of("0123456789");
  if (number != 0 && number != std::string_view::npos && line.substr(number, 2) == ". ") {
    line.remove_prefix(number + 2);
  }
  return line == command;
}

// One tmux server on a private socket, with one window of `columns` running a POSIX shell
// whose environment is only what is given: the test's own NO_COLOR or TERM never leak in.
class Terminal {
 public:
  Terminal(const std::string& directory, int columns, const std::string& environment)
      : socket_(directory + "/tmux-" + std::to_string(++sessions_)) {
    // Through std::system, not Process: the server tmux forks keeps every descriptor of the
    // program that started it, and Process's pipes would then stay open until it ends.
    const std::string shell = "cd " + directory + " && exec env -i PATH=" + directory +
                              ":/usr/bin:/bin HOME=" + directory + " " + environment +
                              " PS1='$ ' sh";
    EXPECT_EQ(detached("-f /dev/null new-session -d -x " + std::to_string(columns) +
                       " -y 60 -s kexit \"" + shell + "\""),
              0);
    EXPECT_TRUE(wait_for_prompt("")) << screen();
  }
  ~Terminal() { detached("kill-server"); }
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  // Types `line` and Enter, as a person would.
  void type(const std::string& line) {
    tmux({"send-keys", "-t", "kexit", "-l", line});
    tmux({"send-keys", "-t", "kexit", "Enter"});
  }
  void interrupt() { tmux({"send-keys", "-t", "kexit", "C-c"}); }

  // Waits until the screen shows `typed` after a prompt and, below it, the next prompt (only
  // a prompt when nothing was typed yet). tmux drops a line's trailing blanks, so "$ " is "$";
  // after Ctrl-C the prompt follows the terminal's "^C" on its line.
  bool wait_for_prompt(const std::string& typed) {
    return wait_until([&](const std::string& shown) {
      if (typed.empty()) {
        return shown == "$\n";
      }
      const auto command = shown.find("$ " + typed);
      const auto last_line = shown.rfind('\n', shown.size() - 2) + 1;
      const std::string_view last = std::string_view(shown).substr(last_line);
      return command != std::string::npos && last_line > command &&
             (last == "$\n" || last == "^C$\n");
    });
  }
  bool wait_for_text(const std::string& text) {
    return wait_until(
        [&](const std::string& shown) { return shown.find(text) != std::string::npos; });
  }

  // The whole pane, history included; `flags` as capture-pane's (-e: colours, -J: lines the
  // terminal wrapped joined back).
  std::string screen(const std::vector<std::string>& flags = {}) {
    std::vector<std::string> arguments = {"capture-pane", "-p", "-t", "kexit",
                                          "-S",           "-",  "-E", "-"};
    arguments.insert(arguments.end(), flags.begin(), flags.end());
    return trimmed(tmux(arguments).out);
  }

 private:
  template <typename Done>
  bool wait_until(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + kWait;
    while (!done(screen({"-J"}))) {
      if (std::chrono::steady_clock::now() >= deadline) {
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return true;
  }

  ProcessResult tmux(const std::vector<std::string>& arguments) {
    std::vector<std::string> argv = {tmux_path(), "-S", socket_};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return Process(argv).finish(std::chrono::seconds(30));
  }
  int detached(const std::string& arguments) {
    return std::system(
        (tmux_path() + " -S " + socket_ + " " + arguments + " </dev/null >/dev/null 2>&1").c_str());
  }

  static inline int sessions_ = 0;

  std::string socket_;
};

class TerminalScreen : public testing_support::KubesimFixture {
 protected:
  TerminalScreen() : KubesimFixture(kubesim::TimePoint(std::chrono::seconds(1'790'000'000))) {}

  void SetUp() override {
    if (tmux_path().empty()) {
      GTEST_SKIP() << "tmux is not installed (scripts/setup.sh installs it)";
    }
    play_scenario("examples/scenarios/mixed.yaml", std::chrono::minutes(10));
    KubesimFixture::SetUp();
    // The shell finds `kexit` and `kc` in its working directory, so the typed commands, and
    // the golden screens that show them, name no path of this machine.
    std::filesystem::create_symlink(kexit_binary(),
                                    std::filesystem::path(directory_.path()) / "kexit");
    std::filesystem::copy_file(kubeconfig_for("sre", kReadAll),
                               std::filesystem::path(directory_.path()) / "kc");
  }

  std::unique_ptr<Terminal> terminal(int columns, const std::string& environment = "") {
    return std::make_unique<Terminal>(
        directory_.path(), columns,
        std::string("TERM=xterm-256color KEXIT_NOW=") + kNow + " " + environment);
  }

  // Types `command`, waits for the next prompt and returns the screen.
  static std::string run(Terminal& shell, const std::string& command,
                         const std::vector<std::string>& flags = {}) {
    shell.type(command);
    EXPECT_TRUE(shell.wait_for_prompt(command)) << shell.screen();
    return shell.screen(flags);
  }

  testing_support::TempDirectory directory_;
};

const char* const kCheckout =
    "kexit inspect pod/checkout-web-5f4d7c9b8-qv7tn -n shop --kubeconfig kc";

TEST_F(TerminalScreen, TheSummaryTableAt80And200Columns) {
  for (int columns : {80, 200}) {
    auto shell = terminal(columns);
    expect_golden("screens/summary-" + std::to_string(columns) + ".txt",
                  run(*shell, "kexit inspect -A --kubeconfig kc"), kBinary);
  }
}

// In colour as the single report: its golden screen is captured with -e.
TEST_F(TerminalScreen, TheSummaryTableInColour) {
  auto shell = terminal(80);
  expect_golden("screens/summary-80-color.txt",
                run(*shell, "kexit inspect -A --kubeconfig kc --color=always", {"-e"}), kBinary);
}

TEST_F(TerminalScreen, WatchListsWhatIsThereAndStopsOnCtrlC) {
  for (int columns : {80, 200}) {
    auto shell = terminal(columns);
    shell->type("kexit watch -A --existing --kubeconfig kc");
    ASSERT_TRUE(shell->wait_for_text("(Ctrl-C to stop)")) << shell->screen();
    shell->interrupt();
    ASSERT_TRUE(shell->wait_for_prompt("kexit watch")) << shell->screen();
    expect_golden("screens/watch-" + std::to_string(columns) + ".txt", shell->screen(), kBinary);
  }
}

TEST_F(TerminalScreen, OnePodsReportInColourWithEveryCommandOnOneLine) {
  auto shell = terminal(80);
  expect_golden("screens/details-80-color.txt",
                run(*shell, std::string(kCheckout) + " --color=always", {"-e"}), kBinary);
  // The terminal wraps a command longer than the screen; kexit never breaks one itself, so
  // with the terminal's wraps joined back every command of the JSON report is a line whole.
  const std::string screen = shell->screen({"-J"});
  auto joined = split(screen, '\n');
  auto report = nlohmann::json::parse(testing_support::run_command("cd " + directory_.path() +
                                                                   " && KEXIT_NOW=" + kNow + " ./" +
                                                                   kCheckout + " -o json")
                                          .out);
  int commands = 0;
  for (const auto& step : report["containers"][0]["diagnoses"][0]["nextSteps"]) {
    if (!step.value("command", nlohmann::json()).is_string()) {
      continue;
    }
    ++commands;
    const std::string command = step["command"];
    EXPECT_TRUE(std::any_of(joined.begin(), joined.end(),
                            [&](std::string_view line) { return shows_whole(line, command); }))
        << "no screen line holds the whole command: " << command << "\nscreen:\n"
        << screen;
  }
  EXPECT_GT(commands, 0);
}

TEST_F(TerminalScreen, NoEscapeCodeWhenColourIsOff) {
  const std::string summary = "kexit inspect -A --kubeconfig kc";
  for (const char* off : {"NO_COLOR=1", "TERM=dumb"}) {
    auto shell = terminal(80, off);
    EXPECT_EQ(run(*shell, kCheckout, {"-e"}).find('\x1b'), std::string::npos) << off;
    shell = terminal(80, off);
    EXPECT_EQ(run(*shell, summary, {"-e"}).find('\x1b'), std::string::npos) << off;
  }
  auto shell = terminal(80);
  EXPECT_EQ(run(*shell, std::string(kCheckout) + " --color=never", {"-e"}).find('\x1b'),
            std::string::npos);
  shell = terminal(80);
  EXPECT_EQ(run(*shell, summary + " --color=never", {"-e"}).find('\x1b'), std::string::npos);
  // And on by default in a terminal, so the three above are what turned it off.
  shell = terminal(80);
  EXPECT_NE(run(*shell, kCheckout, {"-e"}).find('\x1b'), std::string::npos);
  shell = terminal(80);
  EXPECT_NE(run(*shell, summary, {"-e"}).find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace kexit
