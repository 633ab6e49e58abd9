#pragma once
// The command line of spikesim, kept apart from main() so that tests can parse and run it
// in-process. Exit codes: 0 done, 2 refused input (one line on stderr naming the problem),
// 130 interrupted, 1 anything else.
#include <atomic>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "common/parameter_error.h"
#include "experiment/experiment_file.h"
#include "experiment/settings.h"
#include "run/benchmark.h"

namespace spikescope::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitRefused = 2;
inline constexpr int kExitInterrupted = 130;  // the shell's 128 + SIGINT

// A malformed command line: unknown command or option, missing value, conflicting options.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One of the notebook's knobs as an old flag (--threshold V ...) with its value, in
// command-line order among the --set settings.
struct KnobSetting {
  std::string flag;   // "--threshold"
  std::string value;  // as given
  bool operator==(const KnobSetting&) const = default;
};

// `spikesim run`: the experiment (file or seed), then settings applied together on top.
struct RunOptions {
  std::optional<std::filesystem::path> experiment_file;
  // The notebook's flags and every --set, in command-line order: a later one wins. A flag is
  // kept as given and turned into settings once the experiment is known (notebook_network.h).
  std::vector<std::variant<KnobSetting, Setting>> settings;
  std::optional<std::filesystem::path> offsets_file;
  std::filesystem::path csv;         // the notebook trace; empty: not written
  std::filesystem::path spikes_csv;  // every spike; empty: not written
};

// `args` without the program name and the command. Throw UsageError.
RunOptions parse_run_options(const std::vector<std::string>& args);
BenchmarkOptions parse_bench_options(const std::vector<std::string>& args);

// The experiment a RunOptions describes, validated (throws ExperimentFileError, naming the old
// flag when one was refused); warnings about the file (unknown keys, migration) are appended.
Experiment resolve_experiment(const RunOptions& options, std::vector<std::string>& warnings);

// The commands (spikesim_run.cpp, spikesim_models.cpp, spikesim_bench.cpp), `args` after the
// command name: output on `out`, warnings on `err`; they throw for refused input.
int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                const std::atomic<bool>* stop);
int models_command(const std::vector<std::string>& args, std::ostream& out);
int neuron_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int bench_command(const std::vector<std::string>& args, std::ostream& out);
int fi_command(const std::vector<std::string>& args, std::ostream& out);
int rheobase_command(const std::vector<std::string>& args, std::ostream& out);

// Rethrows a refusal of a one-neuron network (population "neuron") naming the option that set
// the value (--set KEY, --dt-ms, --current) instead of the network's path.
[[noreturn]] void refuse_as_option(const ParameterError& error);

// The whole program: `args` without the program name. When `stop` becomes true (main sets it on
// SIGINT, SIGTERM or SIGHUP), a run stops within about a thousand steps: its unfinished output is
// removed, an existing file of that name is left as it was, and the exit code is 130.
int run_spikesim(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const std::atomic<bool>* stop = nullptr);

}  // namespace spikescope::cli
