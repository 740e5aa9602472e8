// Clock: the single source of time for the engine (status transitions,
// capacity bucket refill, later TTL and stream retention). Unit tests inject
// a ManualClock; the server runs an AdjustableClock, which its admin endpoint
// can freeze and advance so black-box tests are deterministic too.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <mutex>
#include <string>

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
// clock continues from the frozen instant. Now() takes no lock: every request
// reads the clock several times from every I/O thread, and a mutex there was
// contended; the rare changes are serialised among themselves and publish
// `frozen_` last.
class AdjustableClock : public Clock {
 public:
  double Now() const override {
    return frozen_.load(std::memory_order_acquire) ? frozen_at_.load(std::memory_order_relaxed)
                                                   : SystemNow() + offset_.load(std::memory_order_relaxed);
  }
  bool frozen() const { return frozen_.load(std::memory_order_acquire); }
  void Freeze() {
    std::lock_guard lock(change_mutex_);
    if (frozen_.load()) return;
    frozen_at_.store(SystemNow() + offset_.load());
    frozen_.store(true, std::memory_order_release);
  }
  void Release() {
    std::lock_guard lock(change_mutex_);
    if (!frozen_.load()) return;
    offset_.store(frozen_at_.load() - SystemNow());
    frozen_.store(false, std::memory_order_release);
  }
  void Advance(double seconds) {
    if (!(seconds > 0)) return;
    std::lock_guard lock(change_mutex_);
    auto& moved = frozen_.load() ? frozen_at_ : offset_;
    moved.store(moved.load() + seconds);
  }

 private:
  static double SystemNow() { return SystemClock().Now(); }

  std::mutex change_mutex_;
  std::atomic<bool> frozen_{false};
  std::atomic<double> frozen_at_{0};
  std::atomic<double> offset_{0};
};

// "2026-10-06T23:16:32Z": an instant in UTC to the whole second, as
// DynamoDB writes instants in its messages.
inline std::string IsoSeconds(double epoch_seconds) {
  constexpr double kLastSecondOfYear9999 = 253402300799;
  const auto secs = static_cast<std::time_t>(std::floor(std::clamp(epoch_seconds, 0.0, kLastSecondOfYear9999)));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace ddb
