// Every parameter control, moved from the keyboard, reaches the worker, and the re-run trial the
// plots show equals the core's own run_trial for the new parameters, number for number.
#include <qcustomplot.h>

#include <QComboBox>
#include <QLabel>
#include <QStatusBar>
#include <QTest>
#include <set>

#include "gui_test_support.h"
#include "main_window.h"
#include "parameter_panel.h"
#include "plot_panel.h"
#include "simulation_session.h"

using namespace spikescope;
using namespace spikescope::testing;

Q_DECLARE_METATYPE(spikescope::ParameterField)

namespace {

void compare(const GraphData& plotted, const GraphData& core, const char* what) {
  if (plotted.keys != core.keys || plotted.values != core.values) {
    QFAIL(qPrintable(QString("%1: plotted %2 points, core %3 points differ")
                         .arg(what)
                         .arg(plotted.values.size())
                         .arg(core.values.size())));
  }
}

// The plots against the core's own run for the experiment the session now holds.
void compare_plots_with_core(const MainWindow& window) {
  const Experiment& e = window.session().experiment();
  const CoreView core = core_trial_view(e, window.session().geometry());
  const PlotPanel* plots = window.plotPanel();
  compare(graph_data(plots->layer0VmGraph()), core.layer0_vm, "layer-0 Vm envelope");
  compare(graph_data(plots->sumGraph()), core.layer0_sum, "summed layer-0 spikes");
  compare(graph_data(plots->layer1VmGraph()), core.layer1_vm, "layer-1 Vm envelope");
  // The raster holds every layer-0 spike of the trial.
  const DensityImage& raster = plots->shownSnapshot()->raster;
  std::int64_t raster_spikes = 0;
  for (const std::uint32_t count : raster.counts) raster_spikes += count;
  QCOMPARE(raster_spikes, core.layer0_spikes);
  QCOMPARE(plots->rasterMap()->data()->keySize(), int(raster.columns));
  QCOMPARE(plots->rasterMap()->data()->valueSize(), int(raster.rows));
  // Refractory periods: shaded in their middle, clear in the middle of the gaps between them.
  QCPColorMapData* shade = plots->refractoryMap()->data();
  const double dt = e.network.dt_ms;
  auto shaded = [&](double step) {
    int key = 0;
    int value = 0;
    shade->coordToCell(step * dt, lif_value(e, kLifThreshold) / 2, &key, &value);
    return shade->cell(key, value) > 0.5;
  };
  QVERIFY(!core.layer0_refractory.empty() || lif_value(e, kLifRefractory) < dt);
  for (std::size_t i = 0; i < core.layer0_refractory.size(); ++i) {
    const StepInterval& held = core.layer0_refractory[i];
    // The time axis ends at the last stored step (steps * dt): a hold that starts there (a
    // spike in the last iteration) has nothing in view.
    const std::int64_t shown_end = std::min(held.end, e.steps);
    if (held.begin >= shown_end) continue;
    QVERIFY2(
        shaded(0.5 * double(held.begin + shown_end)),
        qPrintable(QString("refractory steps %1..%2 not shaded").arg(held.begin).arg(held.end)));
    if (i + 1 < core.layer0_refractory.size()) {
      const StepInterval& next = core.layer0_refractory[i + 1];
      if (next.begin - held.end > 4 * std::int64_t(plots->shownSnapshot()->bin_steps)) {
        QVERIFY2(!shaded(0.5 * double(held.end + next.begin)), "a gap is shaded");
      }
    }
  }
}

}  // namespace

class TestParameterControls : public QObject {
  Q_OBJECT
 private slots:
  void init();
  void cleanup();
  void sliderKeyChangesTheRunAndThePlots_data();
  void sliderKeyChangesTheRunAndThePlots();
  void spinBoxTakesExactValues();
  void integrationModeSwitchesTheCore();
  void largeLayerSharesTrajectoriesExactly();
  void synchroniseAndNewDrawChangeTheOnsets();
  void sliderStormCoalesces();
  void obsoleteTrialIsAbandoned();
  void invalidCombinationIsRefusedAndKept();

 private:
  std::unique_ptr<MainWindow> window_;
};

void TestParameterControls::init() {
  window_ = std::make_unique<MainWindow>();
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
  QVERIFY(wait_for_latest_frame(*window_));
}

void TestParameterControls::cleanup() {
  window_.reset();
}

