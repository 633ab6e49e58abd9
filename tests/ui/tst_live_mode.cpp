// Live mode through the window: single step, pause, reset and play act on the simulated clock
// exactly; live data equal the core's own run; picking a raster row switches plot 1; closing
// the window mid-run returns promptly.
#include <qcustomplot.h>

#include <QComboBox>
#include <QElapsedTimer>
#include <QTest>

#include "gui_test_support.h"
#include "live_controls_panel.h"
#include "main_window.h"
#include "parameter_panel.h"
#include "plot_panel.h"
#include "record/trace_reduction.h"
#include "run/trial.h"
#include "simulation_session.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

std::int64_t shown_iteration(const MainWindow& window) {
  const auto& shown = window.plotPanel()->shownSnapshot();
  return shown ? shown->iteration : -1;
}

std::unique_ptr<MainWindow> open_window(const Experiment& experiment) {
  auto window = std::make_unique<MainWindow>(experiment);
  window->show();
  window->activateWindow();
  if (!QTest::qWaitForWindowActive(window.get())) return nullptr;
  // Keys go to a widget that has no use for them, so that the window's shortcuts see them.
  window->plotPanel()->setFocus();
  if (!wait_for_latest_frame(*window)) return nullptr;
  return window;
}

Experiment live_experiment() {
  Experiment e = seed_experiment();
  e.view.run_mode = RunMode::kLive;
  return e;
}

// The probe values the core records for neuron `neuron` over `iterations` from rest.
std::vector<double> core_vm(const Experiment& e, std::uint32_t neuron, std::int64_t iterations) {
  RecordingConfig recording = trial_recording(e.network, iterations);
  recording.probes[0].neuron = neuron;
  const TrialResult trial = run_trial(e.network, iterations, recording);
  std::vector<double> vm;
  for (std::int64_t s = 0; s <= iterations; ++s)
    vm.push_back(trial.recorder.probe_values().value(s, 0));
  return vm;
}

}  // namespace

class TestLiveMode : public QObject {
  Q_OBJECT
 private slots:
  void stepPauseResetAndPlay();
  void liveDataEqualTheCore();
  void scrolledLiveViewEqualsTheCore();
  void liveParameterChangeKeepsTheClock();
  void resizingKeepsTheLiveRun();
  void rasterClickSelectsTheNeuron();
  void rasterClickInLiveModeSwitchesTheProbe();
  void closingWhileLiveReturnsPromptly();
  void closingDuringALongTrialReturnsPromptly();
};

void TestLiveMode::stepPauseResetAndPlay() {
  auto window = open_window(live_experiment());
  QVERIFY(window);
  LiveControlsPanel* live = window->liveControls();
  QVERIFY(live->playAction()->isChecked());
  QTRY_VERIFY(shown_iteration(*window) > 0);  // it runs

  QTest::keyClick(window->plotPanel(), Qt::Key_Space);  // pause
  QVERIFY(!live->playAction()->isChecked());
  QVERIFY(wait_for_latest_frame(*window));
  const std::int64_t paused_at = shown_iteration(*window);

  // The frame after a single step shows exactly one more step: nothing ran while paused.
  QTest::keyClick(window->plotPanel(), Qt::Key_Right);
  QVERIFY(wait_for_latest_frame(*window));
  QCOMPARE(shown_iteration(*window), paused_at + 1);
  QTest::keyClick(window->plotPanel(), Qt::Key_Right);
  QTest::keyClick(window->plotPanel(), Qt::Key_Right);
  QVERIFY(wait_for_latest_frame(*window));
  QCOMPARE(shown_iteration(*window), paused_at + 3);

  QTest::keyClick(window->plotPanel(), Qt::Key_R);
  QVERIFY(wait_for_latest_frame(*window));
  QCOMPARE(shown_iteration(*window), std::int64_t(0));
  QCOMPARE(window->plotPanel()->shownSnapshot()->simulated_ms, 0.0);

  QTest::keyClick(window->plotPanel(), Qt::Key_Space);  // play again
  QVERIFY(live->playAction()->isChecked());
  QTRY_VERIFY(shown_iteration(*window) > 10);
}

void TestLiveMode::liveDataEqualTheCore() {
  auto window = open_window(live_experiment());
  QVERIFY(window);
  QTest::keyClick(window->plotPanel(), Qt::Key_Space);  // pause
  QTest::keyClick(window->plotPanel(), Qt::Key_R);      // from rest
  const int steps = 300;
  for (int i = 0; i < steps; ++i) window->liveControls()->stepAction()->trigger();
  QVERIFY(wait_for_latest_frame(*window));
  QCOMPARE(shown_iteration(*window), std::int64_t(steps));
  // The plotted envelope is the core's own run reduced with the core's reduction.
  const Experiment& e = window->session().experiment();
  const std::vector<double> vm = core_vm(e, 0, steps);
  const std::size_t bin = window->plotPanel()->shownSnapshot()->bin_steps;
  const GraphData expected = core_envelope(vm, 0, bin, e.network.dt_ms);
  const GraphData plotted = graph_data(window->plotPanel()->layer0VmGraph());
  QCOMPARE(plotted.values, expected.values);
  QCOMPARE(plotted.keys, expected.keys);
}

