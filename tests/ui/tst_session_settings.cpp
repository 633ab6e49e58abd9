// The last session comes back at start (experiment, window layout, theme, recent files), and
// damaged settings fall back to defaults with a message. Tests use their own settings file,
// never the user's.
#include <QDockWidget>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include "equation_panel.h"
#include "experiment/experiment_file.h"
#include "experiment/notebook_network.h"
#include "experiment/seed_experiment.h"
#include "experiment_document.h"
#include "main_window.h"
#include "parameter_panel.h"
#include "session_settings.h"
#include "simulation_session.h"

using namespace spikescope;

class TestSessionSettings : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
  void lastSessionComesBack();
  void commandLineExperimentWins();
  void damagedSettingsFallBackToDefaults();
  void recentFilesAreNewestFirstWithoutDuplicates();
};

void TestSessionSettings::lastSessionComesBack() {
  QTemporaryDir dir;
  QSettings settings(dir.filePath("spikescope.ini"), QSettings::IniFormat);
  Experiment edited;
  {
    MainWindow window;
    window.restoreSession(&settings, true);
    window.show();
    window.resize(1000, 700);
    window.setTheme(Theme::kDark);
    window.parameterPanel()->slider(ParameterField::kThreshold)->spinBox()->setValue(0.66);
    window.parameterPanel()->slider(ParameterField::kRefractory)->spinBox()->setValue(2.5);
    window.findChild<QDockWidget*>("equationDock")->hide();
    edited = window.document().experiment();
    QVERIFY(window.saveFile(dir.filePath("one.json")));
    QVERIFY(window.close());
  }
  MainWindow window;
  window.restoreSession(&settings, true);
  QVERIFY(window.document().experiment() == edited);
  QVERIFY(window.session().experiment() == edited);
  QCOMPARE(window.parameterPanel()->slider(ParameterField::kThreshold)->spinBox()->value(), 0.66);
  QCOMPARE(window.theme(), Theme::kDark);
  QCOMPARE(window.size(), QSize(1000, 700));
  QVERIFY(window.findChild<QDockWidget*>("equationDock")->isHidden());
  QCOMPARE(read_session(settings).recent_files, QStringList{dir.filePath("one.json")});
  QVERIFY(window.statusBar()->currentMessage().isEmpty());
  window.setTheme(Theme::kSystem);
}

void TestSessionSettings::commandLineExperimentWins() {
  QTemporaryDir dir;
  QSettings settings(dir.filePath("spikescope.ini"), QSettings::IniFormat);
  SessionState saved;
  Experiment old = seed_experiment();
  set_lif_value(old, kLifThreshold, 0.5);
  saved.experiment = old;
  write_session(settings, saved);
  Experiment given = seed_experiment();
  given.steps = 1000;
  MainWindow window(given);
  window.restoreSession(&settings, false);
  QVERIFY(window.document().experiment() == given);
  // Without an experiment of the command line, the saved one comes back.
  MainWindow restored;
  restored.restoreSession(&settings, true);
  QVERIFY(restored.document().experiment() == normalized(old));
}

void TestSessionSettings::damagedSettingsFallBackToDefaults() {
  QTemporaryDir dir;
  QSettings settings(dir.filePath("spikescope.ini"), QSettings::IniFormat);
  std::string text = serialize_experiment(seed_experiment());
  text.replace(text.find("\"dt_ms\": 0.125"), 14, "\"dt_ms\": -5");
  settings.setValue("session/experiment", QString::fromStdString(text));
  settings.setValue("view/theme", "purple");
  settings.setValue("window/geometry", QByteArray("not a geometry"));
  settings.setValue("window/state", QByteArray("\x01\x02garbage"));
  settings.sync();
  MainWindow window;
  window.restoreSession(&settings, true);
  QVERIFY(window.document().experiment() == seed_experiment());
  QVERIFY(window.session().experiment() == seed_experiment());
  QCOMPARE(window.theme(), Theme::kSystem);
  const QString message = window.statusBar()->currentMessage();
  for (const char* key : {"session/experiment", "simulation.dt_ms", "view/theme", "window/geometry",
                          "window/state"}) {
    QVERIFY2(message.contains(key), qPrintable(message));
  }
  // Closing writes a healthy session over the damaged one.
  window.close();
  const SessionState repaired = read_session(settings);
  QVERIFY(repaired.problems.isEmpty());
  QVERIFY(repaired.experiment == seed_experiment());
}

void TestSessionSettings::recentFilesAreNewestFirstWithoutDuplicates() {
  QStringList recent;
  for (int i = 0; i < 12; ++i) recent = with_recent_file(recent, QString("/f%1.json").arg(i));
  recent = with_recent_file(recent, "/f8.json");
  QCOMPARE(recent.size(), kMaxRecentFiles);
  QCOMPARE(recent.front(), QString("/f8.json"));
  QCOMPARE(recent.count("/f8.json"), 1);
  QCOMPARE(recent.back(), QString("/f4.json"));
}

QTEST_MAIN(TestSessionSettings)
#include "tst_session_settings.moc"
