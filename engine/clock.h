// Clock: the single source of time for the engine (status transitions, and
// later bucket refill, TTL and stream retention). Tests inject a ManualClock
// to freeze and advance time deterministically.
#pragma once

#include <atomic>
#include <chrono>

namespace ddb {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch.
  virtual double Now() const = 0;
};

class SystemClock : public Clock {
 public:
  double Now() const override {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
  }
};

class ManualClock : public Clock {
 public:
  explicit ManualClock(double start) : now_(start) {}
  double Now() const override { return now_.load(); }
  void Advance(double seconds) { now_.store(now_.load() + seconds); }

 private:
  std::atomic<double> now_;
};

}  // namespace ddb
