#include "kube/client_overrides.h"

#include <optional>
#include <utility>

#include "base/text.h"
#include "kube/go_duration.h"

namespace kexit::kube {
namespace {

// client-go's clientcmd.ParseTimeout message, word for word.
constexpr char kInvalidTimeout[] =
    "Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed "
    "by a corresponding time unit (e.g. 1s | 2m | 3h)";

}  // namespace

Expected<std::chrono::milliseconds> parse_request_timeout(const std::string& text) {
  long long seconds = 0;
  if (parse_int(text, seconds) && seconds >= 0 && seconds <= 1'000'000'000) {
    return std::chrono::milliseconds(seconds * 1000);
  }
  // time.ParseDuration takes a leading sign, so kubectl reads "+5s" as 5s. A negative duration,
  // which it also reads, stays refused: a time limit below zero is no limit anyone means.
  std::string_view unsigned_text(text);
  if (!unsigned_text.empty() && unsigned_text.front() == '+') {
    unsigned_text.remove_prefix(1);
  }
  auto milliseconds = go_duration_milliseconds(unsigned_text);
  if (!milliseconds || *milliseconds > 1e12) {
    return Error{kInvalidTimeout, "--request-timeout"};
  }
  // A positive timeout under a millisecond still limits: it rounds up, not to "none".
  auto whole = static_cast<long long>(*milliseconds);
  return std::chrono::milliseconds(whole == 0 && *milliseconds > 0 ? 1 : whole);
}

Status apply_overrides(const ClientOverrides& overrides, ClientConfig& config) {
  if (!overrides.impersonate.empty()) {
    config.auth.impersonate = overrides.impersonate;
  }
  if (!overrides.impersonate_groups.empty()) {
    config.auth.impersonate_groups = overrides.impersonate_groups;
  }
  if (!overrides.impersonate_uid.empty()) {
    config.auth.impersonate_uid = overrides.impersonate_uid;
  }
  if (config.auth.impersonate.empty() && !config.auth.impersonate_groups.empty()) {
    return Error{
        "impersonating groups needs a user to impersonate (the API server refuses "
        "groups alone); pass --as USER as well",
        "--as-group"};
  }
  if (config.auth.impersonate.empty() && !config.auth.impersonate_uid.empty()) {
    return Error{
        "impersonating a UID needs a user to impersonate (the API server refuses "
        "a UID alone); pass --as USER as well",
        "--as-uid"};
  }
  if (overrides.insecure_skip_tls_verify) {
    config.tls.insecure = true;
    config.tls.ca_pem.clear();
    config.tls.ca_where.clear();
  }
  return ok_status();
}

void apply_overrides(const ClientOverrides& overrides, TransportOptions& options) {
  options.request_timeout = overrides.request_timeout;
  options.verbosity = overrides.verbosity;
}

}  // namespace kexit::kube
