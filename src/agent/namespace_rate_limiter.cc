#include "agent/namespace_rate_limiter.h"

#include <algorithm>

namespace kexit::agent {
namespace {

// Buckets that refilled completely hold no information; they are dropped once there are many.
constexpr std::size_t kPruneAbove = 1024;

}  // namespace

bool NamespaceRateLimiter::allow(const std::string& namespace_name) {
  std::lock_guard lock(mutex_);
  auto now = clock_.now();
  auto refill = [&](Bucket& bucket) {
    std::chrono::duration<double> elapsed = now - bucket.updated;
    bucket.tokens =
        std::min(limit_.burst, bucket.tokens + std::max(0.0, elapsed.count()) * limit_.per_second);
    bucket.updated = now;
  };
  if (buckets_.size() > kPruneAbove) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      refill(it->second);
      it = it->second.tokens >= limit_.burst ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [found, inserted] = buckets_.try_emplace(namespace_name, Bucket{limit_.burst, now});
  Bucket& bucket = found->second;
  if (!inserted) {
    refill(bucket);
  }
  if (bucket.tokens < 1) {
    return false;
  }
  bucket.tokens -= 1;
  return true;
}

std::size_t NamespaceRateLimiter::tracked_namespaces() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace kexit::agent
