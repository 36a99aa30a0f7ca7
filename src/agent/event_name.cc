#include "agent/event_name.h"

#include <cstdio>

#include "agent/termination_id.h"

namespace kexit::agent {
namespace {

constexpr std::size_t kMaxDnsSubdomain = 253;

}  // namespace

std::string event_name(const std::string& pod_name, const std::string& episode_key) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(fingerprint(episode_key)));
  if (pod_name.empty() || pod_name.size() + 1 + 16 > kMaxDnsSubdomain) {
    return std::string("kexit-") + hex;
  }
  return pod_name + "." + hex;
}

}  // namespace kexit::agent
