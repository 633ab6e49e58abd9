// The spikesim command line: every kind of bad input exits with 2, one line naming the problem
// and no output file; help, version and bench; options parsed in-process.
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "experiment/experiment_file.h"
#include "experiment/seed_experiment.h"
#include "spikesim_cli.h"
#include "spikesim_process.h"

using namespace spikescope;
using namespace spikescope::testing;

class TestSpikesimCommandLine : public QObject {
  Q_OBJECT
 private slots:
  void refusesBadInput_data();
  void refusesBadInput();
  void helpAndVersion();
  void benchPrintsThroughput();
  void laterSettingsWin();
  void benchOptionsParse();
};

void TestSpikesimCommandLine::refusesBadInput_data() {
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
  row("list for --neurons", {"run", "--csv", "OUT", "--neurons", "5,6"},
      "--neurons takes the size of layer 0 alone, got '5,6'; use --set model.layer_sizes=LIST "
      "for all (see spikesim --help)");
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
  row("output is a directory", {"run", "--csv", "DIR/"}, "DIR/: not a file name");
  row("output directory name too long", {"run", "--csv", "DIR/" + QString(300, 'x') + "/out.csv"},
      "DIR/" + QString(300, 'x') + "/out.csv: cannot use directory DIR/" + QString(300, 'x') +
          ": File name too long");
  row("bench bad number", {"bench", "--neurons", "abc"},
      "--neurons: expected an integer from 1 to 100000000, got \"abc\" (see spikesim --help)");
  row("bench negative threads", {"bench", "--threads", "-1"},
      "--threads: expected an integer from 0 to 256, got \"-1\" (see spikesim --help)");
  row("bench unknown flag", {"bench", "--fast"},
      "unknown option --fast for 'spikesim bench' (see spikesim --help)");
}

void TestSpikesimCommandLine::refusesBadInput() {
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

void TestSpikesimCommandLine::helpAndVersion() {
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

void TestSpikesimCommandLine::benchPrintsThroughput() {
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

void TestSpikesimCommandLine::laterSettingsWin() {
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

void TestSpikesimCommandLine::benchOptionsParse() {
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

QTEST_GUILESS_MAIN(TestSpikesimCommandLine)
#include "tst_spikesim_command_line.moc"
