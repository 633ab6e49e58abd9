#pragma once
// The loop structure shared by the vectorised models: neurons are processed in cache-sized
// blocks, and each block runs all steps of the chunk before the next block is touched (temporal
// blocking: within a chunk no neuron depends on another, because everything that arrives during
// it was buffered before it began, network/network.h). Large populations share their blocks out
// among threads; each thread keeps its own counts, so nothing is shared but disjoint output cells.
//
// A Model provides:
//   template <class Kernel, bool kFlags>
//   std::uint32_t step_range(std::size_t begin, std::size_t end, int step, const Kernel& kernel,
//                            std::uint8_t* spiked);  // advances [begin, end) one step; with
//                            // kFlags, spiked[j - begin] = did neuron j fire
//   double state_value(std::size_t variable, std::size_t neuron) const;
//   static constexpr std::size_t kBlockNeurons;  // neurons whose state fits in L1 together
// `Kernel` is whatever the model prepared for the chunk (its compile-time variant and per-step
// constants); advance_blocked only passes it through.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

#include "common/worker_pool.h"
#include "model/neuron_population.h"

namespace spikescope {

// Marks a model's step_range: GCC compiles it for AVX-512, AVX2 and baseline x86-64 and picks
// one at load time, so one binary runs everywhere and uses the widest vectors it finds. The
// clones perform the same IEEE operations in the same order (no FMA: -ffp-contract=off), so
// every path gives the same bits. Not under ThreadSanitizer: the instrumented resolver runs
// during relocation, before the sanitizer's runtime exists, and crashes.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
#define SPIKESCOPE_VECTOR_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define SPIKESCOPE_VECTOR_CLONES
#endif

// What a population keeps between chunks: per-thread working memory, so that advancing
// allocates nothing once warmed up, and the helper threads.
struct AdvanceWorkspace {
  struct Share {
    std::vector<std::uint32_t> counts;  // [step] spikes of this thread's blocks
    std::vector<SpikeEvent> events;
    std::vector<std::uint8_t> spiked;  // [neuron - block begin] of the step just run
  };
  std::vector<Share> shares;  // [thread]
  WorkerPool pool;
};

namespace detail {

using Share = AdvanceWorkspace::Share;

// Raster rows at least this long are advanced one call per row, whose count is the row's, with
// no flag stored (a million neurons in 1024 rows: live mode ran at half the engine's rate with
// flags). Shorter rows are summed from flags instead; see step_block.
inline constexpr std::uint32_t kRowCallMinNeurons = 512;

// Advances neurons [begin, end) one step and, when a raster is recorded, adds each row's spikes
// to its cell; returns the count. Short rows are summed from the spike flags of one call over the
// whole block: a call per row (rows of ~100 neurons for 1e5 neurons in 1024 rows) ran the model
// on short vectors with a horizontal sum per row, which cost more than the flag stores do. Long
// rows get a call each.
template <bool kFlags, class Model, class Kernel>
std::uint32_t step_block(Model& model, std::size_t begin, std::size_t end, int step,
                         const Kernel& kernel, const ChunkOutput& out, std::uint8_t* flags) {
  const std::uint32_t group = out.raster_group;
  if (group == 0) return model.template step_range<Kernel, kFlags>(begin, end, step, kernel, flags);
  std::uint32_t* cell =
      out.raster_counts + static_cast<std::size_t>(step) * out.raster_rows + begin / group;
  if (group >= kRowCallMinNeurons) {
    std::uint32_t total = 0;
    for (std::size_t row_begin = begin; row_begin < end; row_begin += group, ++cell) {
      const std::size_t row_end = std::min<std::size_t>(end, row_begin + group);
      const std::uint32_t count = model.template step_range<Kernel, kFlags>(
          row_begin, row_end, step, kernel, kFlags ? flags + (row_begin - begin) : nullptr);
      *cell += count;
      total += count;
    }
    return total;
  }
  const std::uint32_t total =
      model.template step_range<Kernel, true>(begin, end, step, kernel, flags);
  if (total == 0) return 0;
  for (std::size_t row_begin = begin; row_begin < end; row_begin += group, ++cell) {
    const std::size_t row_size = std::min<std::size_t>(end - row_begin, group);
    const std::uint8_t* row = flags + (row_begin - begin);
    std::uint32_t count = 0;
    for (std::size_t j = 0; j < row_size; ++j) count += row[j];
    *cell += count;
  }
  return total;
}

// Runs blocks until none is left. Blocks are claimed one at a time rather than split up front:
// on a shared machine one thread may be descheduled for milliseconds, and the other then does
// its work instead of waiting for it.
template <bool kEvents, class Model, class Kernel>
void advance_claimed_blocks(Model& model, std::size_t size, std::size_t blocks,
                            std::size_t block_neurons, std::atomic<std::size_t>& next_block,
                            const ChunkInput& in, const Kernel& kernel, const ChunkOutput& out,
                            Share& share) {
  for (std::size_t block = next_block.fetch_add(1, std::memory_order_relaxed); block < blocks;
       block = next_block.fetch_add(1, std::memory_order_relaxed)) {
    const std::size_t begin = block * block_neurons;
    const std::size_t end = std::min(size, begin + block_neurons);
    const bool has_probe = std::any_of(out.probe_neurons.begin(), out.probe_neurons.end(),
                                       [&](std::uint32_t n) { return n >= begin && n < end; });
    // Spike flags cost a store per neuron: only blocks that report single spikes or pool a
    // raster pay for them.
    const bool need_flags =
        kEvents || has_probe || (out.raster_group != 0 && out.raster_group < kRowCallMinNeurons);
    std::uint8_t* flags = share.spiked.data();  // flag of neuron j at flags[j - begin]
    for (int step = 0; step < in.steps; ++step) {
      const std::uint32_t total =
          need_flags ? step_block<true>(model, begin, end, step, kernel, out, flags)
                     : step_block<false>(model, begin, end, step, kernel, out, nullptr);
      share.counts[step] += total;
      if (has_probe) {
        for (std::size_t p = 0; p < out.probe_neurons.size(); ++p) {
          const std::size_t neuron = out.probe_neurons[p];
          if (neuron < begin || neuron >= end) continue;
          const std::size_t at = p * static_cast<std::size_t>(in.steps) + step;
          out.probe_values[at] = model.state_value(out.probe_variables[p], neuron);
          out.probe_spiked[at] = flags[neuron - begin];
        }
      }
      if constexpr (kEvents) {
        if (total != 0) {
          for (std::size_t j = begin; j < end; ++j) {
            if (flags[j - begin]) {
              share.events.push_back(SpikeEvent{in.first_iteration + step, out.population_index,
                                                static_cast<std::uint32_t>(j)});
            }
          }
        }
      }
    }
  }
}

template <bool kEvents, class Model, class Kernel>
void advance_blocked(Model& model, std::size_t size, const ChunkInput& in, const Kernel& kernel,
                     ChunkOutput& out, int threads, AdvanceWorkspace& workspace) {
  // Blocks hold whole raster rows, so that two threads never add to the same raster cell.
  std::size_t block_neurons = Model::kBlockNeurons;
  if (out.raster_group != 0) {
    block_neurons =
        std::max<std::size_t>(1, Model::kBlockNeurons / out.raster_group) * out.raster_group;
  }
  const std::size_t blocks = (size + block_neurons - 1) / block_neurons;
  const std::size_t workers = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, blocks));
  if (workspace.shares.size() < workers) workspace.shares.resize(workers);
  for (std::size_t w = 0; w < workers; ++w) {
    Share& share = workspace.shares[w];
    share.counts.assign(in.steps, 0);
    share.events.clear();
    share.spiked.resize(std::min(block_neurons, size));
  }
  std::atomic<std::size_t> next_block{0};
  auto run = [&](std::size_t w) {
    advance_claimed_blocks<kEvents>(model, size, blocks, block_neurons, next_block, in, kernel,
                                    out, workspace.shares[w]);
  };
  workspace.pool.run(workers, run);
  for (std::size_t w = 0; w < workers; ++w) {
    const Share& share = workspace.shares[w];
    for (int step = 0; step < in.steps; ++step) out.spike_counts[step] += share.counts[step];
  }
  if constexpr (kEvents) {
    // Each thread's events come block by block; the network wants (iteration, neuron) order.
    const std::size_t first_new = out.events->size();
    for (std::size_t w = 0; w < workers; ++w) {
      const Share& share = workspace.shares[w];
      out.events->insert(out.events->end(), share.events.begin(), share.events.end());
    }
    std::sort(out.events->begin() + static_cast<std::ptrdiff_t>(first_new), out.events->end(),
              [](const SpikeEvent& a, const SpikeEvent& b) {
                return a.iteration != b.iteration ? a.iteration < b.iteration : a.neuron < b.neuron;
              });
  }
}

}  // namespace detail

// Advances the population one chunk with the kernel the model prepared; every spike is reported
// when out.events is set.
template <class Model, class Kernel>
void advance_blocked(Model& model, std::size_t size, const ChunkInput& in, const Kernel& kernel,
                     ChunkOutput& out, int threads, AdvanceWorkspace& workspace) {
  if (out.events != nullptr) {
    detail::advance_blocked<true>(model, size, in, kernel, out, threads, workspace);
  } else {
    detail::advance_blocked<false>(model, size, in, kernel, out, threads, workspace);
  }
}

}  // namespace spikescope
