// The engine benchmark on its own, for tests/bench/run_benchmarks.sh:
//   bench_engine [--neurons N] [--steps S] [--threads T] [--mode notebook|exact] [--compare]
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "benchmark.h"
#include "parameter_error.h"

int main(int argc, char** argv) {
  using namespace spikescope;
  BenchmarkOptions options;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string flag = argv[i];
      if (flag == "--compare") {
        options.compare = true;
        continue;
      }
      if (i + 1 >= argc) throw ParameterError(flag + ": missing value");
      const char* value = argv[++i];
      if (flag == "--neurons") {
        options.neurons = std::stoull(value);
      } else if (flag == "--steps") {
        options.steps = std::stoll(value);
      } else if (flag == "--threads") {
        options.threads = std::stoi(value);
      } else if (flag == "--mode") {
        options.mode = integration_mode_from_string("--mode", value);
      } else {
        throw ParameterError(flag + ": unknown flag");
      }
    }
    return run_benchmark_command(options, std::cout);
  } catch (const std::exception& error) {
    std::cerr << "bench_engine: " << error.what() << '\n';
    return 2;
  }
}
