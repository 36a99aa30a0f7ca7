#pragma once
// NextStep: one thing a person can do next, as prose to read and a command to paste, apart.

#include <string>

namespace kexit::knowledge {

// A rule's suggestion or a meaning's "check first". Prose is wrapped to the terminal; the
// command never is, so it can be pasted whole; the comment says what the command shows and
// stays out of the command, so a pasted line is only the command. At least one of text and
// command is set. Commands may name the pod with the placeholders of knowledge/README.md.
struct NextStep {
  std::string text;
  std::string command;
  std::string comment;

  bool operator==(const NextStep&) const = default;
};

// The step on one line ("text: command  # comment"), for a place that has one line: an Event's
// note, the `suggestions` strings of -o json.
std::string one_line(const NextStep& step);

}  // namespace kexit::knowledge
