// Fuzz target: the command line of spikesim, one argument per line (see fuzz_support.h; file
// names resolve to the sandbox's fixtures). Parsing and validation always run; a trial or a
// neuron, an f-I curve or a rheobase search runs only when it is tiny, so that a valid command line
// cannot keep the fuzzer busy for minutes; `models` always runs; a benchmark never. Findings
// besides crashes, leaks and undefined behaviour: an exception other than the refusals (UsageError,
// ParameterError, FileError), exit code 1 for any input, a refusal that is not exit code 2 with
// exactly one line of reason on stderr (after any warnings), success with anything on stderr but
// warnings.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

#include "experiment/notebook_network.h"
#include "fuzz_support.h"
#include "io/atomic_file.h"
#include "spikesim_cli.h"

using namespace spikescope;

namespace {

// Neuron updates a `run` may cost before the target skips it, and steps of a `neuron`.
constexpr double kMaxTrialWork = 2e4;
constexpr double kMaxNeuronSteps = 2e4;

enum class Parsed { kRefused, kRunnable, kNotToRun };

// The value of `--name VALUE` or `--name=VALUE` (spikesim refuses a flag given twice).
std::optional<std::string> option_value(const std::vector<std::string>& arguments,
                                        const std::string& name) {
  for (std::size_t i = 1; i < arguments.size(); ++i) {
    if (arguments[i] == name && i + 1 < arguments.size()) return arguments[i + 1];
    if (arguments[i].starts_with(name + "=")) return arguments[i].substr(name.size() + 1);
  }
  return std::nullopt;
}

// `neuron` has no parser of its own to call: it runs unless its outputs are fixtures or its
// duration and dt, when both are numbers, make more than kMaxNeuronSteps steps (anything else
// the program refuses before it simulates).
Parsed neuron_cost(const std::vector<std::string>& arguments) {
  for (const char* output : {"--spikes-csv", "--trace-csv"}) {
    const auto name = option_value(arguments, output);
    if (name && fuzz::is_fixture(*name)) return Parsed::kNotToRun;
  }
  const auto number = [](const std::optional<std::string>& text) -> std::optional<double> {
    if (!text || text->empty()) return std::nullopt;
    char* end = nullptr;
    const double value = std::strtod(text->c_str(), &end);
    if (*end != '\0' || !std::isfinite(value)) return std::nullopt;
    return value;
  };
  const auto duration = number(option_value(arguments, "--duration-ms"));
  const auto dt = number(option_value(arguments, "--dt-ms"));
  if (duration && dt && *dt > 0 && std::round(*duration / *dt) > kMaxNeuronSteps) {
    return Parsed::kNotToRun;
  }
  return Parsed::kRunnable;
}

// `fi` and `rheobase` run unless their output is a fixture or their runs, from --duration-ms,
// --dt-ms and --currents when these are numbers, exceed kMaxNeuronSteps neuron updates per
// current (rheobase: a tenth of that, its runs having 2 to 128 neurons in a
// few dozen rounds; fi: times the number of currents).
Parsed measurement_cost(const std::vector<std::string>& arguments) {
  const auto csv = option_value(arguments, "--csv");
  if (csv && fuzz::is_fixture(*csv)) return Parsed::kNotToRun;
  const auto number = [](const std::optional<std::string>& text,
                         double otherwise) -> std::optional<double> {
    if (!text) return otherwise;
    char* end = nullptr;
    const double value = std::strtod(text->c_str(), &end);
    if (text->empty() || *end != '\0' || !std::isfinite(value)) return std::nullopt;
    return value;
  };
  const auto duration = number(option_value(arguments, "--duration-ms"), 1000.0);
  const auto dt = number(option_value(arguments, "--dt-ms"), 0.1);
  if (!duration || !dt || !(*dt > 0)) return Parsed::kRunnable;  // refused before it runs
  double points = 1.0;
  if (const auto currents = option_value(arguments, "--currents")) {
    double from = 0, to = 0, step = 0;
    char tail = 0;
    if (std::sscanf(currents->c_str(), "%lf:%lf:%lf%c", &from, &to, &step, &tail) == 3 &&
        step > 0 && to > from) {
      points = std::floor((to - from) / step) + 1;
    }
  }
  const double limit = arguments.front() == "fi" ? kMaxNeuronSteps : kMaxNeuronSteps / 10;
  if (std::round(*duration / *dt) * std::min(points, 1e4) > limit) return Parsed::kNotToRun;
  return Parsed::kRunnable;
}

// What the parsing and validation alone make of a command line; `why` receives the reason for
// a refusal.
Parsed parse(const std::vector<std::string>& arguments, std::string& why) {
  const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
  try {
    if (arguments.front() == "bench") {
      (void)cli::parse_bench_options(rest);
      return Parsed::kNotToRun;
    }
    if (arguments.front() == "models") return Parsed::kRunnable;
    if (arguments.front() == "neuron") return neuron_cost(arguments);
    if (arguments.front() == "fi" || arguments.front() == "rheobase") {
      return measurement_cost(arguments);
    }
    std::vector<std::string> warnings;
    const cli::RunOptions options = cli::parse_run_options(rest);
    const Experiment experiment = cli::resolve_experiment(options, warnings);
    validate(experiment);
    double neurons = 0;
    for (const PopulationSpec& population : experiment.network.populations) {
      neurons += static_cast<double>(population.size);
    }
    if (neurons * static_cast<double>(experiment.steps) > kMaxTrialWork ||
        fuzz::is_fixture(options.csv.string()) || fuzz::is_fixture(options.spikes_csv.string())) {
      return Parsed::kNotToRun;
    }
    if (has_notebook_knobs(experiment) &&
        resolve_notebook_onsets(experiment).size() != experiment.network.populations[0].size) {
      fuzz::fail("the onsets do not match the first population");
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
      !arguments->empty() && (arguments->front() == "run" || arguments->front() == "bench" ||
                              arguments->front() == "models" || arguments->front() == "neuron" ||
                              arguments->front() == "fi" || arguments->front() == "rheobase");
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
