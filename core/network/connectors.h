#pragma once
// Synapses made by a connector rule (NEST's conn_builder.h: one builder per rule, each with a
// seeded generator), stored row by row: the targets of source i are
// targets[row_begin[i]] .. targets[row_begin[i + 1] - 1], ascending.
//
// The draws are ours and fixed, so that a seed gives the same synapses everywhere:
//   fixed_probability: per source i in order, the gaps between chosen targets are geometric:
//     skip = floor(ln(1 - u) / ln(1 - p)) with u from SplitMix64(seed) as in value_spec.h.
//   fixed_in_degree: per target j in order, k distinct sources by Floyd's algorithm (SplitMix64
//     uniform integers), then sorted into rows.
// Self-connections (source and target the same population, i == j) are skipped when not
// allowed; for fixed_in_degree the k sources are then drawn from the other neurons.
#include <cstdint>
#include <vector>

#include "network/network_spec.h"

namespace spikescope {

struct Connectivity {
  std::vector<std::uint64_t> row_begin;  // [source + 1]
  std::vector<std::uint32_t> targets;    // [synapse]
  std::uint64_t synapse_count() const { return targets.size(); }
  std::uint64_t in_degree(std::uint32_t target) const;  // counts; for tests
};

// The synapses of a projection between populations of these sizes; `same_population` when the
// source is the target. The rule's parameters are validated (validate_network.h).
Connectivity connect(const ConnectorSpec& connector, std::uint64_t source_size,
                     std::uint64_t target_size, bool same_population);

// Synapses a connector is expected to make (all_to_all, one_to_one and fixed_in_degree
// exactly; fixed_probability its mean plus six standard deviations), for the memory check.
std::uint64_t expected_synapses(const ConnectorSpec& connector, std::uint64_t source_size,
                                std::uint64_t target_size, bool same_population);

}  // namespace spikescope
