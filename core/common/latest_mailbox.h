#pragma once
// A one-slot mailbox between two threads where only the newest value matters: a writer that
// posts faster than the reader takes simply overwrites the unread value ("latest wins", as in
// Qt's Mandelbrot example). The lock is held only to move a value in or out, never while either
// side works on it.
//
// pending() is a lock-free flag that is true while an unread value waits. A reader in the middle
// of long work polls it to abandon work that a newer value has made obsolete; it has the type
// run_trial() takes as its cancel flag.
#include <atomic>
#include <mutex>
#include <optional>
#include <utility>

namespace spikescope {

template <typename T>
class LatestMailbox {
 public:
  // Stores `value`, replacing any unread one. Returns true if the box was empty, i.e. the reader
  // may be idle and needs a wake-up; false if an earlier wake-up is still outstanding.
  bool post(T value) {
    std::optional<T> replaced;  // destroyed after the lock is released
    bool was_empty = false;
    {
      std::lock_guard lock(mutex_);
      replaced = std::exchange(slot_, std::move(value));
      was_empty = !replaced.has_value();
      pending_.store(true, std::memory_order_release);
    }
    return was_empty;
  }

  // The unread value, if any; the box is empty afterwards.
  std::optional<T> take() {
    std::lock_guard lock(mutex_);
    pending_.store(false, std::memory_order_release);
    return std::exchange(slot_, std::nullopt);
  }

  const std::atomic<bool>& pending() const { return pending_; }

 private:
  std::mutex mutex_;
  std::optional<T> slot_;
  std::atomic<bool> pending_{false};
};

}  // namespace spikescope
