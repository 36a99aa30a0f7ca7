#pragma once
// Next-step output: a knowledge::NextStep as text lines and as a JSON object.

#include <nlohmann/json.hpp>
#include <string>

#include "knowledge/next_step.h"

namespace kexit::report {

// The step after a label such as "1. " (which the caller prints): its prose wrapped to `width`
// columns, then its command on a line of its own and never wrapped, so a person can paste it
// whole even when it is wider than the terminal; a step without prose starts with the command.
// The comment follows on its own lines, each starting "# ", so pasting it too is harmless.
// Lines after the first start with `indent`; the text ends without a newline.
std::string step_text(const knowledge::NextStep& step, std::size_t width,
                      const std::string& indent);

// {"text", "command", "comment"}, null for each part the step lacks.
nlohmann::ordered_json step_document(const knowledge::NextStep& step);

}  // namespace kexit::report
