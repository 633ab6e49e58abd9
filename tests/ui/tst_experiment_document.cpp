// The experiment as a document in the window: save then open gives back every field exactly;
// refused files name the field and leave the experiment as it was; a failed save keeps the old
// file; undo and redo restore exact values, one slider drag being one step; the title shows the
// file and the modified marker; closing with unsaved changes asks; a dropped file opens.
#include <signal.h>
#include <sys/resource.h>

#include <QDir>
#include <QFile>
#include <QMimeData>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include "experiment/experiment_file.h"
#include "experiment/seed_experiment.h"
#include "experiment_document.h"
#include "gui_test_support.h"
#include "main_window.h"
#include "parameter_panel.h"
#include "simulation_session.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

void write_all(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  QCOMPARE(file.write(bytes), bytes.size());
}

// Every field away from its default, doubles that do not print short: the notebook's network
// with three layers and every knob moved, plus what only version 2 holds (a second input, a
// drawn connector with a delay in ms and an exponential synapse, per-population seeds, probes
// of chosen neurons, spikes of some populations). In the form the file gives back.
Experiment unusual_experiment() {
  NotebookChain chain;
  chain.mode = IntegrationMode::kExact;
  chain.neuron.membrane_resistance_kohm = 1.0 / 3.0;
  chain.neuron.membrane_capacitance_uf = 29.000000000000004;
  chain.neuron.refractory_ms = 0.1 + 0.2;
  chain.neuron.threshold_v = 0.7123456789012345;
  chain.neuron.spike_height_v = 1.5;
  chain.neuron.reset_v = -0.0625;
  chain.neuron.rest_v = 0.015625;
  chain.layer_sizes = {7, 3, 1};
  chain.weight = 0.3;
  chain.dt_ms = 0.1;
  chain.amplitude = 2.1;
  chain.onset_steps = {0, 3, 9, 27, 81, 243, 729};
  Experiment e;
  e.name = "unusual \"one\"";
  e.notes = "notice: ünïcode & <markup>";
  e.network = notebook_chain_network(chain);
  e.network.populations[1].seed = 18446744073709551615ull;
  e.network.inputs.push_back(InputSpec{"bias", "layer1", DcInput{-0.25, 1.5, 80.0}});
  ProjectionSpec skip;
  skip.name = "skip";
  skip.source = "layer0";
  skip.target = "layer2";
  skip.connector = ConnectorSpec{ConnectorRule::kFixedProbability, 0.5, 1, true, 3};
  skip.weight = -0.125;
  skip.delay_ms = 0.30000000000000004;
  skip.synapse = ChannelSpec{SynapseKind::kExpCurrent, 2.5, 0.0};
  e.network.projections.push_back(skip);
  e.steps = 1001;
  e.recording.probes = {ProbeSpec{"layer0", 5, "vm_v"}, ProbeSpec{"layer2", 0, "vm_v"}};
  e.recording.all_spikes = false;
  e.recording.spike_populations = {"layer0", "layer2"};
  e.recording.spike_capacity = 4096;
  e.view.run_mode = RunMode::kTrial;
  e.view.selected_neuron = 5;
  e.view.live_window_ms = 123.25;
  e.view.live_speed = 0.5;
  validate(e);
  return normalized(e);
}

// Answers the unsaved-changes question without a dialog, and counts the questions.
class AnsweringWindow : public MainWindow {
 public:
  using MainWindow::MainWindow;
  QMessageBox::StandardButton answer = QMessageBox::Cancel;
  int questions = 0;

 protected:
  QMessageBox::StandardButton askToSaveChanges() override {
    ++questions;
    return answer;
  }
};

}  // namespace

class TestExperimentDocument : public QObject {
  Q_OBJECT
 private slots:
  void saveThenOpenRoundTripsEveryField();
  void refusedFilesLeaveTheExperimentUntouched_data();
  void refusedFilesLeaveTheExperimentUntouched();
  void failedSaveKeepsTheOldFile();
  void undoRedoRestoreExactValues();
  void undoInAFocusedSpinBoxUndoesTheExperiment();
  void oneSliderDragIsOneUndoStep();
  void presetIsUndoable();
  void titleShowsFileAndModifiedMarker();
  void closingWithUnsavedChangesAsks();
  void droppedFileOpens();
};

