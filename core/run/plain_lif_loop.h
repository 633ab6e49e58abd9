#pragma once
// The yardstick the engine is measured against: the simplest correct loop a student writes for
// the same network, one neuron at a time, with if/else where the model says "if". It keeps the
// same state as the engine (binary64 V and t_rest in notebook mode; float V and a 16-bit
// countdown in exact mode; int32 onsets), follows the same conventions (network.h) and is built
// with the same compiler flags, so that the benchmark's ratio measures the engine's work and
// nothing else. Tests also use it as an independent reference for the engine's results.
#include <cstdint>
#include <vector>

#include "experiment/notebook_network.h"

namespace spikescope {

class PlainLifLoop {
 public:
  // Validates the chain like Network; room for `iterations` recorded iterations.
  PlainLifLoop(const NotebookChain& chain, std::int64_t iterations);

  // Back to rest; the recordings start over.
  void reset();
  // Runs the iterations given to the constructor, recording as it goes.
  void run();

  // Stored-step series with the leading 0 sample: [layer][stored step].
  const std::vector<std::vector<double>>& layer_sums() const { return layer_sums_; }
  // Membrane potential of neuron 0 of each layer: [layer][stored step].
  const std::vector<std::vector<double>>& first_neuron_vm() const { return first_neuron_vm_; }
  // Spikes of each neuron of layer 0 over the run.
  const std::vector<std::uint32_t>& layer0_spike_counts() const { return layer0_spike_counts_; }

 private:
  struct Layer {
    std::vector<double> vm_v;                    // notebook mode
    std::vector<double> t_rest_ms;               // notebook mode
    std::vector<float> vm_f;                     // exact mode
    std::vector<std::uint16_t> refractory_left;  // exact mode
  };
  void run_notebook();
  void run_exact();
  void record(std::size_t layer, std::int64_t iteration, double sum, double vm_first);

  NotebookChain config_;
  std::int64_t iterations_;
  std::vector<Layer> layers_;
  std::vector<std::vector<double>> layer_sums_;
  std::vector<std::vector<double>> first_neuron_vm_;
  std::vector<std::uint32_t> layer0_spike_counts_;
};

}  // namespace spikescope