// After the window has scrolled through many frames that were appended, not redrawn, the plots
// hold exactly what a full redraw of the core's run would show.
void TestLiveMode::scrolledLiveViewEqualsTheCore() {
  Experiment e = live_experiment();
  e.view.live_speed = 0.0;
  e.view.live_window_ms = 100.0;  // 800 steps: scrolls within a fraction of a second
  auto window = open_window(e);
  QVERIFY(window);
  QTRY_VERIFY(shown_iteration(*window) > 5000);
  QTest::keyClick(window->plotPanel(), Qt::Key_Space);  // pause
  QVERIFY(wait_for_latest_frame(*window));
  const PlotSnapshot& shown = *window->plotPanel()->shownSnapshot();
  const std::int64_t iterations = shown.iteration;
  const std::size_t bin = shown.bin_steps;
  const std::int64_t window_steps = 800;
  const std::int64_t first =
      (iterations + 1 - window_steps) / std::int64_t(bin) * std::int64_t(bin);

  const TrialResult trial =
      run_trial(e.network, iterations, trial_recording(e.network, iterations));
  std::vector<double> vm0;
  std::vector<double> vm1;
  std::vector<double> sums;
  for (std::int64_t s = first; s <= iterations; ++s) {
    vm0.push_back(trial.recorder.probe_values().value(s, 0));
    vm1.push_back(trial.recorder.probe_values().value(s, 1));
    sums.push_back(trial.recorder.population_sums().value(s, 0));
  }
  const GraphData expected0 = core_envelope(vm0, first, bin, e.network.dt_ms);
  const GraphData expected1 = core_envelope(vm1, first, bin, e.network.dt_ms);
  const PlotPanel* plots = window->plotPanel();
  QCOMPARE(graph_data(plots->layer0VmGraph()).values, expected0.values);
  QCOMPARE(graph_data(plots->layer0VmGraph()).keys, expected0.keys);
  QCOMPARE(graph_data(plots->layer1VmGraph()).values, expected1.values);
  QCOMPARE(graph_data(plots->sumGraph()).values, sum_per_bin(sums, bin));
}

void TestLiveMode::liveParameterChangeKeepsTheClock() {
  auto window = open_window(live_experiment());
  QVERIFY(window);
  QTRY_VERIFY(shown_iteration(*window) > 0);
  QTest::keyClick(window->plotPanel(), Qt::Key_Space);  // pause
  QVERIFY(wait_for_latest_frame(*window));
  const std::int64_t paused_at = shown_iteration(*window);
  QVERIFY(paused_at > 0);
  const std::uint64_t builds = window->session().statistics().network_builds.load();
  QSlider* threshold = window->parameterPanel()->slider(ParameterField::kThreshold)->slider();
  threshold->setFocus();
  QTest::keyClick(threshold, Qt::Key_Right);
  QVERIFY(wait_for_latest_frame(*window));
  // New neuron parameters apply at the step boundary: no rebuild, no reset.
  QCOMPARE(shown_iteration(*window), paused_at);
  QCOMPARE(window->session().statistics().network_builds.load(), builds);
  QCOMPARE(window->plotPanel()->shownSnapshot()->threshold_v, 0.76);
  // A new size needs a new network, from t = 0.
  QSlider* size = window->parameterPanel()->slider(ParameterField::kLayer0Size)->slider();
  size->setFocus();
  QTest::keyClick(size, Qt::Key_Right);
  QVERIFY(wait_for_latest_frame(*window));
  QCOMPARE(shown_iteration(*window), std::int64_t(0));
  QCOMPARE(window->session().statistics().network_builds.load(), builds + 1);
  QCOMPARE(window->plotPanel()->shownSnapshot()->layer0_size, 101u);
}

