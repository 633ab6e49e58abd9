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
//   static constexpr std::size_t kBlockNeurons;  // neurons whose state fits in L1 together, a
//                                                // multiple of 64 (blocks keep to whole lines)
// `Kernel` is whatever the model prepared for the chunk (its compile-time variant and per-step
// constants); advance_blocked only passes it through.
#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>
#include <utility>
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

// What a population keeps between chunks: per-thread and per-block working memory, so that
// advancing allocates nothing once warmed up, and the helper threads (used when no pool is lent,
// common/worker_pool.h).
struct AdvanceWorkspace {
  // What one thread writes, on cache lines of its own: a line two cores both write moves
  // between them at every write, which cost more than the neurons' update.
  struct alignas(64) Share {
    std::vector<std::uint32_t> counts;       // [kPad + step] spikes of this thread's blocks
    std::vector<std::uint8_t> spiked;        // [neuron - block begin] of the step just run
    static constexpr std::size_t kPad = 16;  // a line of counts either side, shared with no one
  };
  struct alignas(64) BlockEvents {
    std::vector<SpikeEvent> list;  // in (iteration, neuron) order
  };
  std::vector<Share> shares;        // [thread]
  std::vector<BlockEvents> events;  // [block]
  std::vector<std::size_t> cursor;  // [block], while the blocks' events are merged
  WorkerPool pool;
};

// The blocks of a population for one chunk (plan_blocks): either blocks of `uniform` neurons,
// or `shares` thread shares (share_begin) of `per_share` blocks each, the last ones possibly
// empty.
struct BlockPlan {
  std::size_t size = 0;
  std::size_t uniform = 0;
  std::size_t shares = 1;
  std::size_t per_share = 1;

  std::size_t blocks() const {
    return uniform != 0 ? (size + uniform - 1) / uniform : shares * per_share;
  }
  // Neurons per block, at most.
  std::size_t longest_block() const {
    if (uniform != 0) return uniform;
    std::size_t longest = 0;
    for (std::size_t w = 0; w < shares; ++w) longest = std::max(longest, block_of_share(w));
    return longest;
  }
  // [begin, end) of block b.
  std::pair<std::size_t, std::size_t> range(std::size_t b) const {
    if (uniform != 0) return {b * uniform, std::min(size, (b + 1) * uniform)};
    const std::size_t share = b / per_share;
    const std::size_t first = share_begin(size, share, shares);
    const std::size_t last = share_begin(size, share + 1, shares);
    const std::size_t begin = std::min(last, first + (b % per_share) * block_of_share(share));
    return {begin, std::min(last, begin + block_of_share(share))};
  }

 private:
  // Neurons per block in share w: its length over per_share, rounded up to 64 (whole cache
  // lines of byte flags), which keeps it within the model's kBlockNeurons (a multiple of 64).
  std::size_t block_of_share(std::size_t w) const {
    const std::size_t length = share_begin(size, w + 1, shares) - share_begin(size, w, shares);
    return ((length + per_share - 1) / per_share + 63) / 64 * 64;
  }
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

// Appends an event for each of the `count` set flags of neurons [begin, begin + n). Spikes are
// rare (a few per thousand neurons and step), so the flags are read 64 at a time, empty groups
// skipped, and the scan stops at the last spike: a byte-by-byte scan cost as much as the step.
inline void append_events(const std::uint8_t* flags, std::size_t begin, std::size_t n,
                          std::uint32_t count, std::int64_t iteration, std::uint32_t population,
                          std::vector<SpikeEvent>& events) {
  std::size_t j = 0;
  for (; j + 64 <= n && count != 0; j += 64) {
    std::uint64_t words[8];
    std::memcpy(words, flags + j, sizeof words);
    std::uint64_t any = 0;
    for (const std::uint64_t word : words) any |= word;
    if (any == 0) continue;
    for (std::size_t w = 0; w < 8; ++w) {
      // Flags are 0 or 1, so each set bit is one neuron: bit 8k of word w is neuron 8w + k.
      for (std::uint64_t word = words[w]; word != 0; word &= word - 1) {
        const auto k = static_cast<std::size_t>(std::countr_zero(word)) / 8;
        events.push_back(
            SpikeEvent{iteration, population, static_cast<std::uint32_t>(begin + j + 8 * w + k)});
        --count;
      }
    }
  }
  for (; j < n && count != 0; ++j) {
    if (flags[j]) {
      events.push_back(SpikeEvent{iteration, population, static_cast<std::uint32_t>(begin + j)});
      --count;
    }
  }
}

// Runs blocks until none is left.
template <bool kEvents, class Model, class Kernel>
void advance_claimed_blocks(Model& model, const BlockPlan& plan, PieceClaims& claims,
                            std::size_t worker, const ChunkInput& in, const Kernel& kernel,
                            const ChunkOutput& out, Share& share,
                            AdvanceWorkspace::BlockEvents* block_events) {
  for (std::size_t block = claims.claim(worker); block < claims.pieces();
       block = claims.claim(worker)) {
    const auto [begin, end] = plan.range(block);
    if (begin == end) continue;
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
      share.counts[Share::kPad + step] += total;
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
          append_events(flags, begin, end - begin, total, in.first_iteration + step,
                        out.population_index, block_events[block].list);
        }
      }
    }
  }
}

