// Figures and data leave the app as valid files of the asked size, or not at all: every format
// from the window and from the headless command line, the CSVs against the core's own trial,
// the bundle, and refused or failed exports that leave nothing behind.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImageReader>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "data_export.h"
#include "experiment/experiment_file.h"
#include "experiment_document.h"
#include "figure_export.h"
#include "gui_test_support.h"
#include "main_window.h"
#include "run/trial.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

QStringList read_lines(const QString& path) {
  QStringList lines = QString::fromUtf8(read_all(path)).split('\n');
  if (!lines.isEmpty() && lines.back().isEmpty()) lines.removeLast();
  return lines;
}

// Checks `path` is a valid `format` file of the given figure size.
void verify_figure(const QString& path, FigureFormat format, const FigureSize& size) {
  const QByteArray bytes = read_all(path);
  QVERIFY2(!bytes.isEmpty(), qPrintable(path));
  switch (format) {
    case FigureFormat::kPng:
    case FigureFormat::kJpg: {
      QVERIFY(format == FigureFormat::kPng ? bytes.startsWith("\x89PNG\r\n\x1a\n")
                                           : bytes.startsWith("\xff\xd8\xff"));
      QImageReader reader(path);
      QCOMPARE(reader.format(),
               format == FigureFormat::kPng ? QByteArray("png") : QByteArray("jpeg"));
      QCOMPARE(reader.size(),
               QSize(qRound(size.width_px * size.scale), qRound(size.height_px * size.scale)));
      QVERIFY(!reader.read().isNull());
      break;
    }
    case FigureFormat::kPdf:
      QVERIFY(bytes.startsWith("%PDF-"));
      QVERIFY(bytes.trimmed().endsWith("%%EOF"));
      QVERIFY(bytes.contains(QString("/MediaBox [0 0 %1.000000 %2.000000]")
                                 .arg(size.width_px)
                                 .arg(size.height_px)
                                 .toLatin1()));
      break;
    case FigureFormat::kSvg: {
      QXmlStreamReader xml(bytes);
      QVERIFY(xml.readNextStartElement());
      QCOMPARE(xml.name().toString(), QString("svg"));
      QCOMPARE(xml.attributes().value("viewBox").toString(),
               QString("0 0 %1 %2").arg(size.width_px).arg(size.height_px));
      // Written in mm at 96 CSS pixels per inch.
      const double width_mm = xml.attributes().value("width").toString().chopped(2).toDouble();
      QVERIFY(qAbs(width_mm - size.width_px * 25.4 / 96.0) < 0.01);
      int paths = 0;
      while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QString("path")) ++paths;
      }
      QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
      QVERIFY(paths > 10);  // axes, traces and ticks were drawn
      break;
    }
  }
}

// A trial's counts as the core records them.
struct CoreTrial {
  std::int64_t steps;
  std::int64_t spikes;
};
CoreTrial core_trial(const Experiment& e) {
  const TrialResult trial = run_trial(e.network, e.steps, trial_recording(e.network, e.steps));
  std::int64_t spikes = 0;
  for (std::int64_t step = 0; step <= e.steps; ++step) {
    for (std::size_t p = 0; p < e.network.populations.size(); ++p) {
      spikes += static_cast<std::int64_t>(trial.recorder.population_sums().value(step, p));
    }
  }
  return {e.steps, spikes};
}

}  // namespace

Q_DECLARE_METATYPE(spikescope::FigureFormat)

namespace {

// Every figure format once, and PNG at scale 2: columns suffix, format, scale.
void add_format_rows() {
  QTest::addColumn<QString>("suffix");
  QTest::addColumn<FigureFormat>("format");
  QTest::addColumn<double>("scale");
  QTest::newRow("png") << "png" << FigureFormat::kPng << 1.0;
  QTest::newRow("png 2x") << "png" << FigureFormat::kPng << 2.0;
  QTest::newRow("jpg") << "jpg" << FigureFormat::kJpg << 1.0;
  QTest::newRow("pdf") << "pdf" << FigureFormat::kPdf << 1.0;
  QTest::newRow("svg") << "svg" << FigureFormat::kSvg << 1.0;
}

}  // namespace

