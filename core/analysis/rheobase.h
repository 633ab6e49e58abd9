#pragma once
// The rheobase of a neuron: the smallest constant current (switched on at t = 0, from the
// model's initial state) under which it fires within the run, by two criteria:
//   single:     at least one spike;
//   repetitive: at least two spikes and the last at t >= 0.9 x duration, firing sustained to
//               the end (the criterion of ../shared/models/hh.json; HH fires a few spikes and
//               stops over a range of currents below it).
// Found by a bracketing search in rounds: each round runs one population of kGridPoints
// neurons per criterion spread evenly over the criterion's bracket (neuron_under_test.h), and
// the bracket shrinks to the interval below the first current that meets it, until it is no
// wider than the tolerance. The search assumes that the criterion, once met, holds for every
// larger current of the bracket (true for the models here; a current band that fires and a
// larger one that does not would be missed within one grid spacing).
#include <optional>

#include "analysis/neuron_under_test.h"

namespace spikescope {

struct RheobaseRequest {
  NeuronUnderTest neuron;
  double duration_ms = 1000.0;
  // Width of the final bracket, in the model's current unit; when not given, 1e-6 of the first
  // current found to meet each criterion.
  std::optional<double> tolerance;
  double max_current = 1e6;  // searched up to this (doubling from 1, in the model's unit)
};

struct CurrentBracket {
  double below = 0.0;  // the largest current found not to meet the criterion
  double at = 0.0;     // the smallest found to meet it: the rheobase reported
};

struct Rheobase {
  CurrentBracket single;
  CurrentBracket repetitive;
  int rounds = 0;  // runs made
};

inline constexpr std::size_t kGridPoints = 64;

// Throws ParameterError for an invalid neuron or request, or when the neuron fires without input
// (I = 0 meets a criterion: there is no rheobase above 0) or not even at max_current;
// MeasurementCancelled when stopped.
Rheobase find_rheobase(const RheobaseRequest& request, const MeasurementControl& control = {});

}  // namespace spikescope
