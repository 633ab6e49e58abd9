// spikesim run: one trial, its trace streamed to CSV slice by slice (bounded memory however
// long the trial), a summary of the spikes on stdout.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <optional>
#include <ostream>
#include <system_error>

#include "io/atomic_file.h"
#include "network/network.h"
#include "spikesim_cli.h"
#include "io/trace_csv.h"
#include "run/trial.h"

namespace spikescope::cli {
namespace {

std::string plural(std::int64_t count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// What the summary tells, gathered slice by slice while the trace is written.
struct TrialTally {
  // Spikes per layer, recovered from the summed output: each step's sum is the spike height
  // added up once per spike, so dividing and rounding gives the count back exactly. Unknown
  // when spikes have height 0.
  std::vector<std::int64_t> layer_spikes;
  bool countable = true;
  std::vector<Probe> probes;
  std::vector<std::optional<std::int64_t>> first_spike;  // [probe]
  std::int64_t rows = 0;

  void add(const Recorder& recorder, std::int64_t first_step, std::int64_t end_step,
           double spike_height_v) {
    const auto& sums = recorder.layer_sums();
    const auto& spiked = recorder.probe_spiked();
    probes = recorder.config().probes;
    layer_spikes.resize(sums.width());
    first_spike.resize(spiked.width());
    countable = spike_height_v != 0.0;
    for (std::int64_t step = first_step; step < end_step; ++step) {
      for (std::size_t layer = 0; countable && layer < sums.width(); ++layer) {
        layer_spikes[layer] += std::llround(sums.value(step, layer) / spike_height_v);
      }
      for (std::size_t probe = 0; probe < spiked.width(); ++probe) {
        if (!first_spike[probe] && spiked.value(step, probe) != 0) first_spike[probe] = step;
      }
    }
    rows += end_step - first_step;
  }
};

// Steps simulated between two writes: the recorder holds one slice, so memory stays bounded
// however long the trial is.
constexpr std::int64_t kSliceSteps = 1 << 16;
// Steps between two looks at the stop flag: under a second even for a million neurons.
constexpr std::int64_t kStopCheckSteps = 1 << 10;

// Thrown out of the output's producer, so that write_file_atomically removes the unfinished file.
struct Interrupted {};

// The trial of `experiment`, its trace written to `csv` as it goes.
TrialTally run_and_write(const Experiment& experiment, std::ostream& csv,
                         const std::atomic<bool>* stop) {
  const NetworkConfig config = network_config(experiment);
  RecordingConfig recording = trial_recording(config, experiment.steps);
  recording.capacity_steps = static_cast<std::size_t>(kSliceSteps) + 1;
  Network network(config, recording);
  const double height = experiment.neuron.spike_height_v;
  TrialTally tally;
  std::int64_t written = 0;
  const auto write_new_rows = [&] {
    const Recorder& recorder = network.recorder();
    write_trace_csv_rows(csv, recorder, written, recorder.end_step(), experiment.dt_ms, height);
    tally.add(recorder, written, recorder.end_step(), height);
    written = recorder.end_step();
  };
  write_trace_csv_header(csv);
  write_new_rows();  // the leading step 0
  for (std::int64_t done = 0; done < experiment.steps;) {
    const std::int64_t slice = std::min(kSliceSteps, experiment.steps - done);
    for (std::int64_t advanced = 0; advanced < slice;) {
      if (stop != nullptr && stop->load(std::memory_order_relaxed)) throw Interrupted{};
      const std::int64_t steps = std::min(kStopCheckSteps, slice - advanced);
      network.advance(steps);
      advanced += steps;
    }
    done += slice;
    write_new_rows();
  }
  return tally;
}

void print_summary(std::ostream& out, const Experiment& experiment, const TrialTally& tally,
                   double seconds, const std::filesystem::path& csv) {
  std::string layers;
  for (const std::uint32_t size : experiment.layer_sizes) {
    if (!layers.empty()) layers += '+';
    layers += std::to_string(size);
  }
  out << experiment.name << ": " << to_string(experiment.mode) << " mode, " << layers
      << " neurons, " << experiment.steps << " steps of " << experiment.dt_ms << " ms, in "
      << std::setprecision(3) << seconds << " s\n";
  for (std::size_t layer = 0; layer < experiment.layer_sizes.size(); ++layer) {
    out << "layer " << layer << ": "
        << (tally.countable ? plural(tally.layer_spikes[layer], "spike")
                            : std::string("spikes not countable (height 0)"));
    for (std::size_t p = 0; p < tally.probes.size(); ++p) {
      if (tally.probes[p] != Probe{static_cast<std::uint32_t>(layer), 0}) continue;
      const auto first = tally.first_spike[p];
      out << ", neuron 0 "
          << (first ? "first spikes at step " + std::to_string(*first) : std::string("silent"));
    }
    out << "\n";
  }
  out << "wrote " << csv.string() << " (" << plural(tally.rows, "step") << ")\n";
}

}  // namespace

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                const std::atomic<bool>* stop) {
  const RunOptions options = parse_run_options(args);
  std::vector<std::string> warnings;
  const Experiment experiment = resolve_experiment(options, warnings);
  if (experiment.mode == IntegrationMode::kNotebook) {
    const std::string unstable = notebook_stability_warning(experiment.neuron, experiment.dt_ms);
    if (!unstable.empty()) warnings.push_back(unstable);
  }
  for (const std::string& warning : warnings) err << "spikesim: warning: " << warning << "\n";
  // Refuse an impossible destination before spending time on the run.
  const std::filesystem::path directory = options.csv.parent_path();
  std::error_code error;
  if (!directory.empty() && !std::filesystem::is_directory(directory, error)) {
    const std::string reason =
        !error ? "not a directory: " + directory.string()
        : error == std::errc::no_such_file_or_directory
            ? "no such directory: " + directory.string()
            : "cannot use directory " + directory.string() + ": " + error.message();
    throw FileError(options.csv.string() + ": " + reason);
  }
  if (options.csv.filename().empty() || options.csv.filename() == "." ||
      options.csv.filename() == "..") {
    throw FileError(options.csv.string() + ": not a file name");
  }
  const auto start = std::chrono::steady_clock::now();
  TrialTally tally;
  try {
    write_file_atomically(options.csv,
                          [&](std::ostream& csv) { tally = run_and_write(experiment, csv, stop); });
  } catch (const Interrupted&) {
    err << "spikesim: interrupted; " << options.csv.string() << " was not written\n";
    return kExitInterrupted;
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  print_summary(out, experiment, tally, elapsed.count(), options.csv);
  return kExitOk;
}

}  // namespace spikescope::cli
