#include "testing/eventually.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace kexit::testing_support {
namespace {

using std::chrono::milliseconds;

TEST(Eventually, ReturnsAtOnceWhenTheConditionHolds) {
  int calls = 0;
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(eventually([&] { return ++calls > 0; }));
  EXPECT_EQ(calls, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(1000));
}

TEST(Eventually, WaitsForAnotherThread) {
  std::atomic<bool> done{false};
  std::thread worker([&] { done = true; });
  EXPECT_TRUE(eventually([&] { return done.load(); }));
  worker.join();
}

TEST(Eventually, GivesUpAfterItsBudget) {
  int calls = 0;
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(eventually(
      [&] {
        ++calls;
        return false;
      },
      milliseconds(20)));
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(20));
  EXPECT_GT(calls, 1);
}

TEST(Eventually, HasAGenerousDefaultBudget) { EXPECT_EQ(kEventuallyBudget, milliseconds(30'000)); }

}  // namespace
}  // namespace kexit::testing_support
