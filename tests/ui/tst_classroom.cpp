// What a lecture needs: presentation mode (F11) goes full screen with large fonts and thick
// lines and comes back; high-contrast themes restyle plots and palette; presets and every
// classroom action are on the keyboard and in the menus; every control explains itself; the
// equation panel shows the current values; About names the licence and libraries.
#include <qcustomplot.h>

#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QClipboard>
#include <QComboBox>
#include <QMenuBar>
#include <QTest>

#include "about.h"
#include "equation_panel.h"
#include "experiment/notebook_network.h"
#include "experiment_document.h"
#include "gui_test_support.h"
#include "main_window.h"
#include "parameter_panel.h"
#include "plot_panel.h"
#include "simulation_session.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

std::vector<QCustomPlot*> all_plots(const MainWindow& window) {
  return window.figurePlots(-1);
}

// Menu actions by shortcut, through submenus.
void collect_shortcuts(const QMenu* menu, QMap<QString, QString>& shortcuts) {
  for (QAction* action : menu->actions()) {
    if (action->menu()) collect_shortcuts(action->menu(), shortcuts);
    if (!action->shortcut().isEmpty()) shortcuts[action->shortcut().toString()] = action->text();
  }
}

}  // namespace

class TestClassroom : public QObject {
  Q_OBJECT
 private slots:
  void presentationModeAndBack();
  void darkThemeRestylesPlotsAndPalette();
  void numberKeysApplyPresets();
  void menusCarryEveryClassroomShortcut();
  void everyControlHasATooltip();
  void equationPanelShowsCurrentValues();
  void aboutNamesLicenceAndLibraries();
  void copyPlotToClipboard();
};

void TestClassroom::presentationModeAndBack() {
  MainWindow window;
  window.show();
  window.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  QVERIFY(wait_for_latest_frame(window));
  const qreal normal_font = window.font().pointSizeF();
  const qreal normal_tick = window.plotPanel()->layer0Plot()->xAxis->tickLabelFont().pointSizeF();
  QTest::keyClick(&window, Qt::Key_F11);
  QVERIFY(window.presentationMode());
  QVERIFY(window.windowState() & Qt::WindowFullScreen);
  QCOMPARE(window.font().pointSizeF(), normal_font * kPresentationFontScale);
  for (QCustomPlot* plot : all_plots(window)) {
    QVERIFY(plot->plottingHints() & QCP::phFastPolylines);
    QCOMPARE(plot->yAxis->labelFont().pointSizeF(), normal_tick * kPresentationFontScale);
  }
  QCOMPARE(window.plotPanel()->layer0VmGraph()->pen().widthF(), kPresentationPenWidth);
  QCOMPARE(window.plotPanel()->sumGraph()->pen().widthF(), kPresentationPenWidth);
  // Still running the same experiment, still drawing.
  window.parameterPanel()->slider(ParameterField::kThreshold)->spinBox()->setValue(0.7);
  QVERIFY(wait_for_latest_frame(window));

  QTest::keyClick(&window, Qt::Key_F11);
  QVERIFY(!window.presentationMode());
  QVERIFY(!(window.windowState() & Qt::WindowFullScreen));
  QCOMPARE(window.font().pointSizeF(), normal_font);
  for (QCustomPlot* plot : all_plots(window)) {
    QVERIFY(!(plot->plottingHints() & QCP::phFastPolylines));
  }
  QCOMPARE(window.plotPanel()->layer0VmGraph()->pen().widthF(), 1.0);
}

void TestClassroom::darkThemeRestylesPlotsAndPalette() {
  MainWindow window;
  window.show();
  QVERIFY(wait_for_latest_frame(window));
  const QColor vm_light = window.plotPanel()->layer0VmGraph()->pen().color();
  window.setTheme(Theme::kDark);
  QCOMPARE(QApplication::palette().color(QPalette::Base), QColor(Qt::black));
  QCOMPARE(QApplication::palette().color(QPalette::Text), QColor(Qt::white));
  for (QCustomPlot* plot : all_plots(window)) {
    const QImage image = plot->toPixmap(200, 100).toImage();
    QCOMPARE(QColor(image.pixel(2, 2)), QColor(Qt::black));  // background
    QCOMPARE(plot->xAxis->basePen().color(), QColor(Qt::white));
  }
  QVERIFY(window.plotPanel()->layer0VmGraph()->pen().color().lightness() > vm_light.lightness());
  window.setTheme(Theme::kLight);
  QCOMPARE(QApplication::palette().color(QPalette::Base), QColor(Qt::white));
  QCOMPARE(QColor(window.plotPanel()->sumPlot()->toPixmap(50, 50).toImage().pixel(2, 2)),
           QColor(Qt::white));
  window.setTheme(Theme::kSystem);
  QCOMPARE(window.plotPanel()->layer0VmGraph()->pen().color(), vm_light);
}

void TestClassroom::numberKeysApplyPresets() {
  MainWindow window;
  window.show();
  window.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  window.parameterPanel()->slider(ParameterField::kThreshold)->slider()->setFocus();
  // Keys 1-9 are the first nine presets (the menu holds the others).
  QVERIFY(window.presets().size() >= 9);
  for (int i = 8; i >= 0; --i) {
    QTest::keyClick(QApplication::focusWidget(), static_cast<Qt::Key>(Qt::Key_1 + i));
    QVERIFY2(window.document().experiment() == window.presets()[i].experiment,
             qPrintable(QString("key %1").arg(i + 1)));
  }
  // 0 is no preset: the last one applied (key 1) stays.
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_0);
  QVERIFY(window.document().experiment() == window.presets()[0].experiment);
  // Typed into a spin box, a digit is a digit, not a preset.
  QDoubleSpinBox* threshold =
      window.parameterPanel()->slider(ParameterField::kThreshold)->spinBox();
  threshold->setFocus();
  threshold->selectAll();
  QTest::keyClicks(threshold, "0.9");
  QTest::keyClick(threshold, Qt::Key_Enter);
  QCOMPARE(lif_value(window.document().experiment(), kLifThreshold), 0.9);
}

