#pragma once
// Throughput of the engine, measured in-process: layer sizes {N, 1} advanced for a number of
// steps, warmed up and repeated, the median reported. With `compare`, the plain loop
// (plain_lif_loop.h) runs over the same state in the same process, so the two figures come from
// the same machine at the same moment.
#include <cstdint>
#include <iosfwd>
#include <string>

#include "models/lif/lif_parameters.h"

namespace spikescope {

struct BenchmarkOptions {
  std::uint64_t neurons = 100000;  // layer-0 size; layer 1 has one neuron
  std::int64_t steps = 2000;       // iterations per timed run
  int threads = 0;                 // 0 = the engine's own choice (see kParallelThreshold)
  IntegrationMode mode = IntegrationMode::kExact;
  bool compare = false;  // also time the plain loop and print engine / plain
  // A whole network instead (network_benchmark.h): "cuba" or an experiment file.
  std::string network;
  bool neurons_given = false;
  double duration_ms = 1000.0;
};

// Prints one line per implementation, each ending in `neuron_updates_per_s=<number>`:
//   mode=exact neurons=1000000 steps=2000 threads=2 impl=engine seconds=0.19 ...
// With `compare`, the plain loop's line (impl=plain, one thread) comes first, and the engine's
// line also carries `results_match=1|0` (its recorded layer sums and Vm equal the plain loop's)
// and `engine_over_plain=<ratio>`. Returns 0; throws ParameterError for options the network
// refuses.
int run_benchmark_command(const BenchmarkOptions& options, std::ostream& out);

}  // namespace spikescope
