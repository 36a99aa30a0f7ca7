#include "agent/event_name.h"

#include <gtest/gtest.h>

namespace kexit::agent {
namespace {

TEST(EventName, IsThePodNameWithAStableSuffix) {
  std::string name = event_name("api-1", "uid/app/containerd://a/rust-panic");
  EXPECT_EQ(name.rfind("api-1.", 0), 0u);
  EXPECT_EQ(name.size(), std::string("api-1.").size() + 16);
  EXPECT_EQ(name, event_name("api-1", "uid/app/containerd://a/rust-panic"));
  EXPECT_NE(name, event_name("api-1", "uid/app/containerd://b/rust-panic"));
}

TEST(EventName, FallsBackForLongPodNames) {
  std::string name = event_name(std::string(240, 'p'), "key");
  EXPECT_EQ(name.rfind("kexit-", 0), 0u);
  EXPECT_EQ(name.size(), 6u + 16u);
}

}  // namespace
}  // namespace kexit::agent