void TestParameterControls::sliderKeyChangesTheRunAndThePlots_data() {
  QTest::addColumn<ParameterField>("field");
  QTest::addColumn<int>("key");
  QTest::addColumn<int>("presses");
  QTest::addColumn<double>("expected");
  QTest::newRow("threshold") << ParameterField::kThreshold << int(Qt::Key_Right) << 3 << 0.78;
  QTest::newRow("resistance") << ParameterField::kResistance << int(Qt::Key_Right) << 2 << 1.2;
  QTest::newRow("capacitance") << ParameterField::kCapacitance << int(Qt::Key_Left) << 4 << 8.0;
  QTest::newRow("refractory") << ParameterField::kRefractory << int(Qt::Key_Right) << 8 << 5.0;
  QTest::newRow("amplitude") << ParameterField::kAmplitude << int(Qt::Key_Left) << 10 << 0.9;
  QTest::newRow("onset spread") << ParameterField::kOnsetSpread << int(Qt::Key_Right) << 20
                                << 120.0;
  // The size slider is logarithmic: 1000 positions over six decades, 100 -> 101.4 -> 101.
  QTest::newRow("layer-0 size") << ParameterField::kLayer0Size << int(Qt::Key_Right) << 1 << 101.0;
}

void TestParameterControls::sliderKeyChangesTheRunAndThePlots() {
  QFETCH(ParameterField, field);
  QFETCH(int, key);
  QFETCH(int, presses);
  QFETCH(double, expected);
  QSlider* slider = window_->parameterPanel()->slider(field)->slider();
  slider->setFocus();
  const std::uint64_t runs_before = window_->session().statistics().trials_completed.load();
  for (int i = 0; i < presses; ++i) QTest::keyClick(slider, Qt::Key(key));
  QCOMPARE(field_value(window_->session().experiment(), field), expected);
  QVERIFY(wait_for_latest_frame(*window_));
  QVERIFY(window_->session().statistics().trials_completed.load() > runs_before);
  compare_plots_with_core(*window_);
  // The threshold line follows the threshold.
  QCOMPARE(window_->plotPanel()->shownSnapshot()->threshold_v,
           lif_value(window_->session().experiment(), kLifThreshold));
}

void TestParameterControls::spinBoxTakesExactValues() {
  QDoubleSpinBox* spin = window_->parameterPanel()->slider(ParameterField::kThreshold)->spinBox();
  spin->setFocus();
  spin->selectAll();
  QTest::keyClicks(spin, "0.91");
  QTest::keyClick(spin, Qt::Key_Return);
  // Every LIF population's threshold: the notebook's parameters were shared by both layers.
  const Experiment& e = window_->session().experiment();
  for (const std::size_t p : lif_populations(e)) {
    QCOMPARE(std::get<double>(*e.network.populations[p].parameter("threshold_v")), 0.91);
  }
  QCOMPARE(lif_populations(e).size(), std::size_t{2});
  QVERIFY(wait_for_latest_frame(*window_));
  compare_plots_with_core(*window_);
}

void TestParameterControls::integrationModeSwitchesTheCore() {
  QComboBox* mode = window_->parameterPanel()->integrationBox();
  mode->setFocus();
  QTest::keyClick(mode, Qt::Key_Down);
  const Experiment& e = window_->session().experiment();
  QCOMPARE(notebook_mode(e), IntegrationMode::kExact);
  for (const PopulationSpec& population : e.network.populations) {
    QCOMPARE(population.method, std::string("exact"));
  }
  QVERIFY(wait_for_latest_frame(*window_));
  compare_plots_with_core(*window_);
}

// 20,000 neurons with 101 onsets: the worker advances one trajectory per onset; what it plots
// equals the core advancing every neuron.
void TestParameterControls::largeLayerSharesTrajectoriesExactly() {
  QDoubleSpinBox* size = window_->parameterPanel()->slider(ParameterField::kLayer0Size)->spinBox();
  size->setFocus();
  size->selectAll();
  QTest::keyClicks(size, "20000");
  QTest::keyClick(size, Qt::Key_Return);
  QCOMPARE(window_->session().experiment().network.populations[0].size, std::uint64_t{20000});
  QCOMPARE(window_->session().experiment().network.populations[1].size, std::uint64_t{1});
  QVERIFY(wait_for_latest_frame(*window_));
  compare_plots_with_core(*window_);
  QVERIFY(core_trial_view(window_->session().experiment(), window_->session().geometry())
              .layer0_spikes > 20000);
  // One trajectory per distinct onset, and the window says so.
  const std::vector<std::int32_t> onsets = resolve_notebook_onsets(window_->session().experiment());
  const std::size_t distinct = std::set<std::int32_t>(onsets.begin(), onsets.end()).size();
  const PlotSnapshot& shown = *window_->plotPanel()->shownSnapshot();
  QCOMPARE(shown.layer0_neurons, std::size_t(20000));
  QCOMPARE(shown.layer0_trajectories, distinct);
  QVERIFY(distinct <= 101);
  const QLabel* speed = window_->statusBar()->findChild<QLabel*>("speedLabel");
  QVERIFY(speed != nullptr);
  QTRY_VERIFY2(speed->toolTip().contains(QString("follow %1 distinct").arg(distinct)),
               qPrintable(speed->toolTip()));
}

