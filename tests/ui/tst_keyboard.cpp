// The whole window works from the keyboard: Tab reaches every control, the shortcuts sit in
// the menus, and the shown neuron can be chosen without the mouse.
#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QMenuBar>
#include <QSet>
#include <QSpinBox>
#include <QTest>

#include "gui_test_support.h"
#include "live_controls_panel.h"
#include "main_window.h"
#include "parameter_panel.h"
#include "plot_panel.h"
#include "simulation_session.h"

using namespace spikescope;
using namespace spikescope::testing;

class TestKeyboard : public QObject {
  Q_OBJECT
 private slots:
  void tabReachesEveryControl();
  void menusShowTheShortcuts();
  void shownNeuronCanBeTyped();
};

void TestKeyboard::tabReachesEveryControl() {
  Experiment e = seed_experiment();
  e.view.run_mode = RunMode::kLive;  // the live controls are enabled
  MainWindow window(e);
  window.show();
  window.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  QSet<QWidget*> controls;
  for (QWidget* widget : window.findChildren<QWidget*>()) {
    const bool control = qobject_cast<QAbstractSlider*>(widget) ||
                         qobject_cast<QAbstractSpinBox*>(widget) ||
                         qobject_cast<QComboBox*>(widget) || qobject_cast<QAbstractButton*>(widget);
    // Qt's own parts (a dock's title buttons, "qt_..." names) have their own keyboard means.
    const bool qt_internal = widget->objectName().startsWith("qt_");
    if (control && !qt_internal && widget->isVisible() && widget->isEnabled() &&
        !qobject_cast<QAbstractSlider*>(widget->parentWidget())) {  // not a scroll bar's parts
      controls.insert(widget);
    }
  }
  QVERIFY(controls.size() >= 20);
  window.parameterPanel()->slider(ParameterField::kThreshold)->slider()->setFocus();
  QSet<QWidget*> reached;
  for (int press = 0; press < 200; ++press) {
    reached.insert(QApplication::focusWidget());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
  }
  for (QWidget* control : controls) {
    const bool in_scroll_bar =
        control->parentWidget() && control->parentWidget()->inherits("QScrollBar");
    if (in_scroll_bar || control->focusPolicy() == Qt::NoFocus) {
      QFAIL(qPrintable(QString("%1 \"%2\" takes no keyboard focus")
                           .arg(control->metaObject()->className(), control->accessibleName())));
    }
    QVERIFY2(reached.contains(control),
             qPrintable(QString("Tab never reaches %1 \"%2\"")
                            .arg(control->metaObject()->className(), control->accessibleName())));
  }
}

void TestKeyboard::menusShowTheShortcuts() {
  MainWindow window;
  QMap<QString, QString> shortcuts;  // shortcut -> action text
  for (QAction* menu : window.menuBar()->actions()) {
    for (QAction* action : menu->menu()->actions()) {
      if (!action->shortcut().isEmpty()) shortcuts[action->shortcut().toString()] = action->text();
    }
  }
  for (const char* key : {"Space", "Right", "R", "S", "N", "+", "-"}) {
    QVERIFY2(shortcuts.contains(key), qPrintable(QString("no menu action on ") + key));
  }
}

void TestKeyboard::shownNeuronCanBeTyped() {
  MainWindow window;
  window.show();
  QVERIFY(wait_for_latest_frame(window));
  QSpinBox* neuron = window.parameterPanel()->shownNeuronBox();
  QCOMPARE(neuron->maximum(), 99);
  neuron->setFocus();
  neuron->selectAll();
  QTest::keyClicks(neuron, "42");
  QTest::keyClick(neuron, Qt::Key_Return);
  QCOMPARE(window.session().experiment().view.selected_neuron, 42u);
  QVERIFY(wait_for_latest_frame(window));
  QCOMPARE(window.plotPanel()->shownSnapshot()->selected_neuron, 42u);
  // A raster click shows up in the box.
  window.plotPanel()->neuronSelected(7);
  QCOMPARE(neuron->value(), 7);
  // A smaller layer keeps the shown neuron inside it.
  window.parameterPanel()->slider(ParameterField::kLayer0Size)->spinBox()->setValue(5);
  QCOMPARE(neuron->maximum(), 4);
  QCOMPARE(window.session().experiment().view.selected_neuron, 4u);
}

QTEST_MAIN(TestKeyboard)
#include "tst_keyboard.moc"
