#pragma once
// What arrives at one synaptic channel of a population, by the step it arrives at (NEST's
// ring_buffer.h): a slot per step, reused every `slots` steps. A projection adds a spike's
// weight at arrival step = spike step + delay; the population reads a chunk's slots before it
// advances, and the slots are emptied after.
//
// Each slot holds one number for every neuron (arrivals that are the same for all, e.g. an
// all-to-all projection with one weight) and, when the channel needs it, one per neuron: in
// binary64, emptied here after the chunk, or in binary32 when the population reads them so
// (NeuronPopulation::reads_float_arrivals): it then empties each cell as it reads it.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/synapse_channel.h"

namespace spikescope {

class ArrivalRing {
 public:
  ArrivalRing() = default;
  ArrivalRing(std::size_t slots, std::size_t neurons, bool per_neuron, bool binary32)
      : slots_(slots),
        neurons_(neurons),
        binary32_(per_neuron && binary32),
        uniform_(slots, 0.0),
        per_neuron_(per_neuron && !binary32 ? slots * neurons : 0, 0.0),
        per_neuron_f32_(binary32_ ? slots * neurons : 0, 0.0f),
        uniform_view_(slots, 0.0),
        row_view_(slots, nullptr),
        row_view_f32_(slots, nullptr) {}

  bool has_per_neuron() const { return !per_neuron_.empty() || !per_neuron_f32_.empty(); }
  bool binary32() const { return binary32_; }
  double& uniform(std::int64_t step) { return uniform_[slot(step)]; }
  // The per-neuron row of a step: per_neuron() when !binary32(), per_neuron_f32() when it is.
  double* per_neuron(std::int64_t step) { return per_neuron_.data() + slot(step) * neurons_; }
  float* per_neuron_f32(std::int64_t step) {
    return per_neuron_f32_.data() + slot(step) * neurons_;
  }

  // The arrivals of steps [first, first + steps), laid out as ChannelArrivals wants them; valid
  // until the next view().
  ChannelArrivals view(std::int64_t first, int steps) {
    for (int s = 0; s < steps; ++s) uniform_view_[s] = uniform_[slot(first + s)];
    ChannelArrivals arrivals;
    arrivals.uniform = uniform_view_.data();
    if (binary32_) {
      for (int s = 0; s < steps; ++s) {
        row_view_f32_[s] = per_neuron_f32_.data() + slot(first + s) * neurons_;
      }
      arrivals.per_neuron_f32 = row_view_f32_.data();
    } else if (!per_neuron_.empty()) {
      for (int s = 0; s < steps; ++s) {
        row_view_[s] = per_neuron_.data() + slot(first + s) * neurons_;
      }
      arrivals.per_neuron = row_view_.data();
    }
    return arrivals;
  }

  // Empties the slots of steps [first, first + steps) once they have been read (the binary32
  // rows are emptied by their reader).
  void clear(std::int64_t first, int steps) {
    for (int s = 0; s < steps; ++s) {
      const std::size_t at = slot(first + s);
      uniform_[at] = 0.0;
      if (!per_neuron_.empty()) {
        std::fill_n(per_neuron_.begin() + static_cast<std::ptrdiff_t>(at * neurons_), neurons_,
                    0.0);
      }
    }
  }
  void clear_all() {
    std::fill(uniform_.begin(), uniform_.end(), 0.0);
    std::fill(per_neuron_.begin(), per_neuron_.end(), 0.0);
    std::fill(per_neuron_f32_.begin(), per_neuron_f32_.end(), 0.0f);
  }

 private:
  std::size_t slot(std::int64_t step) const {
    return static_cast<std::size_t>(step % static_cast<std::int64_t>(slots_));
  }

  std::size_t slots_ = 1;
  std::size_t neurons_ = 0;
  bool binary32_ = false;
  std::vector<double> uniform_;        // [slot]
  std::vector<double> per_neuron_;     // [slot * neurons + neuron], binary64 rows
  std::vector<float> per_neuron_f32_;  // [slot * neurons + neuron], binary32 rows
  // The layout of the last view (a chunk is never longer than the ring).
  std::vector<double> uniform_view_;
  std::vector<const double*> row_view_;
  std::vector<float*> row_view_f32_;
};

}  // namespace spikescope
