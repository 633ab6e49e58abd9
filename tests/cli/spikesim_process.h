#pragma once
// Running the built spikesim from tests, and reading what it wrote.
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

#include "experiment/experiment.h"

namespace spikescope::testing {

struct Run {
  int exit_code = -1;  // -1: crashed or timed out
  QString out;
  QString err;
};
Run spikesim(const QStringList& args, const QString& working_directory = {});
// The built executable, for tests that drive the process themselves.
QString spikesim_executable();

using Table = std::vector<QStringList>;
Table read_csv(const QString& path);
// strtod, so that a shortest round-trip text gives back exactly the double that was written.
double number(const QString& cell);

QString data_path(const QString& name);  // in tests/data
QJsonObject read_json(const QString& path);
QString joined(const QJsonArray& integers);  // "0,5,10"
QStringList directory_entries(const QString& path);

// Fails the current test unless `rows` (a spikesim trace) holds exactly the recorder's values
// of a library run of `experiment`.
void compare_with_library(const Table& rows, const Experiment& experiment);

}  // namespace spikescope::testing
