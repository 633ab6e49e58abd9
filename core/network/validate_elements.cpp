#include "network/validate_elements.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <string_view>

#include "common/onset_generator.h"
#include "common/parameter_error.h"
#include "network/connectors.h"
#include "network/validate_network.h"

namespace spikescope::validation {

[[noreturn]] void refuse(const std::string& path, const std::string& reason) {
  throw ParameterError(path + ": " + reason);
}

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

std::uint64_t physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return std::uint64_t{4} << 30;  // unknown: assume 4 GiB
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

std::string mib(std::uint64_t bytes) {
  std::ostringstream text;
  text << (bytes + (1 << 20) - 1) / (1 << 20) << " MiB";
  return text.str();
}

void require_finite(const std::string& path, double value) {
  if (!std::isfinite(value)) {
    std::ostringstream reason;
    reason << "must be a finite number, got " << value;
    refuse(path, reason.str());
  }
}

std::string population_names(const NetworkSpec& spec) {
  std::string names;
  for (const PopulationSpec& population : spec.populations) {
    if (!names.empty()) names += ", ";
    names += population.name;
  }
  return names.empty() ? "none" : names;
}

std::size_t find_population(const NetworkSpec& spec, const std::string& name,
                            const std::string& path) {
  const std::size_t index = spec.population_index(name);
  if (index == NetworkSpec::npos) {
    refuse(path, "no population " + quoted(name) + "; populations: " + population_names(spec));
  }
  return index;
}

std::string projection_name(const ProjectionSpec& projection) {
  return projection.name.empty() ? projection.source + "->" + projection.target : projection.name;
}

namespace {
// "a, b, c": the keys of declared parameters or state variables, for messages.
template <class Declared>
std::string keys_of(std::span<const Declared> declared) {
  std::string keys;
  for (const Declared& item : declared) {
    if (!keys.empty()) keys += ", ";
    keys += item.key;
  }
  return keys;
}
}  // namespace

std::string known_keys(std::span<const ParameterDescriptor> parameters) {
  return keys_of(parameters);
}

std::string known_state(std::span<const StateVariableDescriptor> state) {
  return keys_of(state);
}

// Values a ValueSpec keeps per element beyond one number (draws and lists are materialised).
bool per_element(const ValueSpec& spec) {
  return !uniform_value(spec).has_value();
}

void check_population_shape(const PopulationSpec& population, const std::string& path,
                            std::set<std::string>& names) {
  if (population.name.empty()) refuse(path + ".name", "required; every population needs a name");
  if (!names.insert(population.name).second) {
    refuse(path + ".name", "the name " + quoted(population.name) + " is used twice");
  }
  const ModelDescriptor& model = population_model(population, path);
  (void)population_method(model, population, path);
  if (population.size < 1 || population.size > kMaxPopulationSize) {
    refuse(path + ".size", "must be 1 to " + std::to_string(kMaxPopulationSize) + " neurons, got " +
                               std::to_string(population.size));
  }
  std::set<std::string> seen;
  for (const NamedValue& entry : population.parameters) {
    const std::string where = path + ".parameters." + entry.key;
    if (model.parameter_index(entry.key) == ModelDescriptor::npos) {
      refuse(where, "unknown parameter of model " + std::string(model.name) +
                        "; its parameters: " + known_keys(model.parameters));
    }
    if (!seen.insert(entry.key).second) refuse(where, "given twice");
    if (!model.per_neuron_parameters && per_element(entry.value)) {
      refuse(where, "model " + std::string(model.name) +
                        " takes one value for all neurons (per-neuron values are not supported "
                        "for it)");
    }
  }
  seen.clear();
  if (model.spike_source && !population.initial.empty()) {
    refuse(path + ".initial", "model " + std::string(model.name) +
                                  " is a spike source and has no initial state to set");
  }
  for (const NamedValue& entry : population.initial) {
    const std::string where = path + ".initial." + entry.key;
    if (model.state_index(entry.key) == ModelDescriptor::npos) {
      refuse(where, "unknown state variable of model " + std::string(model.name) +
                        "; its state variables: " + known_state(model.state));
    }
    if (!seen.insert(entry.key).second) refuse(where, "given twice");
  }
}

void check_connector(const ProjectionSpec& projection, const std::string& path,
                     std::uint64_t source_size, std::uint64_t target_size, bool same) {
  const ConnectorSpec& c = projection.connector;
  const std::string where = path + ".connector";
  switch (c.rule) {
    case ConnectorRule::kAllToAll:
      break;
    case ConnectorRule::kOneToOne:
      if (source_size != target_size) {
        refuse(where + ".rule", "one_to_one needs populations of equal size, got " +
                                    std::to_string(source_size) + " and " +
                                    std::to_string(target_size));
      }
      break;
    case ConnectorRule::kFixedProbability:
      if (!(c.p >= 0.0 && c.p <= 1.0)) {
        std::ostringstream reason;
        reason << "must be in [0, 1], got " << c.p;
        refuse(where + ".p", reason.str());
      }
      break;
    case ConnectorRule::kFixedInDegree: {
      const std::uint64_t available = source_size - (same && !c.allow_self ? 1 : 0);
      if (c.k > available) {
        refuse(where + ".k", "must be at most " + std::to_string(available) +
                                 " (the source population's neurons" +
                                 (same && !c.allow_self ? " other than the target itself" : "") +
                                 "), got " + std::to_string(c.k));
      }
      break;
    }
  }
}

void check_synapse(const ChannelSpec& synapse, const std::string& path) {
  if (synapse.kind == SynapseKind::kPulse) return;
  if (!(synapse.tau_ms > 0.0) || !std::isfinite(synapse.tau_ms)) {
    std::ostringstream reason;
    reason << "must be greater than 0 ms (a time constant is positive), got " << synapse.tau_ms;
    refuse(path + ".synapse.tau_ms", reason.str());
  }
  if (synapse.kind == SynapseKind::kExpConductance) {
    require_finite(path + ".synapse.e_rev_mV", synapse.e_rev_mV);
  }
}

namespace {
[[noreturn]] void refuse_negative_conductance(const std::string& path, double weight) {
  std::ostringstream reason;
  reason << "a conductance cannot be negative (inhibit with a reversal potential below rest), got "
         << weight;
  refuse(path, reason.str());
}
}  // namespace

// One weight, or a weight per synapse: finite, the draw's own parameters sound, a list as long
// as the connector makes synapses (where that is known before connecting), and no negative
// conductance. Per-synapse draws are not drawn here: their bounds say enough.
void check_weight(const ProjectionSpec& projection, const std::string& path,
                  std::uint64_t source_size, std::uint64_t target_size, bool same) {
  const std::string where = path + ".weight";
  const bool conductance = projection.synapse.kind == SynapseKind::kExpConductance;
  if (const std::optional<double> weight = uniform_value(projection.weight)) {
    require_finite(where, *weight);
    if (conductance && *weight < 0) refuse_negative_conductance(where, *weight);
    return;
  }
  const ConnectorRule rule = projection.connector.rule;
  const bool count_known = rule != ConnectorRule::kFixedProbability;
  const std::uint64_t synapses =
      count_known ? expected_synapses(projection.connector, source_size, target_size, same) : 0;
  if (const auto* list = std::get_if<std::vector<double>>(&projection.weight)) {
    if (!count_known) {
      refuse(where,
             "a list of weights needs a connector whose synapse count is known before "
             "connecting (all_to_all, one_to_one, fixed_in_degree); with "
             "fixed_probability give one weight or a draw");
    }
    if (list->size() != synapses) {
      refuse(where, std::to_string(list->size()) + " values given for " + std::to_string(synapses) +
                        " synapses (what the connector makes); need one per synapse");
    }
    for (std::size_t k = 0; k < list->size(); ++k) {
      const std::string at = where + "[" + std::to_string(k) + "]";
      require_finite(at, (*list)[k]);
      if (conductance && (*list)[k] < 0) refuse_negative_conductance(at, (*list)[k]);
    }
    return;
  }
  if (const auto* ranges = std::get_if<RangeValues>(&projection.weight)) {
    require_finite(where + ".default", ranges->default_value);
    if (conductance && ranges->default_value < 0) {
      refuse_negative_conductance(where + ".default", ranges->default_value);
    }
    for (std::size_t r = 0; r < ranges->ranges.size(); ++r) {
      const IndexRangeValue& range = ranges->ranges[r];
      const std::string at = where + ".ranges[" + std::to_string(r) + "]";
      require_finite(at + ".value", range.value);
      if (conductance && range.value < 0) refuse_negative_conductance(at + ".value", range.value);
      if (count_known && (range.first >= range.end || range.end > synapses)) {
        refuse(at, "must be a range first < end <= " + std::to_string(synapses) +
                       " (the synapses the connector makes), got [" + std::to_string(range.first) +
                       ", " + std::to_string(range.end) + ")");
      }
    }
    return;
  }
  // A draw: its parameters are checked without drawing a value.
  (void)resolve_values(projection.weight, 0, where);
  if (!conductance) return;
  if (const auto* draw = std::get_if<UniformDraw>(&projection.weight); draw && draw->low < 0) {
    refuse_negative_conductance(where + ".uniform.low", draw->low);
  }
  if (const auto* draw = std::get_if<NormalDraw>(&projection.weight);
      draw && !(draw->min && *draw->min >= 0)) {
    refuse(where + ".normal.min",
           "a conductance cannot be negative: a normal draw of conductances needs min >= 0");
  }
}

// A time in ms: finite (an infinite stop would never be reached as a step) and not before
// `earliest`, which `earliest_name` names ("0 ms", "start_ms").
void require_time(const std::string& path, double time_ms, double earliest,
                  const char* earliest_name) {
  if (std::isfinite(time_ms) && time_ms >= earliest) return;
  std::ostringstream reason;
  reason << "must be a finite time not before " << earliest_name;
  if (std::string_view(earliest_name) != "0 ms") reason << " (" << earliest << " ms)";
  reason << ", got " << time_ms;
  refuse(path, reason.str());
}

void check_input_shape(const InputSpec& input, const std::string& path) {
  struct Checker {
    const std::string& path;
    void operator()(const OnsetStepInput& onset) const {
      require_finite(path + ".amplitude", onset.amplitude);
      if (onset.onset_max_steps < 0) {
        refuse(path + ".onset_max_steps",
               "must not be negative, got " + std::to_string(onset.onset_max_steps));
      }
    }
    void operator()(const DcInput& dc) const {
      // Per-neuron amplitudes are checked once the target's size is known (resolve_network).
      if (const std::optional<double> amplitude = uniform_value(dc.amplitude)) {
        require_finite(path + ".amplitude", *amplitude);
      }
      require_time(path + ".start_ms", dc.start_ms, 0.0, "0 ms");
      if (dc.stop_ms) require_time(path + ".stop_ms", *dc.stop_ms, dc.start_ms, "start_ms");
    }
    void operator()(const PulsesInput& pulses) const {
      if (pulses.pulses.size() > kMaxCurrentPulses) {
        refuse(path + ".pulses", "at most " + std::to_string(kMaxCurrentPulses) + " pulses");
      }
      for (std::size_t k = 0; k < pulses.pulses.size(); ++k) {
        const CurrentPulse& pulse = pulses.pulses[k];
        const std::string where = path + ".pulses[" + std::to_string(k) + "]";
        require_finite(where + ".amplitude", pulse.amplitude);
        require_time(where + ".start_ms", pulse.start_ms, 0.0, "0 ms");
        require_time(where + ".stop_ms", pulse.stop_ms, pulse.start_ms, "start_ms");
      }
    }
    void operator()(const SineInput& sine) const {
      require_finite(path + ".amplitude", sine.amplitude);
      require_finite(path + ".offset", sine.offset);
      require_finite(path + ".phase_deg", sine.phase_deg);
      if (!(sine.frequency_hz >= 0.0) || !std::isfinite(sine.frequency_hz)) {
        std::ostringstream reason;
        reason << "must be a finite frequency of at least 0 Hz, got " << sine.frequency_hz;
        refuse(path + ".frequency_hz", reason.str());
      }
    }
    void operator()(const NoiseInput& noise) const {
      require_finite(path + ".mean", noise.mean);
      if (!(noise.sd >= 0.0) || !std::isfinite(noise.sd)) {
        std::ostringstream reason;
        reason << "must be a finite number of at least 0, got " << noise.sd;
        refuse(path + ".sd", reason.str());
      }
    }
  };
  std::visit(Checker{path}, input.kind);
}

// The channel of `target` that carries this synapse type, added when new.
std::size_t channel_of(std::vector<ChannelSpec>& channels, const ChannelSpec& synapse) {
  ChannelSpec key = synapse;
  if (key.kind != SynapseKind::kExpConductance) key.e_rev_mV = 0.0;
  if (key.kind == SynapseKind::kPulse) key.tau_ms = 0.0;
  const auto found = std::find(channels.begin(), channels.end(), key);
  if (found != channels.end()) return static_cast<std::size_t>(found - channels.begin());
  channels.push_back(key);
  return channels.size() - 1;
}

}  // namespace spikescope::validation
