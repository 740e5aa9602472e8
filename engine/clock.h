// Clock: the single source of time for the engine (status transitions,
// capacity bucket refill, later TTL and stream retention). Unit tests inject
// a ManualClock; the server runs an AdjustableClock, which its admin endpoint
// can freeze and advance so black-box tests are deterministic too.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>

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

// The system clock plus an offset, or a frozen instant. It never goes
// backwards: Advance takes only non-negative steps, and releasing a frozen
// clock continues from the frozen instant.
class AdjustableClock : public Clock {
 public:
  double Now() const override {
    std::lock_guard lock(mutex_);
    return frozen_ ? frozen_at_ : SystemNow() + offset_;
  }
  bool frozen() const {
    std::lock_guard lock(mutex_);
    return frozen_;
  }
  void Freeze() {
    std::lock_guard lock(mutex_);
    if (!frozen_) frozen_at_ = SystemNow() + offset_;
    frozen_ = true;
  }
  void Release() {
    std::lock_guard lock(mutex_);
    if (frozen_) offset_ = frozen_at_ - SystemNow();
    frozen_ = false;
  }
  void Advance(double seconds) {
    if (!(seconds > 0)) return;
    std::lock_guard lock(mutex_);
    if (frozen_) {
      frozen_at_ += seconds;
    } else {
      offset_ += seconds;
    }
  }

 private:
  static double SystemNow() { return SystemClock().Now(); }

  mutable std::mutex mutex_;
  bool frozen_ = false;
  double frozen_at_ = 0;
  double offset_ = 0;
};

}  // namespace ddb
