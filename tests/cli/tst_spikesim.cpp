// spikesim as a user runs it: the built binary, started with QProcess. The golden scenarios of
// the SNN_0 notebook come out exactly; parameter flags change the result as the library says;
// every kind of bad input exits with 2, one line naming the problem, and no output file.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cstdlib>

#include "experiment_file.h"
#include "seed_experiment.h"
#include "spikesim_cli.h"
#include "trial.h"

using namespace spikescope;

namespace {

struct Run {
  int exit_code = -1;
  QString out;
  QString err;
};

Run spikesim(const QStringList& args, const QString& working_directory = {}) {
  QProcess process;
  if (!working_directory.isEmpty()) process.setWorkingDirectory(working_directory);
  process.start(QStringLiteral(SPIKESIM_EXECUTABLE), args);
  Run run;
  if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit) {
    run.err = "did not finish normally";
    return run;
  }
  run.exit_code = process.exitCode();
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

using Table = std::vector<QStringList>;

Table read_csv(const QString& path) {
  QFile file(path);
  Table rows;
  if (!file.open(QIODevice::ReadOnly)) return rows;
  for (const QByteArray& line : file.readAll().split('\n')) {
    if (!line.isEmpty()) rows.push_back(QString::fromUtf8(line).split(','));
  }
  return rows;
}

// strtod, so that a shortest round-trip text gives back exactly the double that was written.
double number(const QString& cell) {
  const QByteArray text = cell.toUtf8();
  char* end = nullptr;
  const double value = std::strtod(text.constData(), &end);
  if (text.isEmpty() || *end != '\0')
    throw std::runtime_error("not a number: " + text.toStdString());
  return value;
}

QJsonObject read_json(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    throw std::runtime_error("cannot open " + path.toStdString());
  return QJsonDocument::fromJson(file.readAll()).object();
}

QString data_path(const QString& name) {
  return QStringLiteral(SPIKESCOPE_TEST_DATA_DIR "/") + name;
}

QString joined(const QJsonArray& values) {
  QStringList parts;
  for (const auto& v : values) parts << QString::number(v.toInt());
  return parts.join(',');
}

// The CSV spikesim wrote holds exactly the recorder's values of a library run of `experiment`.
void compare_with_library(const Table& rows, const Experiment& experiment) {
  const NetworkConfig config = network_config(experiment);
  const TrialResult trial =
      run_trial(config, experiment.steps, trial_recording(config, experiment.steps));
  const Recorder& r = trial.recorder;
  const double height = experiment.neuron.spike_height_v;
  QCOMPARE(rows.size(), std::size_t(experiment.steps + 2));
  QCOMPARE(rows[0].join(','),
           QString("step,vm_l0_n0,spikes_l0_n0,layer_spikes,vm_l1_n0,spikes_l1_n0,time_ms"));
  for (std::int64_t k = 0; k <= experiment.steps; ++k) {
    const QStringList& row = rows[static_cast<std::size_t>(k) + 1];
    QCOMPARE(row.size(), 7);
    QCOMPARE(row[0].toLongLong(), k);
    QCOMPARE(number(row[1]), r.probe_vm().value(k, 0));
    QCOMPARE(number(row[2]), r.probe_spiked().value(k, 0) ? height : 0.0);
    QCOMPARE(number(row[3]), r.layer_sums().value(k, 0));
    QCOMPARE(number(row[4]), r.probe_vm().value(k, 1));
    QCOMPARE(number(row[5]), r.probe_spiked().value(k, 1) ? height : 0.0);
    QCOMPARE(number(row[6]), static_cast<double>(k) * experiment.dt_ms);
  }
}

QStringList directory_entries(const QString& path) {
  return QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

}  // namespace

class TestSpikesim : public QObject {
  Q_OBJECT
 private slots:
  void goldenScenarios_data();
  void goldenScenarios();
  void parameterFlagsMatchLibrary_data();
  void parameterFlagsMatchLibrary();
  void seedExperimentFromAnyDirectory();
  void longTrialIsWrittenInSlices();
  void experimentFileAndOverrides();
  void unknownKeysWarn();
  void refusesBadInput_data();
  void refusesBadInput();
  void helpAndVersion();
  void benchPrintsThroughput();
  void laterSettingsWin();
  void benchOptionsParse();
};

void TestSpikesim::goldenScenarios_data() {
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

void TestSpikesim::goldenScenarios() {
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

void TestSpikesim::parameterFlagsMatchLibrary_data() {
  QTest::addColumn<QString>("mode");
  QTest::newRow("notebook") << "notebook";
  QTest::newRow("exact") << "exact";
}

void TestSpikesim::parameterFlagsMatchLibrary() {
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

void TestSpikesim::seedExperimentFromAnyDirectory() {
  QTemporaryDir dir;
  const Run run = spikesim({"run", "--csv", "seed.csv"}, dir.path());
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);
  QCOMPARE(directory_entries(dir.path()), QStringList{"seed.csv"});
  compare_with_library(read_csv(dir.filePath("seed.csv")), seed_experiment());
}

void TestSpikesim::longTrialIsWrittenInSlices() {
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

void TestSpikesim::experimentFileAndOverrides() {
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

void TestSpikesim::unknownKeysWarn() {
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

void TestSpikesim::refusesBadInput_data() {
  // DIR is replaced by a scratch directory holding bad.json, bad_offsets.json and an existing
  // out.csv ("old"); OUT by DIR/out.csv.
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("message");
  const auto row = [](const char* name, const QStringList& args, const QString& message) {
    QTest::newRow(name) << args << message;
  };
  row("no command", {}, "no command given (see spikesim --help)");
  row("unknown command", {"simulate"}, "unknown command 'simulate' (see spikesim --help)");
  row("unknown flag", {"run", "--csv", "OUT", "--frobnicate", "1"},
      "unknown option --frobnicate for 'spikesim run' (see spikesim --help)");
  row("stray argument", {"run", "--csv", "OUT", "0.8"},
      "unexpected argument '0.8' (see spikesim --help)");
  row("missing value", {"run", "--csv", "OUT", "--threshold"},
      "--threshold needs a value (see spikesim --help)");
  row("missing --csv", {"run", "--threshold", "0.8"},
      "--csv OUT.csv is required (see spikesim --help)");
  row("flag twice", {"run", "--csv", "OUT", "--dt", "0.1", "--dt=0.2"},
      "--dt is given twice (see spikesim --help)");
  row("conflicting onsets", {"run", "--csv", "OUT", "--offsets", "0", "--seed", "1"},
      "--offsets, --offsets-file and --offset-max/--seed are alternatives; give one "
      "(see spikesim --help)");
  row("not a number", {"run", "--csv", "OUT", "--threshold", "abc"},
      "model.neuron.threshold_v: expected a number, got \"abc\"");
  row("not an integer", {"run", "--csv", "OUT", "--steps", "12.5"},
      "simulation.steps: expected an integer, got 12.5");
  row("zero steps", {"run", "--csv", "OUT", "--steps", "0"},
      "simulation.steps: must be 1 to 100000000, got 0");
  row("negative refractory", {"run", "--csv", "OUT", "--refractory", "-1"},
      "model.neuron.refractory_ms: must not be negative, got -1");
  row("zero neurons", {"run", "--csv", "OUT", "--neurons", "0"},
      "model.layer_sizes[0]: must be 1 to 100000000, got 0");
  row("unknown mode", {"run", "--csv", "OUT", "--mode", "rk4"},
      "model.integration: expected \"notebook\" or \"exact\", got \"rk4\"");
  row("NaN", {"run", "--csv", "OUT", "--threshold", "nan"},
      "model.neuron.threshold_v: must be a finite number, got nan");
  row("infinite dt", {"run", "--csv", "OUT", "--dt", "inf"},
      "simulation.dt_ms: must be a finite number, got inf");
  row("offsets count", {"run", "--csv", "OUT", "--offsets", "1,2,3"},
      "stimulus.onset_steps: 3 onsets given for 100 layer-0 neurons; need one per neuron");
  row("negative offset", {"run", "--csv", "OUT", "--neurons", "2", "--offsets", "1,-2"},
      "stimulus.onset_steps[1]: must be 0 to 2147483647, got -2");
  row("missing experiment", {"run", "--csv", "OUT", "--experiment", "DIR/none.json"},
      "DIR/none.json: cannot open: No such file or directory");
  row("malformed experiment", {"run", "--csv", "OUT", "--experiment", "DIR/bad.json"},
      "DIR/bad.json: not valid JSON: parse error at line 8, column 1: syntax error while "
      "parsing object key - unexpected end of input; expected string literal");
  row("missing offsets file", {"run", "--csv", "OUT", "--offsets-file", "DIR/none.json"},
      "DIR/none.json: cannot open: No such file or directory");
  row("malformed offsets file", {"run", "--csv", "OUT", "--offsets-file", "DIR/bad_offsets.json"},
      "DIR/bad_offsets.json: offsets[1]: expected an integer, got \"x\"");
  row("unknown setting", {"run", "--csv", "OUT", "--set", "model.neuron.treshold_v=1"},
      "model.neuron.treshold_v: no such setting");
  row("setting without value", {"run", "--csv", "OUT", "--set", "model.weight"},
      "--set expects KEY=VALUE, got 'model.weight' (see spikesim --help)");
  row("missing output directory", {"run", "--csv", "DIR/no/out.csv"},
      "DIR/no/out.csv: no such directory: DIR/no");
  row("bench bad number", {"bench", "--neurons", "abc"},
      "--neurons: expected an integer from 1 to 100000000, got \"abc\" (see spikesim --help)");
  row("bench negative threads", {"bench", "--threads", "-1"},
      "--threads: expected an integer from 0 to 256, got \"-1\" (see spikesim --help)");
  row("bench unknown flag", {"bench", "--fast"},
      "unknown option --fast for 'spikesim bench' (see spikesim --help)");
}

void TestSpikesim::refusesBadInput() {
  QFETCH(QStringList, args);
  QFETCH(QString, message);
  QTemporaryDir dir;
  const auto write = [&](const QString& name, const QByteArray& contents) {
    QFile file(dir.filePath(name));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(contents);
  };
  const QByteArray seed = QByteArray::fromStdString(serialize_experiment(seed_experiment()));
  write("bad.json", seed.left(seed.indexOf("\n    \"neuron\"")) + "\n");
  write("bad_offsets.json", "{\"offsets\": [1, \"x\"]}");
  write("out.csv", "old");
  const QStringList before = directory_entries(dir.path());
  args.replaceInStrings("OUT", dir.filePath("out.csv"));
  args.replaceInStrings("DIR", dir.path());
  message.replace("DIR", dir.path());

  const Run run = spikesim(args);
  QCOMPARE(run.exit_code, 2);
  QCOMPARE(run.err, "spikesim: " + message + "\n");
  QCOMPARE(run.out, QString());
  // Nothing written, nothing left behind, the old output untouched.
  QCOMPARE(directory_entries(dir.path()), before);
  QFile old(dir.filePath("out.csv"));
  QVERIFY(old.open(QIODevice::ReadOnly));
  QCOMPARE(old.readAll(), QByteArray("old"));
}

void TestSpikesim::helpAndVersion() {
  const Run help = spikesim({"--help"});
  QCOMPARE(help.exit_code, 0);
  for (const char* flag :
       {"--experiment FILE", "--mode notebook|exact", "--threshold V", "--rm", "--cm",
        "--refractory MS", "--input A", "--dt MS", "--steps N", "--neurons N", "--offsets LIST",
        "--offsets-file FILE", "--offset-max STEPS", "--seed S", "--csv OUT.csv", "--set KEY=VALUE",
        "spikesim bench", "--threads T", "--compare"}) {
    QVERIFY2(help.out.contains(flag), flag);
  }
  QCOMPARE(spikesim({"run", "--help"}).out, help.out);
  const Run version = spikesim({"--version"});
  QCOMPARE(version.exit_code, 0);
  QVERIFY2(QRegularExpression("^spikesim \\d+\\.\\d+\\.\\d+\\n$").match(version.out).hasMatch(),
           qPrintable(version.out));
}

void TestSpikesim::benchPrintsThroughput() {
  const Run run = spikesim({"bench", "--neurons", "2000", "--steps", "20", "--mode", "notebook"});
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);
  const QStringList lines = run.out.split('\n', Qt::SkipEmptyParts);
  QVERIFY(!lines.isEmpty());
  const QRegularExpression ending("neuron_updates_per_s=([0-9.e+]+)$");
  for (const QString& line : lines) {
    const auto match = ending.match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    QVERIFY(match.captured(1).toDouble() > 0);
    QVERIFY2(line.contains("mode=notebook") && line.contains("neurons=2000"), qPrintable(line));
  }
}

void TestSpikesim::laterSettingsWin() {
  // In-process: flags and --set are one ordered list; the later one wins.
  const cli::RunOptions options =
      cli::parse_run_options({"--threshold=0.8", "--set", "model.neuron.threshold_v=0.9",
                              "--neurons", "10", "--offset-max", "3", "--csv", "o.csv"});
  const std::vector<Setting> expected{{"model.neuron.threshold_v", "0.8"},
                                      {"model.neuron.threshold_v", "0.9"},
                                      {"stimulus.onset_max_steps", "3"}};
  QCOMPARE(options.settings == expected, true);
  std::vector<std::string> warnings;
  const Experiment e = cli::resolve_experiment(options, warnings);
  QCOMPARE(e.neuron.threshold_v, 0.9);
  QCOMPARE(e.layer_sizes, (std::vector<std::uint32_t>{10, 1}));
  QCOMPARE(e.onsets.max_steps, 3);
  QVERIFY(warnings.empty());
}

void TestSpikesim::benchOptionsParse() {
  const BenchmarkOptions options = cli::parse_bench_options(
      {"--neurons", "1000000", "--steps=500", "--threads", "2", "--mode", "notebook", "--compare"});
  QCOMPARE(options.neurons, std::uint64_t{1000000});
  QCOMPARE(options.steps, std::int64_t{500});
  QCOMPARE(options.threads, 2);
  QVERIFY(options.mode == IntegrationMode::kNotebook);
  QVERIFY(options.compare);
  const BenchmarkOptions defaults = cli::parse_bench_options({});
  QCOMPARE(defaults.neurons, BenchmarkOptions{}.neurons);
  QVERIFY_THROWS_EXCEPTION(cli::UsageError, cli::parse_bench_options({"--compare=yes"}));
}

QTEST_GUILESS_MAIN(TestSpikesim)
#include "tst_spikesim.moc"
