#include "common/worker_pool.h"

namespace spikescope {

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& helper : helpers_) helper.join();
}

void WorkerPool::run_erased(std::size_t workers, void* task, Call call) {
  if (workers <= 1) {
    call(task, 0);
    return;
  }
  // Only this thread changes generation_, so reading it here without the lock is safe.
  while (helpers_.size() < workers - 1) {
    helpers_.emplace_back(&WorkerPool::helper_loop, this, helpers_.size() + 1, generation_);
  }
  {
    std::lock_guard lock(mutex_);
    task_ = task;
    call_ = call;
    workers_ = workers;
    open_ = true;
    ++generation_;
  }
  wake_.notify_all();
  call(task, 0);
  std::unique_lock lock(mutex_);
  open_ = false;  // late helpers skip this job: there is nothing left for them
  done_.wait(lock, [this] { return running_ == 0; });
}

void WorkerPool::helper_loop(std::size_t worker, std::uint64_t seen_generation) {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || generation_ != seen_generation; });
    if (stopping_) return;
    seen_generation = generation_;
    if (!open_ || worker >= workers_) continue;
    ++running_;
    void* const task = task_;
    const Call call = call_;
    lock.unlock();
    call(task, worker);
    lock.lock();
    if (--running_ == 0) done_.notify_one();
  }
}

}  // namespace spikescope
