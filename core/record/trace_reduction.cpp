#include "record/trace_reduction.h"

#include <algorithm>

namespace spikescope {

Polyline min_max_envelope(std::span<const double> values, std::size_t bin_steps) {
  Polyline line;
  const std::size_t n = values.size();
  bin_steps = std::max<std::size_t>(1, bin_steps);
  line.indices.reserve(std::min(n, 2 * ((n + bin_steps - 1) / bin_steps)));
  line.values.reserve(line.indices.capacity());
  for (std::size_t begin = 0; begin < n; begin += bin_steps) {
    const std::size_t end = std::min(n, begin + bin_steps);
    std::size_t lowest = begin;
    std::size_t highest = begin;
    for (std::size_t i = begin + 1; i < end; ++i) {
      if (values[i] < values[lowest]) lowest = i;
      if (values[i] > values[highest]) highest = i;
    }
    const std::size_t first = std::min(lowest, highest);
    const std::size_t second = std::max(lowest, highest);
    line.indices.push_back(static_cast<std::int64_t>(first));
    line.values.push_back(values[first]);
    if (second != first) {
      line.indices.push_back(static_cast<std::int64_t>(second));
      line.values.push_back(values[second]);
    }
  }
  return line;
}

std::vector<double> sum_per_bin(std::span<const double> values, std::size_t bin_steps) {
  bin_steps = std::max<std::size_t>(1, bin_steps);
  std::vector<double> sums((values.size() + bin_steps - 1) / bin_steps, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) sums[i / bin_steps] += values[i];
  return sums;
}

std::size_t bin_steps_for(std::int64_t steps, std::size_t columns) {
  if (steps <= 0 || columns == 0) return 1;
  const auto n = static_cast<std::size_t>(steps);
  return std::max<std::size_t>(1, (n + columns - 1) / columns);
}

DensityImage pool_raster(const StepRing<std::uint32_t>& raster, std::int64_t first_step,
                         std::int64_t end_step, std::size_t max_rows, std::size_t bin_steps) {
  DensityImage image;
  first_step = std::max(first_step, raster.first_step());
  end_step = std::min(end_step, raster.end_step());
  const std::size_t raster_rows = raster.width();
  if (raster_rows == 0 || end_step <= first_step) return image;
  image.bin_steps = std::max<std::size_t>(1, bin_steps);
  image.rows_per_pixel =
      (raster_rows + std::max<std::size_t>(1, max_rows) - 1) / std::max<std::size_t>(1, max_rows);
  image.rows = (raster_rows + image.rows_per_pixel - 1) / image.rows_per_pixel;
  const auto steps = static_cast<std::size_t>(end_step - first_step);
  image.columns = (steps + image.bin_steps - 1) / image.bin_steps;
  image.counts.assign(image.rows * image.columns, 0);
  // Sum each bin's steps row by row (contiguous, vectorisable), then pool the rows of the bin:
  // no division or scattered store per raster cell.
  std::vector<std::uint32_t> bin_sums(raster_rows);
  for (std::size_t column = 0; column < image.columns; ++column) {
    std::fill(bin_sums.begin(), bin_sums.end(), 0u);
    const std::size_t bin_end = std::min(steps, (column + 1) * image.bin_steps);
    for (std::size_t s = column * image.bin_steps; s < bin_end; ++s) {
      const std::uint32_t* row_counts = raster.at(first_step + static_cast<std::int64_t>(s));
      for (std::size_t r = 0; r < raster_rows; ++r) bin_sums[r] += row_counts[r];
    }
    for (std::size_t r = 0; r < raster_rows; ++r) {
      image.counts[(r / image.rows_per_pixel) * image.columns + column] += bin_sums[r];
    }
  }
  return image;
}

std::vector<StepInterval> refractory_intervals(std::span<const std::uint8_t> spiked,
                                               std::int64_t refractory_steps) {
  std::vector<StepInterval> intervals;
  if (refractory_steps <= 0) return intervals;
  const auto n = static_cast<std::int64_t>(spiked.size());
  for (std::int64_t k = 0; k < n; ++k) {
    if (spiked[static_cast<std::size_t>(k)] == 0) continue;
    const StepInterval next{k + 1, k + 1 + refractory_steps};
    if (!intervals.empty() && intervals.back().end >= next.begin) {
      intervals.back().end = std::max(intervals.back().end, next.end);
    } else {
      intervals.push_back(next);
    }
  }
  return intervals;
}

std::vector<std::int64_t> spike_indices(std::span<const std::uint8_t> spiked,
                                        std::size_t bin_steps) {
  std::vector<std::int64_t> indices;
  bin_steps = std::max<std::size_t>(1, bin_steps);
  for (std::size_t begin = 0; begin < spiked.size(); begin += bin_steps) {
    const std::size_t end = std::min(spiked.size(), begin + bin_steps);
    for (std::size_t i = begin; i < end; ++i) {
      if (spiked[i] != 0) {
        indices.push_back(static_cast<std::int64_t>(i));
        break;
      }
    }
  }
  return indices;
}

}  // namespace spikescope
