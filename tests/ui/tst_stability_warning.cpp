// Numerical honesty: in notebook mode a dt/tau_m above 1 makes forward Euler oscillate (above 2,
// blow up); the window must say so above the plots, with the core's own words, for as long as
// it holds, whichever way the parameters got there (controls, mode switch, a loaded experiment).
// Exact mode is stable for every dt/tau_m and shows no warning.
#include <QComboBox>
#include <QLabel>
#include <QTest>

#include "gui_test_support.h"
#include "parameter_panel.h"
#include "simulation_session.h"

using namespace spikescope;

namespace {

QLabel* banner(const MainWindow& window) {
  return window.findChild<QLabel*>("stabilityBanner");
}

// The core's words for each population of the notebook method, named by its path.
QString expected_text(const Experiment& e) {
  QStringList warnings;
  for (const PopulationSpec& population : e.network.populations) {
    if (population.model != "lif" || population.method == "exact") continue;
    warnings << "populations[\"" + QString::fromStdString(population.name) + "\"]: " +
                    QString::fromStdString(
                        notebook_stability_warning(notebook_lif_parameters(e), e.network.dt_ms));
  }
  return "Warning: " + warnings.join(' ');
}

void type_value(QDoubleSpinBox* box, double value) {
  box->setFocus();
  box->selectAll();
  QTest::keyClicks(box, QString::number(value));
  QTest::keyClick(box, Qt::Key_Return);
}

}  // namespace

class TestStabilityWarning : public QObject {
  Q_OBJECT
 private slots:
  void seedExperimentShowsNoWarning();
  void controlsThatMakeEulerUnstableShowIt();
  void exactModeIsNeverWarned();
  void loadedExperimentIsWarnedAbout();
};

void TestStabilityWarning::seedExperimentShowsNoWarning() {
  MainWindow window;
  window.show();
  QVERIFY(banner(window) != nullptr);
  QVERIFY(!banner(window)->isVisible());
}

void TestStabilityWarning::controlsThatMakeEulerUnstableShowIt() {
  const Experiment small = testing::notebook_experiment(20, 400);
  MainWindow window(small);
  window.show();
  ParameterPanel* panel = window.parameterPanel();
  // tau_m = 0.2 kOhm * 0.5 uF = 0.1 ms, dt = 0.125 ms: dt/tau_m = 1.25, oscillating.
  type_value(panel->slider(ParameterField::kCapacitance)->spinBox(), 0.5);
  type_value(panel->slider(ParameterField::kResistance)->spinBox(), 0.2);
  const Experiment& oscillating = window.session().experiment();
  QCOMPARE(notebook_lif_parameters(oscillating).tau_m_ms(), 0.2 * 0.5);
  QVERIFY(banner(window)->text().count("oscillates") == 2);  // both layers
  QVERIFY(banner(window)->isVisible());
  QCOMPARE(banner(window)->text(), expected_text(oscillating));
  QVERIFY(banner(window)->text().contains("oscillates"));
  // 0.1 kOhm: dt/tau_m = 2.5, blowing up.
  type_value(panel->slider(ParameterField::kResistance)->spinBox(), 0.1);
  QVERIFY(banner(window)->isVisible());
  QVERIFY(banner(window)->text().contains("blows up"));
  QCOMPARE(banner(window)->text(), expected_text(window.session().experiment()));
  // Back to tau_m = 5 ms: the warning goes.
  type_value(panel->slider(ParameterField::kResistance)->spinBox(), 10.0);
  QVERIFY(!banner(window)->isVisible());
  QVERIFY(testing::wait_for_latest_frame(window));
}

void TestStabilityWarning::exactModeIsNeverWarned() {
  Experiment unstable = testing::notebook_experiment(20, 400);
  unstable.network.dt_ms = 25.0;  // dt/tau_m = 2.5
  MainWindow window(unstable);
  window.show();
  QVERIFY(banner(window)->isVisible());
  QComboBox* mode = window.parameterPanel()->integrationBox();
  mode->setCurrentIndex(mode->findData(int(IntegrationMode::kExact)));
  QCOMPARE(notebook_mode(window.session().experiment()), IntegrationMode::kExact);
  QVERIFY(!banner(window)->isVisible());
  mode->setCurrentIndex(mode->findData(int(IntegrationMode::kNotebook)));
  QVERIFY(banner(window)->isVisible());
  QVERIFY(testing::wait_for_latest_frame(window));
}

void TestStabilityWarning::loadedExperimentIsWarnedAbout() {
  MainWindow window;
  window.show();
  Experiment loaded = testing::notebook_experiment(20, 100);
  loaded.network.dt_ms = 15.0;  // dt/tau_m = 1.5
  window.setExperiment(loaded);
  QVERIFY(banner(window)->isVisible());
  QCOMPARE(banner(window)->text(), expected_text(loaded));
  // Only the population of the notebook method is warned about.
  Experiment mixed = loaded;
  mixed.network.populations[0].method = "exact";
  window.setExperiment(mixed);
  QVERIFY(banner(window)->isVisible());
  QCOMPARE(banner(window)->text(), expected_text(mixed));
  QVERIFY(banner(window)->text().contains("populations[\"layer1\"]"));
  QVERIFY(!banner(window)->text().contains("populations[\"layer0\"]"));
  window.setExperiment(seed_experiment());
  QVERIFY(!banner(window)->isVisible());
}

QTEST_MAIN(TestStabilityWarning)
#include "tst_stability_warning.moc"
