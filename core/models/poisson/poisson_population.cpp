#include "models/poisson/poisson_population.h"

#include <cmath>
#include <utility>

#include "models/poisson/poisson_model.h"

namespace spikescope {
namespace {

// The chunk's first step, counted by the population: a train does not depend on how the
// network numbers its iterations.
struct PoissonKernel {
  std::uint64_t first_step;
};

// Waits beyond this are no spike at all (2^62 steps of 1 us are 146,000 years); it also keeps
// the cast below defined for the +inf that a tiny rate can give.
constexpr double kLongestWait = 0x1p62;

// ln(1 - p) per neuron. The setup is validated; p outside [0, 1] (or NaN) still gives no cast
// of a NaN or negative wait: p >= 1 fires every step, anything else not above 0 never.
ValueColumn log_miss_of(const ValueColumn& rate_hz, double dt_ms) {
  auto log_miss = [dt_ms](double rate) {
    const double p = spike_probability(rate, dt_ms);
    return p >= 1.0 ? -INFINITY : p > 0.0 ? std::log1p(-p) : 0.0;
  };
  if (rate_hz.is_uniform()) return ValueColumn(log_miss(rate_hz.uniform));
  std::vector<double> values(rate_hz.per_neuron.size());
  for (std::size_t j = 0; j < values.size(); ++j) values[j] = log_miss(rate_hz.per_neuron[j]);
  return ValueColumn(std::move(values));
}

}  // namespace

SplitMix64 PoissonPopulation::generator(std::uint64_t seed, std::uint64_t neuron) {
  const std::uint64_t key = SplitMix64(seed).next();
  return SplitMix64(SplitMix64(key ^ neuron).next());
}

PoissonPopulation::PoissonPopulation(const PopulationSetup& setup)
    : dt_ms_(setup.dt_ms),
      seed_(setup.seed),
      log_miss_(log_miss_of(setup.parameters[kPoissonRate], setup.dt_ms)),
      next_spike_(setup.size),
      spiked_(setup.size),
      rng_(setup.size, SplitMix64(0)) {
  reset();
}

PoissonPopulation::PoissonPopulation(const PoissonPopulation& other,
                                     std::span<const std::uint32_t> source_of)
    : dt_ms_(other.dt_ms_),
      seed_(other.seed_),
      origin_(source_of.size()),
      log_miss_(other.log_miss_.uniform),
      steps_done_(other.steps_done_),
      next_spike_(source_of.size()),
      spiked_(source_of.size()),
      rng_(source_of.size(), SplitMix64(0)) {
  if (!other.log_miss_.is_uniform()) log_miss_.per_neuron.resize(source_of.size());
  for (std::size_t j = 0; j < source_of.size(); ++j) {
    const std::size_t from = source_of[j];
    origin_[j] = static_cast<std::uint32_t>(other.origin(from));
    if (!other.log_miss_.is_uniform()) log_miss_.per_neuron[j] = other.log_miss_.per_neuron[from];
    next_spike_[j] = other.next_spike_[from];
    spiked_[j] = other.spiked_[from];
    rng_[j] = other.rng_[from];
  }
}

const ModelDescriptor& PoissonPopulation::model() const {
  return poisson_model();
}

std::unique_ptr<NeuronPopulation> PoissonPopulation::gathered(
    std::span<const std::uint32_t> source_of) const {
  return std::unique_ptr<NeuronPopulation>(new PoissonPopulation(*this, source_of));
}

std::uint64_t PoissonPopulation::next_spike_from(std::size_t neuron, std::uint64_t from) {
  const double log_miss = log_miss_[neuron];
  if (log_miss == 0.0) return kNever;
  if (log_miss == -INFINITY) return from;
  const double u = static_cast<double>(rng_[neuron].next() >> 11) * 0x1p-53;
  const double silent = std::floor(std::log1p(-u) / log_miss);
  return silent < kLongestWait ? from + static_cast<std::uint64_t>(silent) : kNever;
}

void PoissonPopulation::set_parameters(const ParameterColumns& parameters) {
  const ValueColumn before =
      std::exchange(log_miss_, log_miss_of(parameters[kPoissonRate], dt_ms_));
  for (std::size_t j = 0; j < size(); ++j) {
    if (log_miss_[j] != before[j]) next_spike_[j] = next_spike_from(j, steps_done_);
  }
}

void PoissonPopulation::reset() {
  steps_done_ = 0;
  for (std::size_t j = 0; j < size(); ++j) {
    rng_[j] = generator(seed_, origin(j));
    spiked_[j] = 0;
    next_spike_[j] = next_spike_from(j, 0);
  }
}

void PoissonPopulation::advance(const ChunkInput& input, ChunkOutput& output, int threads) {
  const PoissonKernel kernel{steps_done_};
  advance_blocked(*this, size(), input, kernel, output, threads, workspace_);
  steps_done_ += static_cast<std::uint64_t>(input.steps);
}

template <class Kernel, bool kFlags>
SPIKESCOPE_VECTOR_CLONES std::uint32_t PoissonPopulation::step_range(std::size_t begin,
                                                                     std::size_t end, int step,
                                                                     const Kernel& kernel,
                                                                     std::uint8_t* spiked) {
  const std::uint64_t now = kernel.first_step + static_cast<std::uint64_t>(step);
  const std::uint64_t* __restrict next = next_spike_.data();
  std::uint8_t* __restrict fired = spiked_.data();
  std::uint8_t* __restrict flag = spiked;
  std::uint32_t count = 0;
  // Branch-free, so that it vectorises; the rare spikes draw their next wait afterwards.
  for (std::size_t j = begin; j < end; ++j) {
    const bool spike = next[j] == now;
    fired[j] = spike;
    if constexpr (kFlags) flag[j - begin] = spike;
    count += spike;
  }
  if (count != 0) {
    for (std::size_t j = begin; j < end; ++j) {
      if (fired[j]) next_spike_[j] = next_spike_from(j, now + 1);
    }
  }
  return count;
}

}  // namespace spikescope
