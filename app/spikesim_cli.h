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
#include <vector>

#include "run/benchmark.h"
#include "experiment/experiment_file.h"

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

// `spikesim run`: the experiment (file or seed), then settings applied together on top.
struct RunOptions {
  std::optional<std::filesystem::path> experiment_file;
  // Parameter flags as the settings they stand for (--threshold V is model.neuron.threshold_v)
  // and every --set, in command-line order: a later one wins.
  std::vector<Setting> settings;
  std::optional<std::string> layer0_neurons;  // --neurons: the size of layer 0
  std::optional<std::filesystem::path> offsets_file;
  std::filesystem::path csv;
};

// `args` without the program name and the command. Throw UsageError.
RunOptions parse_run_options(const std::vector<std::string>& args);
BenchmarkOptions parse_bench_options(const std::vector<std::string>& args);

// The experiment a RunOptions describes, validated (throws ExperimentFileError); warnings about
// the file (unknown keys) are appended to `warnings`.
Experiment resolve_experiment(const RunOptions& options, std::vector<std::string>& warnings);

// `spikesim run`, `args` after the command (spikesim_run.cpp): the trial's trace written to the
// CSV, a summary on `out`, warnings on `err`. Returns kExitOk, or kExitInterrupted when `stop`
// became true; throws for refused input, as the parsers do.
int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                const std::atomic<bool>* stop);

// The whole program: `args` without the program name. When `stop` becomes true (main sets it on
// SIGINT, SIGTERM or SIGHUP), a run stops within about a thousand steps: its unfinished output is
// removed, an existing file of that name is left as it was, and the exit code is 130.
int run_spikesim(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const std::atomic<bool>* stop = nullptr);

}  // namespace spikescope::cli
