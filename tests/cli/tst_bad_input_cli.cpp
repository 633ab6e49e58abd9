// Bad input on spikesim's command line, flag by flag: every flag of `run` and `bench` given each
// class of nonsense (NaN, infinity, negative, huge, empty, text), and every file flag given
// nothing, a directory, a missing, empty, oversized or binary file. A refusal is exit code 2 with
// exactly one line on stderr that names the flag or its field, and leaves the directory as it
// was (an existing CSV untouched); a legal value runs. In-process (run_spikesim), so that the
// whole table costs milliseconds. tests/INPUTS.md is the table of these outcomes.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sstream>

#include "experiment/experiment_file.h"
#include "spikesim_cli.h"

using namespace spikescope;

namespace {

const char* const kNonsense[] = {"nan", "inf", "-1", "1e300", "", "abc"};

struct Flag {
  const char* command;  // "run" or "bench"
  const char* flag;
  const char* names;  // what the message must mention
  const char* exits;  // the exit code for each of kNonsense, in order
};

const Flag kFlags[] = {
    {"run", "--mode", "model.integration", "222222"},
    {"run", "--threshold", "model.neuron.", "222022"},  // -1: the reset is then not below it
    {"run", "--rm", "model.neuron.membrane_resistance_kohm", "222022"},
    {"run", "--cm", "model.neuron.membrane_capacitance_uf", "222022"},
    {"run", "--refractory", "model.neuron.refractory_ms", "222022"},
    {"run", "--input", "stimulus.amplitude", "220022"},  // a negative input is a legal input
    {"run", "--dt", "simulation.dt_ms", "222022"},
    {"run", "--steps", "simulation.steps", "222222"},
    {"run", "--neurons", "model.layer_sizes[0]", "222222"},
    {"run", "--offsets", "stimulus.onset_steps", "222222"},
    {"run", "--offset-max", "stimulus.onset_max_steps", "222222"},
    {"run", "--seed", "simulation.seed", "222222"},
    {"run", "--set", "--set", "222222"},
    {"bench", "--neurons", "--neurons", "222222"},
    {"bench", "--steps", "--steps", "222222"},
    {"bench", "--threads", "--threads", "222222"},
    {"bench", "--mode", "--mode", "222222"},
    {"bench", "--compare", "--compare", "222222"},  // takes no value
};

struct Outcome {
  int exit_code;
  QString err;
};

Outcome run(const QStringList& arguments) {
  std::vector<std::string> args;
  for (const QString& argument : arguments) args.push_back(argument.toStdString());
  std::ostringstream out, err;
  const int code = cli::run_spikesim(args, out, err);
  return {code, QString::fromStdString(err.str())};
}

QStringList entries(const QString& path) {
  return QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

}  // namespace

class TestBadInputCli : public QObject {
  Q_OBJECT
 private slots:
  void init();
  void everyFlagAnswersNonsense_data();
  void everyFlagAnswersNonsense();
  void everyFileFlagAnswersBadFiles_data();
  void everyFileFlagAnswersBadFiles();
  void unstableNotebookRunWarns();

 private:
  void check_refusal(const Outcome& outcome, const QString& names);
  std::unique_ptr<QTemporaryDir> dir_;
};

void TestBadInputCli::init() {
  dir_ = std::make_unique<QTemporaryDir>();
  QVERIFY(dir_->isValid());
  // Relative names resolve in the scratch directory: a stray write would show there.
  QVERIFY(QDir::setCurrent(dir_->path()));
  QFile old(dir_->filePath("out.csv"));
  QVERIFY(old.open(QIODevice::WriteOnly));
  old.write("old");
}

void TestBadInputCli::check_refusal(const Outcome& outcome, const QString& names) {
  QCOMPARE(outcome.exit_code, cli::kExitRefused);
  QVERIFY2(outcome.err.startsWith("spikesim: ") && outcome.err.endsWith('\n') &&
               outcome.err.count('\n') == 1,
           qPrintable(outcome.err));
  QVERIFY2(outcome.err.contains(names), qPrintable(outcome.err + " does not name " + names));
  QCOMPARE(entries(dir_->path()), QStringList{"out.csv"});
  QFile old(dir_->filePath("out.csv"));
  QVERIFY(old.open(QIODevice::ReadOnly));
  QCOMPARE(old.readAll(), QByteArray("old"));
}

void TestBadInputCli::everyFlagAnswersNonsense_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<QString>("names");
  QTest::addColumn<int>("exitCode");
  for (const Flag& flag : kFlags) {
    for (std::size_t i = 0; i < std::size(kNonsense); ++i) {
      QStringList arguments{flag.command, QString(flag.flag) + "=" + kNonsense[i]};
      if (QString(flag.command) == "run") {
        arguments << "--csv"
                  << "out.csv";
        if (QString(flag.flag) != "--steps") arguments << "--steps=20";
      }
      QTest::addRow("%s %s=%s", flag.command, flag.flag, kNonsense[i])
          << arguments << flag.names << (flag.exits[i] - '0');
    }
  }
}

