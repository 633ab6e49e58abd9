// The export dialogs as a user goes through them, from the keyboard shortcuts: Ctrl+E asks for
// the plot, the size and the scale, then for the file; Ctrl+Shift+E asks for the data file. What
// is chosen in the dialogs is what gets written; Cancel writes nothing.
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QImageReader>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <functional>

#include "gui_test_support.h"
#include "main_window.h"
#include "simulation_session.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

// Runs `answer` on the next modal dialog once it is open (the shortcut's exec() blocks the test
// until the dialog is closed, so the answer has to be scheduled before).
void answer_next_dialog(std::function<void(QWidget*)> answer, QWidget* previous = nullptr) {
  QTimer::singleShot(20, [answer = std::move(answer), previous]() mutable {
    QWidget* modal = QApplication::activeModalWidget();
    if (modal == nullptr || modal == previous) {
      answer_next_dialog(std::move(answer), previous);
      return;
    }
    answer(modal);
  });
}

// In the file dialog (Qt's own: offscreen has no native one), the user goes to the folder of
// `path`, types its file name over the proposed one and clicks Save. (A whole path typed into the
// name field makes the dialog select the folders it passes through, and Save then opens the
// last of them instead of accepting, whenever the listing has loaded in time.)
void choose_file(QWidget* dialog, const QString& path) {
  auto* files = qobject_cast<QFileDialog*>(dialog);
  QVERIFY2(files != nullptr, qPrintable(dialog->metaObject()->className()));
  auto* name = dialog->findChild<QLineEdit*>("fileNameEdit");
  auto* buttons = dialog->findChild<QDialogButtonBox*>();
  QVERIFY(name != nullptr && buttons != nullptr && buttons->button(QDialogButtonBox::Save));
  files->setDirectory(QFileInfo(path).absolutePath());
  name->selectAll();
  QTest::keyClicks(name, QFileInfo(path).fileName());
  buttons->button(QDialogButtonBox::Save)->click();
}

// Closes every dialog still open after a minute, so that a dialog the test failed to answer
// fails the test instead of blocking it.
class ModalWatchdog {
 public:
  ModalWatchdog() {
    timer_.setSingleShot(true);
    QObject::connect(&timer_, &QTimer::timeout, [this] {
      while (auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget())) {
        fired_ = true;
        dialog->reject();
      }
    });
    timer_.start(60000);
  }
  bool fired() const { return fired_; }

 private:
  QTimer timer_;
  bool fired_ = false;
};

}  // namespace

class TestExportDialogs : public QObject {
  Q_OBJECT
 private slots:
  void init();
  void figureDialogAnswersReachTheFile();
  void cancelledFigureDialogWritesNothing();
  void dataDialogWritesTheChosenFile();

 private:
  std::unique_ptr<QTemporaryDir> dir_;  // a fresh one for each test
  std::unique_ptr<MainWindow> window_;
};

void TestExportDialogs::init() {
  dir_ = std::make_unique<QTemporaryDir>();
  window_ = std::make_unique<MainWindow>();
  window_->show();
  window_->activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(window_.get()));
  QVERIFY(wait_for_latest_frame(*window_));
}

void TestExportDialogs::figureDialogAnswersReachTheFile() {
  const ModalWatchdog watchdog;
  const QString path = dir_->filePath("raster.png");
  QWidget* figure_dialog = nullptr;
  answer_next_dialog([&](QWidget* dialog) {
    figure_dialog = dialog;
    auto* plot = dialog->findChild<QComboBox*>("plot");
    auto* width = dialog->findChild<QSpinBox*>("width");
    auto* height = dialog->findChild<QSpinBox*>("height");
    auto* scale = dialog->findChild<QComboBox*>("scale");
    QVERIFY(plot && width && height && scale);
    plot->setCurrentIndex(plot->findText("Raster"));
    width->setValue(640);
    height->setValue(320);
    scale->setCurrentIndex(scale->findData(2.0));
    answer_next_dialog([&](QWidget* files) { choose_file(files, path); }, dialog);
    QTest::keyClick(dialog, Qt::Key_Return);  // OK
  });
  QTest::keyClick(window_.get(), Qt::Key_E, Qt::ControlModifier);
  QVERIFY(!watchdog.fired());
  QVERIFY(figure_dialog != nullptr);
  QImageReader reader(path);
  QCOMPARE(reader.format(), QByteArray("png"));
  QCOMPARE(reader.size(), QSize(1280, 640));  // 640 x 320 at 2x
  // The raster alone, not the whole figure: the same export through the window's function.
  const QString direct = dir_->filePath("direct.png");
  QVERIFY(window_->exportFigure(direct, 3, FigureSize{640, 320, 2.0}));
  QCOMPARE(QImage(path), QImage(direct));
}

void TestExportDialogs::cancelledFigureDialogWritesNothing() {
  const ModalWatchdog watchdog;
  int dialogs = 0;
  answer_next_dialog([&](QWidget* dialog) {
    ++dialogs;
    QTest::keyClick(dialog, Qt::Key_Escape);
  });
  QTest::keyClick(window_.get(), Qt::Key_E, Qt::ControlModifier);
  QVERIFY(!watchdog.fired());
  QCOMPARE(dialogs, 1);
  QTest::qWait(100);
  QVERIFY(QApplication::activeModalWidget() == nullptr);  // no file dialog after Cancel
  QVERIFY(QDir(dir_->path()).isEmpty());
}

void TestExportDialogs::dataDialogWritesTheChosenFile() {
  const ModalWatchdog watchdog;
  const QString path = dir_->filePath("trace.csv");
  QSignalSpy finished(window_.get(), &MainWindow::exportFinished);
  answer_next_dialog([&](QWidget* files) { choose_file(files, path); });
  QTest::keyClick(window_.get(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
  QVERIFY(!watchdog.fired());
  QVERIFY(finished.wait(60000));
  QVERIFY2(finished.front().at(0).toBool(), qPrintable(finished.front().at(1).toString()));
  const QList<QByteArray> lines = read_all(path).trimmed().split('\n');
  QCOMPARE(lines.front(),
           QByteArray("step,vm_l0_n0,spikes_l0_n0,layer_spikes,vm_l1_n0,spikes_l1_n0,time_ms"));
  QCOMPARE(lines.size(), int(window_->session().experiment().steps) + 2);  // header, steps 0..N
}

QTEST_MAIN(TestExportDialogs)
#include "tst_export_dialogs.moc"
