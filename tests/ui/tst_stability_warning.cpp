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

QString expected_text(const Experiment& e) {
  return "Warning: " + QString::fromStdString(notebook_stability_warning(e.neuron, e.dt_ms));
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
  Experiment small;
  small.layer_sizes = {20, 1};
  small.steps = 400;
  MainWindow window(small);
  window.show();
  ParameterPanel* panel = window.parameterPanel();
  // tau_m = 0.2 kOhm * 0.5 uF = 0.1 ms, dt = 0.125 ms: dt/tau_m = 1.25, oscillating.
  type_value(panel->slider(ParameterField::kCapacitance)->spinBox(), 0.5);
  type_value(panel->slider(ParameterField::kResistance)->spinBox(), 0.2);
  const Experiment& oscillating = window.session().experiment();
  QCOMPARE(oscillating.neuron.tau_m_ms(), 0.2 * 0.5);
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
  Experiment unstable;
  unstable.layer_sizes = {20, 1};
  unstable.steps = 400;
  unstable.dt_ms = 25.0;  // dt/tau_m = 2.5
  MainWindow window(unstable);
  window.show();
  QVERIFY(banner(window)->isVisible());
  QComboBox* mode = window.parameterPanel()->integrationBox();
  mode->setCurrentIndex(mode->findData(int(IntegrationMode::kExact)));
  QCOMPARE(window.session().experiment().mode, IntegrationMode::kExact);
  QVERIFY(!banner(window)->isVisible());
  mode->setCurrentIndex(mode->findData(int(IntegrationMode::kNotebook)));
  QVERIFY(banner(window)->isVisible());
  QVERIFY(testing::wait_for_latest_frame(window));
}

void TestStabilityWarning::loadedExperimentIsWarnedAbout() {
  MainWindow window;
  window.show();
  Experiment loaded;
  loaded.layer_sizes = {20, 1};
  loaded.steps = 100;
  loaded.dt_ms = 15.0;  // dt/tau_m = 1.5
  window.setExperiment(loaded);
  QVERIFY(banner(window)->isVisible());
  QCOMPARE(banner(window)->text(), expected_text(loaded));
  window.setExperiment(Experiment{});
  QVERIFY(!banner(window)->isVisible());
}

QTEST_MAIN(TestStabilityWarning)
#include "tst_stability_warning.moc"
