#include "analysis/rheobase.h"

#include <cmath>
#include <sstream>

#include "common/parameter_error.h"
#include "model/model_registry.h"

namespace spikescope {
namespace {

bool fires_once(const std::vector<std::int64_t>& spikes, std::int64_t) {
  return !spikes.empty();
}

bool fires_repetitively(const std::vector<std::int64_t>& spikes, std::int64_t steps) {
  // The last spike at t >= 0.9 T, in whole steps: 10 k >= 9 steps.
  return spikes.size() >= 2 && 10 * spikes.back() >= 9 * steps;
}

struct Search {
  bool (*meets)(const std::vector<std::int64_t>&, std::int64_t);
  CurrentBracket bracket;
  bool found = false;
  double tolerance = 0.0;
  bool done() const { return found && bracket.at - bracket.below <= tolerance; }
};

// kGridPoints currents from just above `below` to `at`, the last one `at` itself.
std::vector<double> grid(const CurrentBracket& bracket) {
  std::vector<double> currents;
  const double width = bracket.at - bracket.below;
  for (std::size_t k = 1; k <= kGridPoints; ++k) {
    currents.push_back(k == kGridPoints ? bracket.at
                                        : bracket.below + width * static_cast<double>(k) /
                                                              static_cast<double>(kGridPoints));
  }
  return currents;
}

}  // namespace

Rheobase find_rheobase(const RheobaseRequest& request, const MeasurementControl& control) {
  if (request.tolerance && (!(*request.tolerance > 0) || !std::isfinite(*request.tolerance))) {
    throw ParameterError("tolerance: must be a positive number, got " +
                         number_text(*request.tolerance));
  }
  if (!(request.max_current > 0) || !std::isfinite(request.max_current)) {
    throw ParameterError("max_current: must be a positive number, got " +
                         number_text(request.max_current));
  }
  const std::int64_t steps =
      measurement_steps(request.duration_ms, request.neuron.dt_ms, "duration_ms");
  const std::string unit(model_named(request.neuron.model, "model").current_unit);
  Search searches[2] = {{fires_once, {}}, {fires_repetitively, {}}};
  Rheobase result;

  // Where the currents begin to meet the criteria: 0, then 1, 2, 4, ... (one run each, both
  // criteria at once).
  for (double upper = 1.0;; upper *= 2) {
    const double current = std::min(upper, request.max_current);
    const double probes[2] = {0.0, current};
    const auto spikes = spike_steps_under_currents(request.neuron, probes, steps, control);
    ++result.rounds;
    for (Search& search : searches) {
      if (search.meets(spikes[0], steps)) {
        throw ParameterError("the neuron fires with no input current (I = 0 " + unit +
                             "): it has no rheobase above 0");
      }
      if (!search.found && search.meets(spikes[1], steps)) {
        search.found = true;
        search.bracket = {current == 1.0 ? 0.0 : current / 2, current};
      }
    }
    if (searches[0].found && searches[1].found) break;
    if (current >= request.max_current) {
      throw ParameterError(std::string("no ") +
                           (searches[0].found ? "repetitive firing" : "spike") +
                           " up to I = " + number_text(request.max_current) + " " + unit + " in " +
                           number_text(request.duration_ms) + " ms");
    }
  }
  for (Search& search : searches) {
    search.tolerance = request.tolerance.value_or(1e-6 * search.bracket.at);
  }

  // Both brackets shrink together: one population holds both grids.
  while (!searches[0].done() || !searches[1].done()) {
    std::vector<double> currents;
    for (const Search& search : searches) {
      const std::vector<double> points = grid(search.bracket);
      currents.insert(currents.end(), points.begin(), points.end());
    }
    const auto spikes = spike_steps_under_currents(request.neuron, currents, steps, control);
    ++result.rounds;
    const double widths_before[2] = {searches[0].bracket.at - searches[0].bracket.below,
                                     searches[1].bracket.at - searches[1].bracket.below};
    for (std::size_t s = 0; s < 2; ++s) {
      Search& search = searches[s];
      if (search.done()) continue;
      for (std::size_t k = 0; k < kGridPoints; ++k) {
        if (!search.meets(spikes[s * kGridPoints + k], steps)) continue;
        const double at = currents[s * kGridPoints + k];
        search.bracket = {k == 0 ? search.bracket.below : currents[s * kGridPoints + k - 1], at};
        break;
      }
    }
    // A tolerance below the spacing of doubles near the rheobase cannot be reached: stop when
    // the brackets no longer shrink.
    bool shrank = false;
    for (std::size_t s = 0; s < 2; ++s) {
      shrank = shrank || searches[s].bracket.at - searches[s].bracket.below < widths_before[s];
    }
    if (!shrank) break;
  }
  result.single = searches[0].bracket;
  result.repetitive = searches[1].bracket;
  return result;
}

}  // namespace spikescope
