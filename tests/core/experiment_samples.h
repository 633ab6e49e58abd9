#pragma once
// Experiments and experiment-file texts shared by the experiment-file tests.
#include <QTest>
#include <string>

#include "experiment/experiment_file.h"
#include "experiment/settings.h"

// Readable std::string values in QCOMPARE failures.
namespace QTest {
template <>
inline char* toString(const std::string& text) {
  return qstrdup(text.c_str());
}
}  // namespace QTest

namespace spikescope::testing {

// An experiment in which every field differs from the defaults: a LIF and an Izhikevich
// population (with every form of per-neuron value), projections of every connector rule and
// synapse type, an input of every type, its own recording and view.
Experiment unusual_experiment();
// The notebook network as version 2 writes it, built by hand: populations layer0 (100) and
// layer1 (1) with every LIF parameter, layer0->layer1 all-to-all with weight 1 two steps late,
// onsets drawn from [0, 100] with seed 42, probes on neuron 0 of both, all spikes.
Experiment notebook_experiment();
// The seed experiment as the file writer writes it: the text the malformed cases start from.
std::string seed_text();
// Version-1 texts, as the shipped files were before version 2: the seed (notebook mode, drawn
// onsets) and the "exact integration at a coarse dt" preset (exact mode, dt 2.5 ms, 200 steps,
// onsets from [0, 5]).
std::string version1_seed_text();
std::string version1_exact_text();
// `text` with the first `from` replaced by `to`; throws if `from` is absent, so that a case
// can't silently test the unchanged text.
std::string replaced(std::string text, const std::string& from, const std::string& to);
// The ExperimentFileError message parse_experiment gives, or "(accepted)".
std::string message_of_parse(const std::string& text);
// The same for apply_setting on a copy of `experiment`.
std::string message_of_setting(Experiment experiment, const std::string& key,
                               const std::string& value);

}  // namespace spikescope::testing
