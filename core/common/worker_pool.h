#pragma once
// Helper threads kept alive between jobs. Starting and joining a thread costs about 80 us on
// this kind of machine; waking a helper parked on a futex costs about 9 us; a helper that spins
// sees a new job within about 0.1 us. A network of 4,000 neurons with a one-step loop delay
// runs a step in about 1 us, a few jobs each, so helpers spin between jobs for a while
// (kSpinMicroseconds) before they park: busy runs pay the cheap hand-over, idle pools cost no
// CPU. A pool belongs to one owner, which calls run() from one thread at a time.
#include <algorithm>
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

  alignas(64) std::atomic<std::uint64_t> posted_{
      0};                                 // generation of the latest job; helpers spin here
  std::atomic<std::uint64_t> open_{0};    // generation helpers may still join; 0 = none
  std::atomic<std::uint32_t> parked_{0};  // helpers parked (or about to) on posted_
  std::atomic<bool> stopping_{false};
  alignas(64) std::atomic<std::uint32_t> entered_{0};  // helpers inside the current job
  std::uint64_t generation_ = 0;                       // the owner's count of jobs
  std::vector<std::thread> helpers_;                   // helper i runs worker i + 1
};

// Where share `share` of `shares` equal parts of `size` items begins (share == shares: the
// end), on a multiple of 64 items: whole cache lines of every per-item array down to bytes. Work on
// the same data from job to job (a population's blocks, the deliveries into it) is cut with this
// one function, so that each thread finds its part in its own cache: on two cores, cells that moved
// between them cost more than the work on them.
inline std::size_t share_begin(std::size_t size, std::size_t share, std::size_t shares) {
  return share >= shares ? size : size * share / shares / 64 * 64;
}
// How many shares `threads` threads cut `size` items into: one per thread, each at least 64.
inline std::size_t share_count(std::size_t size, std::size_t threads) {
  return std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, size / 64));
}

// Hands out pieces 0 .. pieces - 1 of a job, each once. Worker w owns the pieces of share w
// (share_begin over the pieces) and takes those, in order. A worker that has done its own takes
// the pieces of owners that have not shown up at all, so that one the scheduler holds up leaves
// its pieces to the rest; it leaves alone an owner already at work, which will be done soon and
// whose data is in its own cache (taking its last blocks moved them to the other core and back,
// every step).
class PieceClaims {
 public:
  static constexpr std::size_t kMaxWorkers = 8;
  PieceClaims(std::size_t pieces, std::size_t workers)
      : pieces_(pieces), workers_(std::clamp<std::size_t>(workers, 1, kMaxWorkers)) {
    for (std::size_t w = 0; w < workers_; ++w) {
      cursors_[w].next.store(w * pieces_ / workers_, std::memory_order_relaxed);
    }
  }
  std::size_t pieces() const { return pieces_; }
  // The next piece for `worker`, or pieces() when none is left for it.
  std::size_t claim(std::size_t worker) {
    if (worker < workers_) {
      Cursor& own = cursors_[worker];
      own.joined.store(true, std::memory_order_relaxed);
      const std::size_t piece = take(own, worker);
      if (piece != pieces_) return piece;
    }
    for (std::size_t k = 1; k <= workers_; ++k) {
      const std::size_t owner = (worker + k) % workers_;
      Cursor& cursor = cursors_[owner];
      if (owner == worker || cursor.joined.load(std::memory_order_relaxed)) continue;
      const std::size_t piece = take(cursor, owner);
      if (piece != pieces_) return piece;
    }
    return pieces_;
  }

 private:
  struct alignas(64) Cursor {
    std::atomic<std::size_t> next{0};
    std::atomic<bool> joined{false};
  };
  std::size_t take(Cursor& cursor, std::size_t owner) {
    const std::size_t end = (owner + 1) * pieces_ / workers_;
    if (cursor.next.load(std::memory_order_relaxed) >= end) return pieces_;
    const std::size_t piece = cursor.next.fetch_add(1, std::memory_order_relaxed);
    return piece < end ? piece : pieces_;
  }

  std::size_t pieces_;
  std::size_t workers_;
  Cursor cursors_[kMaxWorkers];
};

}  // namespace spikescope
