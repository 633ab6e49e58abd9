// spikesim fi and spikesim rheobase as a user runs them (the built binary): the LIF f-I CSV holds
// the steady rates with the closed form beside them, the LIF rheobase is V_th / R to within
// binary32's stall (tst_measurements.cpp says why), and refused requests exit 2 with one line
// naming the option and write nothing.
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "analysis/fi_curve.h"
#include "spikesim_process.h"

using namespace spikescope;
using namespace spikescope::testing;

class TestSpikesimMeasure : public QObject {
  Q_OBJECT
 private slots:
  void fiWritesRatesAndTheClosedForm();
  void fiOfAModelWithoutClosedFormHasTwoColumns();
  void rheobasePrintsBothCriteria();
  void refusedRequestsExit2AndWriteNothing_data();
  void refusedRequestsExit2AndWriteNothing();
};

void TestSpikesimMeasure::fiWritesRatesAndTheClosedForm() {
  QTemporaryDir dir;
  const QString csv = dir.filePath("fi.csv");
  const Run run = spikesim({"fi", "--model", "lif", "--dt-ms", "0.125", "--currents", "0:3:0.05",
                            "--duration-ms", "1000", "--csv", csv});
  QCOMPARE(run.exit_code, 0);
  QCOMPARE(run.err, QString());
  QVERIFY2(run.out.startsWith("lif: 61 currents, 45 firing steadily"), qPrintable(run.out));
  const Table rows = read_csv(csv);
  QCOMPARE(rows.size(), std::size_t{62});
  QCOMPARE(rows[0].join(','), QString("current,rate_hz,analytic_hz"));
  NeuronUnderTest lif;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const double current = number(rows[i][0]);
    QCOMPARE(current, static_cast<double>(i - 1) * 0.05);
    QCOMPARE(number(rows[i][2]), *analytic_rate_hz(lif, current));
    const double rate = number(rows[i][1]);
    if (number(rows[i][2]) == 0) {
      QCOMPARE(rate, 0.0);
    } else {
      QVERIFY(std::abs(1000 / rate - 1000 / number(rows[i][2])) < 0.125);  // within one step
    }
  }
}

void TestSpikesimMeasure::fiOfAModelWithoutClosedFormHasTwoColumns() {
  QTemporaryDir dir;
  const QString csv = dir.filePath("fi.csv");
  const Run run = spikesim({"fi", "--model", "izhikevich", "--set", "d=2", "--currents", "0:10:5",
                            "--duration-ms", "500", "--settle-ms", "50", "--csv", csv});
  QCOMPARE(run.exit_code, 0);
  const Table rows = read_csv(csv);
  QCOMPARE(rows.size(), std::size_t{4});
  QCOMPARE(rows[0].join(','), QString("current,rate_hz"));
  QCOMPARE(number(rows[1][1]), 0.0);
  QVERIFY(number(rows[3][1]) > number(rows[2][1]));
}

void TestSpikesimMeasure::rheobasePrintsBothCriteria() {
  const Run run = spikesim({"rheobase", "--model", "lif", "--set", "threshold_v=0.9", "--set",
                            "membrane_resistance_kohm=2"});
  QCOMPARE(run.exit_code, 0);
  const QRegularExpression line("^rheobase_single=(\\S+) rheobase_repetitive=(\\S+)\n$");
  const QRegularExpressionMatch match = line.match(run.out);
  QVERIFY2(match.hasMatch(), qPrintable(run.out));
  for (const int group : {1, 2}) {
    const double value = number(match.captured(group));
    QVERIFY2(value > 0.45 && value - 0.45 <= 1e-5, qPrintable(match.captured(group)));
  }
}

void TestSpikesimMeasure::refusedRequestsExit2AndWriteNothing_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("message");
  const QStringList fi = {"fi", "--model", "lif", "--duration-ms", "1000"};
  QTest::newRow("reversed range") << (fi + QStringList{"--currents", "2:1:0.1"})
                                  << "--currents: the range 2 to 1 is empty or reversed; TO must "
                                     "be above FROM";
  QTest::newRow("empty range") << (fi + QStringList{"--currents", "1:1:0.1"})
                               << "--currents: the range 1 to 1 is empty or reversed; TO must be "
                                  "above FROM";
  QTest::newRow("step of 0") << (fi + QStringList{"--currents", "0:1:0"})
                             << "--currents: the step must be positive, got 0";
  QTest::newRow("too many points")
      << (fi + QStringList{"--currents", "0:1:0.00001"})
      << "--currents: 0 to 1 in steps of 1e-05 is 100001 points; at most 10000";
  QTest::newRow("not a range")
      << (fi + QStringList{"--currents", "0:1"})
      << "--currents expects FROM:TO:STEP, got '0:1' (see spikesim --help)";
  QTest::newRow("shorter than settling")
      << QStringList{"fi", "--model", "lif", "--currents", "0:1:0.5", "--duration-ms", "80"}
      << "--duration-ms: 80 ms leaves nothing after the settling time (100 ms); the rate is "
         "measured after it";
  QTest::newRow("unknown parameter")
      << (fi + QStringList{"--currents", "0:1:0.5", "--set", "tau=3"})
      << "--set tau: no parameter tau in model lif; its parameters: membrane_resistance_kohm, "
         "membrane_capacitance_uf, refractory_ms, threshold_v, spike_height_v, reset_v, rest_v "
         "(see spikesim --help)";
  QTest::newRow("spike source") << QStringList{"rheobase", "--model", "poisson"}
                                << "--model: poisson is a spike source; it takes no input current "
                                   "to measure";
  QTest::newRow("fires without input")
      << QStringList{"rheobase", "--model", "lif", "--set", "rest_v=0.8"}
      << "the neuron fires with no input current (I = 0 mA): it has no rheobase above 0";
  QTest::newRow("tolerance 0") << QStringList{"rheobase", "--model", "lif", "--tolerance", "0"}
                               << "--tolerance: must be a positive number, got 0";
}

void TestSpikesimMeasure::refusedRequestsExit2AndWriteNothing() {
  QFETCH(QStringList, args);
  QFETCH(QString, message);
  QTemporaryDir dir;
  const QString csv = dir.filePath("fi.csv");
  if (args.front() == "fi") args << "--csv" << csv;
  const Run run = spikesim(args);
  QCOMPARE(run.exit_code, 2);
  QCOMPARE(run.err, "spikesim: " + message + "\n");
  QVERIFY(!QFile::exists(csv));
}

QTEST_GUILESS_MAIN(TestSpikesimMeasure)
#include "tst_spikesim_measure.moc"
