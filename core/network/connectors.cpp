#include "network/connectors.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "common/onset_generator.h"

namespace spikescope {
namespace {

double unit_interval(SplitMix64& rng) {
  return static_cast<double>(rng.next() >> 11) * 0x1p-53;
}

Connectivity all_to_all(std::uint64_t sources, std::uint64_t targets, bool skip_self) {
  Connectivity c;
  c.row_begin.reserve(sources + 1);
  c.row_begin.push_back(0);
  c.targets.reserve(sources * targets);
  for (std::uint64_t i = 0; i < sources; ++i) {
    for (std::uint64_t j = 0; j < targets; ++j) {
      if (skip_self && i == j) continue;
      c.targets.push_back(static_cast<std::uint32_t>(j));
    }
    c.row_begin.push_back(c.targets.size());
  }
  return c;
}

Connectivity one_to_one(std::uint64_t size, bool skip_self) {
  Connectivity c;
  c.row_begin.reserve(size + 1);
  c.row_begin.push_back(0);
  for (std::uint64_t i = 0; i < size; ++i) {
    if (!skip_self) c.targets.push_back(static_cast<std::uint32_t>(i));
    c.row_begin.push_back(c.targets.size());
  }
  return c;
}

Connectivity fixed_probability(std::uint64_t sources, std::uint64_t targets, double p,
                               bool skip_self, std::uint64_t seed) {
  Connectivity c;
  c.row_begin.reserve(sources + 1);
  c.row_begin.push_back(0);
  c.targets.reserve(expected_synapses(ConnectorSpec{ConnectorRule::kFixedProbability, p}, sources,
                                      targets, false));
  SplitMix64 rng(seed);
  if (p > 0.0) {
    const double log_miss = std::log1p(-p);  // -inf for p = 1: every gap is 0
    for (std::uint64_t i = 0; i < sources; ++i) {
      for (std::uint64_t j = 0;;) {
        if (p < 1.0) {
          const double skip = std::floor(std::log1p(-unit_interval(rng)) / log_miss);
          if (!(skip < static_cast<double>(targets - j))) break;
          j += static_cast<std::uint64_t>(skip);
        }
        if (j >= targets) break;
        if (!(skip_self && i == j)) c.targets.push_back(static_cast<std::uint32_t>(j));
        ++j;
      }
      c.row_begin.push_back(c.targets.size());
    }
  } else {
    c.row_begin.assign(sources + 1, 0);
  }
  return c;
}

Connectivity fixed_in_degree(std::uint64_t sources, std::uint64_t targets, std::uint64_t k,
                             bool skip_self, std::uint64_t seed) {
  SplitMix64 rng(seed);
  std::vector<std::uint32_t> chosen_source;  // [target * k + n]
  chosen_source.reserve(targets * k);
  std::unordered_set<std::uint64_t> chosen;
  for (std::uint64_t j = 0; j < targets; ++j) {
    // Floyd: k distinct values from the candidates [0, m); without self-connections the
    // candidates are the sources other than j, value v standing for v + (v >= j).
    const bool excludes_self = skip_self && j < sources;
    const std::uint64_t m = excludes_self ? sources - 1 : sources;
    chosen.clear();
    for (std::uint64_t t = m - k; t < m; ++t) {
      const std::uint64_t r = rng.uniform(t);
      if (!chosen.insert(r).second) chosen.insert(t);
    }
    for (const std::uint64_t v : chosen) {
      const std::uint64_t source = excludes_self && v >= j ? v + 1 : v;
      chosen_source.push_back(static_cast<std::uint32_t>(source));
    }
  }
  Connectivity c;
  c.row_begin.assign(sources + 1, 0);
  for (const std::uint32_t source : chosen_source) ++c.row_begin[source + 1];
  for (std::uint64_t i = 0; i < sources; ++i) c.row_begin[i + 1] += c.row_begin[i];
  c.targets.resize(chosen_source.size());
  std::vector<std::uint64_t> next(c.row_begin.begin(), c.row_begin.end() - 1);
  // Targets in ascending order within each row, since targets are visited in order.
  for (std::uint64_t j = 0; j < targets; ++j) {
    for (std::uint64_t n = 0; n < k; ++n) {
      const std::uint32_t source = chosen_source[j * k + n];
      c.targets[next[source]++] = static_cast<std::uint32_t>(j);
    }
  }
  return c;
}

}  // namespace

std::uint64_t Connectivity::in_degree(std::uint32_t target) const {
  return static_cast<std::uint64_t>(std::count(targets.begin(), targets.end(), target));
}

Connectivity connect(const ConnectorSpec& connector, std::uint64_t source_size,
                     std::uint64_t target_size, bool same_population) {
  const bool skip_self = same_population && !connector.allow_self;
  switch (connector.rule) {
    case ConnectorRule::kAllToAll:
      return all_to_all(source_size, target_size, skip_self);
    case ConnectorRule::kOneToOne:
      return one_to_one(source_size, skip_self);
    case ConnectorRule::kFixedProbability:
      return fixed_probability(source_size, target_size, connector.p, skip_self, connector.seed);
    case ConnectorRule::kFixedInDegree:
      return fixed_in_degree(source_size, target_size, connector.k, skip_self, connector.seed);
  }
  return {};
}

std::uint64_t expected_synapses(const ConnectorSpec& connector, std::uint64_t source_size,
                                std::uint64_t target_size, bool same_population) {
  const bool skip_self = same_population && !connector.allow_self;
  switch (connector.rule) {
    case ConnectorRule::kAllToAll:
      return source_size * target_size - (skip_self ? std::min(source_size, target_size) : 0);
    case ConnectorRule::kOneToOne:
      return skip_self ? 0 : source_size;
    case ConnectorRule::kFixedProbability: {
      const double pairs = static_cast<double>(source_size) * static_cast<double>(target_size);
      const double mean = pairs * connector.p;
      return static_cast<std::uint64_t>(
          std::min(pairs, mean + 6.0 * std::sqrt(mean * (1.0 - connector.p)) + 16.0));
    }
    case ConnectorRule::kFixedInDegree:
      return connector.k * target_size;
  }
  return 0;
}

}  // namespace spikescope
