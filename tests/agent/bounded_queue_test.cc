#include "agent/bounded_queue.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace kexit::agent {
namespace {

TEST(BoundedQueue, KeepsOrderAndCapacity) {
  BoundedQueue<int> queue(2);
  EXPECT_TRUE(queue.try_push(1));
  EXPECT_TRUE(queue.try_push(2));
  EXPECT_FALSE(queue.try_push(3));
  EXPECT_EQ(queue.size(), 2u);
  EXPECT_EQ(queue.pop(), 1);
  EXPECT_EQ(queue.pop(), 2);
}

TEST(BoundedQueue, FullQueueBlocksTheProducerUntilAConsumerTakes) {
  BoundedQueue<int> queue(1);
  ASSERT_TRUE(queue.push(1));
  auto producer = std::async(std::launch::async, [&] { return queue.push(2); });
  // The producer cannot finish while the queue is full.
  EXPECT_EQ(producer.wait_for(std::chrono::milliseconds(20)), std::future_status::timeout);
  EXPECT_EQ(queue.pop(), 1);
  ASSERT_EQ(producer.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_TRUE(producer.get());
  EXPECT_EQ(queue.pop(), 2);
}

TEST(BoundedQueue, CloseReleasesProducersAndDrainsConsumers) {
  BoundedQueue<int> queue(1);
  ASSERT_TRUE(queue.push(1));
  auto producer = std::async(std::launch::async, [&] { return queue.push(2); });
  queue.close();
  ASSERT_EQ(producer.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_FALSE(producer.get());
  EXPECT_EQ(queue.pop(), 1);
  EXPECT_EQ(queue.pop(), std::nullopt);
  EXPECT_FALSE(queue.push(3));
}

TEST(BoundedQueue, PopForTimesOut) {
  BoundedQueue<int> queue(1);
  EXPECT_EQ(queue.pop_for(std::chrono::milliseconds(1)), std::nullopt);
}

}  // namespace
}  // namespace kexit::agent
