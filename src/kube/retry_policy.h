#pragma once
// RetryPolicy and Backoff: when a failed request is sent again and how long to wait first
// (jittered exponential backoff; the server's Retry-After wins).

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace kexit::kube {

struct RetryPolicy {
  // Total sends of one request, the first included.
  int max_attempts = 5;
  std::chrono::milliseconds initial_backoff{250};
  std::chrono::milliseconds max_backoff{8000};
  // Each delay is stretched by a random factor in [1, 1 + jitter).
  double jitter = 0.5;
  // A longer Retry-After from the server is cut to this.
  std::chrono::seconds max_retry_after{60};
};

class Backoff {
 public:
  explicit Backoff(RetryPolicy policy, std::uint64_t seed = std::random_device{}());

  // The wait before the next attempt: the server's Retry-After when it sent one, else
  // initial_backoff doubled per failure up to max_backoff, jittered.
  std::chrono::milliseconds next_delay(std::optional<std::chrono::seconds> retry_after = {});
  // After a success: the next failure waits initial_backoff again.
  void reset() { failures_ = 0; }

 private:
  RetryPolicy policy_;
  std::mt19937_64 random_;
  int failures_ = 0;
};

// Whether an answer with this HTTP status is worth sending again: 429 always (the server did
// not act on the request), 5xx for reads, and for writes only when the server sent
// Retry-After (it then promises the request was not applied, as client-go assumes).
bool is_retryable_status(int status, std::string_view method, bool has_retry_after);

// Retry-After in seconds ("120"); nullopt for HTTP dates and garbage.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view header);

}  // namespace kexit::kube
