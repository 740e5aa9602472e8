// BackgroundJobs: one worker thread that runs long control-plane work
// (backup copies, restores, exports, imports) in the order it was posted,
// so a request answers at once and the work's status is read later, as on
// DynamoDB. Jobs ask stopping() between bounded steps; a job stopped by
// shutdown leaves its work unfinished, which the store repairs when it
// opens again, as it does after a crash.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace ddb {

class BackgroundJobs {
 public:
  BackgroundJobs() = default;
  ~BackgroundJobs();
  BackgroundJobs(const BackgroundJobs&) = delete;
  BackgroundJobs& operator=(const BackgroundJobs&) = delete;

  void Post(std::function<void()> job);
  bool stopping() const;
  // Waits until every job posted so far has run (tests).
  void Drain();

 private:
  void Run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> queue_;
  bool running_job_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ddb