class TestFigureExport : public QObject {
  Q_OBJECT
 private slots:
  void everyFormatFromTheWindow_data();
  void everyFormatFromTheWindow();
  void onePlotAlone();
  void dataCsvMatchesTheCore();
  void bundleHoldsFigureDataAndExperiment();
  void dataExportFromTheWindowRunsOffTheGuiThread();
  void failedExportLeavesNoFile();
  void headlessExportsEveryFormat_data();
  void headlessExportsEveryFormat();
  void headlessCsv();
  void headlessFigureInTheDarkTheme();
  void headlessRefusesBadInputAndWritesNothing_data();
  void headlessRefusesBadInputAndWritesNothing();
};

void TestFigureExport::everyFormatFromTheWindow_data() {
  add_format_rows();
  QTest::newRow("jpeg 2x") << "jpeg" << FigureFormat::kJpg << 2.0;
}

void TestFigureExport::everyFormatFromTheWindow() {
  QFETCH(QString, suffix);
  QFETCH(FigureFormat, format);
  QFETCH(double, scale);
  QTemporaryDir dir;
  MainWindow window;
  window.show();
  QVERIFY(wait_for_latest_frame(window));
  const FigureSize size{900, 700, scale};
  const QString path = dir.filePath("figure." + suffix);
  QVERIFY(window.exportFigure(path, -1, size));
  verify_figure(path, format, size);
  QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"figure." + suffix});
}

void TestFigureExport::onePlotAlone() {
  QTemporaryDir dir;
  MainWindow window;
  window.show();
  QVERIFY(wait_for_latest_frame(window));
  QCOMPARE(window.plotNames().size(), 4);
  const FigureSize size{640, 240, 1.0};
  const QString alone = dir.filePath("raster.png");
  QVERIFY(window.exportFigure(alone, 3, size));
  verify_figure(alone, FigureFormat::kPng, size);
  // The raster alone is not the top of the whole figure: it is drawn at the full height.
  const QString all = dir.filePath("all.png");
  QVERIFY(window.exportFigure(all, -1, size));
  QVERIFY(QImage(alone) != QImage(all));
}

void TestFigureExport::dataCsvMatchesTheCore() {
  QTemporaryDir dir;
  Experiment e = notebook_experiment(37, 1234);
  e.view.selected_neuron = 12;
  const DataExportPaths paths = data_export_paths(dir.filePath("run.csv"));
  QCOMPARE(paths.spikes_csv, dir.filePath("run_spikes.csv"));
  QCOMPARE(paths.experiment_file, dir.filePath("run.experiment.json"));
  export_data(e, paths);
  const QStringList trace = read_lines(paths.trace_csv);
  QCOMPARE(trace.front(),
           QString("step,vm_l0_n0,spikes_l0_n0,layer_spikes,vm_l1_n0,spikes_l1_n0,time_ms"));
  QCOMPARE(trace.size(), 1 + 1234 + 1);  // header, then steps 0..steps
  QVERIFY(trace.back().startsWith("1234,"));
  QVERIFY(trace.back().endsWith(",154.25"));  // 1234 * 0.125 ms
  // Every spike: the iteration it was found in (one less than the trace's stored step), at
  // iteration * dt, its population by name.
  const QStringList spikes = read_lines(paths.spikes_csv);
  QCOMPARE(spikes.front(), QString("step,time_ms,population,neuron"));
  const CoreTrial core = core_trial(e);
  QVERIFY(core.spikes > 100);
  QCOMPARE(spikes.size() - 1, core.spikes);
  const QStringList trace_header = trace.front().split(',');
  std::int64_t neuron0_spikes = 0;
  for (qsizetype i = 1; i < spikes.size(); ++i) {
    const QStringList cells = spikes[i].split(',');
    QCOMPARE(cells.size(), 4);
    const std::int64_t step = cells[0].toLongLong();
    QCOMPARE(cells[1].toDouble(), double(step) * 0.125);
    QVERIFY2(cells[2] == "layer0" || cells[2] == "layer1", qPrintable(spikes[i]));
    if (cells[2] != "layer0" || cells[3] != "0") continue;
    // Neuron 0 of layer 0 shows the spike in the trace's spikes_l0_n0 at stored step step + 1.
    ++neuron0_spikes;
    QVERIFY(step + 1 < trace.size() - 1);
    QCOMPARE(trace[step + 2].split(',')[trace_header.indexOf("spikes_l0_n0")], QString("1"));
  }
  QVERIFY(neuron0_spikes > 5);
  QVERIFY(load_experiment_file(paths.experiment_file.toStdString()).experiment == e);
  // The shown neuron's trace, value for value as the core records it.
  QCOMPARE(paths.shown_neuron_csv, dir.filePath("run_shown_neuron.csv"));
  const QStringList shown = read_lines(paths.shown_neuron_csv);
  QCOMPARE(shown.front(), QString("step,time_ms,vm_l0_n12,spikes_l0_n12"));
  QCOMPARE(shown.size(), 1 + 1234 + 1);
  RecordingConfig recording = trial_recording(e.network, e.steps);
  recording.probes = {Probe{0, 12, 0}};
  const TrialResult trial = run_trial(e.network, e.steps, recording);
  int shown_spikes = 0;
  for (std::int64_t step = 0; step <= e.steps; ++step) {
    const QStringList cells = shown[static_cast<int>(step) + 1].split(',');
    QCOMPARE(cells[0].toLongLong(), step);
    QCOMPARE(cells[2].toDouble(), trial.recorder.probe_values().value(step, 0));
    QCOMPARE(cells[3].toDouble(), trial.recorder.probe_spiked().value(step, 0) ? 1.0 : 0.0);
    shown_spikes += trial.recorder.probe_spiked().value(step, 0);
  }
  QVERIFY(shown_spikes > 5);
}

