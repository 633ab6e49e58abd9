// spikesim run as a user runs it: the built binary, started with QProcess. The golden scenarios
// of the SNN_0 notebook come out exactly; parameter flags and experiment files change the result
// as the library says; the seed experiment is found from any directory.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

#include "experiment/experiment_file.h"
#include "experiment/seed_experiment.h"
#include "spikesim_process.h"

using namespace spikescope;
using namespace spikescope::testing;

class TestSpikesimRun : public QObject {
  Q_OBJECT
 private slots:
  void goldenScenarios_data();
  void goldenScenarios();
  void parameterFlagsMatchLibrary_data();
  void parameterFlagsMatchLibrary();
  void seedExperimentFromAnyDirectory();
  void longTrialIsWrittenInSlices();
  void interruptedRunLeavesTheOldFile_data();
  void interruptedRunLeavesTheOldFile();
  void experimentFileAndOverrides();
  void unknownKeysWarn();
};

void TestSpikesimRun::goldenScenarios_data() {
  QTest::addColumn<QString>("scenario");
  QTest::addColumn<QString>("onsetSource");  // "list" or an offsets file in tests/data
  QTest::newRow("a_offsets_zero") << "a_offsets_zero"
                                  << "list";
  QTest::newRow("b_offsets_range") << "b_offsets_range"
                                   << "b_offsets_range.json";
  QTest::newRow("c_seed42") << "c_seed42"
                            << "c_seed42_offsets.json";
  QTest::newRow("d_vth0.9_tref2_cm5") << "d_vth0.9_tref2_cm5_offsets_range"
                                      << "list";
}

void TestSpikesimRun::goldenScenarios() {
  QFETCH(QString, scenario);
  QFETCH(QString, onsetSource);
  const QJsonObject golden = read_json(data_path(scenario + ".json"));
  const QJsonObject p = golden["params"].toObject();
  QTemporaryDir dir;
  const QString csv = dir.filePath("out.csv");
  QStringList args{"run",
                   "--mode",
                   "notebook",
                   "--threshold",
                   QString::number(p["Vth"].toDouble(), 'g', 17),
                   "--rm",
                   QString::number(p["Rm"].toDouble(), 'g', 17),
                   "--cm",
                   QString::number(p["Cm"].toDouble(), 'g', 17),
                   "--refractory",
                   QString::number(p["tau_ref"].toDouble(), 'g', 17),
                   "--input",
                   QString::number(p["input"].toDouble(), 'g', 17),
                   "--dt",
                   QString::number(p["dt"].toDouble(), 'g', 17),
                   "--steps",
                   QString::number(golden["steps"].toInt()),
                   "--neurons",
                   QString::number(p["n_layer0"].toInt()),
                   "--csv",
                   csv};
  if (onsetSource == "list") {
    args << "--offsets" << joined(golden["offsets"].toArray());
  } else {
    args << "--offsets-file" << data_path(onsetSource);
  }
  const Run run = spikesim(args);
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);

  const Table ours = read_csv(csv);
  const Table theirs = read_csv(data_path(scenario + ".csv"));
  QCOMPARE(theirs.size(), std::size_t(golden["steps"].toInt() + 2));
  QCOMPARE(ours.size(), theirs.size());
  QCOMPARE(ours[0].mid(0, 6), theirs[0]);
  for (std::size_t i = 1; i < theirs.size(); ++i) {
    QCOMPARE(ours[i][0], theirs[i][0]);
    for (int column = 1; column < 6; ++column) {
      if (number(ours[i][column]) != number(theirs[i][column])) {
        QFAIL(qPrintable(
            QString("step %1, %2: %3 vs notebook %4")
                .arg(theirs[i][0], theirs[0][column], ours[i][column], theirs[i][column])));
      }
    }
  }
  // The summary tells the notebook's totals and first spikes.
  const QString layer0 = QString("layer 0: %1 spikes, neuron 0 first spikes at step %2")
                             .arg(golden["l0_total_spikes"].toInt())
                             .arg(golden["first_spike_step_l0_n0"].toInt());
  const QString layer1 = QString("layer 1: %1 spikes, neuron 0 first spikes at step %2")
                             .arg(golden["l1_spike_count_in_main_csv"].toInt())
                             .arg(golden["first_spike_step_l1_n0"].toInt());
  QVERIFY2(run.out.contains(layer0 + "\n"), qPrintable(run.out));
  QVERIFY2(run.out.contains(layer1 + "\n"), qPrintable(run.out));
}

void TestSpikesimRun::parameterFlagsMatchLibrary_data() {
  QTest::addColumn<QString>("mode");
  QTest::newRow("notebook") << "notebook";
  QTest::newRow("exact") << "exact";
}

void TestSpikesimRun::parameterFlagsMatchLibrary() {
  QFETCH(QString, mode);
  QTemporaryDir dir;
  const QString csv = dir.filePath("out.csv");
  const Run run = spikesim({"run",
                            "--mode",
                            mode,
                            "--threshold",
                            "0.6",
                            "--rm",
                            "1.5",
                            "--cm",
                            "4",
                            "--refractory",
                            "1.5",
                            "--input",
                            "0.9",
                            "--dt",
                            "0.1",
                            "--steps",
                            "1500",
                            "--neurons",
                            "30",
                            "--offset-max",
                            "50",
                            "--seed",
                            "7",
                            "--set",
                            "model.weight=2.5",
                            "--set",
                            "model.neuron.spike_height_v=0.5",
                            "--csv",
                            csv});
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);
  Experiment expected;
  expected.mode = mode == "exact" ? IntegrationMode::kExact : IntegrationMode::kNotebook;
  expected.neuron.threshold_v = 0.6;
  expected.neuron.membrane_resistance_kohm = 1.5;
  expected.neuron.membrane_capacitance_uf = 4;
  expected.neuron.refractory_ms = 1.5;
  expected.neuron.spike_height_v = 0.5;
  expected.input_amplitude = 0.9;
  expected.dt_ms = 0.1;
  expected.steps = 1500;
  expected.layer_sizes = {30, 1};
  expected.onsets.max_steps = 50;
  expected.onsets.seed = 7;
  expected.weight = 2.5;
  const Table rows = read_csv(csv);
  compare_with_library(rows, expected);
  // Layer 1 fires, so its columns were compared on something.
  int l1_spikes = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) l1_spikes += number(rows[i][5]) != 0.0;
  QVERIFY(l1_spikes > 0);
}

