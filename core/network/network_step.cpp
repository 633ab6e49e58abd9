// Running a Network: one chunk after another (network.h says in which order and why).
#include <algorithm>
#include <cmath>
#include <numbers>

#include "network/network.h"
#include "network/network_parts.h"

namespace spikescope {
namespace {

double unit_interval(SplitMix64& rng) {
  return static_cast<double>(rng.next() >> 11) * 0x1p-53;
}

// One standard normal value by Box-Muller, one pair of draws each (value_spec.h's rule).
double standard_normal(SplitMix64& rng) {
  const double u1 = unit_interval(rng);
  const double u2 = unit_interval(rng);
  return std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// The steps a current input drives: [first, end), from times in ms (network_spec.h).
std::int64_t step_at(double time_ms, double dt_ms) {
  return static_cast<std::int64_t>(std::llround(time_ms / dt_ms));
}

// The uniform current of one input at step k.
double current_at(const InputKind& kind, std::int64_t k, double dt_ms) {
  if (const auto* dc = std::get_if<DcInput>(&kind)) {
    const bool on = k >= step_at(dc->start_ms, dt_ms) &&
                    (!dc->stop_ms || k < step_at(*dc->stop_ms, dt_ms));
    return on ? dc->amplitude : 0.0;
  }
  if (const auto* pulses = std::get_if<PulsesInput>(&kind)) {
    double current = 0.0;
    for (const CurrentPulse& pulse : pulses->pulses) {
      if (k >= step_at(pulse.start_ms, dt_ms) && k < step_at(pulse.stop_ms, dt_ms)) {
        current += pulse.amplitude;
      }
    }
    return current;
  }
  const auto& sine = std::get<SineInput>(kind);
  const double t_s = static_cast<double>(k) * dt_ms * 1e-3;
  return sine.offset + sine.amplitude * std::sin(2.0 * std::numbers::pi * sine.frequency_hz * t_s +
                                                 sine.phase_deg * std::numbers::pi / 180.0);
}

}  // namespace

void Network::advance(std::int64_t iterations) {
  while (iterations > 0) {
    const int steps = static_cast<int>(std::min<std::int64_t>(iterations, chunk_steps_));
    run_chunk(steps);
    iterations -= steps;
  }
}

void Network::prepare_inputs(Population& population, int steps) {
  const auto n = static_cast<std::size_t>(steps);
  if (!population.current_inputs.empty()) {
    population.uniform_current.assign(n, 0.0);
    for (const std::size_t i : population.current_inputs) {
      for (std::size_t s = 0; s < n; ++s) {
        population.uniform_current[s] +=
            current_at(inputs_[i]->kind, iteration_ + static_cast<std::int64_t>(s), spec_.dt_ms);
      }
    }
  }
  if (!population.noise_inputs.empty()) {
    const std::size_t size = population.size();
    population.noise.assign(n * size, 0.0);
    population.noise_rows.resize(n);
    for (std::size_t s = 0; s < n; ++s) population.noise_rows[s] = &population.noise[s * size];
    for (const std::size_t i : population.noise_inputs) {
      Input& input = *inputs_[i];
      const auto& noise = std::get<NoiseInput>(input.kind);
      for (double& value : population.noise) {
        value += noise.mean + noise.sd * standard_normal(input.noise_rng);
      }
    }
  }
  if (population.has_onset) {
    const auto& onset = std::get<OnsetStepInput>(inputs_[population.onset_input]->kind);
    population.onset_drive = OnsetDrive{onset.amplitude, population.onsets};
  }
}

void Network::deliver(const Projection& projection, const Population& source, int steps) {
  Population& target = *populations_[projection.target];
  ArrivalRing& ring = target.rings[projection.channel];
  const std::int64_t delay = projection.delay_steps;
  if (projection.dense) {
    // Every target receives the same: weight * (summed spike heights), one number per step.
    const bool pulse = projection.kind == SynapseKind::kPulse;
    for (int s = 0; s < steps; ++s) {
      const std::uint32_t count = source.counts[s];
      if (count == 0) continue;
      const std::int64_t arrival = iteration_ + s + delay;
      synaptic_events_ += static_cast<std::uint64_t>(count) * target.size();
      const double amount =
          pulse ? projection.weight * source.height_sums[count]
                : projection.weight * static_cast<double>(count);
      if (pulse) {
        ring.uniform(arrival) += amount;
      } else {
        double* row = ring.per_neuron(arrival);
        for (std::size_t j = 0; j < target.size(); ++j) row[j] += amount;
      }
    }
    return;
  }
  // Spike by spike along the synapses; a pulse carries the source's spike height.
  const double height =
      projection.kind == SynapseKind::kPulse ? source.neurons->spike_height() : 1.0;
  const Connectivity& synapses = projection.synapses;
  const bool drawn = !projection.weights.empty();
  const double uniform_amount = projection.weight * height;
  for (const SpikeEvent& spike : source.events) {
    double* row = ring.per_neuron(spike.iteration + delay);
    const std::uint64_t first = synapses.row_begin[spike.neuron];
    const std::uint64_t end = synapses.row_begin[spike.neuron + 1];
    synaptic_events_ += end - first;
    if (drawn) {
      for (std::uint64_t k = first; k < end; ++k) {
        row[synapses.targets[k]] += projection.weights[k] * height;
      }
    } else {
      for (std::uint64_t k = first; k < end; ++k) row[synapses.targets[k]] += uniform_amount;
    }
  }
}

void Network::run_chunk(int steps) {
  for (int s = 0; s < steps; ++s) {
    clock_[s] = clock_ms_;
    clock_ms_ += spec_.dt_ms;
  }
  events_.clear();
  const std::uint32_t raster_population = recorder_.config().raster_population;
  for (const std::size_t p : order_) {
    Population& population = *populations_[p];
    prepare_inputs(population, steps);
    ChunkInput input;
    input.first_iteration = iteration_;
    input.steps = steps;
    input.clock_ms = clock_.data();
    if (population.has_onset) input.onset = &population.onset_drive;
    if (!population.current_inputs.empty()) input.uniform_current = population.uniform_current.data();
    if (!population.noise_inputs.empty()) input.neuron_current = population.noise_rows.data();
    for (std::size_t c = 0; c < population.rings.size(); ++c) {
      population.arrivals[c] = population.rings[c].view(
          iteration_, steps, population.arrival_uniform[c], population.arrival_rows[c]);
    }
    input.channels = population.arrivals;

    population.counts.assign(static_cast<std::size_t>(steps), 0u);
    population.events.clear();
    const std::size_t probes = population.probe_neurons.size();
    population.probe_values.resize(probes * static_cast<std::size_t>(steps));
    population.probe_spiked.resize(probes * static_cast<std::size_t>(steps));
    ChunkOutput output;
    output.spike_counts = population.counts.data();
    output.probe_neurons = population.probe_neurons;
    output.probe_variables = population.probe_variables;
    output.probe_values = population.probe_values.data();
    output.probe_spiked = population.probe_spiked.data();
    output.population_index = static_cast<std::uint32_t>(p);
    if (p == raster_population && recorder_.raster_rows() != 0) {
      std::fill(raster_.begin(), raster_.end(), 0u);
      output.raster_group = recorder_.raster_group();
      output.raster_rows = recorder_.raster_rows();
      output.raster_counts = raster_.data();
    }
    if (population.events_needed) output.events = &population.events;
    population.neurons->advance(input, output, threads_for(population.size()));
    for (ArrivalRing& ring : population.rings) ring.clear(iteration_, steps);

    for (int s = 0; s < steps; ++s) {
      sums_[p][s] = population.summed_heights(population.counts[s]);
      population.spikes_since_reset += population.counts[s];
    }
    for (std::size_t k = 0; k < probes; ++k) {
      const std::size_t index = population.probe_index[k];
      std::copy_n(population.probe_values.begin() + static_cast<std::ptrdiff_t>(k * steps), steps,
                  probe_values_[index].begin());
      std::copy_n(population.probe_spiked.begin() + static_cast<std::ptrdiff_t>(k * steps), steps,
                  probe_spiked_[index].begin());
    }
    if (population.events_recorded) {
      events_.insert(events_.end(), population.events.begin(), population.events.end());
    }
    // Its targets run later in this chunk (or, within a loop, read these arrivals only in a
    // later chunk: the chunk is no longer than the loop's shortest delay).
    for (const std::size_t k : population.outgoing) deliver(*projections_[k], population, steps);
  }
  std::stable_sort(events_.begin(), events_.end(), [](const SpikeEvent& a, const SpikeEvent& b) {
    return a.iteration != b.iteration ? a.iteration < b.iteration : a.population < b.population;
  });
  recorder_.append(
      Recorder::Chunk{steps, &sums_, &probe_values_, &probe_spiked_, &raster_, &events_});
  iteration_ += steps;
}

}  // namespace spikescope
