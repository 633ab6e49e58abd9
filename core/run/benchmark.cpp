#include "run/benchmark.h"

#include <algorithm>
#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "network/network.h"
#include "common/onset_generator.h"
#include "common/parameter_error.h"
#include "run/plain_lif_loop.h"

namespace spikescope {
namespace {

constexpr int kRepetitions = 5;  // timed runs of each implementation; the median counts
constexpr std::int32_t kOnsetSpreadSteps = 100;  // the seed experiment's onset spread
constexpr std::uint64_t kOnsetSeed = 42;

NotebookChain benchmark_chain(const BenchmarkOptions& options) {
  NotebookChain chain;
  chain.mode = options.mode;
  chain.layer_sizes = {options.neurons, 1};
  chain.onset_steps = draw_onsets(options.neurons, kOnsetSpreadSteps, kOnsetSeed);
  return chain;
}

template <class Run>
double seconds_of(Run&& run) {
  const auto start = std::chrono::steady_clock::now();
  run();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 != 0 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
}

// Whether the engine's recording (its last kept steps) equals the plain loop's.
bool same_results(const Network& network, const PlainLifLoop& plain) {
  const Recorder& recorder = network.recorder();
  for (std::int64_t step = recorder.population_sums().first_step(); step < recorder.end_step();
       ++step) {
    for (std::size_t layer = 0; layer < 2; ++layer) {
      const auto k = static_cast<std::size_t>(step);
      if (recorder.population_sums().value(step, layer) != plain.layer_sums()[layer][k]) {
        return false;
      }
      if (recorder.probe_values().value(step, layer) != plain.first_neuron_vm()[layer][k]) {
        return false;
      }
    }
  }
  return true;
}

void print_line(std::ostream& out, const BenchmarkOptions& options, int threads,
                const char* implementation, double seconds, const char* extra) {
  const double updates = static_cast<double>(options.neurons) * static_cast<double>(options.steps);
  out << "mode=" << to_string(options.mode) << " neurons=" << options.neurons
      << " steps=" << options.steps << " threads=" << threads << " impl=" << implementation
      << " seconds=" << seconds << extra << " neuron_updates_per_s=" << updates / seconds << '\n';
}

}  // namespace

int run_benchmark_command(const BenchmarkOptions& options, std::ostream& out) {
  if (options.neurons == 0 || options.neurons > kMaxPopulationSize) {
    throw ParameterError("neurons: must be 1 to " + std::to_string(kMaxPopulationSize) + ", got " +
                         std::to_string(options.neurons));
  }
  if (options.steps <= 0) {
    throw ParameterError("steps: must be at least 1, got " + std::to_string(options.steps));
  }
  const NotebookChain chain = benchmark_chain(options);
  RecordingConfig recording;
  recording.probes = {Probe{0, 0, 0}, Probe{1, 0, 0}};
  // Sharing off: the engine's work per neuron is what is measured.
  Network network(notebook_chain_network(chain), recording,
                  EngineOptions{options.threads, NeuronSharing::kOff});
  const int engine_threads =
      options.threads > 0 ? options.threads : (options.neurons >= kParallelThreshold ? 2 : 1);

  std::vector<double> engine_seconds;
  std::vector<double> plain_seconds;
  if (options.compare) {
    PlainLifLoop plain(chain, options.steps);
    // One untimed warm-up each, then the two alternate so that drift hits both alike.
    for (int repetition = -1; repetition < kRepetitions; ++repetition) {
      plain.reset();
      const double p = seconds_of([&] { plain.run(); });
      network.reset();
      const double e = seconds_of([&] { network.advance(options.steps); });
      if (repetition >= 0) {
        plain_seconds.push_back(p);
        engine_seconds.push_back(e);
      }
    }
    const double plain_median = median(plain_seconds);
    const double engine_median = median(engine_seconds);
    print_line(out, options, 1, "plain", plain_median, "");
    const std::string extra = " results_match=" + std::to_string(same_results(network, plain)) +
                              " engine_over_plain=" + std::to_string(plain_median / engine_median);
    print_line(out, options, engine_threads, "engine", engine_median, extra.c_str());
  } else {
    for (int repetition = -1; repetition < kRepetitions; ++repetition) {
      network.reset();
      const double e = seconds_of([&] { network.advance(options.steps); });
      if (repetition >= 0) engine_seconds.push_back(e);
    }
    print_line(out, options, engine_threads, "engine", median(engine_seconds), "");
  }
  return 0;
}

}  // namespace spikescope
