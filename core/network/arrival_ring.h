#pragma once
// What arrives at one synaptic channel of a population, by the step it arrives at (NEST's
// ring_buffer.h): a slot per step, reused every `slots` steps. A projection adds a spike's
// weight at arrival step = spike step + delay; the population reads a chunk's slots before it
// advances, and the network empties them after.
//
// Each slot holds one number for every neuron (arrivals that are the same for all, e.g. an
// all-to-all projection with one weight) and, when the channel needs it, one per neuron.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/synapse_channel.h"

namespace spikescope {

class ArrivalRing {
 public:
  ArrivalRing() = default;
  ArrivalRing(std::size_t slots, std::size_t neurons, bool per_neuron)
      : slots_(slots), neurons_(neurons), uniform_(slots, 0.0),
        per_neuron_(per_neuron ? slots * neurons : 0, 0.0) {}

  bool has_per_neuron() const { return !per_neuron_.empty(); }
  double& uniform(std::int64_t step) { return uniform_[slot(step)]; }
  double* per_neuron(std::int64_t step) { return per_neuron_.data() + slot(step) * neurons_; }

  // The arrivals of steps [first, first + steps), laid out as ChannelArrivals wants them; the
  // two scratch vectors hold the layout and must outlive the view.
  ChannelArrivals view(std::int64_t first, int steps, std::vector<double>& uniform_scratch,
                       std::vector<const double*>& row_scratch) const {
    uniform_scratch.resize(static_cast<std::size_t>(steps));
    for (int s = 0; s < steps; ++s) uniform_scratch[s] = uniform_[slot(first + s)];
    ChannelArrivals arrivals;
    arrivals.uniform = uniform_scratch.data();
    if (has_per_neuron()) {
      row_scratch.resize(static_cast<std::size_t>(steps));
      for (int s = 0; s < steps; ++s) {
        row_scratch[s] = per_neuron_.data() + slot(first + s) * neurons_;
      }
      arrivals.per_neuron = row_scratch.data();
    }
    return arrivals;
  }

  // Empties the slots of steps [first, first + steps) once they have been read.
  void clear(std::int64_t first, int steps) {
    for (int s = 0; s < steps; ++s) {
      const std::size_t at = slot(first + s);
      uniform_[at] = 0.0;
      if (has_per_neuron()) {
        std::fill_n(per_neuron_.begin() + static_cast<std::ptrdiff_t>(at * neurons_), neurons_,
                    0.0);
      }
    }
  }
  void clear_all() {
    std::fill(uniform_.begin(), uniform_.end(), 0.0);
    std::fill(per_neuron_.begin(), per_neuron_.end(), 0.0);
  }

 private:
  std::size_t slot(std::int64_t step) const {
    return static_cast<std::size_t>(step % static_cast<std::int64_t>(slots_));
  }

  std::size_t slots_ = 1;
  std::size_t neurons_ = 0;
  std::vector<double> uniform_;     // [slot]
  std::vector<double> per_neuron_;  // [slot * neurons + neuron]
};

}  // namespace spikescope
