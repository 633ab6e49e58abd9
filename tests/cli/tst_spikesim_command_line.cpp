// The spikesim command line: every kind of bad input exits with 2, one line naming the problem
// and no output file; help, version and bench; options parsed in-process.
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <variant>

#include "experiment/experiment_file.h"
#include "experiment/notebook_network.h"
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
  void benchNetworkPrintsAllFigures();
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
      "give --csv OUT.csv, --spikes-csv SPIKES.csv or both (see spikesim --help)");
  row("same file twice", {"run", "--csv", "OUT", "--spikes-csv", "OUT"},
      "--csv and --spikes-csv name the same file (see spikesim --help)");
  row("flag twice", {"run", "--csv", "OUT", "--dt", "0.1", "--dt=0.2"},
      "--dt is given twice (see spikesim --help)");
  row("list for --neurons", {"run", "--csv", "OUT", "--neurons", "5,6"},
      "--neurons takes the size of the first population alone, got '5,6' (see spikesim --help)");
  row("conflicting onsets", {"run", "--csv", "OUT", "--offsets", "0", "--seed", "1"},
      "--offsets, --offsets-file and --offset-max/--seed are alternatives; give one "
      "(see spikesim --help)");
  // The notebook's old flags are refused in their own name.
  row("not a number", {"run", "--csv", "OUT", "--threshold", "abc"},
      "--threshold: expected a number, got \"abc\"");
  row("not an integer", {"run", "--csv", "OUT", "--steps", "12.5"},
      "--steps: expected an integer, got 12.5");
  row("zero steps", {"run", "--csv", "OUT", "--steps", "0"},
      "--steps: must be 1 to 100000000, got 0");
  row("negative refractory", {"run", "--csv", "OUT", "--refractory", "-1"},
      "--refractory: must be at least 0 ms (a duration cannot be negative), got -1");
  row("threshold below the reset", {"run", "--csv", "OUT", "--threshold", "-1"},
      "--threshold: populations[\"layer0\"].parameters.reset_v: must be below threshold_v (-1 V), "
      "got 0");
  row("zero neurons", {"run", "--csv", "OUT", "--neurons", "0"},
      "--neurons: must be 1 to 100000000, got 0");
  row("unknown mode", {"run", "--csv", "OUT", "--mode", "rk4"},
      "--mode: model lif has no method \"rk4\"; its methods: notebook, exact");
  row("NaN", {"run", "--csv", "OUT", "--threshold", "nan"},
      "--threshold: must be a finite number, got nan");
  row("infinite dt", {"run", "--csv", "OUT", "--dt", "inf"},
      "--dt: must be a finite number, got inf");
  row("offsets count", {"run", "--csv", "OUT", "--offsets", "1,2,3"},
      "--offsets: 3 onsets given for 100 neurons of \"layer0\"; need one per neuron");
  row("negative offset", {"run", "--csv", "OUT", "--neurons", "2", "--offsets", "1,-2"},
      "--offsets[1]: must be 0 to 2147483647, got -2");
  row("offsets file count", {"run", "--csv", "OUT", "--offsets-file", "DIR/three.json"},
      "--offsets-file: 3 onsets given for 100 neurons of \"layer0\"; need one per neuron");
  row("no onset input", {"run", "--csv", "OUT", "--experiment", "DIR/noinput.json", "--input", "2"},
      "--input: the first population of this experiment has no onset input; use --set "
      "inputs.NAME.amplitude");
  // --set names the path in the file.
  row("unknown parameter",
      {"run", "--csv", "OUT", "--set", "populations.layer0.parameters.treshold_v=1"},
      "populations[\"layer0\"].parameters.treshold_v: unknown parameter of model lif; its "
      "parameters: membrane_resistance_kohm, membrane_capacitance_uf, refractory_ms, threshold_v, "
      "spike_height_v, reset_v, rest_v");
  row("version-1 path", {"run", "--csv", "OUT", "--set", "model.neuron.threshold_v=1"},
      "model: no such setting; the experiment has: name, notes, simulation, populations, "
      "projections, inputs, recording, view");
  row("bad size by --set", {"run", "--csv", "OUT", "--set", "populations[0].size=0"},
      "populations[\"layer0\"].size: must be 1 to 100000000, got 0");
  row("setting without value",
      {"run", "--csv", "OUT", "--set", "projections.layer0->layer1.weight"},
      "--set expects KEY=VALUE, got 'projections.layer0->layer1.weight' (see spikesim --help)");
  row("missing experiment", {"run", "--csv", "OUT", "--experiment", "DIR/none.json"},
      "DIR/none.json: cannot open: No such file or directory");
  row("malformed experiment", {"run", "--csv", "OUT", "--experiment", "DIR/bad.json"},
      "DIR/bad.json: not valid JSON: parse error at line 10, column 1: syntax error while "
      "parsing object key - unexpected end of input; expected string literal");
  row("missing offsets file", {"run", "--csv", "OUT", "--offsets-file", "DIR/none.json"},
      "DIR/none.json: cannot open: No such file or directory");
  row("malformed offsets file", {"run", "--csv", "OUT", "--offsets-file", "DIR/bad_offsets.json"},
      "DIR/bad_offsets.json: offsets[1]: expected an integer, got \"x\"");
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
  row("spikes output directory missing", {"run", "--spikes-csv", "DIR/no/s.csv"},
      "DIR/no/s.csv: no such directory: DIR/no");
  row("spikes output is a directory", {"run", "--csv", "OUT", "--spikes-csv", "DIR"},
      "DIR: cannot replace: Is a directory");
  row("bench --network and --compare", {"bench", "--network", "cuba", "--compare"},
      "--network takes --neurons (cuba only), --duration-ms and --threads (see spikesim --help)");
  row("bench --duration-ms alone", {"bench", "--duration-ms", "10"},
      "--duration-ms goes with --network (see spikesim --help)");
  row("bench zero duration", {"bench", "--network", "cuba", "--duration-ms", "0"},
      "--duration-ms: must be greater than 0 and at most 1e7 ms (see spikesim --help)");
  row("bench missing network file", {"bench", "--network", "DIR/none.json"},
      "DIR/none.json: cannot open: No such file or directory");
  row("bench --neurons of a file", {"bench", "--network", "DIR/bad.json", "--neurons", "5"},
      "--neurons goes with --network cuba only (see spikesim --help)");
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
  write("bad.json", seed.left(seed.indexOf("\n  \"populations\"")) + "\n");
  write("three.json", "[1, 2, 3]");
  Experiment no_input = seed_experiment();
  no_input.network.inputs.clear();
  write("noinput.json", QByteArray::fromStdString(serialize_experiment(no_input)));
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
  for (const char* flag : {"--experiment FILE",
                           "--mode notebook|exact",
                           "--threshold V",
                           "--rm",
                           "--cm",
                           "--refractory MS",
                           "--input A",
                           "--dt MS",
                           "--steps N",
                           "--neurons N",
                           "--offsets LIST",
                           "--offsets-file FILE",
                           "--offset-max STEPS",
                           "--seed S",
                           "--csv OUT.csv",
                           "--set KEY=VALUE",
                           "--spikes-csv SPIKES.csv",
                           "spikesim models [--json]",
                           "spikesim neuron --model NAME",
                           "--current I",
                           "--duration-ms T",
                           "--dt-ms DT",
                           "--trace-csv OUT",
                           "spikesim bench",
                           "--threads T",
                           "--compare",
                           "--network FILE|cuba",
                           "realtime_factor="}) {
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

// CUBA (Brette et al. 2007) at 400 neurons for 100 ms: one line with all five figures, each a
// finite positive number.
void TestSpikesimCommandLine::benchNetworkPrintsAllFigures() {
  const Run run =
      spikesim({"bench", "--network", "cuba", "--neurons", "400", "--duration-ms", "100"});
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);
  const QStringList lines = run.out.split('\n', Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 1);
  QVERIFY2(lines[0].contains("network=cuba") && lines[0].contains(" neurons=400 "),
           qPrintable(lines[0]));
  for (const char* figure : {"realtime_factor", "neuron_updates_per_s", "synaptic_events_per_s",
                             "rate_hz", "peak_rss_mb"}) {
    const QRegularExpression pattern(QString("(?:^| )%1=(\\S+)(?: |$)").arg(figure));
    const auto match = pattern.match(lines[0]);
    QVERIFY2(match.hasMatch(), qPrintable(QString(figure) + " missing: " + lines[0]));
    bool ok = false;
    const double value = match.captured(1).toDouble(&ok);
    QVERIFY2(ok && std::isfinite(value) && value > 0,
             qPrintable(QString("%1=%2").arg(figure, match.captured(1))));
  }
}

