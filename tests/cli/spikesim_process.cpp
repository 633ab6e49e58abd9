#include "spikesim_process.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>
#include <cstdlib>

#include "experiment/notebook_network.h"
#include "run/trial.h"

namespace spikescope::testing {

QString spikesim_executable() {
  return QStringLiteral(SPIKESIM_EXECUTABLE);
}

Run spikesim(const QStringList& args, const QString& working_directory) {
  QProcess process;
  if (!working_directory.isEmpty()) process.setWorkingDirectory(working_directory);
  process.start(spikesim_executable(), args);
  Run run;
  if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit) {
    run.err = "did not finish normally";
    return run;
  }
  run.exit_code = process.exitCode();
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

Table read_csv(const QString& path) {
  QFile file(path);
  Table rows;
  if (!file.open(QIODevice::ReadOnly)) return rows;
  for (const QByteArray& line : file.readAll().split('\n')) {
    if (!line.isEmpty()) rows.push_back(QString::fromUtf8(line).split(','));
  }
  return rows;
}

double number(const QString& cell) {
  const QByteArray text = cell.toUtf8();
  char* end = nullptr;
  const double value = std::strtod(text.constData(), &end);
  if (text.isEmpty() || *end != '\0')
    throw std::runtime_error("not a number: " + text.toStdString());
  return value;
}

QJsonObject read_json(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    throw std::runtime_error("cannot open " + path.toStdString());
  return QJsonDocument::fromJson(file.readAll()).object();
}

QString data_path(const QString& name) {
  return QStringLiteral(SPIKESCOPE_TEST_DATA_DIR "/") + name;
}

QString joined(const QJsonArray& values) {
  QStringList parts;
  for (const auto& v : values) parts << QString::number(v.toInt());
  return parts.join(',');
}

void compare_with_library(const Table& rows, const Experiment& experiment) {
  const TrialResult trial = run_trial(experiment.network, experiment.steps,
                                      trial_recording(experiment.network, experiment.steps));
  const Recorder& r = trial.recorder;
  const double height = notebook_spike_height(experiment);
  const double dt = experiment.network.dt_ms;
  QCOMPARE(rows.size(), std::size_t(experiment.steps + 2));
  QCOMPARE(rows[0].join(','),
           QString("step,vm_l0_n0,spikes_l0_n0,layer_spikes,vm_l1_n0,spikes_l1_n0,time_ms"));
  for (std::int64_t k = 0; k <= experiment.steps; ++k) {
    const QStringList& row = rows[static_cast<std::size_t>(k) + 1];
    QCOMPARE(row.size(), 7);
    QCOMPARE(row[0].toLongLong(), k);
    QCOMPARE(number(row[1]), r.probe_values().value(k, 0));
    QCOMPARE(number(row[2]), r.probe_spiked().value(k, 0) ? height : 0.0);
    QCOMPARE(number(row[3]), r.population_sums().value(k, 0));
    QCOMPARE(number(row[4]), r.probe_values().value(k, 1));
    QCOMPARE(number(row[5]), r.probe_spiked().value(k, 1) ? height : 0.0);
    QCOMPARE(number(row[6]), static_cast<double>(k) * dt);
  }
}

QStringList directory_entries(const QString& path) {
  return QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

}  // namespace spikescope::testing
