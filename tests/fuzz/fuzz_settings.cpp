// Fuzz target: settings by path (apply_setting, apply_settings), as `--set KEY=VALUE`, the
// notebook flags of both programs and the GUI's fields reach the experiment. The input is one
// KEY=VALUE per line (no NUL bytes), applied to two experiments: the seed (the notebook network)
// and a richer one (every model's population, every connector rule, synapse type, input type and
// form of per-neuron value). Findings besides crashes, leaks and undefined behaviour: an
// exception other than ExperimentFileError, a refusal without a one-line message, a refusal that
// changed the experiment, an accepted experiment that does not validate or does not survive
// writing and reading back; the same for a key setting_keys() lists.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "experiment/experiment_file.h"
#include "experiment/seed_experiment.h"
#include "experiment/settings.h"
#include "fuzz_support.h"

using namespace spikescope;

namespace {

// Kept short: what the seed lacks. Per-neuron values on izhikevich (lif takes one value each).
constexpr std::string_view kRich = R"({"format": "spikescope-experiment", "version": 2,
  "simulation": {"dt_ms": 0.1, "steps": 100},
  "populations": [
    {"name": "E", "model": "lif", "method": "exact", "size": 4, "initial": {"vm_v": 0.1}},
    {"name": "I", "model": "izhikevich", "size": 3, "parameters": {
       "a": {"uniform": {"low": 0.01, "high": 0.03, "seed": 1}},
       "b": {"normal": {"mean": 0.2, "sd": 0.01, "seed": 2, "min": 0.1}},
       "c_mV": {"default": -65, "ranges": [{"first": 0, "end": 1, "value": -50}]},
       "d": {"values": [8, 2, 4]}}},
    {"name": "P", "model": "poisson", "size": 2}],
  "projections": [
    {"source": "E", "target": "I", "connector": {"rule": "fixed_probability", "p": 0.5,
     "seed": 3}, "weight": 0.5, "delay_ms": 0.2, "synapse": {"type": "exp_current",
     "tau_ms": 5}},
    {"source": "I", "target": "E", "connector": {"rule": "fixed_in_degree", "k": 2, "seed": 4,
     "allow_self": false}, "weight": {"uniform": {"low": 0, "high": 1, "seed": 5}},
     "delay_steps": 3, "synapse": {"type": "exp_conductance", "tau_ms": 2, "e_rev_mV": -70}},
    {"source": "P", "target": "E", "connector": {"rule": "all_to_all"}, "weight": 1,
     "delay_steps": 1, "synapse": {"type": "pulse"}},
    {"source": "E", "target": "E", "connector": {"rule": "one_to_one"}, "weight": 1,
     "delay_steps": 1, "synapse": {"type": "pulse"}}],
  "inputs": [
    {"name": "onsets", "target": "E", "type": "onset_step", "amplitude": 1,
     "onset_steps": [0, 1, 2, 3]},
    {"target": "I", "type": "dc", "amplitude": 2, "start_ms": 1, "stop_ms": 5},
    {"target": "E", "type": "pulses", "pulses": [{"start_ms": 1, "stop_ms": 2, "amplitude": 1}]},
    {"target": "I", "type": "sine", "amplitude": 1, "frequency_hz": 10},
    {"target": "E", "type": "noise", "mean": 0, "sd": 0.1, "seed": 6}],
  "recording": {"probes": [{"population": "I", "neuron": 2, "variable": "u"}],
                "spikes": ["E", "I"]}})";

const Experiment& seed() {
  static const Experiment experiment = seed_experiment();
  return experiment;
}

const Experiment& rich() {
  static const Experiment experiment = parse_experiment(kRich).experiment;
  return experiment;
}

std::vector<Setting> split_settings(std::string_view text) {
  std::vector<Setting> settings;
  while (!text.empty()) {
    const std::string_view line = text.substr(0, text.find('\n'));
    text.remove_prefix(std::min(text.size(), line.size() + 1));
    const std::size_t equals = line.find('=');
    settings.push_back(Setting{
        std::string(line.substr(0, equals)),
        equals == std::string_view::npos ? std::string() : std::string(line.substr(equals + 1))});
  }
  return settings;
}

void check_refusal(const ExperimentFileError& error, const Experiment& after,
                   const Experiment& before) {
  if (!fuzz::is_one_line_message(error.what())) {
    fuzz::fail(std::string("not a one-line message: ") + error.what());
  }
  if (!(after == before)) {
    fuzz::fail(std::string("a refused setting changed the experiment: ") + error.what());
  }
}

void check_accepted(const Experiment& experiment) {
  validate(experiment);
  const std::string written = serialize_experiment(experiment);
  if (!(parse_experiment(written).experiment == experiment)) {
    fuzz::fail("writing and reading back changed the experiment:\n" + written);
  }
}

void apply_to(const Experiment& base, const std::vector<Setting>& settings) {
  // All at once, validated together.
  Experiment together = base;
  try {
    apply_settings(together, settings);
    check_accepted(together);
  } catch (const ExperimentFileError& error) {
    check_refusal(error, together, base);
  }
  // One at a time, as a user moving one control after another: each either applies or leaves
  // the experiment as it was.
  Experiment stepwise = base;
  for (const Setting& setting : settings) {
    const Experiment before = stepwise;
    try {
      apply_setting(stepwise, setting.key, setting.value);
      check_accepted(stepwise);
    } catch (const ExperimentFileError& error) {
      check_refusal(error, stepwise, before);
    }
  }
  // A key the result lists (one per input, chosen by its length, to keep runs fast) is reached:
  // the first value set is refused or accepted as for any setting.
  const std::vector<std::string> keys = setting_keys(stepwise);
  if (!keys.empty() && !settings.empty()) {
    Experiment probe = stepwise;
    const std::string& key = keys[settings.size() * 7919 % keys.size()];
    try {
      apply_setting(probe, key, settings.front().value);
      check_accepted(probe);
    } catch (const ExperimentFileError& error) {
      check_refusal(error, probe, stepwise);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Settings come from command-line arguments and GUI code: neither can hold a NUL byte.
  if (text.find('\0') != std::string_view::npos) return 0;
  const std::vector<Setting> settings = split_settings(text);
  apply_to(seed(), settings);
  apply_to(rich(), settings);
  return 0;
}