// How a population is cut into blocks. A block's state stays in L1 across the steps of a
// chunk. With several threads, each thread's share (share_begin) is cut into blocks of its own,
// the same every chunk, so that a thread advances the neurons whose arrival cells it has just
// filled (network_step.cpp cuts deliveries with share_begin too) and whose state it advanced
// last time. Blocks that pool a raster hold whole raster rows instead, so that two threads never
// add to the same raster cell.
template <class Model>
BlockPlan plan_blocks(std::size_t size, std::size_t threads, std::uint32_t raster_group) {
  static_assert(Model::kBlockNeurons % 64 == 0, "blocks must keep to whole cache lines");
  BlockPlan plan;
  plan.size = size;
  if (raster_group != 0) {
    plan.uniform = std::max<std::size_t>(1, Model::kBlockNeurons / raster_group) * raster_group;
    return plan;
  }
  plan.shares = share_count(size, threads);
  std::size_t longest = 0;
  for (std::size_t w = 0; w < plan.shares; ++w) {
    longest = std::max(longest,
                       share_begin(size, w + 1, plan.shares) - share_begin(size, w, plan.shares));
  }
  plan.per_share =
      std::max<std::size_t>(1, (longest + Model::kBlockNeurons - 1) / Model::kBlockNeurons);
  return plan;
}

template <bool kEvents, class Model, class Kernel>
void advance_blocked(Model& model, std::size_t size, const ChunkInput& in, const Kernel& kernel,
                     ChunkOutput& out, int threads, AdvanceWorkspace& workspace) {
  const std::size_t requested = static_cast<std::size_t>(std::max(threads, 1));
  const BlockPlan plan = plan_blocks<Model>(size, requested, out.raster_group);
  const std::size_t blocks = plan.blocks();
  const std::size_t workers =
      std::clamp<std::size_t>(requested, 1, std::max<std::size_t>(1, blocks));
  PieceClaims claims(blocks, plan.uniform != 0 ? workers : plan.shares);
  if (workspace.shares.size() < workers) workspace.shares.resize(workers);
  for (std::size_t w = 0; w < workers; ++w) {
    Share& share = workspace.shares[w];
    share.counts.assign(in.steps + 2 * Share::kPad, 0);
    share.spiked.resize(std::min(plan.longest_block(), size));
  }
  if constexpr (kEvents) {
    if (workspace.events.size() < blocks) workspace.events.resize(blocks);
    for (std::size_t b = 0; b < blocks; ++b) workspace.events[b].list.clear();
  }
  auto run = [&](std::size_t w) {
    advance_claimed_blocks<kEvents>(model, plan, claims, w, in, kernel, out, workspace.shares[w],
                                    workspace.events.data());
  };
  WorkerPool* lent = WorkerPool::lent();
  (lent != nullptr ? *lent : workspace.pool).run(workers, run);
  for (std::size_t w = 0; w < workers; ++w) {
    const Share& share = workspace.shares[w];
    for (int step = 0; step < in.steps; ++step) {
      out.spike_counts[step] += share.counts[Share::kPad + step];
    }
  }
  if constexpr (kEvents) {
    // Each block's events are in (iteration, neuron) order and blocks are in neuron order:
    // taking each step's events block by block gives the order the network wants, whichever
    // thread ran which block.
    std::vector<SpikeEvent>& events = *out.events;
    const AdvanceWorkspace::BlockEvents* block_events = workspace.events.data();
    if (in.steps == 1) {
      for (std::size_t b = 0; b < blocks; ++b) {
        events.insert(events.end(), block_events[b].list.begin(), block_events[b].list.end());
      }
    } else {
      workspace.cursor.assign(blocks, 0);
      std::size_t* cursor = workspace.cursor.data();
      for (int step = 0; step < in.steps; ++step) {
        const std::int64_t iteration = in.first_iteration + step;
        for (std::size_t b = 0; b < blocks; ++b) {
          const std::vector<SpikeEvent>& block = block_events[b].list;
          std::size_t k = cursor[b];
          while (k < block.size() && block[k].iteration == iteration) events.push_back(block[k++]);
          cursor[b] = k;
        }
      }
    }
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
