// Next steps are safe to paste (issue 16, section 2): every command in every golden output and
// in `kexit inspect -A` against kubesim's mixed scenario, as text at 80 and 200 columns and as
// JSON, is one whole line of the text (never wrapped), passes `bash -n`, holds no placeholder
// kexit knows, runs no `kubectl exec` and names its namespace; and each kubectl read among them
// (get, logs, describe, set env --list) exits 0 when the real kubectl runs it against kubesim.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kubectl_binaries.h"
#include "kubesim/scenario.h"
#include "kubesim/scenario_player.h"
#include "testing/kubesim_fixture.h"
#include "testing/paths.h"
#include "testing/process_runner.h"

namespace kexit::fidelity {
namespace {

using nlohmann::json;
using testing_support::kexit_binary;
using testing_support::Process;
using testing_support::run_command;
using testing_support::source_path;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every next step's command in a document: the objects of exactly text, command and comment.
void collect_commands(const json& value, std::set<std::string>& commands) {
  if (value.is_object() && value.size() == 3 && value.contains("text") &&
      value.contains("command") && value.contains("comment")) {
    if (value["command"].is_string()) {
      commands.insert(value["command"].get<std::string>());
    }
    return;
  }
  if (value.is_structured()) {
    for (const auto& item : value) {
      collect_commands(item, commands);
    }
  }
}

// The commands a text report prints: the top diagnosis's of each container (the alternatives
// are one line each there) and each explain meaning's "check first".
std::set<std::string> printed_commands(const json& document) {
  std::set<std::string> commands;
  if (document.contains("containers")) {
    for (const auto& container : document["containers"]) {
      if (!container["diagnoses"].empty()) {
        collect_commands(container["diagnoses"][0]["nextSteps"], commands);
      }
    }
  }
  if (document.contains("meanings")) {
    collect_commands(document["meanings"], commands);
  }
  return commands;
}

std::size_t indent_of(const std::string& line) {
  return line.find_first_not_of(' ') == std::string::npos ? line.size()
                                                          : line.find_first_not_of(' ');
}

// The lines of a text report's "next steps:" and "check first:" blocks that are commands: after
// the indent, the step's number or the "check first:" label, a line that starts with a program.
std::set<std::string> text_commands(const std::string& text) {
  static const std::regex kLabel(R"(^ *(\d+\. |check first: )?)");
  static const std::regex kProgram(R"(^(kubectl|docker|kexit|openssl|journalctl|sysctl|file) )");
  std::set<std::string> commands;
  std::istringstream lines(text);
  std::string line;
  std::size_t block_indent = std::string::npos;
  while (std::getline(lines, line)) {
    const bool header = line.ends_with("next steps:") || line.find("check first: ") == 4;
    if (!header && (block_indent == std::string::npos || indent_of(line) <= block_indent)) {
      block_indent = std::string::npos;
      continue;
    }
    if (header) {
      block_indent = indent_of(line);
    }
    const std::string rest =
        std::regex_replace(line, kLabel, "", std::regex_constants::format_first_only);
    if (std::regex_search(rest, kProgram)) {
      commands.insert(rest);
    }
  }
  return commands;
}

// The command cut at its unquoted |, ; and &&: what each program is given.
std::vector<std::string> segments(const std::string& command) {
  std::vector<std::string> parts(1);
  char quote = 0;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '|' || c == ';' ||
               (c == '&' && i + 1 < command.size() && command[i + 1] == '&')) {
      i += c == '&' ? 1 : 0;
      parts.emplace_back();
      continue;
    }
    parts.back() += c;
  }
  for (auto& part : parts) {
    part =
        part.substr(part.find_first_not_of(' ') == std::string::npos ? part.size()
                                                                     : part.find_first_not_of(' '));
  }
  return parts;
}

// What makes a command unsafe to paste; "" when it is safe.
std::string paste_problem(const std::string& command) {
  static const std::regex kPlaceholder(
      R"((^|[^$\w])(POD|POD_NAME|NODE|CONTAINER|NAMESPACE|NAME|WORKLOAD|CONTROLLER|JOB|IMAGE)\b)");
  static const std::regex kNamespaced(R"(\s(-n|--namespace)[ =]\S|\s-A\b|--all-namespaces)");
  static const std::regex kClusterScoped(R"(\bnodes?\b|priorityclass)");
  auto syntax = Process({"/bin/bash", "-n", "-c", command}).finish(std::chrono::seconds(30));
  if (syntax.exit_code != 0) {
    return "bash -n: " + syntax.err;
  }
  if (std::regex_search(command, kPlaceholder)) {
    return "a placeholder kexit knows is left";
  }
  for (const auto& part : segments(command)) {
    if (part.starts_with("kubectl exec")) {
      return "kubectl exec into a container that failed";
    }
    if (part.starts_with("kubectl ") && !std::regex_search(part, kNamespaced) &&
        !std::regex_search(part, kClusterScoped)) {
      return "kubectl without the namespace: " + part;
    }
  }
  return "";
}

void expect_safe_to_paste(const std::set<std::string>& commands, const std::string& where) {
  for (const auto& command : commands) {
    EXPECT_EQ(paste_problem(command), "") << where << ": " << command;
  }
}

