// Bad input on spikesim's command line, flag by flag: every flag of `run`, `neuron`, `models`
// and `bench` given each class of nonsense (NaN, infinity, negative, huge, empty, text), and
// every file flag given nothing, a directory, a missing, empty, oversized or binary file. A
// refusal is exit code 2 with exactly one line on stderr that names the flag or its field, and
// leaves the directory as it was (an existing CSV untouched); a legal value runs. In-process
// (run_spikesim), so that the whole table costs milliseconds. tests/INPUTS.md is the table of
// these outcomes.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sstream>

#include "experiment/experiment_file.h"
#include "experiment/notebook_network.h"
#include "experiment/seed_experiment.h"
#include "spikesim_cli.h"

using namespace spikescope;

namespace {

const char* const kNonsense[] = {"nan", "inf", "-1", "1e300", "", "abc"};

struct Flag {
  const char* command;  // "run", "neuron", "models" or "bench"
  const char* flag;
  const char* names;  // what the message must mention
  const char* exits;  // the exit code for each of kNonsense, in order
};

// The notebook's old flags are refused in their own name, not the paths they stand for.
const Flag kFlags[] = {
    {"run", "--mode", "--mode", "222222"},
    {"run", "--threshold", "--threshold", "222022"},  // -1: the reset is then not below it
    {"run", "--rm", "--rm", "222022"},
    {"run", "--cm", "--cm", "222022"},
    {"run", "--refractory", "--refractory", "222022"},
    {"run", "--input", "--input", "220022"},  // a negative input is a legal input
    {"run", "--dt", "--dt", "222022"},
    {"run", "--steps", "--steps", "222222"},
    {"run", "--neurons", "--neurons", "222222"},
    {"run", "--offsets", "--offsets", "222222"},
    {"run", "--offset-max", "--offset-max", "222222"},
    {"run", "--seed", "--seed", "222222"},
    {"run", "--set", "--set", "222222"},
    {"neuron", "--model", "--model", "222222"},
    {"neuron", "--method", "--method", "222222"},
    {"neuron", "--set", "--set", "222222"},
    {"neuron", "--current", "--current", "220022"},  // a negative current is a legal current
    {"neuron", "--current-onset-ms", "--current-onset-ms", "222022"},  // 1e300: never switched on
    {"neuron", "--duration-ms", "--duration-ms", "222222"},
    {"neuron", "--dt-ms", "--dt-ms", "222222"},  // 1e300: not one step in the duration
    {"models", "--json", "--json", "222222"},    // takes no value
    {"bench", "--neurons", "--neurons", "222222"},
    {"bench", "--steps", "--steps", "222222"},
    {"bench", "--threads", "--threads", "222222"},
    {"bench", "--mode", "--mode", "222222"},
    {"bench", "--compare", "--compare", "222222"},  // takes no value
    {"bench", "--duration-ms", "--duration-ms", "222222"},
};

// A legal `neuron` command line, into which a row puts its flag.
const QStringList kNeuron{"--model", "lif",   "--current",    "1",      "--duration-ms", "5",
                          "--dt-ms", "0.125", "--spikes-csv", "out.csv"};

// `command` with `flag=value`, and whatever else makes it legal apart from the flag.
QStringList command_line(const QString& command, const QString& flag, const QString& value) {
  QStringList arguments{command};
  if (command == "run") {
    arguments << "--csv"
              << "out.csv";
    if (flag != "--steps") arguments << "--steps=20";
  } else if (command == "neuron") {
    for (qsizetype i = 0; i < kNeuron.size(); i += 2) {
      if (kNeuron[i] != flag) arguments << kNeuron[i] << kNeuron[i + 1];
    }
  } else if (command == "bench" && flag == "--duration-ms") {
    arguments << "--network"
              << "cuba";
  }
  return arguments << flag + "=" + value;
}

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

QByteArray read_all(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
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
      QTest::addRow("%s %s=%s", flag.command, flag.flag, kNonsense[i])
          << command_line(flag.command, flag.flag, kNonsense[i]) << flag.names
          << (flag.exits[i] - '0');
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
  // The old file replaced: for run the header, step 0 and 20 steps; for neuron its spikes.
  const QByteArray written = read_all(dir_->filePath("out.csv"));
  if (arguments.front() == "run") {
    QCOMPARE(written.count('\n'), 22);
  } else {
    QVERIFY2(written.startsWith("step,time_ms\n"), written.constData());
  }
}

void TestBadInputCli::everyFileFlagAnswersBadFiles_data() {
  QTest::addColumn<QString>("command");
  QTest::addColumn<QString>("flag");
  QTest::addColumn<QString>("file");  // relative to the scratch directory
  QTest::addColumn<QString>("names");
  const auto add = [](const char* command, const char* flag, bool read) {
    QTest::addRow("%s %s empty name", command, flag) << command << flag << "" << QString(flag);
    QTest::addRow("%s %s directory", command, flag) << command << flag << "folder"
                                                    << "folder";
    if (!read) return;  // an output: the rest are names of files it would replace
    QTest::addRow("%s %s missing", command, flag) << command << flag << "none.json"
                                                  << "none.json: cannot open";
    QTest::addRow("%s %s empty file", command, flag) << command << flag << "empty.json"
                                                     << "empty.json: not valid JSON";
    QTest::addRow("%s %s binary", command, flag) << command << flag << "binary.json"
                                                 << "binary.json: not valid JSON";
    QTest::addRow("%s %s oversized", command, flag) << command << flag << "big.json"
                                                    << "big.json: 16777217 bytes, more";
  };
  add("run", "--experiment", true);
  add("run", "--offsets-file", true);
  add("run", "--csv", false);
  add("run", "--spikes-csv", false);
  add("neuron", "--spikes-csv", false);
  add("neuron", "--trace-csv", false);
  add("bench", "--network", true);
}

void TestBadInputCli::everyFileFlagAnswersBadFiles() {
  QFETCH(QString, command);
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
  QStringList arguments{command, flag + "=" + file};
  if (command == "run") {
    // The other output is the old out.csv, which a refused run must leave as it was.
    arguments << "--steps=20" << (flag == "--csv" ? "--spikes-csv=out.csv" : "--csv=out.csv");
  } else if (command == "neuron") {
    arguments = command_line("neuron", flag, file);
    if (flag == "--spikes-csv") arguments << "--trace-csv=out.csv";
  }
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
  // arithmetic) with the core's warning on stderr, once per population of the notebook method;
  // exact mode is stable and says nothing.
  const Outcome notebook = run({"run", "--dt=15", "--steps=20", "--csv=out.csv"});
  QCOMPARE(notebook.exit_code, cli::kExitOk);
  const Experiment seed = seed_experiment();
  const QString warning =
      QString::fromStdString(notebook_stability_warning(notebook_lif_parameters(seed), 15));
  QString expected;
  for (const PopulationSpec& population : seed.network.populations) {
    expected += "spikesim: warning: populations[\"" + QString::fromStdString(population.name) +
                "\"]: " + warning + "\n";
  }
  QCOMPARE(seed.network.populations.size(), std::size_t{2});
  QCOMPARE(notebook.err, expected);
  QVERIFY(notebook.err.contains("oscillates"));
  const Outcome exact = run({"run", "--dt=15", "--mode=exact", "--steps=20", "--csv=out.csv"});
  QCOMPARE(exact.exit_code, cli::kExitOk);
  QCOMPARE(exact.err, QString());
}

QTEST_GUILESS_MAIN(TestBadInputCli)
#include "tst_bad_input_cli.moc"
