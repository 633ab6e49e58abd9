// Bad input in spikescope: every option of its command line given each class of nonsense
// (NaN, infinity, negative, huge, empty, text) is refused with one line naming the option, and
// every parameter field of the window, typed into as a user would, never lets a non-finite or
// out-of-range number through to the simulation. tests/INPUTS.md is the table of these outcomes.
#include <QDir>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "command_line.h"
#include "gui_test_support.h"
#include "parameter_panel.h"
#include "simulation_session.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

const char* const kNonsense[] = {"nan", "inf", "-1", "1e300", "", "abc"};

// The options that take a number, and what each class of nonsense does: 'r' refused, 'a'
// accepted (a legal value).
struct NumberOption {
  const char* option;
  const char* context;  // another option the number belongs to, or nullptr
  const char* outcomes;
};
const NumberOption kNumberOptions[] = {
    {"--width", "--screenshot", "rrrrrr"},   {"--height", "--screenshot", "rrrrrr"},
    {"--seconds", "--bench-live", "rrrrrr"}, {"--changes", "--bench-latency", "rrrrrr"},
    {"--neurons", "--bench-live", "rrrrrr"}, {"--steps", nullptr, "rrrrrr"},
    {"--soak", nullptr, "rrrrrr"},
};

}  // namespace

class TestBadInputGui : public QObject {
  Q_OBJECT
 private slots:
  void numberOptionsAnswerNonsense_data();
  void numberOptionsAnswerNonsense();
  void emptyFileNamesAreRefusedBeforeRunning();
  void typedNonsenseNeverReachesTheSimulation_data();
  void typedNonsenseNeverReachesTheSimulation();
};

void TestBadInputGui::numberOptionsAnswerNonsense_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<QString>("option");
  QTest::addColumn<bool>("refused");
  for (const NumberOption& number : kNumberOptions) {
    for (std::size_t i = 0; i < std::size(kNonsense); ++i) {
      QStringList arguments{"spikescope", QString(number.option) + "=" + kNonsense[i]};
      if (number.context != nullptr) arguments << number.context;
      if (QString(number.context) == "--screenshot") arguments << "x.png";
      QTest::addRow("%s=%s", number.option, kNonsense[i])
          << arguments << QString(number.option) << (number.outcomes[i] == 'r');
    }
  }
}

void TestBadInputGui::numberOptionsAnswerNonsense() {
  QFETCH(QStringList, arguments);
  QFETCH(QString, option);
  QFETCH(bool, refused);
  try {
    parse_command_line(arguments);
    QVERIFY2(!refused, "accepted");
  } catch (const CommandLineError& error) {
    QVERIFY(refused);
    const QString message = error.what();
    QVERIFY2(message.contains(option) && !message.contains('\n'), error.what());
  }
}

void TestBadInputGui::emptyFileNamesAreRefusedBeforeRunning() {
  const auto message_of = [](const QStringList& arguments) -> QString {
    try {
      parse_command_line(QStringList{"spikescope"} + arguments);
    } catch (const CommandLineError& error) {
      return error.what();
    }
    return "(accepted)";
  };
  QCOMPARE(message_of({"--experiment", ""}), "--experiment: needs a file name, got an empty one");
  QCOMPARE(message_of({"--screenshot", ""}), "--screenshot: needs a file name, got an empty one");
  QTemporaryDir dir;
  const QString missing = dir.filePath("no/such/dir");
  QCOMPARE(message_of({"--screenshot", missing + "/x.png"}),
           "--screenshot: no such directory: " + missing);
  QCOMPARE(message_of({"--screenshot", dir.filePath("x.png")}), QString("(accepted)"));
}

void TestBadInputGui::typedNonsenseNeverReachesTheSimulation_data() {
  QTest::addColumn<int>("field");
  QTest::addColumn<QString>("typed");
  for (int field = int(ParameterField::kThreshold); field <= int(ParameterField::kLayer0Size);
       ++field) {
    for (const char* typed : {"nan", "inf", "-5", "1e300", "99999999", "abc", ""}) {
      QTest::addRow("field %d <- '%s'", field, typed) << field << typed;
    }
  }
}

void TestBadInputGui::typedNonsenseNeverReachesTheSimulation() {
  QFETCH(int, field);
  QFETCH(QString, typed);
  const Experiment small = notebook_experiment(20, 200);
  MainWindow window(small);
  window.show();
  QVERIFY(testing::wait_for_latest_frame(window));
  QDoubleSpinBox* box = window.parameterPanel()->slider(ParameterField(field))->spinBox();
  const double before = field_value(window.session().experiment(), ParameterField(field));
  box->setFocus();
  box->selectAll();
  if (typed.isEmpty()) QTest::keyClick(box, Qt::Key_Backspace);
  QTest::keyClicks(box, typed);
  QTest::keyClick(box, Qt::Key_Return);
  box->clearFocus();  // editing finished: whatever the box now holds is what it sends
  const Experiment& sent = window.session().experiment();
  const double value = field_value(sent, ParameterField(field));
  QVERIFY2(std::isfinite(value) && value >= box->minimum() && value <= box->maximum(),
           qPrintable(QString("typed '%1', the simulation got %2").arg(typed).arg(value)));
  validate(sent);
  // Text that is no number leaves the value as it was.
  if (typed == "nan" || typed == "abc" || typed.isEmpty()) QCOMPARE(value, before);
  QVERIFY(testing::wait_for_latest_frame(window));
}

QTEST_MAIN(TestBadInputGui)
#include "tst_bad_input_gui.moc"
