// spikesim bench: the engine against a plain loop on the notebook's chain (benchmark.h), or a
// whole network such as CUBA for a simulated duration (network_benchmark.h).
#include <ostream>

#include "argument_scanner.h"
#include "network/validate_network.h"
#include "run/cuba_network.h"
#include "run/network_benchmark.h"
#include "spikesim_cli.h"

namespace spikescope::cli {

BenchmarkOptions parse_bench_options(const std::vector<std::string>& args) {
  BenchmarkOptions options;
  ArgumentScanner scan(args);
  while (scan.next()) {
    const std::string& name = scan.name();
    if (name == "--neurons") {
      options.neurons = parse_integer<std::uint64_t>(name, scan.value(), 1, kMaxPopulationSize);
      options.neurons_given = true;
    } else if (name == "--steps") {
      options.steps = parse_integer<std::int64_t>(name, scan.value(), 1, kMaxTrialSteps);
    } else if (name == "--threads") {
      options.threads = parse_integer<int>(name, scan.value(), 0, 256);
    } else if (name == "--mode") {
      const std::string mode = scan.value();
      if (mode != "notebook" && mode != "exact") {
        throw UsageError("--mode: expected \"notebook\" or \"exact\", got \"" + mode + "\"");
      }
      options.mode = mode == "notebook" ? IntegrationMode::kNotebook : IntegrationMode::kExact;
    } else if (name == "--compare") {
      scan.no_value();
      options.compare = true;
    } else if (name == "--network") {
      options.network = scan.file_name();
    } else if (name == "--duration-ms") {
      options.duration_ms = parse_number(name, scan.value());
      if (!(options.duration_ms > 0) || options.duration_ms > 1e7) {
        throw UsageError("--duration-ms: must be greater than 0 and at most 1e7 ms");
      }
    } else {
      throw UsageError("unknown option " + name + " for 'spikesim bench'");
    }
  }
  if (options.network.empty() && scan.seen("--duration-ms")) {
    throw UsageError("--duration-ms goes with --network");
  }
  if (!options.network.empty() && (scan.seen("--compare") || scan.seen("--steps") ||
                                   scan.seen("--mode"))) {
    throw UsageError("--network takes --neurons (cuba only), --duration-ms and --threads");
  }
  return options;
}

int bench_command(const std::vector<std::string>& args, std::ostream& out) {
  const BenchmarkOptions options = parse_bench_options(args);
  if (options.network.empty()) return run_benchmark_command(options, out);
  NetworkSpec spec;
  if (options.network == "cuba") {
    spec = cuba_network(options.neurons_given ? options.neurons : kCubaNeurons);
  } else {
    if (options.neurons_given) throw UsageError("--neurons goes with --network cuba only");
    spec = load_experiment_file(options.network).experiment.network;
  }
  const int threads = options.threads;
  const NetworkBenchmark result =
      run_network_benchmark(spec, options.duration_ms, EngineOptions{threads, NeuronSharing::kOff});
  print_network_benchmark(out, options.network.c_str(), threads, result);
  return kExitOk;
}

}  // namespace spikescope::cli
