// Measurements of neurons (core/analysis): the LIF f-I curve against its closed form and against
// the step-exact prediction of tests/data/models/lif_fi.json (a copy of ../shared/models), the
// LIF rheobase V_th / R, HH's f-I table and rheobase brackets against Brian2 2.5.1 (hh.json),
// Izhikevich regular spiking monotone, and the refusals of impossible requests.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <cmath>

#include "analysis/fi_curve.h"
#include "analysis/rheobase.h"
#include "common/parameter_error.h"

using namespace spikescope;

namespace {

QJsonObject reference(const char* name) {
  QFile file(QStringLiteral(SPIKESCOPE_TEST_DATA_DIR "/models/") + name);
  if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(file.fileName()));
  return QJsonDocument::fromJson(file.readAll()).object();
}

NeuronUnderTest lif(double dt_ms) {
  NeuronUnderTest neuron;
  neuron.model = "lif";
  neuron.method = "exact";
  neuron.dt_ms = dt_ms;
  return neuron;
}

QString refusal(const std::function<void()>& attempt) {
  try {
    attempt();
  } catch (const ParameterError& error) {
    return QString::fromStdString(error.what());
  }
  return "accepted";
}

}  // namespace

class TestMeasurements : public QObject {
  Q_OBJECT
 private slots:
  void lifFiFollowsTheClosedFormWithinAStep_data();
  void lifFiFollowsTheClosedFormWithinAStep();
  void lifRheobaseIsThresholdOverResistance_data();
  void lifRheobaseIsThresholdOverResistance();
  void hhFiMatchesBrian2();
  void hhRheobaseLiesInBrian2sBrackets();
  void izhikevichRegularSpikingIsMonotone();
  void sweepsAndRequestsAreChecked();
  void progressAndCancellation();
};

void TestMeasurements::lifFiFollowsTheClosedFormWithinAStep_data() {
  QTest::addColumn<QString>("run");
  QTest::newRow("dt 0.125 ms") << "dt_0.125";
  QTest::newRow("dt 0.01 ms") << "dt_0.01";
}

void TestMeasurements::lifFiFollowsTheClosedFormWithinAStep() {
  // The app holds V at reset floor(t_ref/dt) steps after the spike step and fires at the first
  // update with V >= V_th, so its ISI is (R + n) dt with n = ceil(T/dt) updates for the analytic
  // time T from reset to threshold: ISI - (t_ref + T) lies in [0, dt) for t_ref a multiple of dt,
  // and in (-dt, dt) once binary32 rounding may reach V_th one update early.
  QFETCH(QString, run);
  const QJsonObject ref = reference("lif_fi.json");
  const QJsonObject data = ref["runs"].toObject()[run].toObject();
  const double dt = data["dt_ms"].toDouble();
  FiRequest request;
  request.neuron = lif(dt);
  const QJsonArray rows = data["rows"].toArray();
  for (const auto& row : rows) request.currents.push_back(row.toObject()["I"].toDouble());
  const std::vector<FiPoint> curve = fi_curve(request);
  QCOMPARE(curve.size(), static_cast<std::size_t>(rows.size()));
  int firing = 0;
  int equal_to_prediction = 0;
  for (std::size_t j = 0; j < curve.size(); ++j) {
    const QJsonObject row = rows[static_cast<int>(j)].toObject();
    const FiPoint& point = curve[j];
    QVERIFY(point.analytic_hz.has_value());
    QVERIFY2(std::abs(*point.analytic_hz - row["rate_Hz_analytic"].toDouble()) <=
                 1e-6 * *point.analytic_hz,  // the reference prints 6 decimals
             qPrintable(QString("I = %1").arg(point.current)));
    if (*point.analytic_hz == 0.0) {
      QCOMPARE(point.rate_hz, 0.0);
      QCOMPARE(point.spikes, std::uint64_t{0});
      continue;
    }
    ++firing;
    const double isi = 1000.0 / point.rate_hz;
    const double analytic_isi = 1000.0 / *point.analytic_hz;
    QVERIFY2(std::abs(isi - analytic_isi) < dt,
             qPrintable(QString("I = %1: ISI %2 ms, analytic %3 ms")
                            .arg(point.current)
                            .arg(isi)
                            .arg(analytic_isi)));
    const double predicted = row["rate_Hz_app_countdown_predicted"].toDouble();
    if (std::abs(point.rate_hz - predicted) <= 1e-6 * predicted)
      ++equal_to_prediction;  // 6 decimals
    // binary32 may reach threshold one update earlier or later than binary64 at a tie.
    QVERIFY(std::abs(isi - 1000.0 / predicted) <= dt * (1 + 1e-9));
  }
  QVERIFY(firing >= 40);
  QVERIFY2(equal_to_prediction >= firing - 2,
           qPrintable(QString("%1 of %2 rates as predicted").arg(equal_to_prediction).arg(firing)));
}

