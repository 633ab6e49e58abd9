#pragma once
// Our own seeded generator for stimulus onsets, so that a seed means the same onsets on every
// platform and compiler (std::uniform_int_distribution is implementation-defined).
//
// Algorithm, fixed forever for format version 1:
//   state <- seed; for each neuron: draw x = splitmix64(state) (Vigna's SplitMix64 step);
//   onset = x mod (max + 1), redrawing x while x >= 2^64 - (2^64 mod (max + 1)) so that every
//   value in [0, max] is equally likely.
#include <cstdint>
#include <vector>

namespace spikescope {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [0, max_inclusive], unbiased (rejection sampling).
  std::uint64_t uniform(std::uint64_t max_inclusive);

 private:
  std::uint64_t state_;
};

// `count` onsets drawn uniformly from [0, max_offset_steps].
std::vector<std::int32_t> draw_onsets(std::size_t count, std::int32_t max_offset_steps,
                                      std::uint64_t seed);

}  // namespace spikescope