void TestExperimentDocument::saveThenOpenRoundTripsEveryField() {
  QTemporaryDir dir;
  const Experiment e = unusual_experiment();
  const QString path = dir.filePath("unusual.json");
  {
    MainWindow window;
    window.setExperiment(e);
    QVERIFY(window.saveFile(path));
  }
  MainWindow window;
  QVERIFY(window.openFile(path));
  QVERIFY(window.document().experiment() == e);
  QVERIFY(window.session().experiment() == e);
  QVERIFY(window.parameterPanel()->experiment() == e);
  QCOMPARE(window.document().filePath(), path);
  QVERIFY(!window.document().isModified());
  QVERIFY(wait_for_latest_frame(window));
}

void TestExperimentDocument::refusedFilesLeaveTheExperimentUntouched_data() {
  QTest::addColumn<QByteArray>("contents");
  QTest::addColumn<QString>("message");
  const QByteArray seed = QByteArray::fromStdString(serialize_experiment(seed_experiment()));
  QTest::newRow("truncated") << seed.left(seed.size() / 2) << "not valid JSON";
  QTest::newRow("wrong type") << QByteArray(seed).replace("\"threshold_v\": 0.75",
                                                          "\"threshold_v\": \"high\"")
                              << "populations[\"layer0\"].parameters.threshold_v: expected a "
                                 "number, got \"high\"";
  QTest::newRow("unknown version")
      << QByteArray(seed).replace("\"version\": 2", "\"version\": 7")
      << "version: this program reads version 1 and 2 files, got version 7";
  QTest::newRow("unknown model") << QByteArray(seed).replace("\"model\": \"lif\"",
                                                             "\"model\": \"lifx\"")
                                 << "populations[\"layer0\"].model: unknown model \"lifx\"";
  QTest::newRow("projection from nowhere")
      << QByteArray(seed).replace("\"source\": \"layer0\"", "\"source\": \"layer9\"")
      << "projections[\"layer0->layer1\"].source: no population \"layer9\"";
  QTest::newRow("invalid value") << QByteArray(seed).replace("\"dt_ms\": 0.125", "\"dt_ms\": -1")
                                 << "simulation.dt_ms";
  QTest::newRow("100 MB") << QByteArray() << "16777216 bytes";
  QTest::newRow("missing") << QByteArray("<none>") << "missing.json";
}

void TestExperimentDocument::refusedFilesLeaveTheExperimentUntouched() {
  QFETCH(QByteArray, contents);
  QFETCH(QString, message);
  QTemporaryDir dir;
  QString path = dir.filePath("bad.json");
  if (contents == "<none>") {
    path = dir.filePath("missing.json");
  } else if (contents.isEmpty()) {
    QFile big(path);  // 100 MB, sparse: the reader must refuse it by its size
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(100ll << 20));
  } else {
    write_all(path, contents);
  }
  const QString good = dir.filePath("good.json");
  save_experiment_file(good.toStdString(), unusual_experiment());
  MainWindow window;
  QVERIFY(window.openFile(good));
  window.parameterPanel()->slider(ParameterField::kThreshold)->spinBox()->setValue(0.9);
  const Experiment before = window.document().experiment();
  const int undo_steps = window.document().undoStack()->count();
  QVERIFY(!window.openFile(path));
  QVERIFY2(window.statusBar()->currentMessage().contains(message),
           qPrintable(window.statusBar()->currentMessage()));
  QVERIFY(window.findChild<QMessageBox*>("errorBox"));
  QVERIFY(window.document().experiment() == before);
  QVERIFY(window.session().experiment() == before);
  QVERIFY(window.parameterPanel()->experiment() == before);
  QCOMPARE(window.document().filePath(), good);
  QVERIFY(window.document().isModified());
  QCOMPARE(window.document().undoStack()->count(), undo_steps);
}

