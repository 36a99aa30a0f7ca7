#pragma once
// Error: what went wrong with user input or the environment, and where a user can look.

#include <string>
#include <utility>

namespace kexit {

struct Error {
  Error() = default;
  // `where` is left out when there is no place a user can open.
  explicit Error(std::string message_text, std::string where_text = {})
      : message(std::move(message_text)), where(std::move(where_text)) {}

  // Lower-case, no final period, says what to do.
  std::string message;
  // A place a user can open: "pod.json:.status.containerStatuses[2].exitCode",
  // "knowledge/spark.yaml:17". Empty when there is no such place.
  std::string where;

  // "where: message", or just the message.
  std::string to_string() const { return where.empty() ? message : where + ": " + message; }
};

}  // namespace kexit