void TestSpikesimCommandLine::laterSettingsWin() {
  // In-process: flags and --set are one ordered list; the later one wins. --threshold is the
  // threshold of every LIF population, the --set after it of layer0 alone.
  const cli::RunOptions options = cli::parse_run_options(
      {"--threshold=0.8", "--set", "populations.layer0.parameters.threshold_v=0.9", "--neurons",
       "10", "--offset-max", "3", "--csv", "o.csv"});
  using Entry = std::variant<cli::KnobSetting, Setting>;
  const std::vector<Entry> expected{cli::KnobSetting{"--threshold", "0.8"},
                                    Setting{"populations.layer0.parameters.threshold_v", "0.9"},
                                    cli::KnobSetting{"--neurons", "10"},
                                    cli::KnobSetting{"--offset-max", "3"}};
  QVERIFY(options.settings == expected);
  std::vector<std::string> warnings;
  const Experiment e = cli::resolve_experiment(options, warnings);
  QCOMPARE(std::get<double>(*e.network.populations[0].parameter("threshold_v")), 0.9);
  QCOMPARE(std::get<double>(*e.network.populations[1].parameter("threshold_v")), 0.8);
  QCOMPARE(e.network.populations[0].size, std::uint64_t{10});
  QCOMPARE(e.network.populations[1].size, std::uint64_t{1});
  QCOMPARE(notebook_onsets(e)->onset_max_steps, 3);
  QVERIFY(!notebook_onsets(e)->onset_steps);
  QVERIFY(warnings.empty());
  // The other way round, the flag wins everywhere.
  const Experiment flag_last = cli::resolve_experiment(
      cli::parse_run_options({"--set", "populations.layer0.parameters.threshold_v=0.9",
                              "--threshold", "0.8", "--spikes-csv", "s.csv"}),
      warnings);
  QCOMPARE(lif_value(flag_last, kLifThreshold), 0.8);
  QCOMPARE(std::get<double>(*flag_last.network.populations[1].parameter("threshold_v")), 0.8);
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
  QVERIFY(defaults.network.empty());
  const BenchmarkOptions cuba =
      cli::parse_bench_options({"--network", "cuba", "--neurons", "400", "--duration-ms=100"});
  QCOMPARE(cuba.network, std::filesystem::path("cuba"));
  QCOMPARE(cuba.neurons, std::uint64_t{400});
  QVERIFY(cuba.neurons_given);
  QCOMPARE(cuba.duration_ms, 100.0);
  for (const std::vector<std::string>& refused :
       std::vector<std::vector<std::string>>{{"--compare=yes"},
                                             {"--duration-ms", "100"},
                                             {"--network", "cuba", "--steps", "5"},
                                             {"--network", "cuba", "--mode", "exact"},
                                             {"--network", "cuba", "--duration-ms", "1e8"}}) {
    QVERIFY_THROWS_EXCEPTION(cli::UsageError, cli::parse_bench_options(refused));
  }
}

QTEST_GUILESS_MAIN(TestSpikesimCommandLine)
#include "tst_spikesim_command_line.moc"
