// Fuzz target: settings by name (apply_setting, apply_settings), as `--set KEY=VALUE`, the
// parameter flags of both programs and the GUI's fields reach the experiment. The input is one
// KEY=VALUE per line (no NUL bytes), applied to the seed experiment. Findings besides crashes,
// leaks and undefined behaviour: an exception other than ExperimentFileError, a refusal without a
// one-line message, a refusal that changed the experiment, an accepted experiment that does not
// validate or does not survive writing and reading back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "experiment/experiment_file.h"
#include "fuzz_support.h"
#include "experiment/seed_experiment.h"

using namespace spikescope;

namespace {

const Experiment& seed() {
  static const Experiment experiment = seed_experiment();
  return experiment;
}

std::vector<Setting> split_settings(std::string_view text) {
  std::vector<Setting> settings;
  while (!text.empty()) {
    const std::string_view line = text.substr(0, text.find('\n'));
    text.remove_prefix(std::min(text.size(), line.size() + 1));
    const std::size_t equals = line.find('=');
    settings.push_back(Setting{
        std::string(line.substr(0, equals)),
        equals == std::string_view::npos ? std::string() : std::string(line.substr(equals + 1))});
  }
  return settings;
}

void check_refusal(const ExperimentFileError& error, const Experiment& after,
                   const Experiment& before) {
  if (!fuzz::is_one_line_message(error.what())) {
    fuzz::fail(std::string("not a one-line message: ") + error.what());
  }
  if (!(after == before))
    fuzz::fail(std::string("a refused setting changed the experiment: ") + error.what());
}

void check_accepted(const Experiment& experiment) {
  validate(experiment);
  const std::string written = serialize_experiment(experiment);
  if (!(parse_experiment(written).experiment == experiment)) {
    fuzz::fail("writing and reading back changed the experiment:\n" + written);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Settings come from command-line arguments and GUI code: neither can hold a NUL byte.
  if (text.find('\0') != std::string_view::npos) return 0;
  const std::vector<Setting> settings = split_settings(text);

  // All at once, validated together.
  Experiment together = seed();
  try {
    apply_settings(together, settings);
    check_accepted(together);
  } catch (const ExperimentFileError& error) {
    check_refusal(error, together, seed());
  }

  // One at a time, as a user moving one control after another: each either applies or leaves
  // the experiment as it was.
  Experiment stepwise = seed();
  for (const Setting& setting : settings) {
    const Experiment before = stepwise;
    try {
      apply_setting(stepwise, setting.key, setting.value);
      check_accepted(stepwise);
    } catch (const ExperimentFileError& error) {
      check_refusal(error, stepwise, before);
    }
  }
  return 0;
}
