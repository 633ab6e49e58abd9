// spikesim run as a user runs it: the built binary, started with QProcess. The golden scenarios
// of the SNN_0 notebook come out exactly; parameter flags and experiment files change the result
// as the library says; the seed experiment is found from any directory.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <csignal>
#include <tuple>

#include "experiment/experiment_file.h"
#include "experiment/notebook_network.h"
#include "experiment/seed_experiment.h"
#include "spikesim_process.h"

using namespace spikescope;
using namespace spikescope::testing;

class TestSpikesimRun : public QObject {
  Q_OBJECT
 private slots:
  void goldenScenarios_data();
  void goldenScenarios();
  void spikesCsvHoldsEveryGoldenSpike();
  void parameterFlagsMatchLibrary_data();
  void parameterFlagsMatchLibrary();
  void seedExperimentFromAnyDirectory();
  void longTrialIsWrittenInSlices();
  void interruptedRunLeavesTheOldFile_data();
  void interruptedRunLeavesTheOldFile();
  void experimentFileAndOverrides();
  void unknownKeysWarn_data();
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
  // The summary tells the notebook's totals and first spikes (stored steps, as the trace).
  const QString layer0 =
      QString("layer0 (lif, notebook): %1 spikes, neuron 0 first spikes at step %2")
          .arg(golden["l0_total_spikes"].toInt())
          .arg(golden["first_spike_step_l0_n0"].toInt());
  const QString layer1 =
      QString("layer1 (lif, notebook): %1 spikes, neuron 0 first spikes at step %2")
          .arg(golden["l1_spike_count_in_main_csv"].toInt())
          .arg(golden["first_spike_step_l1_n0"].toInt());
  QVERIFY2(run.out.contains(layer0 + "\n"), qPrintable(run.out));
  QVERIFY2(run.out.contains(layer1 + "\n"), qPrintable(run.out));
}

// Every spike of the seed experiment with the golden onsets (scenario c_seed42), in the spikes
// CSV's convention: the iteration a spike was found in, one less than the golden data's stored
// step, at iteration * dt; populations by name.
void TestSpikesimRun::spikesCsvHoldsEveryGoldenSpike() {
  const QJsonObject golden = read_json(data_path("c_seed42.json"));
  QTemporaryDir dir;
  const QString spikes = dir.filePath("spikes.csv");
  const Run run = spikesim(
      {"run", "--offsets-file", data_path("c_seed42_offsets.json"), "--spikes-csv", spikes});
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);
  QVERIFY2(run.out.contains("wrote " + spikes + "\n"), qPrintable(run.out));
  QCOMPARE(directory_entries(dir.path()), QStringList{"spikes.csv"});  // no trace asked for

  using Spike = std::tuple<std::int64_t, QString, std::int64_t>;  // iteration, population, neuron
  std::vector<Spike> expected;
  const QJsonArray layer0 = golden["l0_spike_steps"].toArray();
  QCOMPARE(layer0.size(), qsizetype(100));
  for (qsizetype j = 0; j < layer0.size(); ++j) {
    for (const QJsonValue& stored : layer0[j].toArray()) {
      expected.emplace_back(stored.toInteger() - 1, "layer0", j);
    }
  }
  for (const QJsonValue& stored : golden["l1_spike_steps"].toArray()) {
    expected.emplace_back(stored.toInteger() - 1, "layer1", 0);
  }
  QCOMPARE(qsizetype(expected.size()),
           golden["l0_total_spikes"].toInteger() + golden["l1_spike_count"].toInteger());

  const Table rows = read_csv(spikes);
  QVERIFY(!rows.empty());
  QCOMPARE(rows[0].join(','), QString("step,time_ms,population,neuron"));
  std::vector<Spike> written;
  std::int64_t previous = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    QCOMPARE(rows[i].size(), 4);
    const std::int64_t step = rows[i][0].toLongLong();
    QVERIFY2(step >= previous, "spikes out of order");  // in the order they were found
    previous = step;
    QCOMPARE(number(rows[i][1]), static_cast<double>(step) * 0.125);
    written.emplace_back(step, rows[i][2], rows[i][3].toLongLong());
  }
  std::sort(expected.begin(), expected.end());
  std::sort(written.begin(), written.end());
  QCOMPARE(written.size(), expected.size());
  QVERIFY(written == expected);
  // The summary counts the same spikes.
  QVERIFY2(run.out.contains(
               QString("layer0 (lif, notebook): %1 spikes").arg(golden["l0_total_spikes"].toInt())),
           qPrintable(run.out));
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
                            "projections.layer0->layer1.weight=2.5",
                            "--set",
                            "populations.layer0.parameters.spike_height_v=0.5",
                            "--set",
                            "populations[\"layer1\"].parameters.spike_height_v=0.5",
                            "--csv",
                            csv});
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);
  // The notebook's knobs: every LIF population's parameters, the onset input of layer0, the
  // weight of the projection.
  Experiment expected = seed_experiment();
  set_notebook_mode(expected,
                    mode == "exact" ? IntegrationMode::kExact : IntegrationMode::kNotebook);
  set_lif_value(expected, kLifThreshold, 0.6);
  set_lif_value(expected, kLifResistance, 1.5);
  set_lif_value(expected, kLifCapacitance, 4);
  set_lif_value(expected, kLifRefractory, 1.5);
  set_lif_value(expected, kLifSpikeHeight, 0.5);
  OnsetStepInput& onsets = *notebook_onsets(expected);
  onsets.amplitude = 0.9;
  onsets.onset_steps.reset();
  onsets.onset_max_steps = 50;
  onsets.seed = 7;
  expected.network.dt_ms = 0.1;
  expected.steps = 1500;
  expected.network.populations[0].size = 30;
  set_notebook_weight(expected, 2.5);
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
                            "--set", "projections.layer0->layer1.weight=30", "--csv", csv});
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);
  Experiment expected = seed_experiment();
  expected.steps = 140000;
  expected.network.populations[0].size = 3;
  notebook_onsets(expected)->onset_steps = std::vector<std::int32_t>{0, 40, 80};
  set_notebook_weight(expected, 30);
  compare_with_library(read_csv(csv), expected);
  QVERIFY2(run.out.contains("wrote " + csv + " (140001 steps)"), qPrintable(run.out));
}

