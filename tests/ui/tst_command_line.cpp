// spikescope's command line: options reach the experiment, refused input names the field, and
// the headless modes (run as the real executable) write what they promise or nothing at all.
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "command_line.h"
#include "experiment/experiment_file.h"
#include "gui_test_support.h"

using namespace spikescope;
using namespace spikescope::testing;

class TestCommandLine : public QObject {
  Q_OBJECT
 private slots:
  void defaultsToTheSeedExperimentWindow();
  void settingsAndSizesApply();
  void neuronsDrawTheOnsetsOfAListedFile();
  void refusedInputNamesTheField_data();
  void refusedInputNamesTheField();
  void screenshotWritesTheRequestedPicture();
  void screenshotOfAnExperimentFile();
  void refusedScreenshotWritesNothing_data();
  void refusedScreenshotWritesNothing();
  void benchmarksPrintTheirFigures();
};

void TestCommandLine::defaultsToTheSeedExperimentWindow() {
  const AppOptions options = parse_command_line({"spikescope"});
  QCOMPARE(options.mode, AppMode::kWindow);
  QVERIFY(options.experiment == seed_experiment());
  QVERIFY(!options.experiment_given);
}

void TestCommandLine::settingsAndSizesApply() {
  const AppOptions options =
      parse_command_line({"spikescope", "--set", "populations.layer0.parameters.threshold_v=0.8",
                          "--set", "populations[\"layer1\"].method=exact", "--bench-latency",
                          "--neurons", "1e5", "--steps", "1000"});
  QCOMPARE(options.mode, AppMode::kBenchLatency);
  QVERIFY(options.experiment_given);
  const std::vector<PopulationSpec>& populations = options.experiment.network.populations;
  QCOMPARE(std::get<double>(*populations[0].parameter("threshold_v")), 0.8);
  QCOMPARE(std::get<double>(*populations[1].parameter("threshold_v")), 0.75);  // layer0 only
  QCOMPARE(populations[0].method, std::string("notebook"));
  QCOMPARE(populations[1].method, std::string("exact"));
  // --neurons is the size of the first population.
  QCOMPARE(populations[0].size, std::uint64_t{100'000});
  QCOMPARE(populations[1].size, std::uint64_t{1});
  QCOMPARE(options.experiment.steps, std::int64_t(1000));
  QVERIFY(!options.per_neuron);
  QVERIFY(parse_command_line({"spikescope", "--bench-live", "--per-neuron"}).per_neuron);
  const AppOptions shot = parse_command_line(
      {"spikescope", "--screenshot", "x.png", "--width", "800", "--height", "600"});
  QCOMPARE(shot.mode, AppMode::kScreenshot);
  QCOMPARE(shot.screenshot_path, QString("x.png"));
  QCOMPARE(shot.width, 800);
  QCOMPARE(shot.height, 600);
}

// --neurons on a file whose onsets are listed (one per neuron of the old size) draws them
// instead, from the file's spread and seed; without --neurons the list stays.
void TestCommandLine::neuronsDrawTheOnsetsOfAListedFile() {
  QTemporaryDir dir;
  Experiment e = notebook_experiment(3);
  notebook_onsets(e)->onset_steps = std::vector<std::int32_t>{0, 5, 9};
  const QString path = dir.filePath("listed.json");
  save_experiment_file(path.toStdString(), e);
  const Experiment saved = load_experiment_file(path.toStdString()).experiment;
  QVERIFY(notebook_onsets(saved)->onset_steps);

  const AppOptions kept = parse_command_line({"spikescope", "--experiment", path});
  QVERIFY(kept.experiment == saved);
  const AppOptions resized =
      parse_command_line({"spikescope", "--experiment", path, "--neurons", "7"});
  QCOMPARE(resized.experiment.network.populations[0].size, std::uint64_t{7});
  const OnsetStepInput& onsets = *notebook_onsets(resized.experiment);
  QVERIFY(!onsets.onset_steps);
  QCOMPARE(onsets.onset_max_steps, notebook_onsets(saved)->onset_max_steps);
  QCOMPARE(onsets.seed, notebook_onsets(saved)->seed);
  QCOMPARE(resolve_notebook_onsets(resized.experiment).size(), std::size_t{7});
}

void TestCommandLine::refusedInputNamesTheField_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<QString>("message");
  QTest::newRow("not a number")
      << QStringList{"--set", "populations.layer0.parameters.threshold_v=abc"}
      << "populations[\"layer0\"].parameters.threshold_v: expected a number, got \"abc\"";
  QTest::newRow("nan") << QStringList{"--set", "populations.layer0.parameters.threshold_v=nan"}
                       << "populations[\"layer0\"].parameters.threshold_v: must be a finite number";
  QTest::newRow("unknown parameter")
      << QStringList{"--set", "populations.layer0.parameters.treshold_v=1"}
      << "populations[\"layer0\"].parameters.treshold_v: unknown parameter of model lif";
  QTest::newRow("version-1 path") << QStringList{"--set", "model.neuron.threshold_v=1"}
                                  << "model: no such setting";
  QTest::newRow("no equals sign") << QStringList{"--set", "threshold"} << "--set";
  QTest::newRow("missing file") << QStringList{"--experiment", "/nonexistent/e.json"}
                                << "/nonexistent/e.json";
  QTest::newRow("fractional neurons")
      << QStringList{"--bench-live", "--neurons", "2.5"} << "--neurons";
  QTest::newRow("two modes") << QStringList{"--bench-live", "--bench-latency"} << "one of";
  QTest::newRow("per-neuron outside a benchmark") << QStringList{"--per-neuron"} << "--per-neuron";
  QTest::newRow("unknown option") << QStringList{"--frobnicate"} << "frobnicate";
}

void TestCommandLine::refusedInputNamesTheField() {
  QFETCH(QStringList, arguments);
  QFETCH(QString, message);
  try {
    parse_command_line(QStringList{"spikescope"} + arguments);
    QFAIL("accepted");
  } catch (const CommandLineError& error) {
    QVERIFY2(QString(error.what()).contains(message), error.what());
  }
}

void TestCommandLine::screenshotWritesTheRequestedPicture() {
  QTemporaryDir dir;
  const QString path = dir.filePath("seed.png");
  const ProcessRun run =
      run_spikescope({"--screenshot", path, "--width", "1000", "--height", "700"});
  QVERIFY2(run.exit_code == 0, qPrintable(run.err));
  const QImage image(path);
  QCOMPARE(image.size(), QSize(1000, 700));
}

void TestCommandLine::screenshotOfAnExperimentFile() {
  QTemporaryDir dir;
  Experiment e = notebook_experiment(20);
  set_lif_value(e, kLifThreshold, 0.9);
  save_experiment_file(dir.filePath("e.json").toStdString(), e);
  const QString path = dir.filePath("e.png");
  const ProcessRun run = run_spikescope({"--experiment", dir.filePath("e.json"), "--set",
                                         "simulation.steps=1000", "--screenshot", path});
  QVERIFY2(run.exit_code == 0, qPrintable(run.err));
  QCOMPARE(QImage(path).size(), QSize(1400, 900));
}

void TestCommandLine::refusedScreenshotWritesNothing_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<QString>("message");
  QTest::newRow("bad value")
      << QStringList{"--set", "populations.layer1.parameters.membrane_capacitance_uf=-1"}
      << "populations[\"layer1\"].parameters.membrane_capacitance_uf: must be greater than 0";
  QTest::newRow("bad file") << QStringList{"--experiment", "BAD_FILE"} << "BAD_FILE";
}

