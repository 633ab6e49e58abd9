#pragma once
// A network of populations, projections and inputs (network_spec.h), advanced a chunk of steps
// at a time.
//
// Step convention: step (iteration) k is the update from k*dt to (k+1)*dt. A spike found in step
// k of a projection's source with a delay of d steps arrives at step k + d: it is added to the
// target's channel at the start of that step (model/synapse_channel.h). So the notebook's layer
// coupling is a pulse projection with a delay of two steps: layer 1 in iteration i sees weight *
// (summed spike heights of layer 0 in iteration i - 2), nothing in iterations 0 and 1.
//
// Order within a chunk: populations are advanced one after another in the order of their
// projections' graph (sources before targets; the populations of a loop in index order), each
// for the whole chunk, and each delivers its spikes into its targets' delay buffers (NEST's
// ring_buffer.h) right after. A chunk is never longer than the shortest delay within a loop, so
// everything that arrives during a chunk was sent before the population that receives it ran.
//
// The summed arrivals of an all-to-all projection with one weight are the same for every
// target: they are delivered as one number per step, weight * (the spike height added count
// times in binary64, in neuron order), which is the notebook's numpy sum bit for bit.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/neuron_population.h"
#include "network/connectors.h"
#include "network/network_chunks.h"
#include "network/network_spec.h"
#include "network/validate_network.h"
#include "record/recorder.h"

namespace spikescope {

class WorkerPool;

// Whether neurons that differ only in their onset share one simulated trajectory
// (shared_onset_population.h). The results are the same bit for bit; only the work differs.
enum class NeuronSharing {
  kAutomatic,  // share when a trajectory stands for kMinNeuronsPerTrajectory neurons on average
  kOff,        // advance every neuron (what the engine benchmarks measure)
  kAlways,     // share however few neurons a trajectory stands for (tests)
};
inline constexpr std::size_t kMinNeuronsPerTrajectory = 4;

// Populations at least this large are split across two threads. Measured on the 2-core machine,
// quiet, exact mode, two threads against one (tests/bench/run_benchmarks.sh): 8192 neurons 1.0x,
// 16384 1.35x, 32768 1.55x, 65536 1.7x, 1e6 2.0x. The threshold sits where the gain is clear,
// because on a busy machine a helper's wake-up and preemption eat a small one.
inline constexpr std::size_t kParallelThreshold = 1 << 15;

struct EngineOptions {
  int threads = 0;  // 0 = choose: one thread below kParallelThreshold neurons, else two
  NeuronSharing sharing = NeuronSharing::kAutomatic;
  bool operator==(const EngineOptions&) const = default;
};

class Network {
 public:
  // Validates (throws ParameterError naming the element and field, before allocating); starts
  // at the initial state at iteration 0.
  Network(const NetworkSpec& spec, const RecordingConfig& recording,
          const EngineOptions& options = {});
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  const NetworkSpec& spec() const { return spec_; }
  const Recorder& recorder() const { return recorder_; }
  std::int64_t iteration() const { return iteration_; }  // iterations done so far
  double clock_ms() const { return clock_ms_; }          // the notebook's accumulated t
  int chunk_steps() const { return chunk_steps_; }
  // Warnings about the methods at this dt (e.g. forward Euler oscillating).
  const std::vector<std::string>& warnings() const { return warnings_; }
  // Trajectories a population advances per step: its size, or fewer when neurons share them.
  std::size_t trajectories(std::size_t population) const;
  // The synapses of a projection; empty rows for an all-to-all projection with one weight,
  // which needs none.
  const Connectivity& connectivity(std::size_t projection) const;
  // The present value of a state variable of one neuron.
  double state_value(std::size_t population, std::size_t variable, std::size_t neuron) const;
  // What one spike adds to a population's summed output (population_sums()).
  double spike_height(std::size_t population) const;
  // Spikes delivered along synapses so far (one per synapse a spike crossed; an all-to-all
  // projection with one weight counts its targets), since the last reset.
  std::uint64_t synaptic_events() const { return synaptic_events_; }
  // Spikes of a population so far, since the last reset.
  std::uint64_t spike_count(std::size_t population) const;

  // Takes `next` if it has the same structure (the same populations with the same models,
  // methods, sizes, initial states and seeds; the same projections apart from their weights;
  // the same inputs apart from their values; the same dt): parameters and input values take
  // effect at the next step, new weights for spikes sent from the next step on (spikes already
  // under way keep the weight they were sent with, as in NEST), and the state is kept. Returns
  // false, and changes nothing, when the structure differs: build a new Network then. Throws
  // ParameterError (and changes nothing) when `next` is invalid.
  bool update(const NetworkSpec& next);
  // Probe `index` watches another neuron of its population from the next step on; what it
  // recorded before stays in the recorder. Throws ParameterError for a neuron that is not there.
  void set_probe_neuron(std::size_t index, std::uint32_t neuron);

  // Forgets the spikes recorded so far (a reader that streams them has written them).
  void clear_recorded_events() { recorder_.clear_events(); }

  // Back to the initial state at iteration 0; the recorder starts over.
  void reset();
  // Runs `iterations` steps, recording them.
  void advance(std::int64_t iterations);

 private:
  struct Population;
  struct Projection;
  struct Input;

  void build(const ResolvedNetwork& resolved);
  std::unique_ptr<NeuronPopulation> make_population(std::size_t p, bool allow_sharing) const;
  std::size_t max_trajectories(std::size_t p) const;
  int threads_for(std::size_t size) const;
  void run_chunk(int steps);
  void prepare_inputs(Population& population, int steps);
  void deliver(const Population& source, int steps);
  void deliver_dense(const Projection& projection, const Population& source, int steps,
                     std::uint32_t lo, std::uint32_t hi);
  void restart_recorder();
  void choose_direct_delivery(std::vector<std::vector<bool>>& per_neuron);

  NetworkSpec spec_;
  EngineOptions options_;
  std::vector<std::string> warnings_;
  std::vector<std::unique_ptr<Population>> populations_;
  std::vector<std::unique_ptr<Projection>> projections_;
  std::vector<std::unique_ptr<Input>> inputs_;
  std::vector<std::size_t> order_;  // populations in the order they are advanced
  Recorder recorder_;
  int chunk_steps_ = kMaxChunkSteps;
  std::int64_t iteration_ = 0;
  double clock_ms_ = 0.0;
  std::uint64_t synaptic_events_ = 0;
  // Chunk scratch, reused so that advancing allocates nothing once warmed up.
  std::vector<double> clock_;
  std::vector<std::vector<double>> sums_;          // [population][step]
  std::vector<std::vector<double>> probe_values_;  // [probe][step]
  std::vector<std::vector<std::uint8_t>> probe_spiked_;
  std::vector<std::uint32_t> raster_;
  std::vector<SpikeEvent> events_;
  // Helpers for every population and delivery of this network, lent to the populations while
  // advancing (common/worker_pool.h).
  std::unique_ptr<WorkerPool> pool_;
};

}  // namespace spikescope
