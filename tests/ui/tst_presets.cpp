// Every built-in preset loads, runs in the window exactly as the core runs it, and shows the
// behaviour its note claims, counted on the core's own trial.
#include <QTest>
#include <algorithm>

#include "experiment/seed_experiment.h"
#include "experiment_document.h"
#include "gui_test_support.h"
#include "main_window.h"
#include "plot_panel.h"
#include "presets.h"
#include "run/trial.h"
#include "simulation_session.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

// What one trial did, counted from the core's recorder.
struct TrialCounts {
  std::int64_t layer0_spikes = 0;
  std::int64_t layer1_spikes = 0;
  std::int64_t first_layer1_spike = -1;  // stored step; -1: never
  std::int64_t first_probe_spike = -1;   // layer-0 neuron 0
  std::int64_t shortest_probe_gap = -1;  // steps between consecutive spikes of neuron 0
  double highest_probe_vm = 0.0;
};

TrialCounts count(const Experiment& e) {
  const TrialResult trial = run_trial(e.network, e.steps, trial_recording(e.network, e.steps));
  const Recorder& r = trial.recorder;
  TrialCounts counts;
  std::int64_t last_probe_spike = -1;
  for (std::int64_t step = 0; step <= e.steps; ++step) {
    counts.layer0_spikes += static_cast<std::int64_t>(r.population_sums().value(step, 0));
    const auto layer1 = static_cast<std::int64_t>(r.population_sums().value(step, 1));
    counts.layer1_spikes += layer1;
    if (layer1 > 0 && counts.first_layer1_spike < 0) counts.first_layer1_spike = step;
    counts.highest_probe_vm = std::max(counts.highest_probe_vm, r.probe_values().value(step, 0));
    if (r.probe_spiked().value(step, 0) != 0) {
      if (counts.first_probe_spike < 0) counts.first_probe_spike = step;
      if (last_probe_spike >= 0) {
        const std::int64_t gap = step - last_probe_spike;
        if (counts.shortest_probe_gap < 0 || gap < counts.shortest_probe_gap) {
          counts.shortest_probe_gap = gap;
        }
      }
      last_probe_spike = step;
    }
  }
  return counts;
}

const Experiment& preset(const QString& file_name) {
  static const std::vector<Preset> presets = builtin_presets();
  for (const Preset& p : presets) {
    if (p.resource_path.endsWith(file_name)) return p.experiment;
  }
  qFatal("no preset %s", qPrintable(file_name));
}

}  // namespace

class TestPresets : public QObject {
  Q_OBJECT
 private slots:
  void tenNumberedPresetsWithNotes();
  void everyPresetRunsInTheWindowAsInTheCore_data();
  void everyPresetRunsInTheWindowAsInTheCore();
  void notebookPresetIsTheSeedExperiment();
  void synchronisedOnsetsDriveLayer1EarlyAndOften();
  void wideSpreadRarelyDrivesLayer1();
  void thresholdOutOfReachIsSilent();
  void longRefractoryPeriodSpacesSpikes();
  void fastLeakFiresMoreThanSlowLeak();
  void eulerReachesThresholdBeforeExactAtCoarseDt();
};

void TestPresets::tenNumberedPresetsWithNotes() {
  const std::vector<Preset> presets = builtin_presets();
  QCOMPARE(presets.size(), std::size_t{10});  // the notebook's nine, then CUBA
  for (std::size_t i = 0; i < presets.size(); ++i) {
    QVERIFY2(presets[i].resource_path.contains(QString("/%1-").arg(i + 1, 2, 10, QChar('0'))),
             qPrintable(presets[i].resource_path));
    QVERIFY2(presets[i].experiment.notes.size() > 60, qPrintable(presets[i].resource_path));
    QVERIFY(!presets[i].experiment.name.empty());
  }
}

void TestPresets::everyPresetRunsInTheWindowAsInTheCore_data() {
  QTest::addColumn<int>("index");
  const std::vector<Preset> presets = builtin_presets();
  for (std::size_t i = 0; i < presets.size(); ++i) {
    QTest::newRow(qPrintable(presets[i].resource_path)) << static_cast<int>(i);
  }
}

void TestPresets::everyPresetRunsInTheWindowAsInTheCore() {
  QFETCH(int, index);
  MainWindow window;
  window.show();
  QVERIFY(wait_for_latest_frame(window));
  // Through the keyboard shortcut the menu shows (1-9); the tenth from the menu alone.
  if (index < 9) {
    QTest::keyClick(&window, static_cast<Qt::Key>(Qt::Key_1 + index));
  } else {
    window.applyPreset(static_cast<std::size_t>(index));
  }
  const Experiment& expected = window.presets()[static_cast<std::size_t>(index)].experiment;
  QVERIFY(window.document().experiment() == expected);
  QVERIFY(window.session().experiment() == expected);
  QVERIFY(wait_for_latest_frame(window));
  const CoreView core = core_trial_view(expected, window.session().geometry());
  const GraphData vm = graph_data(window.plotPanel()->layer0VmGraph());
  QVERIFY(vm.values == core.layer0_vm.values);
  QVERIFY(vm.keys == core.layer0_vm.keys);
  QVERIFY(graph_data(window.plotPanel()->sumGraph()).values == core.layer0_sum.values);
  QVERIFY(graph_data(window.plotPanel()->layer1VmGraph()).values == core.layer1_vm.values);
  // The preset's note is on screen.
  QVERIFY(window.findChild<QLabel*>("notes")->text().contains(
      QString::fromStdString(expected.notes).left(40).toHtmlEscaped()));
}

