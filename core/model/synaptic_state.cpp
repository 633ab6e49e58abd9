#include "model/synaptic_state.h"

#include <algorithm>
#include <cmath>

namespace spikescope {

SynapticState::SynapticState(std::span<const ChannelSpec> channels, std::size_t size,
                             double dt_ms, double mV_per_voltage_unit) {
  for (const ChannelSpec& spec : channels) {
    Channel channel;
    channel.spec = spec;
    if (spec.kind != SynapseKind::kPulse) {
      channel.decay = std::exp(-dt_ms / spec.tau_ms);
      channel.state.assign(size, 0.0);
    }
    channel.e_rev = spec.e_rev_mV / mV_per_voltage_unit;
    channels_.push_back(std::move(channel));
  }
}

void SynapticState::reset() {
  for (Channel& channel : channels_) std::fill(channel.state.begin(), channel.state.end(), 0.0);
}

double SynapticState::value(std::size_t channel, std::size_t neuron) const {
  const Channel& c = channels_.at(channel);
  return c.state.empty() ? 0.0 : c.state[neuron];
}

SynapticState SynapticState::gathered(std::span<const std::uint32_t> source_of) const {
  SynapticState copy;
  for (const Channel& channel : channels_) {
    Channel gathered = channel;
    if (!channel.state.empty()) {
      gathered.state.resize(source_of.size());
      for (std::size_t j = 0; j < source_of.size(); ++j) {
        gathered.state[j] = channel.state[source_of[j]];
      }
    }
    copy.channels_.push_back(std::move(gathered));
  }
  return copy;
}

std::string_view to_string(SynapseKind kind) {
  switch (kind) {
    case SynapseKind::kPulse:
      return "pulse";
    case SynapseKind::kExpCurrent:
      return "exp_current";
    case SynapseKind::kExpConductance:
      return "exp_conductance";
  }
  return "pulse";
}

}  // namespace spikescope