void TestCommandLine::refusedScreenshotWritesNothing() {
  QFETCH(QStringList, arguments);
  QFETCH(QString, message);
  QTemporaryDir dir;
  QFile bad(dir.filePath("bad.json"));
  QVERIFY(bad.open(QIODevice::WriteOnly));
  bad.write("{\"format\": \"spikescope-experiment\", \"version\": 1, \"model\": ");  // truncated
  bad.close();
  for (QString& argument : arguments) argument.replace("BAD_FILE", bad.fileName());
  message.replace("BAD_FILE", bad.fileName());
  const QString path = dir.filePath("out.png");
  const ProcessRun run = run_spikescope(arguments + QStringList{"--screenshot", path});
  QCOMPARE(run.exit_code, 2);
  QVERIFY2(run.err.contains(message), qPrintable(run.err));
  QVERIFY(!QFile::exists(path));
}

void TestCommandLine::benchmarksPrintTheirFigures() {
  const ProcessRun latency =
      run_spikescope({"--bench-latency", "--neurons", "50", "--changes", "4"});
  QVERIFY2(latency.exit_code == 0, qPrintable(latency.err));
  const QRegularExpression latency_line(R"(latency_ms_p50=([0-9.]+) latency_ms_p95=([0-9.]+))");
  const auto latency_match = latency_line.match(latency.out);
  QVERIFY2(latency_match.hasMatch(), qPrintable(latency.out));
  QVERIFY(latency_match.captured(1).toDouble() > 0.0);
  QVERIFY(latency_match.captured(2).toDouble() >= latency_match.captured(1).toDouble());

  QVERIFY2(latency.out.contains("trajectories=shared"), qPrintable(latency.out));

  const ProcessRun live =
      run_spikescope({"--bench-live", "--neurons", "50", "--seconds", "1", "--per-neuron"});
  QVERIFY2(live.out.contains("trajectories=per-neuron"), qPrintable(live.out));
  QVERIFY2(live.exit_code == 0, qPrintable(live.err));
  const QRegularExpression live_line(
      R"(fps=([0-9.]+) steps_per_s=([0-9.]+) realtime_factor=([0-9.]+) peak_rss_mb=([0-9.]+))");
  const auto live_match = live_line.match(live.out);
  QVERIFY2(live_match.hasMatch(), qPrintable(live.out));
  for (int i = 1; i <= 4; ++i) QVERIFY(live_match.captured(i).toDouble() > 0.0);
  // realtime_factor is simulated seconds per wall second: steps/s * dt (both printed rounded).
  const double expected = live_match.captured(2).toDouble() * 0.125 / 1000.0;
  QVERIFY(std::abs(live_match.captured(3).toDouble() - expected) <= 0.0011);
}

QTEST_MAIN(TestCommandLine)
#include "tst_command_line.moc"
