#include "agent/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>

namespace kexit::agent {
namespace {

TEST(WorkerPool, JoinFinishesEveryQueuedItem) {
  BoundedQueue<int> queue(100);
  std::atomic<int> sum{0};
  for (int i = 1; i <= 50; ++i) {
    ASSERT_TRUE(queue.push(i));
  }
  WorkerPool<int> pool(queue, 3, [&](int& item) { sum += item; });
  pool.join();
  EXPECT_EQ(sum.load(), 50 * 51 / 2);
  EXPECT_FALSE(queue.push(1));
}

}  // namespace
}  // namespace kexit::agent
