#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "testing/paths.h"
#include "testing/process_runner.h"
#include "testing/temp_directory.h"

namespace kexit {
namespace {

using testing_support::kexit_binary;
using testing_support::run_command;

TEST(ExplainCommand, Lists101MeaningsGroupedByOriginWithHowToTellThemApart) {
  auto run = run_command(kexit_binary() + " explain 101 -o json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto document = nlohmann::json::parse(run.out);
  const auto& meanings = document.at("meanings");
  std::set<std::string> summaries;
  std::set<std::string> origins;
  for (const auto& meaning : meanings) {
    summaries.insert(meaning.at("summary").get<std::string>());
    origins.insert(meaning.at("origin").get<std::string>());
    EXPECT_FALSE(meaning.at("tellApart").get<std::string>().empty());
  }
  EXPECT_GE(summaries.size(), 8u);
  for (const char* origin : {"exit-code", "errno", "http-status", "api-error"}) {
    EXPECT_TRUE(origins.count(origin)) << origin;
  }
  auto text = run_command(kexit_binary() + " explain 101 --no-color");
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("tell apart:"), std::string::npos);
  EXPECT_NE(text.out.find("\nexit-code\n"), std::string::npos);
}

// A program's own codes (origin: program) belong to its images: listed with --image only, from
// the built-in knowledge and from a --knowledge file alike.
TEST(ExplainCommand, ProgramMeaningsNeedTheImage) {
  auto without = run_command(kexit_binary() + " explain 7 -o json");
  ASSERT_EQ(without.exit_code, 0) << without.err;
  const auto without_document = nlohmann::json::parse(without.out);
  ASSERT_FALSE(without_document.at("meanings").empty());
  for (const auto& meaning : without_document.at("meanings")) {
    EXPECT_NE(meaning.at("origin"), "program") << meaning.dump();
  }
  auto curl = run_command(kexit_binary() + " explain 7 --image curlimages/curl:8.7.1 -o json");
  ASSERT_EQ(curl.exit_code, 0) << curl.err;
  std::vector<std::string> programs;
  const auto curl_document = nlohmann::json::parse(curl.out);
  for (const auto& meaning : curl_document.at("meanings")) {
    if (meaning.at("origin") == "program") {
      programs.push_back(meaning.at("source").get<std::string>() + ": " +
                         meaning.at("summary").get<std::string>() + " -> " +
                         meaning.at("cause").get<std::string>());
    }
  }
  EXPECT_EQ(programs, std::vector<std::string>{
                          "curl (EXIT CODES, CURLE_COULDNT_CONNECT): curl failed to connect to the "
                          "host (nothing listening, or refused) -> declared-exit-code"});
}

TEST(ExplainCommand, ReadsAProgramMeaningFromAKnowledgeDirectory) {
  testing_support::TempDirectory directory;
  directory.write("ledger.yaml", R"(meanings:
  - code: 3
    origin: program
    source: ledger-import (docs/exit-codes.md)
    summary: configuration invalid
    cause: declared-exit-code
    image: 'ledger-import'
    tell_apart: the log names the bad key
)");
  auto run = run_command(kexit_binary() + " explain 3 --no-color --knowledge " + directory.path() +
                         " --image registry.acme.io/finance/ledger-import:2.4.1");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("\nprogram\n  - configuration invalid\n    from: ledger-import "
                         "(docs/exit-codes.md)\n    cause: declared-exit-code\n    tell apart: "
                         "the log names the bad key\n"),
            std::string::npos)
      << run.out;
  directory.write("bad.yaml", R"(meanings:
  - code: 4
    origin: program
    source: ledger-import
    summary: quota reached
    tell_apart: the log says which quota
)");
  auto bad = run_command(kexit_binary() + " explain 4 --knowledge " + directory.path());
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("bad.yaml:2: a program meaning needs an image pattern (image:), the "
                         "images whose program defines this exit code"),
            std::string::npos)
      << bad.err;
}

TEST(ExplainCommand, SignalCodesExplainTheSignal) {
  auto run = run_command(kexit_binary() + " explain 137 --no-color");
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("137 = 128 + 9"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("SIGKILL"), std::string::npos);
}

TEST(ExplainCommand, RuntimeNarrowsTheList) {
  auto all = nlohmann::json::parse(run_command(kexit_binary() + " explain 101 -o json").out);
  auto rust = nlohmann::json::parse(
      run_command(kexit_binary() + " explain 101 --runtime rust -o json").out);
  EXPECT_LT(rust.at("meanings").size(), all.at("meanings").size());
  EXPECT_GT(rust.at("meanings").size(), 0u);
}

