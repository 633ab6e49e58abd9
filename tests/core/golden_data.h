#pragma once
// Reads the golden scenarios of the SNN_0 notebook (tests/data, see its README.md).
#include <QString>
#include <vector>

#include "experiment/notebook_network.h"

namespace spikescope::testing {

struct GoldenRow {
  long step;
  double vm_l0_n0, spikes_l0_n0, layer_spikes, vm_l1_n0, spikes_l1_n0;
};

struct GoldenScenario {
  QString name;
  NotebookChain config;         // notebook mode, parameters and offsets of the scenario
  long steps = 0;               // iterations (4000)
  std::vector<GoldenRow> rows;  // stored steps 0..steps
  std::vector<int> l0_spike_counts;
  int l1_spike_count_in_main_csv = 0;
};

QStringList golden_scenario_names();
GoldenScenario load_golden_scenario(const QString& name);

}  // namespace spikescope::testing
