#include "report/next_step_output.h"

#include "base/utf8_text.h"
#include "report/json_fields.h"
#include "report/text_report.h"

namespace kexit::report {
namespace {

// Prose that leads into a command ends with a colon, unless it ends with its own punctuation.
std::string lead_in(const std::string& text) {
  const char last = text.empty() ? ' ' : text.back();
  return last == ':' || last == '.' || last == '?' || last == ')' ? text : text + ":";
}

}  // namespace

std::string step_text(const knowledge::NextStep& step, std::size_t width,
                      const std::string& indent) {
  std::string out;
  if (!step.text.empty()) {
    out = wrap(step.command.empty() ? step.text : lead_in(step.text), width, indent);
  }
  if (!step.command.empty()) {
    // Names in it come from the cluster: never let one carry escape sequences to the terminal.
    out += (out.empty() ? "" : "\n" + indent) + printable(step.command);
  }
  if (!step.comment.empty()) {
    const std::string comment_indent = indent + "# ";
    const std::size_t comment_width = width > 2 ? width - 2 : width;
    out += (out.empty() ? "# " : "\n" + comment_indent) +
           wrap(step.comment, comment_width, comment_indent);
  }
  return out;
}

nlohmann::ordered_json step_document(const knowledge::NextStep& step) {
  nlohmann::ordered_json document;
  document["text"] = text_or_null(step.text);
  document["command"] = text_or_null(step.command);
  document["comment"] = text_or_null(step.comment);
  return document;
}

}  // namespace kexit::report
