#pragma once
// Clock: where kubesim reads "now", so tests can hold time still or step it.

#include <atomic>
#include <chrono>

namespace kexit::kubesim {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told to; safe to read from server threads while a test sets it.
class ManualClock : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(TimePoint::duration(now_.load())); }
  void set(TimePoint time) { now_.store(time.time_since_epoch().count()); }
  void advance(std::chrono::nanoseconds by) {
    now_.fetch_add(std::chrono::duration_cast<TimePoint::duration>(by).count());
  }

 private:
  std::atomic<TimePoint::rep> now_;
};

}  // namespace kexit::kubesim
