#include "gui_test_support.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <cmath>

#include <qcustomplot.h>

#include <QTest>
#include <cmath>

#include "plot_panel.h"
#include "simulation_session.h"
#include "record/trace_reduction.h"
#include "run/trial.h"

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
  NetworkConfig config = network_config(e);
  // The reference advances every neuron, whatever the window's worker shares.
  config.sharing = NeuronSharing::kOff;
  RecordingConfig recording = trial_recording(config, steps);
  recording.probes[0].neuron = e.view.selected_neuron;
  const TrialResult trial = run_trial(config, steps, recording);
  const Recorder& r = trial.recorder;
  const std::int64_t stored = steps + 1;

  const std::size_t bin = bin_steps_for(e.steps + 1, geometry.columns);
  CoreView view;
  view.layer0_vm = core_envelope(column(r.probe_vm(), 0, 0, stored), 0, bin, e.dt_ms);
  if (e.layer_sizes.size() > 1) {
    view.layer1_vm = core_envelope(column(r.probe_vm(), 1, 0, stored), 0, bin, e.dt_ms);
  }
  std::vector<double> sums;
  for (std::int64_t s = 0; s < stored; ++s) sums.push_back(r.layer_sums().value(s, 0));
  view.layer0_sum.values = sum_per_bin(sums, bin);
  for (std::size_t b = 0; b < view.layer0_sum.values.size(); ++b) {
    view.layer0_sum.keys.push_back(double(b * bin) * e.dt_ms);
  }
  for (const double s : sums) view.layer0_spikes += static_cast<std::int64_t>(s);
  std::vector<std::uint8_t> spiked;
  for (std::int64_t s = 0; s < stored; ++s) spiked.push_back(r.probe_spiked().value(s, 0));
  view.layer0_refractory = refractory_intervals(
      spiked, static_cast<std::int64_t>(std::floor(e.neuron.refractory_ms / e.dt_ms)));
  return view;
}

double field_value(const Experiment& e, ParameterField field) {
  switch (field) {
    case ParameterField::kThreshold:
      return e.neuron.threshold_v;
    case ParameterField::kResistance:
      return e.neuron.membrane_resistance_kohm;
    case ParameterField::kCapacitance:
      return e.neuron.membrane_capacitance_uf;
    case ParameterField::kRefractory:
      return e.neuron.refractory_ms;
    case ParameterField::kAmplitude:
      return e.input_amplitude;
    case ParameterField::kOnsetSpread:
      return e.onsets.max_steps;
    case ParameterField::kLayer0Size:
      return e.layer_sizes[0];
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
