#pragma once
// Helper threads kept alive between chunks. Starting and joining a thread costs about 80 us on
// this kind of machine, as much as a whole chunk of a 1e5-neuron layer; waking a parked helper
// costs about 9 us. A pool belongs to one owner, which calls run() from one thread at a time.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace spikescope {

class WorkerPool {
 public:
  WorkerPool() = default;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool();  // stops and joins the helpers

  // Calls task(0) on the calling thread and task(w), 0 < w < workers, on those helpers (started
  // on first need) that wake up before task(0) has returned; returns when every call made has
  // returned. A helper the scheduler keeps waiting is thus never waited for: `task` must let
  // any subset of workers finish the whole job (workers claim pieces of it as they go).
  // `task` must not throw.
  template <class Task>
  void run(std::size_t workers, Task& task) {
    run_erased(workers, &task,
               [](void* erased, std::size_t w) { (*static_cast<Task*>(erased))(w); });
  }

  std::size_t helper_count() const { return helpers_.size(); }

 private:
  using Call = void (*)(void* task, std::size_t worker);
  void run_erased(std::size_t workers, void* task, Call call);
  void helper_loop(std::size_t worker, std::uint64_t seen_generation);

  std::mutex mutex_;
  std::condition_variable wake_;  // a new job, or stopping
  std::condition_variable done_;  // the last helper working on the job returned
  std::uint64_t generation_ = 0;  // one per job
  bool open_ = false;             // helpers may still join the current job
  std::size_t workers_ = 0;       // workers of the current job, the caller included
  std::size_t running_ = 0;       // helpers inside task() right now
  void* task_ = nullptr;
  Call call_ = nullptr;
  bool stopping_ = false;
  std::vector<std::thread> helpers_;  // helper i runs worker i + 1
};

}  // namespace spikescope
