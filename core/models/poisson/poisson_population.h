#pragma once
// Independent Poisson spike trains in discrete time: in every step neuron j fires with
// probability p_j = rate_j * dt, independently of every other step and neuron (Brian2's
// PoissonGroup tests rand() < rate*dt each step). Drawing a number per neuron and step would
// cost a 64-bit hash per neuron-step; instead, as GeNN's PoissonNew does, each neuron keeps the
// step of its next spike, and a spike draws the silent steps before the one after it:
//   silent = floor(ln(1 - u) / ln(1 - p)),   P(silent >= g) = (1 - p)^g,
// the geometric law of the wait between Bernoulli(p) successes, so the trains are the same
// random process. A step costs one comparison per neuron, and a spike one draw.
//
// The generator, fixed forever: neuron j draws from its own SplitMix64 (common/onset_generator.h)
// started at
//   state_j = SplitMix64(key ^ j).next(),   key = SplitMix64(seed).next(),
// and u = (x >> 11) * 2^-53 as in model/value_spec.h, one x per spike (none when p is 0 or 1).
// The key keeps nearby seeds apart (without it, neuron 1 of seed 0 would be neuron 0 of seed 1).
// A neuron's train depends on (seed, j, its rate) alone: not on the chunking, the threads or the
// blocks. The population counts its own steps from the setup or the last reset().
//
// A rate change (set_parameters) draws a new wait for the neurons whose rate changed, from the
// next step on; since the geometric wait has no memory, the train is then Bernoulli(p_new) per
// step from there. Neurons whose rate stays keep their wait, so that setting the same values
// again changes nothing.
#include <cstdint>
#include <limits>
#include <vector>

#include "common/onset_generator.h"
#include "model/blocked_advance.h"
#include "model/neuron_population.h"

namespace spikescope {

// p = rate * dt, the one formula the model's check and the population share.
inline double spike_probability(double rate_hz, double dt_ms) {
  return rate_hz * dt_ms * 1e-3;
}

class PoissonPopulation final : public NeuronPopulation {
 public:
  explicit PoissonPopulation(const PopulationSetup& setup);

  const ModelDescriptor& model() const override;
  std::size_t size() const override { return next_spike_.size(); }
  void set_parameters(const ParameterColumns& parameters) override;
  void reset() override;
  // Spike sources read nothing of the input but its steps.
  void advance(const ChunkInput& input, ChunkOutput& output, int threads) override;
  // "spiked": 1 after a step in which the neuron fired, else 0.
  double state_value(std::size_t, std::size_t neuron) const override { return spiked_[neuron]; }
  // Neuron j continues as neuron source_of[j] would, generator included, and reset() takes it
  // back to that neuron's start. Two neurons gathered from one fire together: a network never
  // shares a stochastic population's neurons, but the copy is exact, so it is offered.
  std::unique_ptr<NeuronPopulation> gathered(
      std::span<const std::uint32_t> source_of) const override;

  // The model interface of blocked_advance.h. The compare loop reads 8 bytes and writes 1 per
  // neuron: 2048 neurons (18 KiB) stay in L1 across the chunk's steps.
  static constexpr std::size_t kBlockNeurons = 2048;
  template <class Kernel, bool kFlags>
  std::uint32_t step_range(std::size_t begin, std::size_t end, int step, const Kernel& kernel,
                           std::uint8_t* spiked);

  // The generator neuron `neuron` of a population seeded `seed` starts with (see above).
  static SplitMix64 generator(std::uint64_t seed, std::uint64_t neuron);

 private:
  static constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

  PoissonPopulation(const PoissonPopulation& other, std::span<const std::uint32_t> source_of);
  std::uint64_t origin(std::size_t neuron) const {
    return origin_.empty() ? neuron : origin_[neuron];
  }
  // The step of the neuron's next spike, drawn from `from` (the first step it may fire in).
  std::uint64_t next_spike_from(std::size_t neuron, std::uint64_t from);

  double dt_ms_;
  std::uint64_t seed_;
  std::vector<std::uint32_t> origin_;  // neuron of the setup each one started as; empty: itself
  ValueColumn log_miss_;               // ln(1 - p): 0 for p = 0, -inf for p = 1
  std::uint64_t steps_done_ = 0;
  std::vector<std::uint64_t> next_spike_;  // [neuron] step of the next spike; kNever: none
  std::vector<std::uint8_t> spiked_;       // [neuron] fired in the last step
  std::vector<SplitMix64> rng_;            // [neuron]
  AdvanceWorkspace workspace_;             // declared last: its helpers stop before the state goes
};

}  // namespace spikescope
