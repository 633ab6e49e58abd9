// Running a Network: one chunk after another (network.h says in which order and why).
#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <span>

#include "common/worker_pool.h"
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

bool dc_on(const DcInput& dc, std::int64_t k, double dt_ms) {
  return k >= step_at(dc.start_ms, dt_ms) && (!dc.stop_ms || k < step_at(*dc.stop_ms, dt_ms));
}

// The uniform current of one input at step k.
double current_at(const InputKind& kind, std::int64_t k, double dt_ms) {
  if (const auto* dc = std::get_if<DcInput>(&kind)) {
    return dc_on(*dc, k, dt_ms) ? *uniform_value(dc->amplitude) : 0.0;
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
  // One set of helpers for every population and delivery (common/worker_pool.h).
  WorkerPool::Lease lease(*pool_);
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
  if (!population.neuron_inputs.empty()) {
    const std::size_t size = population.size();
    std::vector<double>& current = population.neuron_current;
    current.assign(n * size, 0.0);
    population.neuron_current_rows.resize(n);
    for (std::size_t s = 0; s < n; ++s) population.neuron_current_rows[s] = &current[s * size];
    for (const std::size_t i : population.neuron_inputs) {
      Input& input = *inputs_[i];
      if (const auto* dc = std::get_if<DcInput>(&input.kind)) {
        for (std::size_t s = 0; s < n; ++s) {
          if (!dc_on(*dc, iteration_ + static_cast<std::int64_t>(s), spec_.dt_ms)) continue;
          double* row = &current[s * size];
          for (std::size_t j = 0; j < size; ++j) row[j] += input.amplitude_per_neuron[j];
        }
        continue;
      }
      const auto& noise = std::get<NoiseInput>(input.kind);
      for (double& value : current) {
        value += noise.mean + noise.sd * standard_normal(input.noise_rng);
      }
    }
  }
  if (population.has_onset) {
    const auto& onset = std::get<OnsetStepInput>(inputs_[population.onset_input]->kind);
    population.onset_drive = OnsetDrive{onset.amplitude, population.onsets};
  }
}

// A spike's weight may go straight into the target's synaptic current when it arrives at the
// very next step the target computes: chunks of one step (a loop of one step's delay, as in
// CUBA), a delay of one step, and a target advanced no later than the source in a chunk (the
// source itself, or one before it). A channel whose projections all qualify, and that has no
// all-to-all one, needs no per-neuron buffer: in a 40,000-neuron CUBA, writing, reading and
// emptying those buffers was a third of the bytes a step moves. The weights are then summed into
// I_syn one by one instead of among themselves first: the same sum up to binary32 rounding.
void Network::choose_direct_delivery(std::vector<std::vector<bool>>& per_neuron) {
  if (chunk_steps_ != 1) return;
  std::vector<std::size_t> position(populations_.size());
  for (std::size_t i = 0; i < order_.size(); ++i) position[order_[i]] = i;
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    for (std::size_t c = 0; c < per_neuron[p].size(); ++c) {
      if (populations_[p]->neurons->next_step_current(c) == nullptr) continue;
      bool any = false;
      bool all = true;
      for (const auto& projection : projections_) {
        if (projection->target != p || projection->channel != c) continue;
        any = true;
        all = all && !projection->dense && projection->delay_steps == 1 &&
              position[p] <= position[projection->source];
      }
      if (!any || !all) continue;
      for (auto& projection : projections_) {
        if (projection->target == p && projection->channel == c) projection->direct = true;
      }
      per_neuron[p][c] = false;
    }
  }
}

void Network::deliver_dense(const Projection& projection, const Population& source, int steps,
                            std::uint32_t lo, std::uint32_t hi) {
  // Every target receives the same: weight * (summed spike heights) for a pulse, one number per
  // step; weight * count into each target's cell otherwise.
  ArrivalRing& ring = populations_[projection.target]->rings[projection.channel];
  const bool pulse = projection.kind == SynapseKind::kPulse;
  for (int s = 0; s < steps; ++s) {
    const std::uint32_t count = source.counts[s];
    if (count == 0) continue;
    const std::int64_t arrival = iteration_ + s + projection.delay_steps;
    if (pulse) {
      ring.uniform(arrival) += projection.weight * source.height_sums[count];
      continue;
    }
    const double amount = projection.weight * static_cast<double>(count);
    if (ring.binary32()) {
      float* row = ring.per_neuron_f32(arrival);
      for (std::uint32_t j = lo; j < hi; ++j) row[j] += static_cast<float>(amount);
    } else {
      double* row = ring.per_neuron(arrival);
      for (std::uint32_t j = lo; j < hi; ++j) row[j] += amount;
    }
  }
}

