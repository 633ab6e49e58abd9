#include "notebook_flags.h"

#include <algorithm>

#include "experiment/notebook_network.h"
#include "network/validate_network.h"

namespace spikescope::cli {
namespace {

// What a flag acts on.
enum class Knob { kLifParameter, kMethod, kOnsetInput, kFirstSize, kSimulation };

struct FlagEntry {
  NotebookFlag flag;
  Knob knob;
  std::string_view key;  // the parameter, input field or simulation field
};

const std::vector<FlagEntry>& entries() {
  static const std::vector<FlagEntry> table = {
      {{"--mode", "notebook|exact", "method of every LIF population"}, Knob::kMethod, "method"},
      {{"--threshold", "V", "threshold_v of every LIF population"},
       Knob::kLifParameter,
       "threshold_v"},
      {{"--rm", "KOHM", "membrane_resistance_kohm of every LIF population"},
       Knob::kLifParameter,
       "membrane_resistance_kohm"},
      {{"--cm", "UF", "membrane_capacitance_uf of every LIF population"},
       Knob::kLifParameter,
       "membrane_capacitance_uf"},
      {{"--refractory", "MS", "refractory_ms of every LIF population"},
       Knob::kLifParameter,
       "refractory_ms"},
      {{"--input", "A", "amplitude of the first population's onset input"},
       Knob::kOnsetInput,
       "amplitude"},
      {{"--dt", "MS", "simulation.dt_ms"}, Knob::kSimulation, "dt_ms"},
      {{"--steps", "N", "simulation.steps"}, Knob::kSimulation, "steps"},
      {{"--neurons", "N", "size of the first population"}, Knob::kFirstSize, "size"},
      {{"--offsets", "LIST", "onset_steps of the first population's onset input"},
       Knob::kOnsetInput,
       "onset_steps"},
      {{"--offset-max", "STEPS", "onset_max_steps of the onset input (drawn onsets)"},
       Knob::kOnsetInput,
       "onset_max_steps"},
      {{"--seed", "S", "seed of the onset input (drawn onsets)"}, Knob::kOnsetInput, "seed"},
  };
  return table;
}

const FlagEntry* find(std::string_view flag) {
  for (const FlagEntry& entry : entries()) {
    if (entry.flag.flag == flag) return &entry;
  }
  return nullptr;
}

[[noreturn]] void refuse(std::string_view flag, const std::string& reason) {
  throw ExperimentFileError(std::string(flag) + ": " + reason);
}

FlagSetting population_setting(const Experiment& e, std::size_t p, const std::string& field,
                               const std::string& value) {
  const std::string& name = e.network.populations[p].name;
  return FlagSetting{Setting{"populations." + name + "." + field, value},
                     element_path("populations", name, p) + "." + field};
}

}  // namespace

const std::vector<NotebookFlag>& notebook_flags() {
  static const std::vector<NotebookFlag> flags = [] {
    std::vector<NotebookFlag> list;
    for (const FlagEntry& entry : entries()) list.push_back(entry.flag);
    return list;
  }();
  return flags;
}

bool is_notebook_flag(std::string_view flag) { return find(flag) != nullptr; }

std::vector<FlagSetting> expand_notebook_flag(const Experiment& e, std::string_view flag,
                                              const std::string& value) {
  const FlagEntry* entry = find(flag);
  if (entry == nullptr) refuse(flag, "not one of the notebook's flags");
  const std::string key(entry->key);
  std::vector<FlagSetting> settings;
  switch (entry->knob) {
    case Knob::kLifParameter:
    case Knob::kMethod: {
      const std::vector<std::size_t> lif = lif_populations(e);
      if (lif.empty()) {
        refuse(flag, "this experiment has no LIF population; use --set populations.NAME." +
                         std::string(entry->knob == Knob::kMethod ? "method" : "parameters." + key));
      }
      for (const std::size_t p : lif) {
        settings.push_back(population_setting(
            e, p, entry->knob == Knob::kMethod ? key : "parameters." + key, value));
      }
      break;
    }
    case Knob::kOnsetInput: {
      const std::string input = notebook_onset_input_name(e);
      if (input.empty()) {
        refuse(flag, "the first population of this experiment has no onset input; use --set "
                     "inputs.NAME." + key);
      }
      std::size_t index = 0;
      while (e.network.inputs[index].name != input) ++index;
      settings.push_back(FlagSetting{Setting{"inputs." + input + "." + key, value},
                                     element_path("inputs", input, index) + "." + key});
      break;
    }
    case Knob::kFirstSize:
      settings.push_back(population_setting(e, 0, key, value));
      break;
    case Knob::kSimulation:
      settings.push_back(
          FlagSetting{Setting{"simulation." + key, value}, "simulation." + key});
      break;
  }
  return settings;
}

}  // namespace spikescope::cli