void TestSpikesimRun::interruptedRunLeavesTheOldFile_data() {
  QTest::addColumn<int>("signal");
  QTest::addColumn<QStringList>("outputs");  // the options whose files exist before the run
  QTest::newRow("Ctrl+C, trace") << SIGINT << QStringList{"--csv"};
  QTest::newRow("kill, trace and spikes") << SIGTERM << QStringList{"--csv", "--spikes-csv"};
  QTest::newRow("terminal closed, spikes") << SIGHUP << QStringList{"--spikes-csv"};
}

// A signal in the middle of a long run: the half-written outputs are removed, the files that
// were there before are untouched, and the exit code says "interrupted".
void TestSpikesimRun::interruptedRunLeavesTheOldFile() {
  QFETCH(int, signal);
  QFETCH(QStringList, outputs);
  QTemporaryDir dir;
  // 2e11 neuron updates with onsets spread too widely to share trajectories: minutes of work.
  QStringList args{"run", "--neurons", "100000", "--offset-max", "10000000", "--steps", "2000000"};
  QStringList old_files;
  for (const QString& option : outputs) {
    const QString name = option == "--csv" ? "out.csv" : "spikes.csv";
    QFile old(dir.filePath(name));
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("the previous run\n");
    args << option << old.fileName();
    old_files << name;
  }
  old_files.sort();
  QProcess process;
  process.start(spikesim_executable(), args);
  QVERIFY(process.waitForStarted());
  // The run is under way once its temporary files exist beside the destinations.
  QTRY_VERIFY_WITH_TIMEOUT(directory_entries(dir.path()).size() == 2 * old_files.size(), 60000);
  QCOMPARE(::kill(static_cast<pid_t>(process.processId()), signal), 0);
  QVERIFY(process.waitForFinished(60000));
  QCOMPARE(process.exitStatus(), QProcess::NormalExit);
  QCOMPARE(process.exitCode(), 130);
  QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains("interrupted"));
  QCOMPARE(directory_entries(dir.path()), old_files);
  for (const QString& name : old_files) {
    QCOMPARE(read_csv(dir.filePath(name)), (Table{{"the previous run"}}));
  }
}

void TestSpikesimRun::experimentFileAndOverrides() {
  QTemporaryDir dir;
  Experiment e = seed_experiment();
  set_notebook_mode(e, IntegrationMode::kExact);
  e.network.populations[0].size = 12;
  notebook_onsets(e)->onset_steps =
      std::vector<std::int32_t>{0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 0, 0};
  set_notebook_weight(e, 30);
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
  set_lif_value(e, kLifThreshold, 0.5);
  set_notebook_mode(e, IntegrationMode::kNotebook);
  compare_with_library(read_csv(dir.filePath("b.csv")), e);
}

void TestSpikesimRun::unknownKeysWarn_data() {
  QTest::addColumn<QString>("before");  // the key inserted before the first occurrence of this
  QTest::addColumn<QString>("path");    // and its path in the warning
  QTest::newRow("top level") << "\"version\""
                             << "colour";
  QTest::newRow("in a population") << "\"model\": \"lif\""
                                   << "populations[\"layer0\"].colour";
}

void TestSpikesimRun::unknownKeysWarn() {
  QFETCH(QString, before);
  QFETCH(QString, path);
  QTemporaryDir dir;
  std::string text = serialize_experiment(seed_experiment());
  const std::size_t at = text.find(before.toStdString());
  QVERIFY(at != std::string::npos);
  text.insert(at, "\"colour\": \"red\", ");
  const QString file = dir.filePath("e.json");
  QFile out(file);
  QVERIFY(out.open(QIODevice::WriteOnly));
  out.write(text.data(), qint64(text.size()));
  out.close();
  const Run run = spikesim({"run", "--experiment", file, "--csv", dir.filePath("a.csv")});
  QCOMPARE(run.exit_code, 0);
  QCOMPARE(run.err, "spikesim: warning: " + file + ": " + path + ": unknown key, ignored\n");
  // The rest of the file is read as written.
  compare_with_library(read_csv(dir.filePath("a.csv")), seed_experiment());
}

QTEST_GUILESS_MAIN(TestSpikesimRun)
#include "tst_spikesim_run.moc"