// Success is a meaning in the knowledge base (knowledge/generic.yaml), not "0 meanings".
TEST(ExplainCommand, ZeroIsSuccessWithReasonCompleted) {
  auto run = run_command(kexit_binary() + " explain 0 -o json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto meanings = nlohmann::json::parse(run.out).at("meanings");
  ASSERT_EQ(meanings.size(), 1u) << meanings.dump(2);
  EXPECT_EQ(meanings[0].at("summary"),
            "success - the process reported that it finished its work; Kubernetes records the "
            "termination with reason Completed");
  EXPECT_EQ(meanings[0].at("cause"), "normal-exit-restarted");
  auto text = run_command(kexit_binary() + " explain 0");
  EXPECT_EQ(text.out.substr(0, text.out.find('\n')),
            "kexit explain 0: 1 meaning. 0 is not a signal exit (those are 129-159).");
}

TEST(ExplainCommand, AnUnknownRuntimeIsRefusedWithTheKnownOnes) {
  auto run = run_command(kexit_binary() + " explain 101 --runtime rustt");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err,
            "kexit: --runtime: unknown runtime \"rustt\"; use one of cargo, chromium, dotnet, go, "
            "jvm, node, php, python, rust, shell, spark\n");
  EXPECT_EQ(run_command(kexit_binary() + " explain 101 --runtime RUST").exit_code, 0);
}

TEST(ExplainCommand, NonNumbersAreUsageErrors) {
  auto run = run_command(kexit_binary() + " explain abc");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "kexit: CODE: \"abc\" is not a 32-bit number; write it in decimal (101, -1073741819, "
            "3221225477) or hex (0xC0000005)\n");
}

TEST(ExplainCommand, ReadsEveryFormOfAWindowsStatusAsOneNumber) {
  for (const char* form : {"-1073741819", "3221225477", "0xC0000005"}) {
    auto document =
        nlohmann::json::parse(run_command(kexit_binary() + " explain -o json -- " + form).out);
    EXPECT_EQ(document.at("code"), -1073741819) << form;
    ASSERT_EQ(document.at("meanings").size(), 1u) << form;
    EXPECT_EQ(document.at("meanings")[0].at("cause"), "segfault") << form;
    EXPECT_EQ(document.at("summary"),
              "-1073741819 is a Windows exit status, 0xC0000005 (Docker prints it as 3221225477).")
        << form;
  }
}

TEST(ExplainCommand, KeepsTheSignOfANegativeNumber) {
  auto minus = nlohmann::json::parse(run_command(kexit_binary() + " explain -o json -- -101").out);
  ASSERT_EQ(minus.at("meanings").size(), 1u);
  EXPECT_EQ(minus.at("meanings")[0].at("source"),
            "Chromium net error list (NET_ERROR(CONNECTION_RESET, -101))");
  auto plus = nlohmann::json::parse(run_command(kexit_binary() + " explain -o json 101").out);
  EXPECT_GT(plus.at("meanings").size(), minus.at("meanings").size());
  auto one = nlohmann::json::parse(run_command(kexit_binary() + " explain -o json -- -1").out);
  EXPECT_EQ(one.at("meanings").size(), 0u);
  EXPECT_EQ(one.at("summary"),
            "-1 is no exit status a parent sees: exit(-1) reaches it as 255; as a number in a log "
            "it has meanings of its own.");
}

TEST(ExplainCommand, KnowsTheDocumentedExitCodesOfEachRuntime) {
  // sysexits.h, Node.js, CPython, the JVM, Go, .NET and podman, each with its source.
  const std::pair<const char*, const char*> expected[] = {
      {"64", "sysexits.h EX_USAGE"},
      {"78", "sysexits.h EX_CONFIG"},
      {"13", "Node.js (Unsettled Top-Level Await)"},
      {"120", "CPython (Py_FinalizeEx"},
      {"143", "HotSpot JVM on SIGTERM"},
      {"1", "Go log.Fatal"},
      {"134", ".NET runtime on Linux"},
      {"125", "podman"},
      {"-532462766", ".NET Framework / CLR on Windows"}};
  for (const auto& [code, source] : expected) {
    auto document =
        nlohmann::json::parse(run_command(kexit_binary() + " explain -o json -- " + code).out);
    bool found = false;
    for (const auto& meaning : document.at("meanings")) {
      found = found || meaning.at("source").get<std::string>().rfind(source, 0) == 0;
    }
    EXPECT_TRUE(found) << code << " has no meaning from " << source;
  }
}

}  // namespace
}  // namespace kexit