namespace {

// Adds each spike's weight to those of its targets that lie in [lo, hi), in the order of the
// spikes: every cell then receives its weights in the same order, however the targets are split
// between threads.
template <class Cell, class RowOf>
void scatter(std::span<const SpikeEvent> spikes, const Connectivity& synapses,
             const double* weights, double height, double weight, std::uint32_t lo,
             std::uint32_t hi, bool whole, RowOf row_of) {
  const std::uint32_t* targets = synapses.targets.data();
  const Cell amount = static_cast<Cell>(weight * height);
  // Each spike's synapses lie somewhere else in a table far larger than the caches (12 MB for a
  // 40,000-neuron CUBA, 128 MB for 400,000): ask for the rows of all spikes first (a
  // 400,000-neuron step has about 220), so that their cache misses overlap instead of following
  // one another (they took a quarter of the run; fetching a few spikes ahead instead was slower).
  for (const SpikeEvent& spike : spikes.first(std::min<std::size_t>(spikes.size(), 256))) {
    const std::uint32_t* first = targets + synapses.row_begin[spike.neuron];
    const std::uint32_t* end = targets + synapses.row_begin[spike.neuron + 1];
    for (const std::uint32_t* line = first; line < end; line += 16) __builtin_prefetch(line);
    if (weights != nullptr) {
      const double* w = weights + synapses.row_begin[spike.neuron];
      for (std::size_t k = 0; k < static_cast<std::size_t>(end - first); k += 8) {
        __builtin_prefetch(w + k);
      }
    }
  }
  for (const SpikeEvent& spike : spikes) {
    Cell* __restrict row = row_of(spike.iteration);
    std::uint64_t first = synapses.row_begin[spike.neuron];
    std::uint64_t end = synapses.row_begin[spike.neuron + 1];
    if (!whole) {  // targets ascend within a row (connectors.h)
      first = static_cast<std::uint64_t>(std::lower_bound(targets + first, targets + end, lo) -
                                         targets);
      end = static_cast<std::uint64_t>(std::lower_bound(targets + first, targets + end, hi) -
                                       targets);
    }
    if (weights != nullptr) {
      for (std::uint64_t k = first; k < end; ++k) {
        row[targets[k]] += static_cast<Cell>(weights[k] * height);
      }
    } else {
      for (std::uint64_t k = first; k < end; ++k) row[targets[k]] += amount;
    }
  }
}

// Deliveries with at least this many synaptic events are split between two threads by target
// (a 40,000-neuron CUBA step has about 1,800; 4,000 neurons about 180, too few to pay for the
// hand-over).
constexpr std::uint64_t kParallelDeliveryEvents = 1024;

}  // namespace

