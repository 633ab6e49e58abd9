#pragma once
// How many steps the network advances at a time. A chunk is never longer than the shortest
// delay in a loop (everything that arrives during a chunk was sent before it began), and never
// longer than kMaxChunkSteps, which bounds the per-chunk buffers.
#include <algorithm>
#include <cstdint>

namespace spikescope {

inline constexpr int kMaxChunkSteps = 64;

// Noise currents are drawn for a whole chunk ahead, [step][neuron]; a population with noise
// and many neurons gets shorter chunks so that this stays within kMaxNoiseValues values.
inline constexpr std::uint64_t kMaxNoiseValues = std::uint64_t{1} << 20;
inline int noise_chunk_steps(std::uint64_t neurons) {
  return static_cast<int>(std::clamp<std::uint64_t>(kMaxNoiseValues / std::max<std::uint64_t>(
                                                                          1, neurons),
                                                    1, kMaxChunkSteps));
}
inline std::uint64_t noise_buffer_neurons(std::uint64_t neurons) {
  return neurons * static_cast<std::uint64_t>(noise_chunk_steps(neurons));
}

}  // namespace spikescope
