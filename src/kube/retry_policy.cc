#include "kube/retry_policy.h"

#include <algorithm>

#include "base/text.h"

namespace kexit::kube {

Backoff::Backoff(RetryPolicy policy, std::uint64_t seed) : policy_(policy), random_(seed) {}

std::chrono::milliseconds Backoff::next_delay(std::optional<std::chrono::seconds> retry_after) {
  int failures = failures_++;
  if (retry_after.has_value()) {
    auto wait = std::min(*retry_after, policy_.max_retry_after);
    return std::chrono::duration_cast<std::chrono::milliseconds>(wait);
  }
  double base = static_cast<double>(policy_.initial_backoff.count());
  double cap = static_cast<double>(policy_.max_backoff.count());
  for (int i = 0; i < failures && base < cap; ++i) {
    base *= 2;
  }
  base = std::min(base, cap);
  std::uniform_real_distribution<double> spread(0.0, 1.0);
  double delay = base * (1.0 + policy_.jitter * spread(random_));
  return std::chrono::milliseconds(static_cast<long long>(delay));
}

bool is_retryable_status(int status, std::string_view method, bool has_retry_after) {
  if (status == 429) {
    return true;
  }
  if (status >= 500 && status <= 599) {
    return method == "GET" || has_retry_after;
  }
  return false;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view header) {
  long long seconds = 0;
  if (!parse_int(trim(header), seconds) || seconds < 0) {
    return std::nullopt;
  }
  return std::chrono::seconds(seconds);
}

}  // namespace kexit::kube