void TestExperimentDocument::failedSaveKeepsTheOldFile() {
  QTemporaryDir dir;
  MainWindow window;
  window.setExperiment(unusual_experiment());
  // Into a folder that does not exist: nothing is written anywhere.
  QVERIFY(!window.saveFile(dir.filePath("no/such/folder/x.json")));
  QVERIFY(QDir(dir.path()).isEmpty());
  QVERIFY(window.windowTitle().startsWith("Untitled"));

  // Over an old file, with the disk refusing the write half-way (a file size limit, which
  // binds root too): the old file is intact and no temporary file is left.
  const QString path = dir.filePath("old.json");
  save_experiment_file(path.toStdString(), seed_experiment());
  const QByteArray old_contents = read_all(path);
  signal(SIGXFSZ, SIG_IGN);
  rlimit saved{};
  getrlimit(RLIMIT_FSIZE, &saved);
  rlimit small = saved;
  small.rlim_cur = 64;
  QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
  const bool saved_anyway = window.saveFile(path);
  setrlimit(RLIMIT_FSIZE, &saved);
  QVERIFY(!saved_anyway);
  QCOMPARE(read_all(path), old_contents);
  QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"old.json"});
  QVERIFY(window.document().filePath().isEmpty());
  QVERIFY(window.statusBar()->currentMessage().contains("old.json"));
}

void TestExperimentDocument::undoRedoRestoreExactValues() {
  MainWindow window;
  window.show();
  window.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  ParameterPanel* panel = window.parameterPanel();
  const Experiment original = window.document().experiment();
  panel->slider(ParameterField::kThreshold)->spinBox()->setValue(0.83);
  const Experiment first = window.document().experiment();
  QCOMPARE(lif_value(first, kLifThreshold), 0.83);
  panel->integrationBox()->setCurrentIndex(1);
  panel->synchroniseAction()->trigger();
  const Experiment third = window.document().experiment();
  QCOMPARE(notebook_onsets(third)->onset_max_steps, 0);
  QCOMPARE(notebook_mode(third), IntegrationMode::kExact);
  QCOMPARE(window.document().undoStack()->count(), 3);

  QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
  QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
  QVERIFY(window.document().experiment() == first);
  QVERIFY(window.session().experiment() == first);
  QVERIFY(panel->experiment() == first);
  QCOMPARE(panel->slider(ParameterField::kThreshold)->spinBox()->value(), 0.83);
  QCOMPARE(panel->integrationBox()->currentIndex(), 0);
  QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
  QVERIFY(window.document().experiment() == original);
  QVERIFY(window.session().experiment() == original);
  QVERIFY(!window.document().isModified());
  QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
  QVERIFY(window.document().experiment() == first);
  window.document().undoStack()->redo();
  window.document().undoStack()->redo();
  QVERIFY(window.document().experiment() == third);
  QVERIFY(window.session().experiment() == third);
  QVERIFY(wait_for_latest_frame(window));
}