void TestLiveMode::resizingKeepsTheLiveRun() {
  auto window = open_window(live_experiment());
  QVERIFY(window);
  QTest::keyClick(window->plotPanel(), Qt::Key_Space);  // pause
  QVERIFY(wait_for_latest_frame(*window));
  const std::int64_t paused_at = shown_iteration(*window);
  const std::uint64_t builds = window->session().statistics().network_builds.load();
  const PlotGeometry before = window->session().geometry();
  window->resize(window->width() - 200, window->height() - 200);
  QTRY_VERIFY(window->session().geometry() != before);
  QVERIFY(wait_for_latest_frame(*window));
  QCOMPARE(shown_iteration(*window), paused_at);
  QCOMPARE(window->session().statistics().network_builds.load(), builds);
  const PlotSnapshot& shown = *window->plotPanel()->shownSnapshot();
  QVERIFY(shown.raster.rows <= window->session().geometry().raster_rows);
  QVERIFY(shown.layer0_sum.values.size() <= window->session().geometry().columns + 1);
}

void TestLiveMode::rasterClickSelectsTheNeuron() {
  auto window = open_window(seed_experiment());
  QVERIFY(window);
  PlotPanel* plots = window->plotPanel();
  QCOMPARE(plots->shownSnapshot()->selected_neuron, 0u);
  const std::uint32_t neuron = 37;
  QTest::mouseClick(plots->rasterPlot(), Qt::LeftButton, {}, plots->rasterPosition(neuron));
  QCOMPARE(window->session().experiment().view.selected_neuron, neuron);
  QVERIFY(wait_for_latest_frame(*window));
  QCOMPARE(plots->shownSnapshot()->selected_neuron, neuron);
  const Experiment& e = window->session().experiment();
  const CoreView core = core_trial_view(e, window->session().geometry());
  const GraphData plotted = graph_data(plots->layer0VmGraph());
  QCOMPARE(plotted.values, core.layer0_vm.values);
  QCOMPARE(plotted.keys, core.layer0_vm.keys);
  // Neuron 37 is not neuron 0: its onset differs, so its trace does too.
  Experiment first = e;
  first.view.selected_neuron = 0;
  QVERIFY(core_trial_view(first, window->session().geometry()).layer0_vm.values != plotted.values);
}

void TestLiveMode::rasterClickInLiveModeSwitchesTheProbe() {
  auto window = open_window(live_experiment());
  QVERIFY(window);
  QTest::keyClick(window->plotPanel(), Qt::Key_Space);  // pause
  QTest::keyClick(window->plotPanel(), Qt::Key_R);
  for (int i = 0; i < 50; ++i) window->liveControls()->stepAction()->trigger();
  QVERIFY(wait_for_latest_frame(*window));
  PlotPanel* plots = window->plotPanel();
  const std::uint32_t neuron = 64;
  QTest::mouseClick(plots->rasterPlot(), Qt::LeftButton, {}, plots->rasterPosition(neuron));
  for (int i = 0; i < 250; ++i) window->liveControls()->stepAction()->trigger();
  QVERIFY(wait_for_latest_frame(*window));
  QCOMPARE(plots->shownSnapshot()->selected_neuron, neuron);
  QCOMPARE(shown_iteration(*window), std::int64_t(300));  // the switch did not reset the run
  // Plot 1 shows neuron 64 from the first bin boundary after the switch (stored step 51) on,
  // as the core computes it.
  const Experiment& e = window->session().experiment();
  const std::vector<double> vm = core_vm(e, neuron, 300);
  const std::int64_t bin = std::int64_t(plots->shownSnapshot()->bin_steps);
  const std::int64_t from = (51 + bin - 1) / bin * bin;
  const GraphData expected = core_envelope(std::vector<double>(vm.begin() + from, vm.end()), from,
                                           std::size_t(bin), e.network.dt_ms);
  const GraphData plotted = graph_data(plots->layer0VmGraph());
  QCOMPARE(plotted.values, expected.values);
  QCOMPARE(plotted.keys, expected.keys);
}

void TestLiveMode::closingWhileLiveReturnsPromptly() {
  Experiment e = live_experiment();
  e.network.populations[0].size = 100'000;
  e.view.live_speed = 0.0;  // as fast as possible: the worker is always busy
  auto window = open_window(e);
  QVERIFY(window);
  QTRY_VERIFY(shown_iteration(*window) > 100);
  QElapsedTimer timer;
  timer.start();
  window.reset();
  QVERIFY2(timer.elapsed() < 1000, qPrintable(QString("took %1 ms").arg(timer.elapsed())));
}

void TestLiveMode::closingDuringALongTrialReturnsPromptly() {
  const Experiment e =
      notebook_experiment(100'000, 1'000'000);  // minutes of work if it were not abandoned
  auto window = std::make_unique<MainWindow>(e);
  window->show();
  QTRY_VERIFY(window->session().statistics().trials_started.load() >= 1);
  QElapsedTimer timer;
  timer.start();
  window.reset();
  QVERIFY2(timer.elapsed() < 1000, qPrintable(QString("took %1 ms").arg(timer.elapsed())));
}

QTEST_MAIN(TestLiveMode)
#include "tst_live_mode.moc"
