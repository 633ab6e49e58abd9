// Fuzz target: the command line of spikesim, one argument per line (see fuzz_support.h; file
// names resolve to the sandbox's fixtures). Parsing and validation always run; a trial runs only
// when it is tiny, so that a valid command line cannot keep the fuzzer busy for minutes.
// Findings besides crashes, leaks and undefined behaviour: an exception other than the refusals
// (UsageError, ParameterError, FileError), exit code 1 for any input, a refusal that is not exit
// code 2 with exactly one line of reason on stderr (after any warnings), success with anything on
// stderr but warnings.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <numeric>
#include <sstream>

#include "io/atomic_file.h"
#include "fuzz_support.h"
#include "spikesim_cli.h"

using namespace spikescope;

namespace {

// Neuron updates a `run` may cost before the target skips it.
constexpr double kMaxTrialWork = 2e4;

enum class Parsed { kRefused, kRunnable, kNotToRun };

// What the parsing and validation alone make of a `run` or `bench` command line; `why` receives
// the reason for a refusal.
Parsed parse(const std::vector<std::string>& arguments, std::string& why) {
  const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
  try {
    if (arguments.front() == "bench") {
      (void)cli::parse_bench_options(rest);
      return Parsed::kNotToRun;
    }
    std::vector<std::string> warnings;
    const cli::RunOptions options = cli::parse_run_options(rest);
    const Experiment experiment = cli::resolve_experiment(options, warnings);
    validate(experiment);
    const double neurons =
        std::accumulate(experiment.layer_sizes.begin(), experiment.layer_sizes.end(), 0.0);
    if (neurons * static_cast<double>(experiment.steps) > kMaxTrialWork ||
        fuzz::is_fixture(options.csv.string())) {
      return Parsed::kNotToRun;
    }
    const NetworkConfig config = network_config(experiment);
    if (config.stimulus.onset_steps.size() != experiment.layer_sizes.front()) {
      fuzz::fail("the onsets do not match layer 0");
    }
    return Parsed::kRunnable;
  } catch (const cli::UsageError& error) {
    why = error.what();
  } catch (const ParameterError& error) {
    why = error.what();
  } catch (const FileError& error) {
    why = error.what();
  }
  if (!fuzz::is_one_line_message(why)) fuzz::fail("not a one-line message: " + why);
  return Parsed::kRefused;
}

void check_exit(const std::vector<std::string>& arguments, int code, const std::string& err) {
  std::vector<std::string> lines;
  std::istringstream stream(err);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  if (!err.empty() && err.back() != '\n') fuzz::fail("stderr does not end a line: " + err);
  // Warnings (unknown keys, an unstable notebook dt) may come first, whatever the outcome.
  const auto warnings = static_cast<std::size_t>(std::count_if(
      lines.begin(), lines.end(),
      [](const std::string& line) { return line.starts_with("spikesim: warning: "); }));
  if (code == cli::kExitRefused) {
    if (lines.size() != warnings + 1 || lines.back().starts_with("spikesim: warning: ") ||
        lines.back().size() <= std::string_view("spikesim: ").size()) {
      fuzz::fail("a refusal must end with exactly one line of reason, got: " + err);
    }
  } else if (code == cli::kExitOk) {
    if (lines.size() != warnings) fuzz::fail("success printed more than warnings: " + err);
  } else {
    fuzz::fail("exit code " + std::to_string(code) + " for the command line starting " +
               (arguments.empty() ? std::string("(empty)") : arguments.front()) + ": " + err);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::enter_sandbox();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto arguments = fuzz::split_arguments(data, size);
  if (!arguments) return 0;
  const bool command =
      !arguments->empty() && (arguments->front() == "run" || arguments->front() == "bench");
  const bool asks_for_help = std::any_of(arguments->begin(), arguments->end(),
                                         [](const auto& a) { return a == "--help" || a == "-h"; });
  std::string why;
  const Parsed parsed = command ? parse(*arguments, why) : Parsed::kRefused;
  // A bench or a big run that parsed: the program would now simulate; that is not for fuzzing.
  if (parsed == Parsed::kNotToRun && !asks_for_help) return 0;
  std::ostringstream out, err;
  const int code = cli::run_spikesim(*arguments, out, err);
  check_exit(*arguments, code, err.str());
  if (command && parsed == Parsed::kRefused && !asks_for_help && code != cli::kExitRefused) {
    fuzz::fail("parsing refused (" + why + ") but the program did not");
  }
  // Whatever a run wrote stays out of the next input's way.
  if (code == cli::kExitOk) {
    for (const auto& entry : std::filesystem::directory_iterator(".")) {
      if (!fuzz::is_fixture(entry.path().filename().string())) {
        std::filesystem::remove_all(entry.path());
      }
    }
  }
  return 0;
}
