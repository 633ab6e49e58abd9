#include "record/scrolling_density.h"

#include <algorithm>

namespace spikescope {

void ScrollingDensity::forget() {
  bins_.clear();
  complete_bins_ = 0;
  first_bin_ = 0;
}

std::vector<std::uint32_t> ScrollingDensity::pool_bin(const StepRing<std::uint32_t>& raster,
                                                      std::int64_t bin,
                                                      std::int64_t end_step) const {
  const auto bin_steps = static_cast<std::int64_t>(bin_steps_);
  const std::int64_t begin = std::max(bin * bin_steps, raster.first_step());
  const std::int64_t end = std::min({(bin + 1) * bin_steps, end_step, raster.end_step()});
  std::vector<std::uint32_t> sums(raster_rows_, 0u);
  for (std::int64_t s = begin; s < end; ++s) {
    const std::uint32_t* row_counts = raster.at(s);
    for (std::size_t r = 0; r < raster_rows_; ++r) sums[r] += row_counts[r];
  }
  std::vector<std::uint32_t> pooled((raster_rows_ + rows_per_pixel_ - 1) / rows_per_pixel_, 0u);
  for (std::size_t r = 0; r < raster_rows_; ++r) pooled[r / rows_per_pixel_] += sums[r];
  return pooled;
}

const DensityImage& ScrollingDensity::update(const StepRing<std::uint32_t>& raster,
                                             std::int64_t first_step, std::int64_t end_step,
                                             std::size_t max_rows, std::size_t bin_steps) {
  bin_steps = std::max<std::size_t>(1, bin_steps);
  max_rows = std::max<std::size_t>(1, max_rows);
  const std::size_t rows_per_pixel = (raster.width() + max_rows - 1) / max_rows;
  if (bin_steps != bin_steps_ || rows_per_pixel != rows_per_pixel_ ||
      raster.width() != raster_rows_) {
    forget();
    bin_steps_ = bin_steps;
    rows_per_pixel_ = std::max<std::size_t>(1, rows_per_pixel);
    raster_rows_ = raster.width();
  }
  end_step = std::min(end_step, raster.end_step());
  const auto bin64 = static_cast<std::int64_t>(bin_steps_);
  const std::int64_t first_bin = first_step / bin64;
  const std::int64_t end_bin = std::max(first_bin, (end_step + bin64 - 1) / bin64);
  if (first_bin < first_bin_) forget();  // the view went back: nothing kept applies
  while (!bins_.empty() && first_bin_ < first_bin) {
    bins_.pop_front();
    ++first_bin_;
    if (complete_bins_ > 0) --complete_bins_;
  }
  if (bins_.empty()) {
    first_bin_ = first_bin;
    complete_bins_ = 0;
  }
  bins_.resize(complete_bins_);  // the last bin may have grown since: pool it again
  for (std::int64_t bin = first_bin_ + static_cast<std::int64_t>(bins_.size()); bin < end_bin;
       ++bin) {
    bins_.push_back(pool_bin(raster, bin, end_step));
    if ((bin + 1) * bin64 <= end_step) ++complete_bins_;
  }

  image_.bin_steps = bin_steps_;
  image_.rows_per_pixel = rows_per_pixel_;
  image_.rows = raster_rows_ == 0 ? 0 : (raster_rows_ + rows_per_pixel_ - 1) / rows_per_pixel_;
  image_.columns = raster_rows_ == 0 ? 0 : bins_.size();
  image_.counts.assign(image_.rows * image_.columns, 0u);
  for (std::size_t column = 0; column < image_.columns; ++column) {
    for (std::size_t row = 0; row < image_.rows; ++row) {
      image_.counts[row * image_.columns + column] = bins_[column][row];
    }
  }
  return image_;
}

}  // namespace spikescope
