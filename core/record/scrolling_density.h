#pragma once
// The density image of a scrolling raster, kept up to date frame by frame. Bins are aligned to
// absolute steps (multiples of bin_steps), so a bin that is complete never changes: it is
// pooled once and remembered, and a frame costs the steps simulated since the previous frame
// rather than the whole window (reading a 4000-step x 1024-row window anew takes ~4 ms).
#include <cstdint>
#include <deque>
#include <vector>

#include "record/step_ring.h"
#include "record/trace_reduction.h"

namespace spikescope {

class ScrollingDensity {
 public:
  // The image of steps [first_step, end_step), equal to pool_raster() of the same arguments as
  // long as the ring still holds every step of the bins shown. first_step must be a multiple of
  // bin_steps. Steps already pooled are taken as they were: call forget() when the raster's
  // history is replaced (reset, new network).
  const DensityImage& update(const StepRing<std::uint32_t>& raster, std::int64_t first_step,
                             std::int64_t end_step, std::size_t max_rows, std::size_t bin_steps);
  void forget();

 private:
  std::vector<std::uint32_t> pool_bin(const StepRing<std::uint32_t>& raster, std::int64_t bin,
                                      std::int64_t end_step) const;

  std::deque<std::vector<std::uint32_t>> bins_;  // pooled image rows of bins first_bin_, ...
  std::int64_t first_bin_ = 0;
  std::size_t complete_bins_ = 0;  // leading entries of bins_ whose steps were all simulated
  std::size_t bin_steps_ = 0;
  std::size_t rows_per_pixel_ = 0;
  std::size_t raster_rows_ = 0;
  DensityImage image_;
};

}  // namespace spikescope
