#pragma once
// Error: what went wrong with user input or the environment, and where a user can look.

#include <string>

namespace kexit {

struct Error {
  // Lower-case, no final period, says what to do.
  std::string message;
  // A place a user can open: "pod.json:.status.containerStatuses[2].exitCode",
  // "knowledge/spark.yaml:17". Empty when there is no such place.
  std::string where;

  // "where: message", or just the message.
  std::string to_string() const { return where.empty() ? message : where + ": " + message; }
};

}  // namespace kexit