// The JSON's printed commands are exactly the text's command lines: none is wrapped, none is
// missing.
void expect_whole_lines(const json& document, const std::string& text, const std::string& where) {
  EXPECT_EQ(text_commands(text), printed_commands(document)) << where << "\n" << text;
}

TEST(NextStepsGolden, EveryCommandIsWholeAndSafeToPaste) {
  const std::string golden = source_path("tests/report/golden/");
  const std::vector<std::pair<std::string, std::vector<std::string>>> documents = {
      {"spark-driver.json", {"spark-driver.txt", "spark-driver-80.txt", "spark-driver-200.txt"}},
      {"log-tail.json", {"log-tail.txt"}},
      {"explain-101.json", {"explain-101.txt", "explain-101-80.txt"}}};
  std::size_t count = 0;
  for (const auto& [json_file, text_files] : documents) {
    const json document = json::parse(read_text(golden + json_file));
    std::set<std::string> commands;
    collect_commands(document, commands);
    ASSERT_FALSE(commands.empty()) << json_file;
    count += commands.size();
    expect_safe_to_paste(commands, json_file);
    for (const auto& text_file : text_files) {
      expect_whole_lines(document, read_text(golden + text_file), text_file);
    }
  }
  EXPECT_EQ(count, 5u);
}

const kubesim::PolicyRule kReadAll{{"get", "list"}, {"", "apps", "batch"}, {"*"}, {}, {}};

class NextStepsAgainstKubesim : public testing_support::KubesimFixture {
 protected:
  NextStepsAgainstKubesim()
      : KubesimFixture(kubesim::TimePoint(std::chrono::seconds(1'790'000'000))) {}

  void SetUp() override {
    kubectl_ = kubectl_binaries().back();
    if (kubectl_.empty()) {
      GTEST_SKIP() << "no kubectl on PATH";
    }
    auto scenario = kubesim::load_scenario(source_path("examples/scenarios/mixed.yaml"));
    ASSERT_TRUE(scenario) << scenario.error().to_string();
    kubesim::ScenarioPlayer player(cluster_, std::move(scenario).value(),
                                   sim_clock_.now() - std::chrono::minutes(1));
    ASSERT_TRUE(player.finish());
    KubesimFixture::SetUp();
    std::string token = server_->add_token({"sre", {}});
    cluster_.access().allow("sre", kReadAll);
    kubeconfig_ = write_kubeconfig(server_->kubeconfig(token));
    // The commands say `kubectl`: a directory holding only it goes first on PATH.
    std::filesystem::create_directories(directory_.file("bin"));
    std::filesystem::create_symlink(kubectl_, directory_.file("bin/kubectl"));
  }

  std::string inspect(const std::string& arguments) {
    auto run = run_command(kexit_binary() + " inspect -A --details --kubeconfig " + kubeconfig_ +
                           " " + arguments);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  }

  testing_support::ProcessResult run_read(const std::string& command) {
    Process process({"/bin/bash", "-c", command},
                    {{"HOME", directory_.path()},
                     {"KUBECONFIG", kubeconfig_},
                     {"PATH", directory_.file("bin") + ":/usr/bin:/bin"}});
    return process.finish(std::chrono::seconds(60));
  }

  std::string kubectl_;
  std::string kubeconfig_;
};

// The kubectl reads of a command: the kubectl get, logs, describe and set env --list in it.
std::vector<std::string> kubectl_reads(const std::string& command) {
  static const std::regex kRead(R"(^kubectl (get|logs|describe|set env .* --list)\b)");
  std::vector<std::string> reads;
  for (const auto& part : segments(command)) {
    if (std::regex_search(part, kRead)) {
      reads.push_back(part);
    }
  }
  return reads;
}

TEST_F(NextStepsAgainstKubesim, EveryCommandIsWholeSafeToPasteAndItsReadsRun) {
  const json document = json::parse(inspect("-o json"));
  std::set<std::string> commands;
  collect_commands(document, commands);
  ASSERT_GT(commands.size(), 20u);
  expect_safe_to_paste(commands, "inspect -A -o json");
  for (const char* columns : {"80", "200"}) {
    auto run = run_command(std::string("COLUMNS=") + columns + " " + kexit_binary() +
                           " inspect -A --details --color=never --kubeconfig " + kubeconfig_);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    expect_whole_lines(document, run.out,
                       std::string("inspect -A --details at ") + columns + " columns");
  }
  std::set<std::string> reads;
  for (const auto& command : commands) {
    for (const auto& read : kubectl_reads(command)) {
      reads.insert(read);
    }
  }
  ASSERT_GT(reads.size(), 10u);
  // kubesim serves no Secrets, Endpoints or PriorityClasses (kubectl api-resources says so): a read
  // of one must fail only for that, with kubectl's own message; every other read must succeed.
  const std::set<std::string> not_served = {"secret", "endpoints", "priorityclass"};
  std::size_t ran = 0;
  for (const auto& read : reads) {
    auto run = run_read(read);
    std::smatch type;
    static const std::regex kNotServed(
        "^error: the server doesn't have a resource type \"(\\w+)\"\n$");
    if (run.exit_code != 0 && std::regex_match(run.err, type, kNotServed) &&
        not_served.contains(type[1].str())) {
      continue;
    }
    ++ran;
    EXPECT_EQ(run.exit_code, 0) << read << "\n" << run.err;
  }
  EXPECT_GT(ran, 30u);
}

}  // namespace
}  // namespace kexit::fidelity