void TestSpikesimRun::seedExperimentFromAnyDirectory() {
  QTemporaryDir dir;
  const Run run = spikesim({"run", "--csv", "seed.csv"}, dir.path());
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);
  QCOMPARE(directory_entries(dir.path()), QStringList{"seed.csv"});
  compare_with_library(read_csv(dir.filePath("seed.csv")), seed_experiment());
}

void TestSpikesimRun::longTrialIsWrittenInSlices() {
  // Longer than one slice of the bounded recorder (65536 steps): rows across slice boundaries
  // are still the library's.
  QTemporaryDir dir;
  const QString csv = dir.filePath("long.csv");
  const Run run = spikesim({"run", "--steps", "140000", "--neurons", "3", "--offsets", "0,40,80",
                            "--set", "model.weight=30", "--csv", csv});
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);
  Experiment expected = seed_experiment();
  expected.steps = 140000;
  expected.layer_sizes = {3, 1};
  expected.onsets.explicit_steps = std::vector<std::int32_t>{0, 40, 80};
  expected.weight = 30;
  compare_with_library(read_csv(csv), expected);
  QVERIFY2(run.out.contains("wrote " + csv + " (140001 steps)"), qPrintable(run.out));
}

void TestSpikesimRun::interruptedRunLeavesTheOldFile_data() {
  QTest::addColumn<int>("signal");
  QTest::newRow("Ctrl+C") << SIGINT;
  QTest::newRow("kill") << SIGTERM;
  QTest::newRow("terminal closed") << SIGHUP;
}

// A signal in the middle of a long run: the half-written trace is removed, the file that was
// there before is untouched, and the exit code says "interrupted".
void TestSpikesimRun::interruptedRunLeavesTheOldFile() {
  QFETCH(int, signal);
  QTemporaryDir dir;
  const QString csv = dir.filePath("out.csv");
  {
    QFile old(csv);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("the previous run\n");
  }
  QProcess process;
  // 2e11 neuron updates with onsets spread too widely to share trajectories: minutes of work.
  process.start(spikesim_executable(), {"run", "--neurons", "100000", "--offset-max", "10000000",
                                        "--steps", "2000000", "--csv", csv});
  QVERIFY(process.waitForStarted());
  // The run is under way once its temporary file exists beside the destination.
  QTRY_VERIFY_WITH_TIMEOUT(directory_entries(dir.path()).size() == 2, 60000);
  QCOMPARE(::kill(static_cast<pid_t>(process.processId()), signal), 0);
  QVERIFY(process.waitForFinished(60000));
  QCOMPARE(process.exitStatus(), QProcess::NormalExit);
  QCOMPARE(process.exitCode(), 130);
  QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains("interrupted"));
  QCOMPARE(directory_entries(dir.path()), QStringList{"out.csv"});
  QCOMPARE(read_csv(csv), (Table{{"the previous run"}}));
}

void TestSpikesimRun::experimentFileAndOverrides() {
  QTemporaryDir dir;
  Experiment e = seed_experiment();
  e.mode = IntegrationMode::kExact;
  e.layer_sizes = {12, 1};
  e.onsets.explicit_steps = std::vector<std::int32_t>{0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 0, 0};
  e.weight = 30;
  e.steps = 900;
  const QString file = dir.filePath("e.json");
  save_experiment_file(file.toStdString(), e);

  const Run plain = spikesim({"run", "--experiment", file, "--csv", dir.filePath("a.csv")});
  QCOMPARE(plain.err, QString());
  QCOMPARE(plain.exit_code, 0);
  compare_with_library(read_csv(dir.filePath("a.csv")), e);

  const Run overridden = spikesim({"run", "--experiment", file, "--threshold", "0.5", "--mode",
                                   "notebook", "--csv", dir.filePath("b.csv")});
  QCOMPARE(overridden.exit_code, 0);
  e.neuron.threshold_v = 0.5;
  e.mode = IntegrationMode::kNotebook;
  compare_with_library(read_csv(dir.filePath("b.csv")), e);
}

void TestSpikesimRun::unknownKeysWarn() {
  QTemporaryDir dir;
  std::string text = serialize_experiment(seed_experiment());
  text.insert(text.find("\"version\""), "\"colour\": \"red\", ");
  const QString file = dir.filePath("e.json");
  QFile out(file);
  QVERIFY(out.open(QIODevice::WriteOnly));
  out.write(text.data(), qint64(text.size()));
  out.close();
  const Run run = spikesim({"run", "--experiment", file, "--csv", dir.filePath("a.csv")});
  QCOMPARE(run.exit_code, 0);
  QCOMPARE(run.err, "spikesim: warning: " + file + ": colour: unknown key, ignored\n");
}

QTEST_GUILESS_MAIN(TestSpikesimRun)
#include "tst_spikesim_run.moc"
