#pragma once
// Reductions of recorded traces to what a plot of limited width and height can show. A plot
// never needs more than a few points per pixel column, so these keep the drawing cost fixed
// however many steps or neurons were simulated.
//
// A series is split into bins of bin_steps consecutive samples counted from its first sample
// (the last bin may be shorter). A caller that starts its series on a multiple of bin_steps
// gets bins aligned to absolute steps, so that a scrolling view keeps its finished bins
// unchanged from frame to frame and can append instead of redraw.
#include <cstdint>
#include <span>
#include <vector>

#include "record/step_ring.h"

namespace spikescope {

// One plot line: sample indices (relative to the series start) and values, indices ascending.
struct Polyline {
  std::vector<std::int64_t> indices;
  std::vector<double> values;
  bool operator==(const Polyline&) const = default;
};

// The min/max envelope of `values`: in each bin the smallest and the largest sample, in the
// order they occur (one point if they coincide). With bins of one or two samples that is the
// series itself.
Polyline min_max_envelope(std::span<const double> values, std::size_t bin_steps);

// Sums of `bin_steps` consecutive samples (the last bin may be shorter).
std::vector<double> sum_per_bin(std::span<const double> values, std::size_t bin_steps);

// The smallest bin that fits `steps` samples into at most `columns` bins.
std::size_t bin_steps_for(std::int64_t steps, std::size_t columns);

// Spike counts of a pooled raster as an image: at most `max_rows` rows (neighbouring raster rows
// summed) by ceil(steps / bin_steps) columns (steps [first_step, end_step) summed per bin).
struct DensityImage {
  std::size_t rows = 0;
  std::size_t columns = 0;
  std::size_t rows_per_pixel = 1;     // raster rows pooled into one image row
  std::size_t bin_steps = 1;          // steps pooled into one image column
  std::vector<std::uint32_t> counts;  // [row * columns + column]
  bool operator==(const DensityImage&) const = default;
};
DensityImage pool_raster(const StepRing<std::uint32_t>& raster, std::int64_t first_step,
                         std::int64_t end_step, std::size_t max_rows, std::size_t bin_steps);

// Intervals [begin, end) of sample indices during which a neuron is refractory: each spike at
// index k holds it for the `refractory_steps` samples after k. Overlapping or touching intervals
// are merged.
struct StepInterval {
  std::int64_t begin;
  std::int64_t end;
  bool operator==(const StepInterval&) const = default;
};
std::vector<StepInterval> refractory_intervals(std::span<const std::uint8_t> spiked,
                                               std::int64_t refractory_steps);

// Indices of the samples with a spike, thinned to the first one in each bin.
std::vector<std::int64_t> spike_indices(std::span<const std::uint8_t> spiked,
                                        std::size_t bin_steps);

}  // namespace spikescope
