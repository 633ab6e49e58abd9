#include "network/sharing.h"

#include <algorithm>

namespace spikescope {

bool may_share_trajectories(const NetworkSpec& spec, const ResolvedNetwork& resolved,
                            std::size_t population) {
  const ResolvedPopulation& p = resolved.populations[population];
  if (p.model->spike_source || !p.parameters_uniform() || !p.initial_uniform()) return false;
  const bool receives = std::any_of(
      resolved.projections.begin(), resolved.projections.end(),
      [&](const ResolvedProjection& projection) { return projection.target == population; });
  if (receives) return false;
  bool onset = false;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    if (resolved.inputs[i].target != population) continue;
    if (neuron_current_input(spec.inputs[i].kind)) return false;
    onset = onset || std::holds_alternative<OnsetStepInput>(spec.inputs[i].kind);
  }
  return onset;
}

}  // namespace spikescope