void Network::deliver(const Population& source, int steps) {
  std::uint64_t events = 0;  // synaptic events, which also says whether to split
  int threads = 1;
  const std::uint64_t spikes =
      std::accumulate(source.counts.begin(), source.counts.begin() + steps, std::uint64_t{0});
  if (spikes == 0) return;
  for (const std::size_t k : source.outgoing) {
    const Projection& projection = *projections_[k];
    const std::uint64_t targets = populations_[projection.target]->size();
    if (projection.dense) {
      events += spikes * targets;
    } else {
      for (const SpikeEvent& spike : source.events) {
        events += projection.synapses.row_begin[spike.neuron + 1] -
                  projection.synapses.row_begin[spike.neuron];
      }
    }
    threads = std::max(threads, threads_for(targets));
  }
  synaptic_events_ += events;
  const std::size_t pieces =
      events >= kParallelDeliveryEvents ? static_cast<std::size_t>(threads) : 1;
  // Piece w of every projection covers share w of its target population (share_begin), so the
  // cells a thread fills are those its blocks will read (blocked_advance.h cuts them the same
  // way). Within a piece the projections go in order, as they would on one thread.
  PieceClaims claims(pieces, pieces);
  auto run = [&](std::size_t worker) {
    for (std::size_t piece = claims.claim(worker); piece < pieces; piece = claims.claim(worker)) {
      for (const std::size_t k : source.outgoing) {
        const Projection& projection = *projections_[k];
        Population& target = *populations_[projection.target];
        const std::size_t size = target.size();
        const std::size_t shares =
            pieces == 1 ? 1 : share_count(size, static_cast<std::size_t>(threads_for(size)));
        if (piece >= shares) continue;
        const auto lo = static_cast<std::uint32_t>(share_begin(size, piece, shares));
        const auto hi = static_cast<std::uint32_t>(share_begin(size, piece + 1, shares));
        if (projection.dense) {
          // The uniform number of a pulse is one cell for all targets: piece 0's.
          if (piece == 0 || projection.kind != SynapseKind::kPulse) {
            deliver_dense(projection, source, steps, lo, hi);
          }
          continue;
        }
        ArrivalRing& ring = target.rings[projection.channel];
        // A pulse carries the source's spike height.
        const double height =
            projection.kind == SynapseKind::kPulse ? source.neurons->spike_height() : 1.0;
        const double* weights = projection.weights.empty() ? nullptr : projection.weights.data();
        const std::int64_t delay = projection.delay_steps;
        if (projection.direct) {
          float* current = target.neurons->next_step_current(projection.channel);
          scatter<float>(source.events, projection.synapses, weights, height, projection.weight, lo,
                         hi, shares == 1, [current](std::int64_t) { return current; });
        } else if (ring.binary32()) {
          scatter<float>(source.events, projection.synapses, weights, height, projection.weight, lo,
                         hi, shares == 1,
                         [&](std::int64_t step) { return ring.per_neuron_f32(step + delay); });
        } else {
          scatter<double>(source.events, projection.synapses, weights, height, projection.weight,
                          lo, hi, shares == 1,
                          [&](std::int64_t step) { return ring.per_neuron(step + delay); });
        }
      }
    }
  };
  pool_->run(pieces, run);
}

void Network::run_chunk(int steps) {
  for (int s = 0; s < steps; ++s) {
    clock_[s] = clock_ms_;
    clock_ms_ += spec_.dt_ms;
  }
  events_.clear();
  bool events_in_order = true;  // events_ holds one population's, or none
  const std::uint32_t raster_population = recorder_.config().raster_population;
  for (const std::size_t p : order_) {
    Population& population = *populations_[p];
    prepare_inputs(population, steps);
    ChunkInput input;
    input.first_iteration = iteration_;
    input.steps = steps;
    input.clock_ms = clock_.data();
    if (population.has_onset) input.onset = &population.onset_drive;
    if (!population.current_inputs.empty())
      input.uniform_current = population.uniform_current.data();
    if (!population.neuron_inputs.empty()) {
      input.neuron_current = population.neuron_current_rows.data();
    }
    for (std::size_t c = 0; c < population.rings.size(); ++c) {
      population.arrivals[c] = population.rings[c].view(iteration_, steps);
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
    if (population.events_recorded && !population.events.empty()) {
      events_in_order = events_in_order && events_.empty();
      events_.insert(events_.end(), population.events.begin(), population.events.end());
    }
    // Its targets run later in this chunk (or, within a loop, read these arrivals only in a
    // later chunk: the chunk is no longer than the loop's shortest delay).
    if (!population.outgoing.empty()) deliver(population, steps);
  }
  if (!events_in_order) {
    std::stable_sort(events_.begin(), events_.end(), [](const SpikeEvent& a, const SpikeEvent& b) {
      return a.iteration != b.iteration ? a.iteration < b.iteration : a.population < b.population;
    });
  }
  recorder_.append(
      Recorder::Chunk{steps, &sums_, &probe_values_, &probe_spiked_, &raster_, &events_});
  iteration_ += steps;
}

}  // namespace spikescope
