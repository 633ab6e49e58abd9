#include "golden_data.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <stdexcept>

namespace spikescope::testing {
namespace {

QByteArray read_all(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    throw std::runtime_error("cannot open " + path.toStdString());
  return file.readAll();
}

}  // namespace

QStringList golden_scenario_names() {
  return {"a_offsets_zero", "b_offsets_range", "c_seed42", "d_vth0.9_tref2_cm5_offsets_range"};
}

GoldenScenario load_golden_scenario(const QString& name) {
  const QString base = QStringLiteral(SPIKESCOPE_TEST_DATA_DIR "/") + name;
  const QJsonObject json = QJsonDocument::fromJson(read_all(base + ".json")).object();
  const QJsonObject params = json["params"].toObject();
  GoldenScenario scenario;
  scenario.name = name;
  NotebookChain& c = scenario.config;
  c.mode = IntegrationMode::kNotebook;
  c.neuron.membrane_resistance_kohm = params["Rm"].toDouble();
  c.neuron.membrane_capacitance_uf = params["Cm"].toDouble();
  c.neuron.refractory_ms = params["tau_ref"].toDouble();
  c.neuron.threshold_v = params["Vth"].toDouble();
  c.neuron.spike_height_v = params["V_spike"].toDouble();
  c.dt_ms = params["dt"].toDouble();
  c.amplitude = params["input"].toDouble();
  for (const auto& offset : json["offsets"].toArray()) c.onset_steps.push_back(offset.toInt());
  c.layer_sizes = {c.onset_steps.size(), 1};
  scenario.steps = json["steps"].toInt();
  for (const auto& count : json["l0_spike_counts"].toArray()) {
    scenario.l0_spike_counts.push_back(count.toInt());
  }
  scenario.l1_spike_count_in_main_csv = json["l1_spike_count_in_main_csv"].toInt();

  const QList<QByteArray> lines = read_all(base + ".csv").split('\n');
  for (qsizetype i = 1; i < lines.size(); ++i) {
    if (lines[i].trimmed().isEmpty()) continue;
    const QList<QByteArray> f = lines[i].split(',');
    if (f.size() != 6) throw std::runtime_error("bad golden row in " + name.toStdString());
    // QByteArray::toDouble is strtod-exact for shortest round-trip output.
    scenario.rows.push_back(GoldenRow{f[0].toLong(), f[1].toDouble(), f[2].toDouble(),
                                      f[3].toDouble(), f[4].toDouble(), f[5].toDouble()});
  }
  return scenario;
}

}  // namespace spikescope::testing
