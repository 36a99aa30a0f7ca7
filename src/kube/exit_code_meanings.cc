#include "kube/exit_code_meanings.h"

#include <optional>

#include "base/structured_text.h"
#include "base/text.h"
#include "base/utf8_text.h"
#include "kube/exit_code.h"

namespace kexit::kube {
namespace {

constexpr const char* kExample = R"('{"3": "configuration invalid", "75": "retry later"}')";

// Why a meaning cannot be shown as written, or "" when it can.
std::string meaning_problem(const nlohmann::json& value) {
  if (!value.is_string()) {
    return "the meaning is " + std::string(value.type_name()) + ", not a string; write it as " +
           kExample;
  }
  const std::string& text = value.get_ref<const std::string&>();
  if (trim(text).empty()) {
    return "the meaning is empty; say what the program means by this exit code";
  }
  if (text.find_first_of("\r\n") != std::string::npos) {
    return "the meaning has a line break; write it on one line";
  }
  if (printable(text) != text) {
    // An escape sequence in a title would drive the terminal of whoever reads the report.
    return "the meaning has a control character or bytes that are not UTF-8; write it as plain "
           "text";
  }
  if (text.size() > kMaxExitCodeMeaningBytes) {
    return "the meaning is " + std::to_string(text.size()) + " bytes; shorten it to at most " +
           std::to_string(kMaxExitCodeMeaningBytes);
  }
  return "";
}

// The JSON reader's error without its advice for files: "annotation:1:31: syntax error ...".
std::string json_syntax_error(const Error& error) {
  std::string detail = error.message;
  for (std::string_view cut : {"invalid JSON: ", "; fix the file or pass YAML"}) {
    if (auto at = detail.find(cut); at != std::string::npos) {
      detail.erase(at, cut.size());
    }
  }
  // The parser quotes the text it last read: annotation text, which may hold a secret or an
  // escape sequence, and is not shown.
  if (auto at = detail.find("; last read: "); at != std::string::npos) {
    const auto next = detail.find("; expected", at + 1);
    detail.erase(at, next == std::string::npos ? std::string::npos : next - at);
  }
  detail = printable(detail);
  return error.where.empty() ? detail : error.where + ": " + detail;
}

}  // namespace

DeclaredExitCodes read_exit_code_meanings(std::string_view text, const std::string& where) {
  DeclaredExitCodes declared;
  auto parsed = parse_json(text, "annotation");
  if (!parsed) {
    declared.problems.push_back(Error{"not JSON (" + json_syntax_error(parsed.error()) +
                                          "); write it as " + kExample +
                                          "; its meanings are ignored",
                                      where});
    return declared;
  }
  if (!parsed->is_object()) {
    declared.problems.push_back(Error{"expected a JSON object of exit code to meaning, got " +
                                          std::string(parsed->type_name()) + "; write it as " +
                                          kExample + "; its meanings are ignored",
                                      where});
    return declared;
  }
  for (const auto& [key, value] : parsed->items()) {
    const std::string place = where + "[\"" + printable(truncate_utf8(key, 20)) + "\"]";
    // One number-reading rule with explain and inspect (Windows statuses in any of their forms).
    std::optional<long long> code = read_exit_code(key);
    if (!code) {
      declared.problems.push_back(
          Error{"the key is not an exit code (a number such as \"3\" or \"0xC0000005\"); this "
                "entry is ignored",
                place});
      continue;
    }
    if (std::string problem = meaning_problem(value); !problem.empty()) {
      declared.problems.push_back(Error{problem + "; this entry is ignored", place});
      continue;
    }
    declared.meanings[static_cast<int>(*code)] = std::string(trim(value.get<std::string>()));
  }
  return declared;
}

}  // namespace kexit::kube
