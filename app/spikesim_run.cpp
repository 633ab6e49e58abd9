// spikesim run: one trial, its trace and its spikes streamed to CSV slice by slice (bounded
// memory however long the trial), a summary of the spikes on stdout.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <optional>
#include <ostream>

#include "argument_scanner.h"
#include "experiment/experiment.h"
#include "io/atomic_file.h"
#include "io/trace_csv.h"
#include "network/network.h"
#include "spikesim_cli.h"

namespace spikescope::cli {
namespace {

// What the summary tells, gathered slice by slice while the output is written.
struct TrialTally {
  // Spikes per population, recovered from the summed output: each step's sum is the spike
  // height added up once per spike, so dividing and rounding gives the count back exactly.
  // Unknown when spikes have height 0.
  std::vector<std::int64_t> spikes;
  std::vector<bool> countable;
  std::vector<Probe> probes;
  std::vector<std::optional<std::int64_t>> first_spike;  // [probe], stored step
  std::int64_t rows = 0;

  void add(const Recorder& recorder, const Network& network, std::int64_t first_step,
           std::int64_t end_step) {
    const auto& sums = recorder.population_sums();
    const auto& spiked = recorder.probe_spiked();
    probes = recorder.config().probes;
    spikes.resize(sums.width());
    countable.resize(sums.width());
    first_spike.resize(spiked.width());
    for (std::size_t p = 0; p < sums.width(); ++p) {
      const double height = network.spike_height(p);
      countable[p] = height != 0.0;
      if (!countable[p]) continue;
      for (std::int64_t step = first_step; step < end_step; ++step) {
        spikes[p] += std::llround(sums.value(step, p) / height);
      }
    }
    for (std::int64_t step = first_step; step < end_step; ++step) {
      for (std::size_t probe = 0; probe < spiked.width(); ++probe) {
        if (!first_spike[probe] && spiked.value(step, probe) != 0) first_spike[probe] = step;
      }
    }
    rows += end_step - first_step;
  }
};

// Steps simulated between two writes of the trace: the recorder holds one slice, so memory
// stays bounded however long the trial is.
constexpr std::int64_t kSliceSteps = 1 << 16;
// Steps between two looks at the stop flag (and between two writes of spikes): under a second
// even for a million neurons, and a bounded number of spikes in memory.
constexpr std::int64_t kStopCheckSteps = 1 << 10;

// Thrown out of the output's producer, so that write_file_atomically removes the unfinished file.
struct Interrupted {};

std::vector<std::string> population_names(const Experiment& experiment) {
  std::vector<std::string> names;
  for (const PopulationSpec& population : experiment.network.populations) {
    names.push_back(population.name);
  }
  return names;
}

// The trial of `experiment`, its trace written to `trace` and its spikes to `spikes` as it goes
// (either may be null).
TrialTally run_and_write(const Experiment& experiment, std::ostream* trace, std::ostream* spikes,
                         const std::atomic<bool>* stop) {
  RecordingConfig recording = recording_config(experiment, kSliceSteps + 1);
  if (recording.probes.empty()) {
    for (std::uint32_t p = 0; p < std::min<std::size_t>(2, experiment.network.populations.size());
         ++p) {
      recording.probes.push_back(Probe{p, 0, 0});
    }
  }
  recording.spike_events = recording.spike_events && spikes != nullptr;
  recording.event_capacity = std::numeric_limits<std::size_t>::max();  // drained as written
  Network network(experiment.network, recording);
  const double dt = experiment.network.dt_ms;
  const double height = network.spike_height(0);
  const std::vector<std::string> names = population_names(experiment);
  TrialTally tally;
  std::int64_t written = 0;
  const auto write_new_rows = [&] {
    const Recorder& recorder = network.recorder();
    if (trace != nullptr) {
      write_trace_csv_rows(*trace, recorder, written, recorder.end_step(), dt, height);
    }
    tally.add(recorder, network, written, recorder.end_step());
    written = recorder.end_step();
  };
  const auto write_new_spikes = [&] {
    if (spikes == nullptr) return;
    write_spike_events_rows(*spikes, network.recorder(), dt, names);
    network.clear_recorded_events();
  };
  if (trace != nullptr) write_trace_csv_header(*trace);
  if (spikes != nullptr) write_spike_events_header(*spikes);
  write_new_rows();  // the leading step 0
  for (std::int64_t done = 0; done < experiment.steps;) {
    const std::int64_t slice = std::min(kSliceSteps, experiment.steps - done);
    for (std::int64_t advanced = 0; advanced < slice;) {
      if (stop != nullptr && stop->load(std::memory_order_relaxed)) throw Interrupted{};
      const std::int64_t steps = std::min(kStopCheckSteps, slice - advanced);
      network.advance(steps);
      write_new_spikes();
      advanced += steps;
    }
    done += slice;
    write_new_rows();
  }
  return tally;
}

void print_summary(std::ostream& out, const Experiment& experiment, const TrialTally& tally,
                   double seconds, const RunOptions& options) {
  std::string sizes;
  for (const PopulationSpec& population : experiment.network.populations) {
    if (!sizes.empty()) sizes += '+';
    sizes += std::to_string(population.size);
  }
  out << experiment.name << ": " << sizes << " neurons, " << experiment.steps << " steps of "
      << experiment.network.dt_ms << " ms, in " << std::setprecision(3) << seconds << " s\n";
  for (std::size_t p = 0; p < experiment.network.populations.size(); ++p) {
    const PopulationSpec& population = experiment.network.populations[p];
    out << population.name << " (" << population.model
        << (population.method.empty() ? "" : ", " + population.method) << "): "
        << (tally.countable[p] ? plural(tally.spikes[p], "spike")
                               : std::string("spikes not countable (height 0)"));
    for (std::size_t k = 0; k < tally.probes.size(); ++k) {
      if (tally.probes[k] != Probe{static_cast<std::uint32_t>(p), 0, 0}) continue;
      const auto first = tally.first_spike[k];
      out << ", neuron 0 "
          << (first ? "first spikes at step " + std::to_string(*first) : std::string("silent"));
    }
    out << "\n";
  }
  if (!options.csv.empty()) {
    out << "wrote " << options.csv.string() << " (" << plural(tally.rows, "step") << ")\n";
  }
  if (!options.spikes_csv.empty()) out << "wrote " << options.spikes_csv.string() << "\n";
}

}  // namespace

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                const std::atomic<bool>* stop) {
  const RunOptions options = parse_run_options(args);
  std::vector<std::string> warnings;
  const Experiment experiment = resolve_experiment(options, warnings);
  const ResolvedNetwork resolved = resolve_network(experiment.network);
  for (const ResolvedPopulation& population : resolved.populations) {
    warnings.insert(warnings.end(), population.warnings.begin(), population.warnings.end());
  }
  for (const std::string& warning : warnings) err << "spikesim: warning: " << warning << "\n";
  // Refuse an impossible destination before spending time on the run.
  if (!options.csv.empty()) check_output_path(options.csv);
  if (!options.spikes_csv.empty()) check_output_path(options.spikes_csv);
  const auto start = std::chrono::steady_clock::now();
  TrialTally tally;
  try {
    // Both files are written atomically; the spikes file, when there are two, inside the
    // trace's writer, so that an interruption leaves neither.
    if (!options.csv.empty() && !options.spikes_csv.empty()) {
      write_file_atomically(options.csv, [&](std::ostream& trace) {
        write_file_atomically(options.spikes_csv, [&](std::ostream& spikes) {
          tally = run_and_write(experiment, &trace, &spikes, stop);
        });
      });
    } else if (!options.csv.empty()) {
      write_file_atomically(options.csv, [&](std::ostream& trace) {
        tally = run_and_write(experiment, &trace, nullptr, stop);
      });
    } else {
      write_file_atomically(options.spikes_csv, [&](std::ostream& spikes) {
        tally = run_and_write(experiment, nullptr, &spikes, stop);
      });
    }
  } catch (const Interrupted&) {
    err << "spikesim: interrupted; nothing was written\n";
    return kExitInterrupted;
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  print_summary(out, experiment, tally, elapsed.count(), options);
  return kExitOk;
}

}  // namespace spikescope::cli
