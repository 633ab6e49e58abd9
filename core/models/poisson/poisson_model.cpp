#include "models/poisson/poisson_model.h"

#include <cmath>
#include <sstream>

#include "common/parameter_error.h"
#include "models/poisson/poisson_population.h"

namespace spikescope {
namespace {

constexpr ValidRange kRateRange{0.0, true, INFINITY, true, "a rate cannot be negative"};

constexpr ParameterDescriptor kParameters[] = {
    {"rate_hz",
     "Rate",
     "Hz",
     10.0,
     kRateRange,
     {0.0, 200.0, 1.0, false},
     "Mean firing rate: a spike in each step with probability rate * dt; a rate per neuron or "
     "one for all."},
};
static_assert(std::size(kParameters) == kPoissonParameterCount);

// Probes read a state variable; a source has none but its last step's spike.
constexpr StateVariableDescriptor kState[] = {
    {"spiked", "Spiked", "", true, "1 after a step in which the source fired, else 0"},
};

constexpr MethodDescriptor kMethods[] = {
    {"bernoulli",
     "A spike in each step with probability rate * dt, independently (Brian2's PoissonGroup), "
     "drawn as geometric waits between spikes (GeNN's PoissonNew). At most one spike per step: "
     "near rate * dt = 1 the train is more regular than Poisson (ISI CV sqrt(1 - rate * dt))."},
};

void check(std::span<const double> values, std::size_t, double dt_ms) {
  const double rate = values[kPoissonRate];
  // The bound as stated; at rate = 1/dt exactly the population fires every step, even where
  // rate * dt rounds a little above 1.
  const double max_rate = 1000.0 / dt_ms;
  if (rate > max_rate) {
    std::ostringstream message;
    message << "rate_hz: must be at most 1/dt (" << max_rate << " Hz at dt " << dt_ms
            << " ms): a step holds at most one spike, got " << rate;
    throw ParameterError(message.str());
  }
}

std::size_t state_bytes(std::size_t) {
  // Next spike step, generator state and the last step's spike.
  return sizeof(std::uint64_t) + sizeof(SplitMix64) + sizeof(std::uint8_t);
}

std::unique_ptr<NeuronPopulation> make(const PopulationSetup& setup) {
  return std::make_unique<PoissonPopulation>(setup);
}

}  // namespace

const ModelDescriptor& poisson_model() {
  static const ModelDescriptor model{
      .name = "poisson",
      .title = "Poisson spike source",
      .reference =
          "Brian2 PoissonGroup; GeNN PoissonNew; Dayan & Abbott, Theoretical "
          "Neuroscience (2001), ch. 1.4",
      .parameters = kParameters,
      .state = kState,
      .methods = kMethods,
      // No input current and no synapses: weights into a source are refused.
      .current_unit = "",
      .conductance_unit = "",
      .equations =
          "each step: spike with probability {rate_hz} Hz * dt, independently\n"
          "ISI ~ dt * Geometric(rate * dt), mean 1 / {rate_hz} Hz",
      .initial_state = "no spike yet (spiked = 0); the first wait is drawn from the seed",
      .spike_source = true,
      .check = check,
      .state_bytes_per_neuron = state_bytes,
      .make = make,
  };
  return model;
}

}  // namespace spikescope
