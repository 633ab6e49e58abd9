#pragma once
// Helper threads kept alive between jobs. Starting and joining a thread costs about 80 us on
// this kind of machine; waking a helper parked on a futex costs about 9 us; a helper that spins
// sees a new job within about 0.1 us. A network of 4,000 neurons with a one-step loop delay
// runs a step in about 1 us, a few jobs each, so helpers spin between jobs for a while
// (kSpinMicroseconds) before they park: busy runs pay the cheap hand-over, idle pools cost no
// CPU. A pool belongs to one owner, which calls run() from one thread at a time.
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace spikescope {

class WorkerPool {
 public:
  // How long a helper looks for the next job before it parks (then a job costs a futex wake).
  static constexpr int kSpinMicroseconds = 200;

  WorkerPool() = default;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool();  // stops and joins the helpers

  // Calls task(0) on the calling thread and task(w), 0 < w < workers, on those helpers (started
  // on first need) that join before task(0) has returned; returns when every call made has
  // returned. A helper the scheduler keeps waiting is thus never waited for: `task` must let
  // any subset of workers finish the whole job (workers claim pieces of it as they go).
  // `task` must not throw.
  template <class Task>
  void run(std::size_t workers, Task& task) {
    run_erased(workers, &task,
               [](void* erased, std::size_t w) { (*static_cast<Task*>(erased))(w); });
  }

  std::size_t helper_count() const { return helpers_.size(); }

  // The pool that code running on this thread should use instead of its own, if any: a
  // network lends one pool to all the populations it advances, so that one set of helpers
  // spins between their jobs (a pool each would have several helpers spinning against each
  // other on two cores).
  static WorkerPool* lent();
  // Lends `pool` to the calling thread for the lifetime of the lease.
  class Lease {
   public:
    explicit Lease(WorkerPool& pool);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

   private:
    WorkerPool* previous_;
  };

 private:
  using Call = void (*)(void* task, std::size_t worker);
  void run_erased(std::size_t workers, void* task, Call call);
  void helper_loop(std::size_t worker, std::uint64_t seen);
  // Waits until posted_ differs from `seen` (spinning, then parked); returns the new value.
  std::uint64_t next_job(std::uint64_t seen);

  // The job, written by the owner before it posts the job's generation and read by a helper
  // only after it has joined (entered_ counted and open_ still the generation it saw).
  void* task_ = nullptr;
  Call call_ = nullptr;
  std::size_t workers_ = 0;  // workers of the job, the caller included

  alignas(64) std::atomic<std::uint64_t> posted_{0};  // generation of the latest job; helpers spin here
  std::atomic<std::uint64_t> open_{0};        // generation helpers may still join; 0 = none
  std::atomic<std::uint32_t> parked_{0};      // helpers parked (or about to) on posted_
  std::atomic<bool> stopping_{false};
  alignas(64) std::atomic<std::uint32_t> entered_{0};  // helpers inside the current job
  std::uint64_t generation_ = 0;                       // the owner's count of jobs
  std::vector<std::thread> helpers_;                   // helper i runs worker i + 1
};

}  // namespace spikescope
