#include "snapshot_builder.h"

#include <algorithm>

namespace spikescope {
namespace {

template <typename T>
std::vector<T> column_of(const StepRing<T>& ring, std::size_t column, std::int64_t first,
                         std::int64_t end) {
  std::vector<T> values;
  values.reserve(static_cast<std::size_t>(std::max<std::int64_t>(0, end - first)));
  for (std::int64_t s = first; s < end; ++s) values.push_back(ring.value(s, column));
  return values;
}

PlotSeries to_series(const Polyline& line, std::int64_t first_step, double dt_ms) {
  PlotSeries series;
  series.keys_ms.reserve(line.indices.size());
  for (const std::int64_t index : line.indices) {
    series.keys_ms.push_back(static_cast<double>(first_step + index) * dt_ms);
  }
  series.values = line.values;
  return series;
}

std::vector<double> spike_times(const std::vector<std::uint8_t>& spiked, std::int64_t first_step,
                                std::size_t bin_steps, double dt_ms) {
  std::vector<double> times;
  for (const std::int64_t index : spike_indices(spiked, bin_steps)) {
    times.push_back(static_cast<double>(first_step + index) * dt_ms);
  }
  return times;
}

}  // namespace

PlotSnapshot build_snapshot(const Recorder& recorder, const SnapshotRequest& request) {
  PlotSnapshot snapshot;
  snapshot.start_ms = request.start_ms;
  snapshot.end_ms = request.end_ms;
  snapshot.dt_ms = request.dt_ms;
  snapshot.threshold_v = request.threshold_v;
  snapshot.layer0_unit = request.layer0_unit;
  snapshot.layer1_unit = request.layer1_unit;
  snapshot.selected_neuron = request.selected_neuron;
  snapshot.layer0_size = request.layer0_size;

  const std::int64_t first = std::max(request.first_step, recorder.population_sums().first_step());
  const std::int64_t end = std::min(request.end_step, recorder.end_step());
  if (end <= first) return snapshot;
  const std::size_t bin = request.bin_steps != 0
                              ? request.bin_steps
                              : bin_steps_for(end - first, request.geometry.columns);
  const auto bin64 = static_cast<std::int64_t>(bin);
  const double dt = request.dt_ms;
  snapshot.bin_steps = bin;
  snapshot.settled_before_ms = static_cast<double>(first + (end - 1 - first) / bin64 * bin64) * dt;

  // Plot 1 starts where the probe began watching the selected neuron (on a bin boundary, so
  // that its bins line up with the others).
  const std::int64_t valid_from = (request.layer0_probe_valid_from + bin64 - 1) / bin64 * bin64;
  const std::int64_t probe_first = std::max(first, valid_from);
  if (probe_first < end) {
    const auto vm = column_of(recorder.probe_values(), request.layer0_probe, probe_first, end);
    const auto spiked = column_of(recorder.probe_spiked(), request.layer0_probe, probe_first, end);
    snapshot.layer0_vm = to_series(min_max_envelope(vm, bin), probe_first, dt);
    snapshot.layer0_spike_ms = spike_times(spiked, probe_first, bin, dt);
    for (const StepInterval& held : refractory_intervals(spiked, request.refractory_steps)) {
      snapshot.refractory.push_back(
          TimeInterval{static_cast<double>(probe_first + held.begin) * dt,
                       static_cast<double>(std::min(probe_first + held.end, end)) * dt});
    }
  }

  const auto sums = column_of(recorder.population_sums(), 0, first, end);
  snapshot.layer0_sum.values = sum_per_bin(sums, bin);
  for (std::size_t b = 0; b < snapshot.layer0_sum.values.size(); ++b) {
    snapshot.layer0_sum.keys_ms.push_back(
        static_cast<double>(first + static_cast<std::int64_t>(b) * bin64) * dt);
  }

  if (request.layer1_probe) {
    const auto vm = column_of(recorder.probe_values(), *request.layer1_probe, first, end);
    const auto spiked = column_of(recorder.probe_spiked(), *request.layer1_probe, first, end);
    snapshot.layer1_vm = to_series(min_max_envelope(vm, bin), first, dt);
    snapshot.layer1_spike_ms = spike_times(spiked, first, bin, dt);
  }

  if (recorder.raster_rows() != 0) {
    snapshot.raster =
        request.density != nullptr
            ? request.density->update(recorder.raster(), first, end, request.geometry.raster_rows,
                                      bin)
            : pool_raster(recorder.raster(), first, end, request.geometry.raster_rows, bin);
    snapshot.neurons_per_row =
        recorder.raster_group() * static_cast<std::uint32_t>(snapshot.raster.rows_per_pixel);
    if (request.onset_steps != nullptr) {
      snapshot.row_onset_ms.assign(snapshot.raster.rows, 0.0);
      const auto& onsets = *request.onset_steps;
      for (std::size_t row = 0; row < snapshot.raster.rows; ++row) {
        const std::size_t begin = row * snapshot.neurons_per_row;
        const std::size_t stop = std::min(onsets.size(), begin + snapshot.neurons_per_row);
        if (begin >= stop) continue;
        const std::int32_t earliest =
            *std::min_element(onsets.begin() + static_cast<std::ptrdiff_t>(begin),
                              onsets.begin() + static_cast<std::ptrdiff_t>(stop));
        snapshot.row_onset_ms[row] = onset_mark_ms(earliest, dt);
      }
    }
  }
  return snapshot;
}

}  // namespace spikescope
