#include "gui_test_support.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <cmath>

#include <qcustomplot.h>

#include <QTest>
#include <cmath>

#include "experiment/notebook_network.h"
#include "experiment/seed_experiment.h"
#include "plot_panel.h"
#include "record/trace_reduction.h"
#include "run/trial.h"
#include "simulation_session.h"

namespace spikescope::testing {

bool wait_for_latest_frame(const MainWindow& window, int timeout_ms) {
  return QTest::qWaitFor(
      [&] {
        const auto& shown = window.plotPanel()->shownSnapshot();
        return shown && shown->generation == window.session().generation() &&
               (shown->run_mode == RunMode::kLive || shown->trial_complete);
      },
      timeout_ms);
}

GraphData graph_data(const QCPGraph* graph) {
  GraphData data;
  for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
    data.keys.push_back(it->key);
    data.values.push_back(it->value);
  }
  return data;
}

GraphData core_envelope(const std::vector<double>& series, std::int64_t first_step,
                        std::size_t bin_steps, double dt_ms) {
  const Polyline line = min_max_envelope(series, bin_steps);
  GraphData data;
  for (const std::int64_t index : line.indices)
    data.keys.push_back(double(first_step + index) * dt_ms);
  data.values = line.values;
  return data;
}

namespace {

std::vector<double> column(const StepRing<double>& ring, std::size_t column, std::int64_t first,
                           std::int64_t end) {
  std::vector<double> series;
  for (std::int64_t s = first; s < end; ++s) series.push_back(ring.value(s, column));
  return series;
}

}  // namespace

CoreView core_trial_view(const Experiment& e, const PlotGeometry& geometry,
                         std::int64_t steps_done) {
  const std::int64_t steps = steps_done >= 0 ? steps_done : e.steps;
  RecordingConfig recording = trial_recording(e.network, steps);
  recording.probes[0].neuron = e.view.selected_neuron;
  // The reference advances every neuron, whatever the window's worker shares.
  const TrialResult trial =
      run_trial(e.network, steps, recording, EngineOptions{0, NeuronSharing::kOff});
  const Recorder& r = trial.recorder;
  const std::int64_t stored = steps + 1;
  const double dt = e.network.dt_ms;

  const std::size_t bin = bin_steps_for(e.steps + 1, geometry.columns);
  CoreView view;
  view.layer0_vm = core_envelope(column(r.probe_values(), 0, 0, stored), 0, bin, dt);
  if (e.network.populations.size() > 1) {
    view.layer1_vm = core_envelope(column(r.probe_values(), 1, 0, stored), 0, bin, dt);
  }
  std::vector<double> sums;
  for (std::int64_t s = 0; s < stored; ++s) sums.push_back(r.population_sums().value(s, 0));
  view.layer0_sum.values = sum_per_bin(sums, bin);
  for (std::size_t b = 0; b < view.layer0_sum.values.size(); ++b) {
    view.layer0_sum.keys.push_back(double(b * bin) * dt);
  }
  for (const double s : sums) view.layer0_spikes += static_cast<std::int64_t>(s);
  std::vector<std::uint8_t> spiked;
  for (std::int64_t s = 0; s < stored; ++s) spiked.push_back(r.probe_spiked().value(s, 0));
  // LIF holds a neuron floor(t_ref/dt) steps after a spike; the other models have no such period.
  const bool lif = e.network.populations.front().model == "lif";
  view.layer0_refractory = refractory_intervals(
      spiked, lif ? static_cast<std::int64_t>(std::floor(lif_value(e, kLifRefractory) / dt)) : 0);
  return view;
}

Experiment notebook_experiment(std::uint64_t layer0, std::int64_t steps) {
  Experiment e = seed_experiment();
  e.network.populations.front().size = layer0;
  if (steps >= 0) e.steps = steps;
  return e;
}

double field_value(const Experiment& e, ParameterField field) {
  switch (field) {
    case ParameterField::kThreshold:
      return lif_value(e, kLifThreshold);
    case ParameterField::kResistance:
      return lif_value(e, kLifResistance);
    case ParameterField::kCapacitance:
      return lif_value(e, kLifCapacitance);
    case ParameterField::kRefractory:
      return lif_value(e, kLifRefractory);
    case ParameterField::kAmplitude:
      return notebook_onsets(e)->amplitude;
    case ParameterField::kOnsetSpread:
      return notebook_onsets(e)->onset_max_steps;
    case ParameterField::kLayer0Size:
      return static_cast<double>(e.network.populations.front().size);
  }
  return std::nan("");
}

QByteArray read_all(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

ProcessRun run_spikescope(const QStringList& arguments) {
  QProcess process;
  QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
  environment.insert("QT_QPA_PLATFORM", "offscreen");
  process.setProcessEnvironment(environment);
  process.start(SPIKESCOPE_EXECUTABLE, arguments);
  process.waitForFinished(120000);
  return ProcessRun{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                    QString::fromUtf8(process.readAllStandardOutput()),
                    QString::fromUtf8(process.readAllStandardError())};
}

}  // namespace spikescope::testing
