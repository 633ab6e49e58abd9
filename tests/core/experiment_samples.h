#pragma once
// Experiments and experiment-file texts shared by the experiment-file tests.
#include <QTest>
#include <string>

#include "experiment/experiment_file.h"

// Readable std::string values in QCOMPARE failures.
namespace QTest {
template <>
inline char* toString(const std::string& text) {
  return qstrdup(text.c_str());
}
}  // namespace QTest

namespace spikescope::testing {

// An experiment in which every field differs from the defaults.
Experiment unusual_experiment();
// The seed experiment as the file writer writes it: the text the malformed cases start from.
std::string seed_text();
// `text` with the first `from` replaced by `to`; throws if `from` is absent, so that a case
// can't silently test the unchanged text.
std::string replaced(std::string text, const std::string& from, const std::string& to);
// The ExperimentFileError message parse_experiment gives, or "(accepted)".
std::string message_of_parse(const std::string& text);

}  // namespace spikescope::testing
