// Fuzz target: the command line of spikescope (parse_command_line), one argument per line (see
// fuzz_support.h; file names resolve to the sandbox's fixtures). Only parsing and validation: no
// window opens and nothing simulates. Findings besides crashes, leaks and undefined behaviour: an
// exception other than CommandLineError, a refusal without a one-line message, accepted options
// whose experiment does not validate, is not the seed when none was given, or whose sizes are out
// of range.
#include <QCoreApplication>
#include <cstddef>
#include <cstdint>

#include "command_line.h"
#include "experiment/seed_experiment.h"
#include "fuzz_support.h"

using namespace spikescope;

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  fuzz::enter_sandbox();
  // The parser's help text asks the application for its name.
  static QCoreApplication application(*argc, *argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto arguments = fuzz::split_arguments(data, size);
  if (!arguments) return 0;
  QStringList command_line{"spikescope"};
  for (const std::string& argument : *arguments) command_line << QString::fromStdString(argument);
  try {
    const AppOptions options = parse_command_line(command_line);
    if (options.mode == AppMode::kHelp || options.mode == AppMode::kVersion) return 0;
    validate(options.experiment);
    // Without --experiment, --set, --neurons or --steps the window starts with the seed.
    if (!options.experiment_given && !(options.experiment == seed_experiment())) {
      fuzz::fail("no experiment given, but not the seed experiment");
    }
    if (options.width < 200 || options.width > 8000 || options.height < 200 ||
        options.height > 8000 || !(options.seconds > 0.0 && options.seconds <= 3600.0) ||
        options.changes < 0 || options.changes > 10000) {
      fuzz::fail("accepted sizes out of range");
    }
    if (options.mode == AppMode::kScreenshot && options.screenshot_path.isEmpty()) {
      fuzz::fail("a screenshot without a file name was accepted");
    }
  } catch (const CommandLineError& error) {
    if (!fuzz::is_one_line_message(error.what())) {
      fuzz::fail(std::string("not a one-line message: ") + error.what());
    }
  }
  return 0;
}
