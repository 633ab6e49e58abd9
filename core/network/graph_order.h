#pragma once
// The order in which a network's populations are advanced within a chunk, and how long a chunk
// may be: sources before their targets (the condensation of the projection graph in
// topological order; the populations of one loop in index order), and no chunk longer than the
// shortest delay of a projection within a loop.
#include <cstdint>
#include <vector>

namespace spikescope {

struct GraphEdge {
  std::size_t source;
  std::size_t target;
  std::uint32_t delay_steps;
};

struct AdvanceOrder {
  std::vector<std::size_t> populations;  // every population once
  std::uint32_t shortest_loop_delay = 0;  // 0: no loops
};

AdvanceOrder advance_order(std::size_t population_count, const std::vector<GraphEdge>& edges);

}  // namespace spikescope
