#pragma once
// A feedforward stack of LIF layers, as in SNN_0: layer 0 is driven by the onset stimulus, each
// later layer by the weighted sum of the previous layer's spikes.
//
// Coupling convention (both modes, taken from the notebook): the summed output of layer l is a
// stored array with a leading 0, and iteration i reads element i - 1 of its input array. So
// layer l + 1 in iteration i sees weight * (sum of spike heights of layer l in iteration i - 2),
// and nothing in iterations 0 and 1. The sum is accumulated in neuron order in binary64, as
// numpy's `+=` over the layer's spike arrays does.
#include <cstdint>
#include <memory>
#include <vector>

#include "models/lif/lif_parameters.h"
#include "model/neuron_layer.h"
#include "record/recorder.h"
#include "network/stimulus.h"

namespace spikescope {

// Whether layer-0 neurons that differ only in their onset share one simulated trajectory
// (shared_onset_layer.h). The results are the same bit for bit; only the work differs.
enum class NeuronSharing {
  kAutomatic,  // share when a trajectory stands for kMinNeuronsPerTrajectory neurons on average
  kOff,        // advance every neuron (what the engine benchmarks measure)
  kAlways,     // share however few neurons a trajectory stands for (tests)
};
inline constexpr std::size_t kMinNeuronsPerTrajectory = 4;

struct NetworkConfig {
  IntegrationMode mode = IntegrationMode::kNotebook;
  LifParameters neuron;  // shared by all layers, as in the notebook
  std::vector<std::uint32_t> layer_sizes{100, 1};
  double weight = 1.0;   // input current per spike height of the previous layer
  double dt_ms = 0.125;  // step of the neuron clock
  Stimulus stimulus;     // layer 0; one onset per layer-0 neuron
  int threads = 0;       // 0 = choose: one thread below kParallelThreshold neurons, else two
  NeuronSharing sharing = NeuronSharing::kAutomatic;

  bool operator==(const NetworkConfig&) const = default;
};

// Layers at least this large are split across two threads. Measured on the 2-core machine, quiet,
// exact mode, two threads against one (tests/bench/run_benchmarks.sh): 8192 neurons 1.0x,
// 16384 1.35x, 32768 1.55x, 65536 1.7x, 1e6 2.0x. The threshold sits where the gain is clear,
// because on a busy machine a helper's wake-up and preemption eat a small one.
inline constexpr std::size_t kParallelThreshold = 1 << 15;
// At most this many neurons per layer (neuron ids are 32-bit, onsets int32).
inline constexpr std::uint64_t kMaxLayerSize = 100'000'000;

// Throws ParameterError naming the field: everything in validate(LifParameters), dt <= 0,
// non-finite weight, no layers or an empty layer, a layer above kMaxLayerSize, a network whose
// state would not fit in half of this machine's memory, stimulus not matching layer 0.
void validate(const NetworkConfig& config);
// The same, but for the onsets: for callers that draw them only once the shape is known good.
void validate_except_onsets(const NetworkConfig& config);

class Network {
 public:
  // Validates; starts at rest at iteration 0.
  Network(const NetworkConfig& config, const RecordingConfig& recording);

  const NetworkConfig& config() const { return config_; }
  const Recorder& recorder() const { return recorder_; }
  std::int64_t iteration() const { return iteration_; }  // iterations done so far
  double clock_ms() const { return clock_ms_; }          // the notebook's accumulated t
  // Trajectories layer 0 advances per step: its size, or fewer when neurons share them.
  std::size_t layer0_trajectories() const;

  // Take effect at the next step; the state is kept. Validate first (throws ParameterError and
  // leaves everything as it was).
  void set_neuron_parameters(const LifParameters& neuron, double dt_ms);
  // New onsets split shared trajectories (or end the sharing when they would be too many);
  // reset() merges them again.
  void set_stimulus(const Stimulus& stimulus);
  void set_weight(double weight);
  // Probe `index` watches another neuron of its layer from the next step on (the GUI's "show
  // this neuron" in live mode); what it recorded before stays in the recorder. Throws
  // ParameterError for a neuron the layer does not have.
  void set_probe_neuron(std::size_t index, std::uint32_t neuron);

  // Back to rest at iteration 0; the recorder starts over.
  void reset();
  // Runs `iterations` steps, recording them.
  void advance(std::int64_t iterations);

  // Up to this many steps are run per chunk (temporal blocking); bounded chunk buffers.
  static constexpr int kChunkSteps = 64;

 private:
  void run_chunk(int steps);
  std::unique_ptr<NeuronLayer> make_layer0() const;
  std::size_t max_trajectories() const;
  int threads_for(std::size_t layer_size) const;
  double summed_height(std::uint32_t count);

  NetworkConfig config_;
  std::vector<std::unique_ptr<NeuronLayer>> layers_;
  Recorder recorder_;
  bool layer0_split_ = false;  // layer 0 may share fewer trajectories than its onsets allow
  std::int64_t iteration_ = 0;
  double clock_ms_ = 0.0;
  // Spike counts of each layer in the last two iterations before the chunk (coupling delay).
  std::vector<std::uint32_t> previous_counts_[2];
  // sum_table_[c] = spike height added c times in binary64, the notebook's summation.
  std::vector<double> sum_table_;
  // Chunk scratch, reused so that advancing allocates nothing once warmed up.
  std::vector<double> clock_;
  std::vector<double> shared_current_;
  std::vector<std::vector<std::uint32_t>> counts_;
  std::vector<std::vector<double>> sums_;
  std::vector<std::vector<std::uint32_t>> layer_probes_;     // [layer] -> probed neurons
  std::vector<std::vector<std::size_t>> layer_probe_index_;  // [layer] -> index in probes
  std::vector<std::vector<double>> probe_vm_;
  std::vector<std::vector<std::uint8_t>> probe_spiked_;
  std::vector<double> layer_probe_vm_;
  std::vector<std::uint8_t> layer_probe_spiked_;
  std::vector<std::uint32_t> raster_;
  std::vector<SpikeEvent> events_;
};

}  // namespace spikescope
