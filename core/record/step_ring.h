#pragma once
// A bounded history of per-step records: `width` values per step, the last `capacity` steps
// kept. Steps are addressed by their absolute index, so a reader can ask for "steps 1200 to
// 1800" without caring what was overwritten. Endless runs stay within capacity * width values.
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <vector>

namespace spikescope {

template <typename T>
class StepRing {
 public:
  StepRing() = default;
  StepRing(std::size_t width, std::size_t capacity_steps)
      : width_(width), capacity_(std::max<std::size_t>(1, capacity_steps)),
        values_(width_ * capacity_) {}

  std::size_t width() const { return width_; }
  std::size_t capacity() const { return capacity_; }
  // Absolute index of the oldest kept step and one past the newest.
  std::int64_t first_step() const { return end_ - static_cast<std::int64_t>(size()); }
  std::int64_t end_step() const { return end_; }
  std::size_t size() const { return static_cast<std::size_t>(std::min<std::int64_t>(
      end_, static_cast<std::int64_t>(capacity_))); }

  void clear(std::int64_t next_step = 0) {
    end_ = next_step;
    next_slot_ = static_cast<std::size_t>(next_step % static_cast<std::int64_t>(capacity_));
  }

  // Appends one step; returns its `width` slots to fill. Called per step per series on the hot
  // path, so the slot wraps by comparison instead of a 64-bit division.
  T* append() {
    T* slot = values_.data() + next_slot_ * width_;  // width 0 (no probes) is valid
    if (++next_slot_ == capacity_) next_slot_ = 0;
    ++end_;
    return slot;
  }
  const T* at(std::int64_t step) const {
    assert(step >= first_step() && step < end_step());
    return values_.data() +
           static_cast<std::size_t>(step % static_cast<std::int64_t>(capacity_)) * width_;
  }
  T value(std::int64_t step, std::size_t column) const { return at(step)[column]; }

 private:
  std::size_t width_ = 0;
  std::size_t capacity_ = 1;
  std::vector<T> values_;
  std::int64_t end_ = 0;
  std::size_t next_slot_ = 0;  // == end_ % capacity_
};

}  // namespace spikescope
