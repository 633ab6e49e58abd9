#include "common/worker_pool.h"

#include <chrono>

namespace spikescope {
namespace {

thread_local WorkerPool* lent_pool = nullptr;

// One spin-wait iteration: tells the core that this is a spin loop (it then yields the pipeline
// to the other hardware thread and saves power) without giving up the time slice.
inline void spin_pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

using Clock = std::chrono::steady_clock;

}  // namespace

WorkerPool* WorkerPool::lent() {
  return lent_pool;
}

WorkerPool::Lease::Lease(WorkerPool& pool) : previous_(lent_pool) {
  lent_pool = &pool;
}

WorkerPool::Lease::~Lease() {
  lent_pool = previous_;
}

WorkerPool::~WorkerPool() {
  stopping_.store(true);
  posted_.store(generation_ + 1);
  posted_.notify_all();
  for (std::thread& helper : helpers_) helper.join();
}

void WorkerPool::run_erased(std::size_t workers, void* task, Call call) {
  if (workers <= 1) {
    call(task, 0);
    return;
  }
  while (helpers_.size() < workers - 1) {
    // The helper starts from the generation posted last, so it cannot miss the next one.
    helpers_.emplace_back([this, worker = helpers_.size() + 1, seen = generation_] {
      helper_loop(worker, seen);
    });
  }
  // No helper is inside a job now (the last run waited for them), so the fields are ours.
  task_ = task;
  call_ = call;
  workers_ = workers;
  ++generation_;
  open_.store(generation_);
  posted_.store(generation_);
  if (parked_.load() != 0) posted_.notify_all();
  call(task, 0);
  // Helpers that have not joined by now find the job closed and skip it: there is nothing left
  // for them. Those inside are waited for (sequentially consistent: a helper either sees the
  // job closed or is counted in entered_ before this thread reads it).
  open_.store(0);
  const auto start = Clock::now();
  for (int spins = 0; entered_.load() != 0; ++spins) {
    // A helper preempted inside the job holds us up for a time slice; stop burning the core
    // the scheduler may want to give back to it.
    if (spins < 4096 || Clock::now() - start < std::chrono::microseconds(kSpinMicroseconds)) {
      spin_pause();
    } else {
      std::this_thread::yield();
    }
  }
}

std::uint64_t WorkerPool::next_job(std::uint64_t seen) {
  const auto start = Clock::now();
  for (int spins = 0;; ++spins) {
    const std::uint64_t posted = posted_.load(std::memory_order_acquire);
    if (posted != seen) return posted;
    if ((spins & 63) == 63 &&
        Clock::now() - start > std::chrono::microseconds(kSpinMicroseconds)) {
      break;
    }
    spin_pause();
  }
  // Park. Counting ourselves before the last look at posted_ (both sequentially consistent)
  // means the owner either sees us parked and notifies, or we see its new job.
  parked_.fetch_add(1);
  std::uint64_t posted = posted_.load();
  while (posted == seen) {
    posted_.wait(seen);
    posted = posted_.load();
  }
  parked_.fetch_sub(1);
  return posted;
}

void WorkerPool::helper_loop(std::size_t worker, std::uint64_t seen) {
  for (;;) {
    seen = next_job(seen);
    if (stopping_.load()) return;
    entered_.fetch_add(1);
    // The job's fields are read only once joined: the owner rewrites them only after every
    // helper counted in entered_ has left.
    if (open_.load() == seen && worker < workers_) call_(task_, worker);
    entered_.fetch_sub(1);
  }
}

}  // namespace spikescope
