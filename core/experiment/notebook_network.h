#pragma once
// The SNN_0 notebook's knobs on a version-2 experiment. The notebook's parameters were class
// attributes, shared by both layers; its stimulus drove layer 0 only. So, on any network whose
// first population has an onset input (the notebook network, resources/experiments/seed.json):
//   a LIF parameter      -> that parameter of every LIF population
//   the integration mode -> the method of every LIF population
//   the input amplitude and the onsets -> the onset input of the first population
//   the layer-0 size     -> the size of the first population
//   the weight           -> the weight of every projection
// The window's notebook controls and spikesim's old flags (--threshold, --offsets, ...) act
// through these, and name the knob, not a path, when they are refused.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "experiment/experiment.h"
#include "models/lif/lif_model.h"
#include "models/lif/lif_parameters.h"

namespace spikescope {

// Whether the experiment has the notebook's knobs: its first population has an onset input.
bool has_notebook_knobs(const Experiment& experiment);

// The onset input of the first population, or nullptr.
const OnsetStepInput* notebook_onsets(const Experiment& experiment);
OnsetStepInput* notebook_onsets(Experiment& experiment);
// Its name (for settings paths), or empty.
std::string notebook_onset_input_name(const Experiment& experiment);
// Its onsets: listed, or drawn (draw_onsets); empty without an onset input. Refuses onsets that
// do not match the population (ParameterError).
std::vector<std::int32_t> resolve_notebook_onsets(const Experiment& experiment);

// The populations of model lif, in order.
std::vector<std::size_t> lif_populations(const Experiment& experiment);
// A LIF parameter as the first LIF population has it (its default when not set, NaN when it
// varies between neurons or there is no LIF population).
double lif_value(const Experiment& experiment, LifParameter parameter);
void set_lif_value(Experiment& experiment, LifParameter parameter, double value);
LifParameters notebook_lif_parameters(const Experiment& experiment);
// The first population's spike height (lif's spike_height_v; 1 for other models): what the
// notebook trace's spike columns hold.
double notebook_spike_height(const Experiment& experiment);

// The method of the first LIF population ("notebook" by default), and of all of them.
IntegrationMode notebook_mode(const Experiment& experiment);
void set_notebook_mode(Experiment& experiment, IntegrationMode mode);

// The weight of the first projection (1 without projections), and of all of them.
double notebook_weight(const Experiment& experiment);
void set_notebook_weight(Experiment& experiment, double weight);

// The notebook's network in the shape version 1 had: a chain of LIF layers, layer 0 driven by
// the onset input, each next layer by the previous one's summed spikes two steps late, every
// layer with the same parameters.
struct NotebookChain {
  IntegrationMode mode = IntegrationMode::kNotebook;
  LifParameters neuron;
  std::vector<std::uint64_t> layer_sizes{100, 1};
  double weight = 1.0;
  double dt_ms = 0.125;
  double amplitude = 1.0;
  std::vector<std::int32_t> onset_steps;  // one per layer-0 neuron
  bool operator==(const NotebookChain&) const = default;
};
// Populations "layer0", "layer1", ... (method notebook or exact; in exact mode starting at
// reset_v, as version 1 did), input "onsets" on layer0 (the onsets listed), projections
// "layer<l>->layer<l+1>": all-to-all, one weight, a pulse two steps late.
NetworkSpec notebook_chain_network(const NotebookChain& chain);

}  // namespace spikescope