void TestMeasurements::lifRheobaseIsThresholdOverResistance_data() {
  QTest::addColumn<QString>("method");
  QTest::addColumn<double>("threshold");
  QTest::addColumn<double>("resistance");
  QTest::newRow("notebook's 0.75 V / 1 kOhm") << QString("exact") << 0.75 << 1.0;
  QTest::newRow("0.9 V / 2 kOhm") << QString("exact") << 0.9 << 2.0;
  QTest::newRow("0.3 V / 0.5 kOhm") << QString("exact") << 0.3 << 0.5;
}

void TestMeasurements::lifRheobaseIsThresholdOverResistance() {
  // V_th / R in closed form; a simulation in floating point fires only a little above it: V
  // stalls below V_inf once a step's change, (V_inf - V)(1 - e^(-dt/tau)), is below half an ulp
  // of V_th, so V_inf must clear V_th by up to ulp(V_th) / (1 - e^(-dt/tau)): 6e-6 V for binary32
  // (exact) at dt 0.1 ms, tau 10 ms.
  QFETCH(QString, method);
  QFETCH(double, threshold);
  QFETCH(double, resistance);
  RheobaseRequest request;
  request.neuron = lif(0.1);
  request.neuron.method = method.toStdString();
  request.neuron.parameters = {{"threshold_v", threshold},
                               {"membrane_resistance_kohm", resistance}};
  request.tolerance = 1e-15;  // as fine as the doubles near it allow
  const Rheobase found = find_rheobase(request);
  const double exact = threshold / resistance;
  const double ulp = method == "exact" ? std::nextafter(static_cast<float>(threshold), 2.0f) -
                                             static_cast<float>(threshold)
                                       : std::nextafter(threshold, 2.0) - threshold;
  const double stall = ulp / (1 - std::exp(-0.1 / (resistance * 10.0))) / resistance;
  for (const CurrentBracket& b : {found.single, found.repetitive}) {
    QVERIFY2(b.at > exact && b.at - exact <= stall,
             qPrintable(QString("rheobase %1, expected within %2 above %3")
                            .arg(b.at, 0, 'g', 17)
                            .arg(stall)
                            .arg(exact, 0, 'g', 17)));
    QVERIFY(b.at - b.below <= 4 * (std::nextafter(b.at, 2.0 * b.at) - b.at));
  }
  QVERIFY(found.rounds <= 12);
}

void TestMeasurements::hhFiMatchesBrian2() {
  const QJsonObject sweep = reference("hh.json")["sweep"].toObject();
  FiRequest request;
  request.neuron.model = "hh";
  request.neuron.method = "exponential_euler";
  request.neuron.dt_ms = reference("hh.json")["dt_ms"].toDouble();
  const QJsonArray rows = sweep["fI"].toArray();
  for (const auto& row : rows) request.currents.push_back(row.toObject()["I"].toDouble());
  const std::vector<FiPoint> curve = fi_curve(request);
  for (std::size_t j = 0; j < curve.size(); ++j) {
    const QJsonObject row = rows[static_cast<int>(j)].toObject();
    const double expected = row["rate_Hz_steady_isi"].toDouble();
    const QString where = QString("I = %1: %2 Hz, Brian2 %3 Hz")
                              .arg(curve[j].current)
                              .arg(curve[j].rate_hz)
                              .arg(expected);
    QCOMPARE(curve[j].spikes, static_cast<std::uint64_t>(row["brian2_count"].toInt()));
    if (expected == 0.0) {
      QVERIFY2(curve[j].rate_hz == 0.0, qPrintable(where));
    } else {
      QVERIFY2(std::abs(curve[j].rate_hz - expected) <= 0.01 * expected, qPrintable(where));
    }
  }
}

void TestMeasurements::hhRheobaseLiesInBrian2sBrackets() {
  // Brian2's table: 0 spikes at I = 2, one at 4, two (then silence) at 6, sustained from 8 on.
  RheobaseRequest request;
  request.neuron.model = "hh";
  request.neuron.method = "exponential_euler";
  request.neuron.dt_ms = 0.01;
  request.tolerance = 0.01;
  const Rheobase found = find_rheobase(request);
  QVERIFY2(found.single.at > 2.0 && found.single.at <= 4.0,
           qPrintable(QString::number(found.single.at)));
  QVERIFY2(found.repetitive.at > 6.0 && found.repetitive.at <= 8.0,
           qPrintable(QString::number(found.repetitive.at)));
  QVERIFY(found.single.at - found.single.below <= 0.01);
  QVERIFY(found.repetitive.at - found.repetitive.below <= 0.01);
}

