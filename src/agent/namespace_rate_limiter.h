#pragma once
// NamespaceRateLimiter: a token bucket per namespace for Event writes, so one namespace with
// hundreds of crashing pods cannot flood the API server or the alert channel, and quiet
// namespaces still get their Events.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "kube/clock.h"

namespace kexit::agent {

struct RateLimit {
  // Tokens added per second.
  double per_second = 1;
  // Bucket size: writes allowed at once after a quiet period.
  double burst = 20;
};

class NamespaceRateLimiter {
 public:
  NamespaceRateLimiter(RateLimit limit, kube::Clock& clock) : limit_(limit), clock_(clock) {}

  // Takes a token for the namespace; false when its bucket is empty.
  bool allow(const std::string& namespace_name);

  std::size_t tracked_namespaces() const;

 private:
  struct Bucket {
    double tokens = 0;
    kube::TimePoint updated;
  };

  RateLimit limit_;
  kube::Clock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace kexit::agent
