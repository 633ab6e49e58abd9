#include "data_export.h"

#include <QDir>
#include <QFileInfo>
#include <charconv>
#include <ostream>

#include "io/atomic_file.h"
#include "experiment/experiment_file.h"
#include "experiment/notebook_network.h"
#include "io/trace_csv.h"
#include "run/trial.h"

namespace spikescope {
namespace {

constexpr std::size_t kMaxExportedSpikes = std::size_t{1} << 26;

void require_folder(const QString& path) {
  const QFileInfo folder(QFileInfo(path).absolutePath());
  if (!folder.isDir()) {
    throw ExportError(path.toStdString() +
                      ": no such folder: " + folder.absoluteFilePath().toStdString());
  }
}

template <typename Produce>
void write_atomically(const QString& path, Produce&& produce) {
  try {
    write_file_atomically(path.toStdString(), std::forward<Produce>(produce));
  } catch (const FileError& error) {
    throw ExportError(error.what());
  }
}

void put(std::ostream& out, double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  out.write(text, result.ptr - text);
}

// One probe as `step,time_ms,vm_l<population>_n<neuron>,spikes_l<population>_n<neuron>`
// (population by index, as the trace file's columns), numbers written shortest round-trip like
// the core's trace file.
void write_probe_csv(std::ostream& out, const Recorder& recorder, std::size_t probe, double dt_ms,
                     double spike_height_v) {
  const Probe& p = recorder.config().probes.at(probe);
  out << "step,time_ms,vm_l" << p.population << "_n" << p.neuron << ",spikes_l" << p.population
      << "_n" << p.neuron << '\n';
  const auto& values = recorder.probe_values();
  for (std::int64_t step = values.first_step(); step < values.end_step(); ++step) {
    out << step << ',';
    put(out, static_cast<double>(step) * dt_ms);
    out << ',';
    put(out, values.value(step, probe));
    out << ',';
    put(out, recorder.probe_spiked().value(step, probe) != 0 ? spike_height_v : 0.0);
    out << '\n';
  }
}

}  // namespace

DataExportPaths data_export_paths(const QString& trace_csv_path) {
  const QFileInfo info(trace_csv_path);
  const QString stem = info.dir().filePath(info.completeBaseName());
  return {trace_csv_path, stem + "_spikes.csv", stem + "_shown_neuron.csv",
          stem + ".experiment.json"};
}

void export_data(const Experiment& experiment, const DataExportPaths& paths) {
  validate(experiment);
  for (const QString& path :
       {paths.trace_csv, paths.spikes_csv, paths.shown_neuron_csv, paths.experiment_file}) {
    require_folder(path);
  }
  RecordingConfig recording = trial_recording(experiment.network, experiment.steps);
  recording.spike_events = true;
  // The trace file follows neuron 0 (trace_csv.h); plot 1 may show another one.
  const std::size_t shown_probe = recording.probes.size();
  recording.probes.push_back(Probe{0, experiment.view.selected_neuron, 0});
  // Events are kept as they come (16 bytes each): room for every spike of 1e5 neurons firing
  // at the notebook's rate for 5 s, refused beyond rather than written incomplete.
  recording.event_capacity = kMaxExportedSpikes;
  const TrialResult trial = run_trial(experiment.network, experiment.steps, recording);
  if (trial.recorder.events_dropped() > 0) {
    throw ExportError(QString("%1: the trial has more spikes than the %2 a spike file holds")
                          .arg(paths.spikes_csv)
                          .arg(recording.event_capacity)
                          .toStdString());
  }
  const double dt = experiment.network.dt_ms;
  const double height = notebook_spike_height(experiment);
  std::vector<std::string> names;
  for (const PopulationSpec& population : experiment.network.populations) {
    names.push_back(population.name);
  }
  write_atomically(paths.trace_csv, [&](std::ostream& out) {
    write_trace_csv(out, trial.recorder, dt, height);
  });
  write_atomically(paths.shown_neuron_csv, [&](std::ostream& out) {
    write_probe_csv(out, trial.recorder, shown_probe, dt, height);
  });
  write_atomically(paths.spikes_csv, [&](std::ostream& out) {
    write_spike_events_csv(out, trial.recorder, dt, names);
  });
  try {
    save_experiment_file(paths.experiment_file.toStdString(), experiment);
  } catch (const FileError& error) {
    throw ExportError(error.what());
  }
}

BundlePaths bundle_paths(const QString& folder) {
  const QDir dir(folder);
  return {dir.filePath("figure.png"), dir.filePath("figure.pdf"),
          DataExportPaths{dir.filePath("trace.csv"), dir.filePath("spikes.csv"),
                          dir.filePath("shown_neuron.csv"), dir.filePath("experiment.json")}};
}

BundlePaths write_bundle_figures(const QString& folder, const std::vector<QCustomPlot*>& plots,
                                 const FigureSize& size, const Experiment& experiment) {
  validate(experiment);
  check_figure_size(size);
  if (!QDir().mkpath(folder))
    throw ExportError(folder.toStdString() + ": cannot create the folder");
  const BundlePaths paths = bundle_paths(folder);
  export_figure(paths.figure_png, plots, size);
  export_figure(paths.figure_pdf, plots, size);
  return paths;
}

}  // namespace spikescope
