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

  // Calls task(w) for every w in [0, workers): w = 0 on the calling thread, the others on
  // helpers (started on first need). Returns when every call has returned. `task` must not
  // throw.
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
  std::condition_variable wake_;  // a new generation of work, or stopping
  std::condition_variable done_;  // the last helper of a generation finished
  std::uint64_t generation_ = 0;
  std::size_t workers_ = 0;  // workers of the current generation, the caller included
  std::size_t pending_ = 0;  // helpers of the current generation still running
  void* task_ = nullptr;
  Call call_ = nullptr;
  bool stopping_ = false;
  std::vector<std::thread> helpers_;  // helper i runs worker i + 1
};

}  // namespace spikescope
