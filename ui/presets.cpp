#include "presets.h"

#include <QDir>
#include <QFile>

#include "experiment/experiment_file.h"

namespace spikescope {

std::vector<Preset> builtin_presets() {
  std::vector<Preset> presets;
  const QDir folder(":/presets");
  for (const QString& name : folder.entryList({"*.json"}, QDir::Files, QDir::Name)) {
    const QString path = folder.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
      throw ExperimentFileError(path.toStdString() + ": cannot open the preset");
    }
    const QByteArray text = file.readAll();
    try {
      presets.push_back({path, parse_experiment(text.toStdString()).experiment});
    } catch (const ParameterError& error) {
      throw ExperimentFileError(path.toStdString() + ": " + error.what());
    }
  }
  return presets;
}

}  // namespace spikescope