void TestFigureExport::bundleHoldsFigureDataAndExperiment() {
  QTemporaryDir dir;
  MainWindow window;
  window.show();
  QVERIFY(wait_for_latest_frame(window));
  const QString folder = dir.filePath("lecture/bundle");  // created
  QSignalSpy finished(&window, &MainWindow::exportFinished);
  QVERIFY(window.exportBundle(folder));
  QVERIFY(finished.wait(60000));
  QVERIFY2(finished.front().at(0).toBool(), qPrintable(finished.front().at(1).toString()));
  const BundlePaths paths = bundle_paths(folder);
  verify_figure(paths.figure_png, FigureFormat::kPng, FigureSize{});
  verify_figure(paths.figure_pdf, FigureFormat::kPdf, FigureSize{});
  QCOMPARE(read_lines(paths.data.trace_csv).size(), int(window.document().experiment().steps + 2));
  QCOMPARE(read_lines(paths.data.spikes_csv).size() - 1,
           core_trial(window.document().experiment()).spikes);
  QVERIFY(load_experiment_file(paths.data.experiment_file.toStdString()).experiment ==
          window.document().experiment());
  QCOMPARE(QDir(folder).entryList(QDir::Files).size(), 6);
}

void TestFigureExport::dataExportFromTheWindowRunsOffTheGuiThread() {
  QTemporaryDir dir;
  const Experiment e = notebook_experiment(20000, 4000);
  MainWindow window(e);
  QSignalSpy finished(&window, &MainWindow::exportFinished);
  QElapsedTimer clock;
  clock.start();
  QVERIFY(window.exportData(dir.filePath("big.csv")));
  const qint64 returned_ms = clock.elapsed();
  QVERIFY(finished.wait(120000));
  QVERIFY2(finished.front().at(0).toBool(), qPrintable(finished.front().at(1).toString()));
  qInfo("exportData returned after %lld ms, finished after %lld ms", returned_ms, clock.elapsed());
  QCOMPARE(read_lines(dir.filePath("big.csv")).size(), 4002);
  QCOMPARE(read_lines(dir.filePath("big_spikes.csv")).size() - 1, core_trial(e).spikes);
  // Refused in the task: the folder is gone; the outcome says so and nothing is written.
  QVERIFY(window.exportData(dir.filePath("gone/x.csv")));
  QVERIFY(finished.wait(60000));
  QVERIFY(!finished.back().at(0).toBool());
  QVERIFY(finished.back().at(1).toString().contains("no such folder"));
}

void TestFigureExport::failedExportLeavesNoFile() {
  QTemporaryDir dir;
  MainWindow window;
  window.show();
  QVERIFY(wait_for_latest_frame(window));
  QVERIFY(!window.exportFigure(dir.filePath("missing/figure.png"), -1, FigureSize{}));
  QVERIFY(!window.exportFigure(dir.filePath("figure.gif"), -1, FigureSize{}));
  QVERIFY(!window.exportFigure(dir.filePath("figure.png"), -1, FigureSize{50, 600, 1.0}));
  QVERIFY(!window.exportFigure(dir.filePath("figure.png"), -1, FigureSize{800, 600, 9.0}));
  QVERIFY(QDir(dir.path()).isEmpty());
  // An existing figure survives a failed export over it.
  const QString kept = dir.filePath("kept.png");
  QVERIFY(window.exportFigure(kept, -1, FigureSize{300, 200, 1.0}));
  const QByteArray before = read_all(kept);
  QVERIFY(!window.exportFigure(kept, -1, FigureSize{300, 20000, 1.0}));
  QCOMPARE(read_all(kept), before);
  QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"kept.png"});
}

