// Fuzz target: the experiment-file reader (parse_experiment, versions 1 and 2) and the onset-file
// reader (parse_onset_list) on arbitrary text. Findings besides crashes, leaks and undefined
// behaviour: an exception other than ExperimentFileError, a refusal without a one-line message,
// an accepted experiment that does not validate, is not in the form the writer writes
// (normalized), or does not survive writing and reading back as version 2 without a warning.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "experiment/experiment_file.h"
#include "fuzz_support.h"

using namespace spikescope;

namespace {

void check_refusal(const ExperimentFileError& error) {
  if (!fuzz::is_one_line_message(error.what())) {
    fuzz::fail(std::string("not a one-line message: ") + error.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const LoadedExperiment loaded = parse_experiment(text);
    validate(loaded.experiment);
    for (const std::string& warning : loaded.warnings) {
      if (!fuzz::is_one_line_message(warning)) fuzz::fail("not a one-line warning: " + warning);
    }
    if (!(normalized(loaded.experiment) == loaded.experiment)) {
      fuzz::fail("the reader gave an experiment that is not in its normal form");
    }
    const std::string written = serialize_experiment(loaded.experiment);
    const LoadedExperiment reread = parse_experiment(written);
    if (!(reread.experiment == loaded.experiment)) {
      fuzz::fail("writing and reading back changed the experiment:\n" + written);
    }
    if (reread.version_read != kExperimentFormatVersion) fuzz::fail("not written as version 2");
    if (!reread.warnings.empty()) fuzz::fail("a written file warns: " + reread.warnings.front());
  } catch (const ExperimentFileError& error) {
    check_refusal(error);
  }
  try {
    const std::vector<std::int32_t> onsets = parse_onset_list(text);
    for (const std::int32_t onset : onsets) {
      if (onset < 0) fuzz::fail("a negative onset was accepted");
    }
  } catch (const ExperimentFileError& error) {
    check_refusal(error);
  }
  return 0;
}
