#include "common/onset_generator.h"

#include <limits>

#include "common/parameter_error.h"

namespace spikescope {

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t SplitMix64::uniform(std::uint64_t max_inclusive) {
  if (max_inclusive == std::numeric_limits<std::uint64_t>::max()) return next();
  const std::uint64_t range = max_inclusive + 1;
  // 2^64 mod range, computed without 128-bit arithmetic.
  const std::uint64_t excess = (std::numeric_limits<std::uint64_t>::max() % range + 1) % range;
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - excess;
  std::uint64_t x = next();
  while (excess != 0 && x > limit) x = next();
  return x % range;
}

std::vector<std::int32_t> draw_onsets(std::size_t count, std::int32_t max_offset_steps,
                                      std::uint64_t seed) {
  if (max_offset_steps < 0) {
    throw ParameterError("stimulus.onset_max_steps: must not be negative, got " +
                         std::to_string(max_offset_steps));
  }
  SplitMix64 rng(seed);
  std::vector<std::int32_t> onsets(count);
  for (auto& onset : onsets) {
    onset = static_cast<std::int32_t>(rng.uniform(static_cast<std::uint64_t>(max_offset_steps)));
  }
  return onsets;
}

}  // namespace spikescope