void TestFigureExport::headlessExportsEveryFormat_data() {
  add_format_rows();
}

void TestFigureExport::headlessExportsEveryFormat() {
  QFETCH(QString, suffix);
  QFETCH(FigureFormat, format);
  QFETCH(double, scale);
  QTemporaryDir dir;
  const QString path = dir.filePath("out." + suffix);
  const ProcessRun run = run_spikescope({"--set", "populations.layer0.parameters.threshold_v=0.8",
                                         "--export-plots", path, "--width", "800", "--height",
                                         "600", "--scale", QString::number(scale)});
  QVERIFY2(run.exit_code == 0, qPrintable(run.err));
  verify_figure(path, format, FigureSize{800, 600, scale});
}

void TestFigureExport::headlessCsv() {
  QTemporaryDir dir;
  const QString path = dir.filePath("trace.csv");
  const ProcessRun run = run_spikescope({"--set", "simulation.steps=777", "--set",
                                         "populations.layer0.size=20", "--export-csv", path});
  QVERIFY2(run.exit_code == 0, qPrintable(run.err));
  QCOMPARE(read_lines(path).size(), 1 + 777 + 1);
  const DataExportPaths paths = data_export_paths(path);
  const Experiment e = load_experiment_file(paths.experiment_file.toStdString()).experiment;
  QCOMPARE(e.steps, std::int64_t{777});
  QCOMPARE(e.network.populations[0].size, std::uint64_t{20});
  QCOMPARE(read_lines(paths.spikes_csv).size() - 1, core_trial(e).spikes);
}

void TestFigureExport::headlessFigureInTheDarkTheme() {
  QTemporaryDir dir;
  const QString light = dir.filePath("light.png");
  const QString dark = dir.filePath("dark.png");
  QCOMPARE(run_spikescope({"--export-plots", light, "--width", "400", "--height", "300"}).exit_code,
           0);
  QCOMPARE(run_spikescope({"--export-plots", dark, "--width", "400", "--height", "300", "--theme",
                           "dark", "--presentation"})
               .exit_code,
           0);
  QCOMPARE(QColor(QImage(light).pixel(3, 3)), QColor(Qt::white));
  QCOMPARE(QColor(QImage(dark).pixel(3, 3)), QColor(Qt::black));
}

void TestFigureExport::headlessRefusesBadInputAndWritesNothing_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<QString>("reason");
  QTest::newRow("unknown format") << QStringList{"--export-plots", "@/out.gif"} << "unknown format";
  QTest::newRow("no folder") << QStringList{"--export-plots", "@/none/out.png"}
                             << "no such directory";
  QTest::newRow("csv no folder") << QStringList{"--export-csv", "@/none/out.csv"}
                                 << "no such directory";
  QTest::newRow("bad value") << QStringList{"--set",
                                            "populations.layer0.parameters.threshold_v=abc",
                                            "--export-plots", "@/out.png"}
                             << "populations[\"layer0\"].parameters.threshold_v: expected a number";
  QTest::newRow("bad file") << QStringList{"--experiment", "@/missing.json", "--export-csv",
                                           "@/out.csv"}
                            << "missing.json";
  QTest::newRow("bad scale") << QStringList{"--export-plots", "@/out.png", "--scale", "0"}
                             << "--scale";
  QTest::newRow("bad width") << QStringList{"--export-plots", "@/out.png", "--width", "12"}
                             << "--width";
  QTest::newRow("bad theme") << QStringList{"--export-plots", "@/out.png", "--theme", "purple"}
                             << "--theme: expected system, light or dark";
  QTest::newRow("two modes") << QStringList{"--export-plots", "@/out.png", "--screenshot",
                                            "@/s.png"}
                             << "choose one";
}

void TestFigureExport::headlessRefusesBadInputAndWritesNothing() {
  QFETCH(QStringList, arguments);
  QFETCH(QString, reason);
  QTemporaryDir dir;
  arguments.replaceInStrings("@", dir.path());
  const ProcessRun run = run_spikescope(arguments);
  QCOMPARE(run.exit_code, 2);
  QVERIFY2(run.err.contains(reason), qPrintable(run.err));
  QVERIFY(QDir(dir.path()).isEmpty());
}

QTEST_MAIN(TestFigureExport)
#include "tst_figure_export.moc"