void TestBadInputCli::everyFlagAnswersNonsense() {
  QFETCH(QStringList, arguments);
  QFETCH(QString, names);
  QFETCH(int, exitCode);
  const Outcome outcome = run(arguments);
  if (exitCode == cli::kExitRefused) {
    check_refusal(outcome, names);
    return;
  }
  QCOMPARE(outcome.exit_code, exitCode);
  // Legal but extreme values may warn (a huge dt makes notebook mode blow up), nothing else.
  for (const QString& line : outcome.err.split('\n', Qt::SkipEmptyParts)) {
    QVERIFY2(line.startsWith("spikesim: warning: "), qPrintable(line));
  }
  QFile csv(dir_->filePath("out.csv"));
  QVERIFY(csv.open(QIODevice::ReadOnly));
  QCOMPARE(csv.readAll().count('\n'), 22);  // header, step 0 and 20 steps: the old file replaced
}

void TestBadInputCli::everyFileFlagAnswersBadFiles_data() {
  QTest::addColumn<QString>("flag");
  QTest::addColumn<QString>("file");  // relative to the scratch directory
  QTest::addColumn<QString>("names");
  for (const char* flag : {"--experiment", "--offsets-file", "--csv"}) {
    QTest::addRow("%s empty name", flag) << flag << "" << QString(flag);
    QTest::addRow("%s directory", flag) << flag << "folder"
                                        << "folder";
    if (QString(flag) == "--csv") continue;
    QTest::addRow("%s missing", flag) << flag << "none.json"
                                      << "none.json: cannot open";
    QTest::addRow("%s empty file", flag) << flag << "empty.json"
                                         << "empty.json: not valid JSON";
    QTest::addRow("%s binary", flag) << flag << "binary.json"
                                     << "binary.json: not valid JSON";
    QTest::addRow("%s oversized", flag) << flag << "big.json"
                                        << "big.json: 16777217 bytes, more";
  }
}

void TestBadInputCli::everyFileFlagAnswersBadFiles() {
  QFETCH(QString, flag);
  QFETCH(QString, file);
  QFETCH(QString, names);
  const QString scratch = dir_->path();
  QVERIFY(QDir(scratch).mkdir("folder"));
  const auto write = [&](const QString& name, const QByteArray& contents, qint64 size) {
    QFile out(dir_->filePath(name));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(contents);
    QVERIFY(out.resize(size));  // sparse beyond the contents: no 16 MB written
  };
  write("empty.json", "", 0);
  write("binary.json", QByteArray("\x00\xff\xfe\x01", 4), 4);
  write("big.json", "[", qint64(kMaxExperimentFileBytes) + 1);
  const QStringList before = entries(scratch);
  QStringList arguments{"run", flag + "=" + file, "--steps=20"};
  if (flag != "--csv") arguments << "--csv=out.csv";
  const Outcome outcome = run(arguments);
  QCOMPARE(outcome.exit_code, cli::kExitRefused);
  QVERIFY2(outcome.err.count('\n') == 1 && outcome.err.contains(names),
           qPrintable(outcome.err + " does not name " + names));
  QCOMPARE(entries(scratch), before);
  QFile old(dir_->filePath("out.csv"));
  QVERIFY(old.open(QIODevice::ReadOnly));
  QCOMPARE(old.readAll(), QByteArray("old"));
}

void TestBadInputCli::unstableNotebookRunWarns() {
  // dt/tau_m = 15 ms / 10 ms: forward Euler oscillates. The run goes ahead (it is the notebook's
  // arithmetic) with the core's warning on stderr; exact mode is stable and says nothing.
  const Outcome notebook = run({"run", "--dt=15", "--steps=20", "--csv=out.csv"});
  QCOMPARE(notebook.exit_code, cli::kExitOk);
  QCOMPARE(notebook.err,
           "spikesim: warning: " +
               QString::fromStdString(notebook_stability_warning(LifParameters{}, 15)) + "\n");
  QVERIFY(notebook.err.contains("oscillates"));
  const Outcome exact = run({"run", "--dt=15", "--mode=exact", "--steps=20", "--csv=out.csv"});
  QCOMPARE(exact.exit_code, cli::kExitOk);
  QCOMPARE(exact.err, QString());
}

QTEST_GUILESS_MAIN(TestBadInputCli)
#include "tst_bad_input_cli.moc"