void TestMeasurements::izhikevichRegularSpikingIsMonotone() {
  FiRequest request;
  request.neuron.model = "izhikevich";
  request.neuron.dt_ms = 0.1;
  request.currents = current_sweep(0.0, 20.0, 0.5);
  const std::vector<FiPoint> curve = fi_curve(request);
  QCOMPARE(curve.front().rate_hz, 0.0);
  QVERIFY(curve.back().rate_hz > 20.0);
  for (std::size_t j = 1; j < curve.size(); ++j) {
    QVERIFY2(curve[j].rate_hz >= curve[j - 1].rate_hz,
             qPrintable(QString("I = %1").arg(curve[j].current)));
  }
  QVERIFY(!curve.back().analytic_hz.has_value());
}

void TestMeasurements::sweepsAndRequestsAreChecked() {
  QCOMPARE(current_sweep(0.0, 1.0, 0.25), (std::vector<double>{0.0, 0.25, 0.5, 0.75, 1.0}));
  QCOMPARE(current_sweep(0.0, 0.3, 0.1).size(), std::size_t{4});  // 0.3 within rounding
  QCOMPARE(refusal([] { current_sweep(1.0, 1.0, 0.1); }),
           QString("currents: the range 1 to 1 is empty or reversed; TO must be above FROM"));
  QCOMPARE(refusal([] { current_sweep(2.0, 1.0, 0.1); }),
           QString("currents: the range 2 to 1 is empty or reversed; TO must be above FROM"));
  QCOMPARE(refusal([] { current_sweep(0.0, 1.0, 0.0); }),
           QString("currents: the step must be positive, got 0"));
  QCOMPARE(refusal([] { current_sweep(0.0, 1.0, 1e-5); }),
           QString("currents: 0 to 1 in steps of 1e-05 is 100001 points; at most 10000"));
  FiRequest request;
  request.neuron = lif(0.1);
  QCOMPARE(refusal([&] { fi_curve(request); }), QString("currents: no current to measure"));
  request.currents = {1.0};
  request.duration_ms = 50.0;
  QCOMPARE(refusal([&] { fi_curve(request); }),
           QString("duration_ms: 50 ms leaves nothing after the settling time (100 ms); the rate "
                   "is measured after it"));
  request.duration_ms = 1000.0;
  request.neuron.parameters = {{"threshold_v", -1.0}};
  QCOMPARE(
      refusal([&] { fi_curve(request); }),
      QString(
          "populations[\"neuron\"].parameters.reset_v: must be below threshold_v (-1 V), got 0"));
  request.neuron.parameters.clear();
  request.neuron.model = "poisson";
  QCOMPARE(refusal([&] { fi_curve(request); }),
           QString("model: poisson is a spike source; it takes no input current to measure"));
  RheobaseRequest rheobase;
  rheobase.neuron = lif(0.1);
  rheobase.neuron.parameters = {{"rest_v", 0.8}};  // above threshold without input
  QCOMPARE(
      refusal([&] { find_rheobase(rheobase); }),
      QString("the neuron fires with no input current (I = 0 mA): it has no rheobase above 0"));
  rheobase.neuron.parameters = {{"threshold_v", 1e9}};
  QCOMPARE(refusal([&] { find_rheobase(rheobase); }),
           QString("no spike up to I = 1e+06 mA in 1000 ms"));
  rheobase.neuron.parameters.clear();
  rheobase.tolerance = 0.0;
  QCOMPARE(refusal([&] { find_rheobase(rheobase); }),
           QString("tolerance: must be a positive number, got 0"));
}

void TestMeasurements::progressAndCancellation() {
  FiRequest request;
  request.neuron = lif(0.1);
  request.currents = current_sweep(0.0, 3.0, 0.5);
  std::vector<double> reported;
  MeasurementControl control;
  control.progress = [&](double fraction) { reported.push_back(fraction); };
  (void)fi_curve(request, control);
  QCOMPARE(reported.size(), std::size_t{5});  // 10,000 steps in slices of 2,000
  QCOMPARE(reported.back(), 1.0);
  QVERIFY(std::is_sorted(reported.begin(), reported.end()));
  std::atomic<bool> stop{false};
  control.stop = &stop;
  control.progress = [&](double fraction) { stop = fraction >= 0.4; };
  QVERIFY_THROWS_EXCEPTION(MeasurementCancelled, fi_curve(request, control));
}

QTEST_GUILESS_MAIN(TestMeasurements)
#include "tst_measurements.moc"
