#pragma once
// The argv a printed command gives the program it runs, as bash reads the command when it is
// pasted: the test of "safe to paste" that does not trust kexit's own quoting.

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "testing/process_runner.h"

namespace kexit::testing_support {

// The words of `command` after bash's quoting, one per argument (bash runs `printf '%s\n'`
// in place of the command's program, so nothing in it is executed). For commands whose words
// hold no newline.
inline std::vector<std::string> argv_bash_reads(const std::string& command) {
  Process process({"/bin/bash", "-c", "printf '%s\\n' " + command});
  ProcessResult result = process.finish(std::chrono::seconds(30));
  EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.err;
  std::vector<std::string> words;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    words.push_back(line);
  }
  return words;
}

}  // namespace kexit::testing_support