void TestClassroom::menusCarryEveryClassroomShortcut() {
  MainWindow window;
  QMap<QString, QString> shortcuts;
  for (QAction* menu : window.menuBar()->actions()) collect_shortcuts(menu->menu(), shortcuts);
  const QStringList required{"Space",
                             "Right",
                             "R",
                             "S",
                             "N",
                             "+",
                             "-",
                             "F11",
                             "Ctrl+O",
                             "Ctrl+S",
                             "Ctrl+Shift+S",
                             "Ctrl+Z",
                             "Ctrl+Shift+Z",
                             "Ctrl+E",
                             "Ctrl+Shift+E",
                             "Ctrl+B",
                             "Ctrl+Shift+C",
                             "Ctrl+I",
                             "1",
                             "2",
                             "3",
                             "4",
                             "5",
                             "6",
                             "7",
                             "8",
                             "9",
                             "Ctrl+Alt+3"};
  for (const QString& key : required) {
    QVERIFY2(shortcuts.contains(key), qPrintable("no menu action on " + key));
  }
  // No shortcut is given twice: a clash would make Qt ignore both.
  QMap<QString, int> uses;
  for (QAction* action : window.findChildren<QAction*>()) {
    for (const QKeySequence& key : action->shortcuts()) ++uses[key.toString()];
  }
  for (auto it = uses.cbegin(); it != uses.cend(); ++it) {
    QVERIFY2(it.value() == 1, qPrintable(it.key() + " is used twice"));
  }
}

void TestClassroom::everyControlHasATooltip() {
  MainWindow window;
  window.show();
  int checked = 0;
  for (QWidget* widget : window.findChildren<QWidget*>()) {
    const bool control = qobject_cast<QAbstractSlider*>(widget) ||
                         qobject_cast<QAbstractSpinBox*>(widget) ||
                         qobject_cast<QComboBox*>(widget) || qobject_cast<QAbstractButton*>(widget);
    if (!control || !widget->isVisible() || widget->inherits("QScrollBar")) continue;
    if (qobject_cast<QAbstractSlider*>(widget->parentWidget())) continue;
    QString tip = widget->toolTip();
    if (auto* button = qobject_cast<QToolButton*>(widget); button && button->defaultAction()) {
      tip = button->defaultAction()->toolTip();
    }
    QVERIFY2(tip.size() > 10,
             qPrintable(QString("%1 \"%2\" has no tooltip")
                            .arg(widget->metaObject()->className(), widget->objectName())));
    ++checked;
  }
  QVERIFY(checked >= 20);
}

void TestClassroom::equationPanelShowsCurrentValues() {
  MainWindow window;
  ParameterPanel* panel = window.parameterPanel();
  panel->slider(ParameterField::kThreshold)->spinBox()->setValue(0.8);
  panel->slider(ParameterField::kCapacitance)->spinBox()->setValue(20.0);
  panel->slider(ParameterField::kRefractory)->spinBox()->setValue(6.5);
  const EquationPanel* equation = window.equationPanel();
  const QString text = equation->equationLabel()->text();
  QVERIFY2(text.contains("<b>20 ms</b>"), qPrintable(text));  // tau_m = 1 kOhm * 20 uF
  QVERIFY(text.contains("20 µF"));
  const QString rules = equation->findChildren<QLabel*>().at(1)->text();
  QVERIFY2(rules.contains("Threshold (0.8 V)") && rules.contains("Refractory period (6.5 ms)"),
           qPrintable(rules));
  window.document().undoStack()->undo();
  QVERIFY(equation->findChildren<QLabel*>().at(1)->text().contains("Refractory period (4 ms)"));
}

void TestClassroom::aboutNamesLicenceAndLibraries() {
  QCoreApplication::setApplicationVersion("9.8.7");
  const QString about = about_html();
  for (const char* needle : {"9.8.7", "GPL-3.0-or-later", "QCustomPlot", "GPL-3.0", "LGPL-3.0",
                             "nlohmann/json", "MIT", qVersion()}) {
    QVERIFY2(about.contains(needle), needle);
  }
}

void TestClassroom::copyPlotToClipboard() {
  MainWindow window;
  window.show();
  QVERIFY(wait_for_latest_frame(window));
  QCustomPlot* sum = window.plotPanel()->sumPlot();
  window.copyPlot(1);
  const QImage copied = QApplication::clipboard()->image();
  QCOMPARE(copied.size(), sum->size() * window.devicePixelRatioF());
  // The same picture the plot draws, pixel for pixel.
  QCOMPARE(
      copied.convertToFormat(QImage::Format_RGB32),
      sum->toPixmap(sum->width(), sum->height()).toImage().convertToFormat(QImage::Format_RGB32));
  window.copyPlot(-1);
  int height = 0;
  for (QCustomPlot* plot : all_plots(window)) height += plot->height();
  QCOMPARE(QApplication::clipboard()->image().height(), height);
}

QTEST_MAIN(TestClassroom)
#include "tst_classroom.moc"
