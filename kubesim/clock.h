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

// The wall clock, pushed forward when a scenario is stepped ahead of real time, so ages and
// timestamps stay consistent (never "<invalid>") in `kubesim --manual-time`.
class ShiftedClock : public Clock {
 public:
  TimePoint now() const override {
    return std::chrono::system_clock::now() + TimePoint::duration(shift_.load());
  }
  // From now on, now() is at least `time`.
  void ensure_at_least(TimePoint time) {
    auto missing = time - now();
    if (missing.count() > 0) {
      shift_.fetch_add(std::chrono::duration_cast<TimePoint::duration>(missing).count());
    }
  }

 private:
  std::atomic<TimePoint::rep> shift_{0};
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
