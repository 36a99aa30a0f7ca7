#pragma once
// WorkerPool: a few threads taking items from a BoundedQueue until it is closed and drained.

#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

#include "agent/bounded_queue.h"

namespace kexit::agent {

template <typename T>
class WorkerPool {
 public:
  WorkerPool(BoundedQueue<T>& queue, std::size_t workers, std::function<void(T&)> handle)
      : queue_(queue), handle_(std::move(handle)) {
    for (std::size_t i = 0; i < (workers == 0 ? 1 : workers); ++i) {
      threads_.emplace_back([this] {
        while (auto item = queue_.pop()) {
          handle_(*item);
        }
      });
    }
  }
  ~WorkerPool() { join(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Closes the queue and waits until every queued and in-flight item is handled.
  void join() {
    queue_.close();
    for (auto& thread : threads_) {
      if (thread.joinable()) {
        thread.join();
      }
    }
  }

 private:
  BoundedQueue<T>& queue_;
  std::function<void(T&)> handle_;
  std::vector<std::thread> threads_;
};

}  // namespace kexit::agent
