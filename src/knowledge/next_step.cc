#include "knowledge/next_step.h"

namespace kexit::knowledge {

std::string one_line(const NextStep& step) {
  std::string line = step.text;
  if (!step.command.empty()) {
    line += line.empty() ? step.command : ": " + step.command;
  }
  if (!step.comment.empty()) {
    line += "  # " + step.comment;
  }
  return line;
}

}  // namespace kexit::knowledge
