// LatestMailbox: latest-wins semantics, and no torn or lost values between threads. Qt-free and
// driven by std::thread, so that the ThreadSanitizer build runs it (label "concurrency").
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/latest_mailbox.h"
#include "plain_check.h"

using spikescope::LatestMailbox;

using spikescope::testing::check;

namespace {

// A payload whose fields must always agree; a torn copy would break the invariant.
struct Payload {
  long sequence = 0;
  std::vector<long> squares;
};

Payload make_payload(long sequence) {
  return Payload{sequence, std::vector<long>(64, sequence * sequence)};
}

bool consistent(const Payload& p) {
  for (long s : p.squares) {
    if (s != p.sequence * p.sequence) return false;
  }
  return p.squares.size() == 64;
}

void single_thread_semantics() {
  LatestMailbox<int> box;
  check(!box.pending().load(), "empty box is not pending");
  check(!box.take().has_value(), "empty box gives nothing");
  check(box.post(1), "first post finds the box empty");
  check(box.pending().load(), "posted box is pending");
  check(!box.post(2), "second post finds the unread value");
  const auto value = box.take();
  check(value.has_value() && *value == 2, "latest value wins", value.value_or(-1));
  check(!box.pending().load(), "taken box is not pending");
  check(!box.take().has_value(), "a value is taken once");
}

// A writer floods the box; the reader sees strictly increasing, untorn values and always ends
// with the last one.
void flood_keeps_order_and_last_value() {
  constexpr long kPosts = 200000;
  LatestMailbox<std::shared_ptr<const Payload>> box;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (long i = 1; i <= kPosts; ++i) box.post(std::make_shared<const Payload>(make_payload(i)));
    done.store(true, std::memory_order_release);
  });
  long last = 0;
  long takes = 0;
  for (;;) {
    const bool writer_done = done.load(std::memory_order_acquire);
    if (auto value = box.take()) {
      ++takes;
      check(consistent(**value), "payload arrives whole", (*value)->sequence);
      check((*value)->sequence > last, "values arrive in order", (*value)->sequence);
      last = (*value)->sequence;
    } else if (writer_done) {
      break;
    }
  }
  writer.join();
  check(last == kPosts, "the reader ends with the last value", last);
  check(takes <= kPosts, "never more values than posts", takes);
}

// The wake-up protocol the GUI uses: the writer wakes the reader only when post() reports an
// empty box. The reader sleeps until woken; no value may be stranded.
void wake_only_when_empty_loses_nothing() {
  constexpr long kPosts = 50000;
  LatestMailbox<long> box;
  std::mutex wake_mutex;
  std::condition_variable wake;
  long wakeups = 0;
  std::atomic<long> last_seen{0};
  std::atomic<long> wakeups_sent{0};

  std::thread reader([&] {
    long handled = 0;
    for (;;) {
      {
        std::unique_lock lock(wake_mutex);
        wake.wait(lock, [&] { return wakeups > handled; });
        handled = wakeups;
      }
      if (auto value = box.take()) {
        if (*value < 0) return;  // the writer's stop message
        check(*value > last_seen.load(), "woken reader sees newer values", *value);
        last_seen.store(*value);
      }
    }
  });
  auto send = [&](long value) {
    if (box.post(value)) {
      wakeups_sent.fetch_add(1);
      std::lock_guard lock(wake_mutex);
      ++wakeups;
      wake.notify_one();
    }
  };
  for (long i = 1; i <= kPosts; ++i) send(i);
  // Wait until the reader has seen the last value; it must, without another post.
  for (int spin = 0; spin < 20000000 && last_seen.load() != kPosts; ++spin)
    std::this_thread::yield();
  check(last_seen.load() == kPosts, "the last value is delivered", last_seen.load());
  // The stop message must arrive too; force a wake-up even if the box still held a value.
  while (!box.post(-1)) std::this_thread::yield();
  {
    std::lock_guard lock(wake_mutex);
    ++wakeups;
    wake.notify_one();
  }
  reader.join();
  check(wakeups_sent.load() <= kPosts, "wake-ups never exceed posts", wakeups_sent.load());
}

// The pending flag as a cancel flag: long work polls it and stops once a newer value is posted.
void pending_flag_cancels_work() {
  LatestMailbox<int> box;
  std::atomic<bool> started{false};
  std::atomic<long> iterations{0};
  std::thread worker([&] {
    started.store(true);
    while (!box.pending().load(std::memory_order_acquire)) iterations.fetch_add(1);
  });
  while (!started.load()) std::this_thread::yield();
  box.post(7);
  worker.join();
  const auto value = box.take();
  check(value.has_value() && *value == 7, "cancelling value is still delivered",
        value.value_or(-1));
}

}  // namespace

int main() {
  single_thread_semantics();
  flood_keeps_order_and_last_value();
  wake_only_when_empty_loses_nothing();
  pending_flag_cancels_work();
  return spikescope::testing::finish("tst_mailbox");
}