void TestPresets::notebookPresetIsTheSeedExperiment() {
  QVERIFY(preset("01-notebook.json") == seed_experiment());
}

void TestPresets::synchronisedOnsetsDriveLayer1EarlyAndOften() {
  const TrialCounts notebook = count(preset("01-notebook.json"));
  const TrialCounts synchronised = count(preset("02-synchronised.json"));
  QVERIFY(notebook.layer1_spikes > 0);
  QVERIFY2(
      synchronised.layer1_spikes > notebook.layer1_spikes,
      qPrintable(QString("%1 vs %2").arg(synchronised.layer1_spikes).arg(notebook.layer1_spikes)));
  QVERIFY(synchronised.first_layer1_spike > 0);
  QVERIFY(synchronised.first_layer1_spike < notebook.first_layer1_spike);
}

void TestPresets::wideSpreadRarelyDrivesLayer1() {
  const TrialCounts notebook = count(preset("01-notebook.json"));
  const TrialCounts wide = count(preset("03-wide-spread.json"));
  QVERIFY(wide.layer0_spikes * 10 > notebook.layer0_spikes * 8);  // layer 0 nearly as busy
  QVERIFY(wide.first_layer1_spike > 2 * notebook.first_layer1_spike);
  QVERIFY2(wide.layer1_spikes * 2 < notebook.layer1_spikes,
           qPrintable(QString("%1 vs %2").arg(wide.layer1_spikes).arg(notebook.layer1_spikes)));
}

void TestPresets::thresholdOutOfReachIsSilent() {
  const Experiment& e = preset("04-silence.json");
  const double threshold = lif_value(e, kLifThreshold);
  QVERIFY(threshold > lif_value(e, kLifResistance) * notebook_onsets(e)->amplitude);
  const TrialCounts silence = count(e);
  QCOMPARE(silence.layer0_spikes, std::int64_t{0});
  QCOMPARE(silence.layer1_spikes, std::int64_t{0});
  // V approaches Rm * I = 1 V from below and stays under the threshold.
  QVERIFY(silence.highest_probe_vm > 0.99);
  QVERIFY(silence.highest_probe_vm < threshold);
}

void TestPresets::longRefractoryPeriodSpacesSpikes() {
  const Experiment& e = preset("05-long-refractory.json");
  const TrialCounts notebook = count(preset("01-notebook.json"));
  const TrialCounts held = count(e);
  QVERIFY(held.layer0_spikes > 0);
  QVERIFY(held.layer0_spikes < notebook.layer0_spikes);
  QVERIFY(held.shortest_probe_gap >= 0);
  QVERIFY(static_cast<double>(held.shortest_probe_gap) * e.network.dt_ms >
          lif_value(e, kLifRefractory));
}

void TestPresets::fastLeakFiresMoreThanSlowLeak() {
  const Experiment& fast = preset("06-fast-leak.json");
  const Experiment& slow = preset("07-slow-leak.json");
  QCOMPARE(notebook_lif_parameters(fast).tau_m_ms(), 2.0);
  QCOMPARE(notebook_lif_parameters(slow).tau_m_ms(), 40.0);
  const TrialCounts notebook = count(preset("01-notebook.json"));
  const TrialCounts fast_counts = count(fast);
  const TrialCounts slow_counts = count(slow);
  QVERIFY(fast_counts.layer0_spikes > notebook.layer0_spikes);
  QVERIFY(slow_counts.layer0_spikes > 0);
  QVERIFY(slow_counts.layer0_spikes < notebook.layer0_spikes);
}

void TestPresets::eulerReachesThresholdBeforeExactAtCoarseDt() {
  const Experiment& euler = preset("08-euler-coarse-dt.json");
  const Experiment& exact = preset("09-exact-coarse-dt.json");
  QCOMPARE(notebook_mode(euler), IntegrationMode::kNotebook);
  QCOMPARE(notebook_mode(exact), IntegrationMode::kExact);
  // The two differ in the integration only, exact mode starting every LIF population at
  // reset_v as version 1 did.
  Experiment same = exact;
  set_notebook_mode(same, IntegrationMode::kNotebook);
  for (PopulationSpec& population : same.network.populations) {
    QCOMPARE(population.initial.size(), std::size_t{1});
    QVERIFY(population.initial[0] == (NamedValue{"vm_v", lif_value(exact, kLifReset)}));
    population.initial.clear();
  }
  same.name = euler.name;
  same.notes = euler.notes;
  QVERIFY(same == euler);
  const TrialCounts euler_counts = count(euler);
  const TrialCounts exact_counts = count(exact);
  QVERIFY(euler_counts.first_probe_spike > 0);
  QCOMPARE(exact_counts.first_probe_spike, euler_counts.first_probe_spike + 1);
}

QTEST_MAIN(TestPresets)
#include "tst_presets.moc"
