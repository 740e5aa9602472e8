#include "engine/background_jobs.h"

namespace ddb {

BackgroundJobs::~BackgroundJobs() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundJobs::Post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
    // Started with the first job: an engine that never backs up runs no
    // extra thread.
    if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
  }
  wake_.notify_all();
}

bool BackgroundJobs::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void BackgroundJobs::Drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return stopping_ || (queue_.empty() && !running_job_); });
}

void BackgroundJobs::Run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    std::function<void()> job = std::move(queue_.front());
    queue_.pop_front();
    running_job_ = true;
    lock.unlock();
    try {
      job();  // jobs record their own failures in their status
    } catch (...) {
      // A job that failed past its own handling leaves its status as it
      // was; the worker goes on with the next.
    }
    lock.lock();
    running_job_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace ddb
