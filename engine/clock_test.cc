#include "engine/clock.h"

#include <doctest/doctest.h>

#include <thread>
#include <vector>

namespace ddb {

TEST_CASE("an adjustable clock freezes, advances and resumes from the frozen instant") {
  AdjustableClock clock;
  CHECK_FALSE(clock.frozen());
  clock.Freeze();
  CHECK(clock.frozen());
  const double frozen_at = clock.Now();
  CHECK(clock.Now() == frozen_at);
  clock.Advance(90);
  CHECK(clock.Now() == frozen_at + 90);
  clock.Advance(-5);  // never backwards
  CHECK(clock.Now() == frozen_at + 90);
  clock.Release();
  CHECK_FALSE(clock.frozen());
  const double resumed = clock.Now();
  CHECK(resumed >= frozen_at + 90);
  CHECK(resumed < frozen_at + 90 + 60);  // continues from the frozen instant, not from the system time
  clock.Advance(3600);
  CHECK(clock.Now() >= resumed + 3600);
}

TEST_CASE("readers on other threads never see an adjustable clock go backwards while it advances") {
  AdjustableClock clock;
  clock.Freeze();
  std::vector<std::thread> readers;
  std::vector<int> backwards(2, 0);
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&clock, &backwards, r] {
      double last = clock.Now();
      for (int i = 0; i < 100000; ++i) {
        const double now = clock.Now();
        if (now < last) ++backwards[r];
        last = now;
      }
    });
  }
  for (int i = 0; i < 1000; ++i) clock.Advance(1);
  for (auto& t : readers) t.join();
  CHECK(backwards[0] == 0);
  CHECK(backwards[1] == 0);
}

}  // namespace ddb
