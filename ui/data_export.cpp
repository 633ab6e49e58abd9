#include "data_export.h"

#include <QDir>
#include <QFileInfo>
#include <sstream>

#include "atomic_file.h"
#include "experiment_file.h"
#include "trace_csv.h"
#include "trial.h"

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

}  // namespace

DataExportPaths data_export_paths(const QString& trace_csv_path) {
  const QFileInfo info(trace_csv_path);
  const QString stem = info.dir().filePath(info.completeBaseName());
  return {trace_csv_path, stem + "_spikes.csv", stem + ".experiment.json"};
}

void export_data(const Experiment& experiment, const DataExportPaths& paths) {
  validate(experiment);
  for (const QString& path : {paths.trace_csv, paths.spikes_csv, paths.experiment_file}) {
    require_folder(path);
  }
  const NetworkConfig config = network_config(experiment);
  RecordingConfig recording = trial_recording(config, experiment.steps);
  recording.spike_events = true;
  // Events are kept as they come (16 bytes each): room for every spike of 1e5 neurons firing
  // at the notebook's rate for 5 s, refused beyond rather than written incomplete.
  recording.event_capacity = kMaxExportedSpikes;
  const TrialResult trial = run_trial(config, experiment.steps, recording);
  if (trial.recorder.events_dropped() > 0) {
    throw ExportError(QString("%1: the trial has more spikes than the %2 a spike file holds")
                          .arg(paths.spikes_csv)
                          .arg(recording.event_capacity)
                          .toStdString());
  }
  write_atomically(paths.trace_csv, [&](std::ostream& out) {
    write_trace_csv(out, trial.recorder, experiment.dt_ms, experiment.neuron.spike_height_v);
  });
  write_atomically(paths.spikes_csv, [&](std::ostream& out) {
    write_spike_events_csv(out, trial.recorder, experiment.dt_ms);
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
                          dir.filePath("experiment.json")}};
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
