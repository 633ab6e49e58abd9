#include "network/graph_order.h"

#include <algorithm>
#include <functional>

namespace spikescope {

AdvanceOrder advance_order(std::size_t n, const std::vector<GraphEdge>& edges) {
  std::vector<std::vector<std::size_t>> out(n);
  for (const GraphEdge& edge : edges) out[edge.source].push_back(edge.target);

  // Tarjan's strongly connected components, iteratively (networks of 1000 populations would
  // not recurse deeply, but a chain of them might).
  constexpr std::size_t kUnvisited = static_cast<std::size_t>(-1);
  std::vector<std::size_t> index(n, kUnvisited), low(n, 0), component(n, kUnvisited);
  std::vector<bool> on_stack(n, false);
  std::vector<std::size_t> stack;
  std::size_t next_index = 0;
  std::size_t components = 0;
  struct Frame {
    std::size_t node;
    std::size_t edge;
  };
  for (std::size_t root = 0; root < n; ++root) {
    if (index[root] != kUnvisited) continue;
    std::vector<Frame> frames{{root, 0}};
    index[root] = low[root] = next_index++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!frames.empty()) {
      Frame& frame = frames.back();
      const std::size_t v = frame.node;
      if (frame.edge < out[v].size()) {
        const std::size_t w = out[v][frame.edge++];
        if (index[w] == kUnvisited) {
          index[w] = low[w] = next_index++;
          stack.push_back(w);
          on_stack[w] = true;
          frames.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        std::size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          component[w] = components;
        } while (w != v);
        ++components;
      }
      frames.pop_back();
      if (!frames.empty()) low[frames.back().node] = std::min(low[frames.back().node], low[v]);
    }
  }
  // Tarjan numbers components in reverse topological order: the last one found comes first.
  AdvanceOrder order;
  order.populations.resize(n);
  for (std::size_t p = 0; p < n; ++p) order.populations[p] = p;
  std::stable_sort(order.populations.begin(), order.populations.end(),
                   [&](std::size_t a, std::size_t b) { return component[a] > component[b]; });
  for (const GraphEdge& edge : edges) {
    if (component[edge.source] != component[edge.target]) continue;
    if (order.shortest_loop_delay == 0 || edge.delay_steps < order.shortest_loop_delay) {
      order.shortest_loop_delay = edge.delay_steps;
    }
  }
  return order;
}

}  // namespace spikescope