void TestParameterControls::synchroniseAndNewDrawChangeTheOnsets() {
  window_->activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(window_.get()));
  window_->plotPanel()->setFocus();
  QTest::keyClick(window_->plotPanel(), Qt::Key_S);
  QCOMPARE(notebook_onsets(window_->session().experiment())->onset_max_steps, 0);
  QVERIFY(wait_for_latest_frame(*window_));
  compare_plots_with_core(*window_);
  // All onsets equal: every raster row is marked at the same time.
  for (const double onset : window_->plotPanel()->shownSnapshot()->row_onset_ms) {
    QCOMPARE(onset, window_->plotPanel()->shownSnapshot()->row_onset_ms.front());
  }

  const std::uint64_t seed = notebook_onsets(window_->session().experiment())->seed;
  QTest::keyClick(window_->plotPanel(), Qt::Key_N);
  const OnsetStepInput& drawn = *notebook_onsets(window_->session().experiment());
  QVERIFY(drawn.seed != seed);
  QVERIFY(drawn.onset_max_steps > 0);
  QVERIFY(!drawn.onset_steps);
  QCOMPARE(window_->parameterPanel()->seedBox()->value(), double(drawn.seed));
  QVERIFY(wait_for_latest_frame(*window_));
  compare_plots_with_core(*window_);
}

void TestParameterControls::sliderStormCoalesces() {
  // Trials of 4e8 neuron updates (every neuron advanced), so that none can finish between two
  // key presses however loaded the machine: the storm must be coalesced, not outrun.
  window_ = std::make_unique<MainWindow>(notebook_experiment(100'000));
  window_->session().setNeuronSharing(NeuronSharing::kOff);
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
  QVERIFY(wait_for_latest_frame(*window_));
  QSlider* slider = window_->parameterPanel()->slider(ParameterField::kAmplitude)->slider();
  slider->setFocus();
  const WorkerStatistics& stats = window_->session().statistics();
  const std::uint64_t started_before = stats.trials_started.load();
  const std::uint64_t completed_before = stats.trials_completed.load();
  const std::uint64_t generation_before = window_->session().generation();
  for (int i = 0; i < 200; ++i) QTest::keyClick(slider, Qt::Key_Right);
  QCOMPARE(notebook_onsets(window_->session().experiment())->amplitude, 3.0);
  QCOMPARE(window_->session().generation() - generation_before, std::uint64_t(200));
  QVERIFY(wait_for_latest_frame(*window_));
  const std::uint64_t started = stats.trials_started.load() - started_before;
  const std::uint64_t completed = stats.trials_completed.load() - completed_before;
  qInfo("200 changes -> %llu trials started (the rest abandoned), %llu completed",
        qulonglong(started), qulonglong(completed));
  QVERIFY(completed >= 1);
  // Obsolete trials are abandoned at the next chunk, and most changes never start one.
  QVERIFY2(completed <= 5, "a slider storm must not run every trial to the end");
  QVERIFY2(started < 100, "a slider storm must collapse into far fewer runs");
  compare_plots_with_core(*window_);
}

void TestParameterControls::obsoleteTrialIsAbandoned() {
  // A trial of many seconds is under way when the size drops to 100 neurons: the long trial is
  // given up at its next chunk and the plots show the new one.
  const Experiment e = notebook_experiment(100'000, 200'000);
  window_ = std::make_unique<MainWindow>(e);
  window_->show();
  const WorkerStatistics& stats = window_->session().statistics();
  QTRY_VERIFY(stats.trials_started.load() >= 1);
  QCOMPARE(stats.trials_completed.load(), std::uint64_t(0));
  window_->parameterPanel()->slider(ParameterField::kLayer0Size)->spinBox()->setValue(100);
  QVERIFY(wait_for_latest_frame(*window_));
  QVERIFY(stats.trials_abandoned.load() >= 1);
  QCOMPARE(window_->plotPanel()->shownSnapshot()->layer0_size, 100u);
  compare_plots_with_core(*window_);
}

void TestParameterControls::invalidCombinationIsRefusedAndKept() {
  // An edit the core refuses (a threshold not above the reset potential) is not sent; the
  // status bar names the field and the plots keep the last valid run.
  const Experiment before = window_->session().experiment();
  const std::uint64_t generation = window_->session().generation();
  Experiment bad = before;
  set_lif_value(bad, kLifReset, 1.0);
  emit window_->parameterPanel()->experimentEdited(bad);
  QCOMPARE(window_->session().generation(), generation);
  QVERIFY(window_->session().experiment() == before);
  QVERIFY2(window_->statusBar()->currentMessage().contains(
               "populations[\"layer0\"].parameters.reset_v: must be below threshold_v"),
           qPrintable(window_->statusBar()->currentMessage()));
  compare_plots_with_core(*window_);
}

QTEST_MAIN(TestParameterControls)
#include "tst_parameter_controls.moc"
