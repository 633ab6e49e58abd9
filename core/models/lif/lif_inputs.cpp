#include "models/lif/lif_inputs.h"

namespace spikescope {

LifInputs::LifInputs(std::span<const ChannelSpec> channels, std::size_t size, double dt_ms,
                     std::size_t inline_exp_currents, double mV_per_voltage_unit)
    : channels_(channels.begin(), channels.end()) {
  std::vector<ChannelSpec> held;
  for (std::size_t c = 0; c < channels.size(); ++c) {
    const SynapseKind kind = channels[c].kind;
    if (kind == SynapseKind::kPulse) {
      pulse_.push_back(c);
    } else if (kind == SynapseKind::kExpCurrent && inline_.size() < inline_exp_currents) {
      inline_.push_back(c);
    } else {
      held_index_.push_back(c);
      held.push_back(channels[c]);
    }
  }
  held_ = SynapticState(held, size, dt_ms, mV_per_voltage_unit);
}

void LifInputs::prepare(const ChunkInput& in) {
  const auto steps = static_cast<std::size_t>(in.steps);
  on_.resize(steps);
  off_.resize(steps);
  onset_ = in.onset != nullptr;
  pulse_per_neuron_.clear();
  for (const std::size_t c : pulse_) {
    if (in.channels[c].per_neuron != nullptr) pulse_per_neuron_.push_back(c);
  }
  held_arrivals_.clear();
  for (const std::size_t c : held_index_) held_arrivals_.push_back(in.channels[c]);
  per_neuron_ = in.neuron_current != nullptr || !pulse_per_neuron_.empty() || !held_.empty();
  for (std::size_t s = 0; s < steps; ++s) {
    // Only the terms present are added, in a fixed order, so that the notebook's single input
    // (its onset drive, or its layer coupling) reaches the kernel unchanged.
    bool any = false;
    double shared = 0.0;
    if (in.uniform_current != nullptr) {
      shared = in.uniform_current[s];
      any = true;
    }
    for (const std::size_t c : pulse_) {
      const double arriving = in.channels[c].uniform[s];
      shared = any ? shared + arriving : arriving;
      any = true;
    }
    if (onset_) {
      on_[s] = any ? in.onset->amplitude + shared : in.onset->amplitude;
      off_[s] = shared;
    } else {
      on_[s] = shared;
      off_[s] = shared;
    }
  }
}

LifInputs LifInputs::gathered(std::span<const std::uint32_t> source_of) const {
  LifInputs copy = *this;
  copy.held_ = held_.gathered(source_of);
  return copy;
}

}  // namespace spikescope