// Ctrl+Z in a focused parameter box undoes the last change to the experiment, as everywhere else
// in the window, rather than the box's own keystrokes.
void TestExperimentDocument::undoInAFocusedSpinBoxUndoesTheExperiment() {
  MainWindow window;
  window.show();
  window.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  const Experiment original = window.document().experiment();
  QDoubleSpinBox* threshold =
      window.parameterPanel()->slider(ParameterField::kThreshold)->spinBox();
  threshold->setFocus();
  threshold->selectAll();
  QTest::keyClicks(threshold, "0.91");
  QTest::keyClick(threshold, Qt::Key_Return);
  QCOMPARE(lif_value(window.document().experiment(), kLifThreshold), 0.91);
  QTest::keyClicks(threshold, "5");  // typed, not applied

  QTest::keyClick(threshold, Qt::Key_Z, Qt::ControlModifier);
  QVERIFY(window.document().experiment() == original);
  QVERIFY(window.session().experiment() == original);
  const double original_threshold = lif_value(original, kLifThreshold);
  QCOMPARE(threshold->value(), original_threshold);
  QCOMPARE(threshold->text(), threshold->textFromValue(original_threshold) + " V");
  QTest::keyClick(threshold, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
  QCOMPARE(lif_value(window.document().experiment(), kLifThreshold), 0.91);
  QCOMPARE(threshold->value(), 0.91);
}

void TestExperimentDocument::oneSliderDragIsOneUndoStep() {
  MainWindow window;
  const Experiment original = window.document().experiment();
  QSlider* slider = window.parameterPanel()->slider(ParameterField::kRefractory)->slider();
  slider->setSliderDown(true);  // pressed: what a mouse drag starts with
  for (int step = 1; step <= 20; ++step) slider->setValue(slider->value() + 1);
  slider->setSliderDown(false);
  const Experiment dragged = window.document().experiment();
  QVERIFY(lif_value(dragged, kLifRefractory) != lif_value(original, kLifRefractory));
  QCOMPARE(window.document().undoStack()->count(), 1);
  // A second drag is a second step.
  slider->setSliderDown(true);
  slider->setValue(slider->value() - 3);
  slider->setValue(slider->value() - 3);
  slider->setSliderDown(false);
  QCOMPARE(window.document().undoStack()->count(), 2);
  window.document().undoStack()->undo();
  QVERIFY(window.document().experiment() == dragged);
  window.document().undoStack()->undo();
  QVERIFY(window.document().experiment() == original);
  QVERIFY(window.session().experiment() == original);
  // Keyboard steps are one step each.
  slider->setFocus();
  slider->triggerAction(QAbstractSlider::SliderSingleStepAdd);
  slider->triggerAction(QAbstractSlider::SliderSingleStepAdd);
  QCOMPARE(window.document().undoStack()->count(), 2);
}

void TestExperimentDocument::presetIsUndoable() {
  MainWindow window;
  const Experiment original = window.document().experiment();
  window.applyPreset(3);
  QVERIFY(window.document().experiment() == window.presets()[3].experiment);
  QVERIFY(window.session().experiment() == window.presets()[3].experiment);
  window.document().undoStack()->undo();
  QVERIFY(window.document().experiment() == original);
  QVERIFY(window.parameterPanel()->experiment() == original);
}

void TestExperimentDocument::titleShowsFileAndModifiedMarker() {
  QTemporaryDir dir;
  MainWindow window;
  QVERIFY(window.windowTitle().startsWith("Untitled[*]"));
  QVERIFY(!window.isWindowModified());
  window.parameterPanel()->slider(ParameterField::kAmplitude)->spinBox()->setValue(1.2);
  QVERIFY(window.isWindowModified());
  const QString path = dir.filePath("lecture.json");
  QVERIFY(window.saveFile(path));
  QVERIFY(!window.isWindowModified());
  QVERIFY(window.windowTitle().startsWith("lecture.json[*]"));
  QCOMPARE(notebook_onsets(load_experiment_file(path.toStdString()).experiment)->amplitude, 1.2);
  window.document().undoStack()->undo();  // back past the save: modified again
  QVERIFY(window.isWindowModified());
}

void TestExperimentDocument::closingWithUnsavedChangesAsks() {
  AnsweringWindow window;
  window.show();
  QVERIFY(window.close());  // nothing changed: no question
  QCOMPARE(window.questions, 0);
  window.show();
  window.parameterPanel()->slider(ParameterField::kThreshold)->spinBox()->setValue(0.7);
  window.answer = QMessageBox::Cancel;
  QVERIFY(!window.close());
  QVERIFY(window.isVisible());
  QCOMPARE(window.questions, 1);
  window.answer = QMessageBox::Discard;
  QVERIFY(window.close());
  QCOMPARE(window.questions, 2);
}

void TestExperimentDocument::droppedFileOpens() {
  QTemporaryDir dir;
  const QString path = dir.filePath("dropped.json");
  save_experiment_file(path.toStdString(), unusual_experiment());
  MainWindow window;
  window.show();
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(path)});
  QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&window, &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&window, &drop);
  QVERIFY(window.document().experiment() == unusual_experiment());
  QCOMPARE(window.document().filePath(), path);
}

QTEST_MAIN(TestExperimentDocument)
#include "tst_experiment_document.moc"
