#include "spikesim_cli.h"

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <system_error>

#include "argument_scanner.h"
#include "experiment/seed_experiment.h"
#include "io/atomic_file.h"
#include "network/validate_network.h"
#include "notebook_flags.h"

#ifndef SPIKESIM_VERSION
#define SPIKESIM_VERSION "unknown"
#endif

namespace spikescope::cli {
namespace {

void print_usage(std::ostream& out) {
  out << "Usage: spikesim run [options] [--csv OUT.csv] [--spikes-csv SPIKES.csv]\n"
         "       spikesim models [--json]\n"
         "       spikesim neuron --model NAME [--method M] [--set KEY=VALUE]... --current I\n"
         "                       [--current-onset-ms T0] --duration-ms T --dt-ms DT\n"
         "                       --spikes-csv OUT [--trace-csv OUT]\n"
         "       spikesim bench [--neurons N] [--steps S] [--threads T] [--mode notebook|exact]"
         " [--compare]\n"
         "       spikesim bench --network FILE|cuba [--neurons N] [--duration-ms T]"
         " [--threads T]\n"
         "       spikesim fi --model NAME [--method M] [--set KEY=VALUE]... [--dt-ms DT]\n"
         "                   --currents FROM:TO:STEP --duration-ms T [--settle-ms S] --csv OUT\n"
         "       spikesim rheobase --model NAME [--method M] [--set KEY=VALUE]... [--dt-ms DT]\n"
         "                   [--duration-ms T] [--tolerance X]\n"
         "       spikesim --help | --version\n"
         "\n"
         "run: simulates one trial of an experiment (version 1 or 2) and writes what is asked:\n"
         "  --csv OUT.csv           the notebook trace (columns step, vm_l0_n0, spikes_l0_n0,\n"
         "                          layer_spikes, vm_l1_n0, spikes_l1_n0, time_ms: neuron 0 of\n"
         "                          the first two populations)\n"
         "  --spikes-csv OUT.csv    every spike: step,time_ms,population,neuron (step = the\n"
         "                          update from step*dt in which the spike was found)\n"
         "  --experiment FILE       experiment file (JSON, see resources/experiments/README.md);\n"
         "                          without it, the seed experiment (the SNN_0 notebook)\n"
         "  --set KEY=VALUE         any field by its path, e.g.\n"
         "                          --set populations.layer0.parameters.threshold_v=0.8\n"
         "The notebook's knobs, on any experiment that has them:\n";
  for (const NotebookFlag& flag : notebook_flags()) {
    const std::string left = std::string(flag.flag) + " " + std::string(flag.value_name);
    out << "  " << std::left << std::setw(24) << left << flag.meaning << "\n";
  }
  out << "  --offsets-file FILE     onsets as a JSON list, or an object with the key \"offsets\"\n"
         "LIST is comma-separated integers, one onset step per neuron. --offsets,\n"
         "--offsets-file and --offset-max/--seed are alternatives. Flags and --set apply in\n"
         "command-line order; a later one wins.\n"
         "\n"
         "models: every neuron model with its parameters (key, unit, default, range) and state\n"
         "variables; --json for a machine-readable list.\n"
         "neuron: one neuron under a step current (in the model's current unit, from T0 on),\n"
         "from the model's initial state; one CSV row per spike (step,time_ms), the trace with\n"
         "one column per state variable (the state at the start of each step).\n"
         "bench: simulation throughput; each line ends in neuron_updates_per_s=<number>.\n"
         "  --compare also times a plain hand-written loop on the same state. With --network\n"
         "  (a file, or cuba: Brette et al. 2007's benchmark) it prints realtime_factor=,\n"
         "  neuron_updates_per_s=, synaptic_events_per_s=, rate_hz= and peak_rss_mb=.\n"
         "\nExit codes: 0 done, 2 refused input (reason on stderr), 130 interrupted (Ctrl+C,\n"
         "SIGTERM, SIGHUP: the unfinished CSV is removed, an older one kept), 1 other failure.\n";
}

bool asks_for_help(const std::vector<std::string>& args) {
  return std::any_of(args.begin(), args.end(),
                     [](const std::string& arg) { return arg == "--help" || arg == "-h"; });
}

// The flag whose setting a refusal names, if any: the message then names the flag instead.
std::string name_the_flag(const std::string& message,
                          const std::vector<std::pair<std::string, std::string>>& flag_paths) {
  for (const auto& [path, flag] : flag_paths) {
    if (message.rfind(path + ":", 0) == 0) return flag + message.substr(path.size());
    // One entry of a list the flag gives: "--offsets[1]: must be 0 to ..., got -2".
    if (message.rfind(path + "[", 0) == 0) return flag + message.substr(path.size());
    const std::string quoted_path = path + " ";
    if (message.rfind(quoted_path, 0) == 0) return flag + ": " + message.substr(path.size() + 1);
  }
  // A rule between two parameters of a population names the other one ("--threshold -1":
  // populations["layer0"].parameters.reset_v: must be below threshold_v (-1 V), got 0): the
  // message is kept and the flag that set the parameter it speaks of (the latest) put first.
  for (auto entry = flag_paths.rbegin(); entry != flag_paths.rend(); ++entry) {
    const std::string& path = entry->first;
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos || path.find("].parameters.") == std::string::npos) continue;
    const std::string element = path.substr(0, dot + 1);  // populations["layer0"].parameters.
    const std::string key = path.substr(dot + 1);         // threshold_v
    if (message.rfind(element, 0) == 0 && message.find(key, element.size()) != std::string::npos) {
      return entry->second + ": " + message;
    }
  }
  return message;
}

}  // namespace

void check_output_path(const std::filesystem::path& path) {
  const std::filesystem::path directory = path.parent_path();
  std::error_code error;
  if (!directory.empty() && !std::filesystem::is_directory(directory, error)) {
    const std::string reason =
        !error ? "not a directory: " + directory.string()
        : error == std::errc::no_such_file_or_directory
            ? "no such directory: " + directory.string()
            : "cannot use directory " + directory.string() + ": " + error.message();
    throw FileError(path.string() + ": " + reason);
  }
  if (path.filename().empty() || path.filename() == "." || path.filename() == "..") {
    throw FileError(path.string() + ": not a file name");
  }
  // Refused now, in the words the final rename would use: found only then, after a run that
  // writes two files, the other one would already have been replaced.
  if (std::filesystem::is_directory(path, error)) {
    throw FileError(path.string() + ": cannot replace: Is a directory");
  }
}

RunOptions parse_run_options(const std::vector<std::string>& args) {
  RunOptions options;
  ArgumentScanner scan(args);
  while (scan.next()) {
    const std::string& name = scan.name();
    if (name == "--neurons") {
      const std::string value = scan.value();
      if (value.find_first_of(",[") != std::string::npos) {
        throw UsageError("--neurons takes the size of the first population alone, got '" + value +
                         "'");
      }
      options.settings.emplace_back(KnobSetting{name, value});
    } else if (is_notebook_flag(name)) {
      options.settings.emplace_back(KnobSetting{name, scan.value()});
    } else if (name == "--experiment") {
      options.experiment_file = scan.file_name();
    } else if (name == "--csv") {
      options.csv = scan.file_name();
    } else if (name == "--spikes-csv") {
      options.spikes_csv = scan.file_name();
    } else if (name == "--offsets-file") {
      options.offsets_file = scan.file_name();
    } else if (name == "--set") {
      const std::string assignment = scan.value();
      const std::size_t equals = assignment.find('=');
      if (equals == std::string::npos || equals == 0) {
        throw UsageError("--set expects KEY=VALUE, got '" + assignment + "'");
      }
      options.settings.emplace_back(
          Setting{assignment.substr(0, equals), assignment.substr(equals + 1)});
    } else {
      throw UsageError("unknown option " + name + " for 'spikesim run'");
    }
  }
  const int onset_sources = int(scan.seen("--offsets")) + int(scan.seen("--offsets-file")) +
                            int(scan.seen("--offset-max") || scan.seen("--seed"));
  if (onset_sources > 1) {
    throw UsageError(
        "--offsets, --offsets-file and --offset-max/--seed are alternatives; give one");
  }
  if (options.csv.empty() && options.spikes_csv.empty()) {
    throw UsageError("give --csv OUT.csv, --spikes-csv SPIKES.csv or both");
  }
  if (!options.csv.empty() && options.csv == options.spikes_csv) {
    throw UsageError("--csv and --spikes-csv name the same file");
  }
  return options;
}

Experiment resolve_experiment(const RunOptions& options, std::vector<std::string>& warnings) {
  LoadedExperiment loaded = options.experiment_file ? load_experiment_file(*options.experiment_file)
                                                    : LoadedExperiment{seed_experiment(), {}};
  warnings.insert(warnings.end(), loaded.warnings.begin(), loaded.warnings.end());
  const Experiment& experiment = loaded.experiment;
  std::vector<Setting> settings;
  std::vector<std::pair<std::string, std::string>> flag_paths;  // message path -> flag
  if (options.offsets_file) {
    const std::vector<std::int32_t> onsets = load_onset_file(*options.offsets_file);
    std::string list = "[";
    for (std::size_t j = 0; j < onsets.size(); ++j) {
      if (j != 0) list += ',';
      list += std::to_string(onsets[j]);
    }
    for (FlagSetting& expanded : expand_notebook_flag(experiment, "--offsets", list + "]")) {
      flag_paths.emplace_back(expanded.message_path, "--offsets-file");
      settings.push_back(std::move(expanded.setting));
    }
  }
  for (const auto& entry : options.settings) {
    if (const auto* knob = std::get_if<KnobSetting>(&entry)) {
      for (FlagSetting& expanded : expand_notebook_flag(experiment, knob->flag, knob->value)) {
        flag_paths.emplace_back(expanded.message_path, knob->flag);
        flag_paths.emplace_back(expanded.setting.key, knob->flag);
        settings.push_back(std::move(expanded.setting));
      }
    } else {
      settings.push_back(std::get<Setting>(entry));
    }
  }
  Experiment result = experiment;
  try {
    apply_settings(result, settings);  // validates the whole, the offsets file included
  } catch (const ExperimentFileError& error) {
    throw ExperimentFileError(name_the_flag(error.what(), flag_paths));
  }
  return result;
}

int run_spikesim(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const std::atomic<bool>* stop) {
  try {
    if (args.empty()) throw UsageError("no command given");
    const std::string& command = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (command == "--help" || command == "-h" || command == "help" || asks_for_help(rest)) {
      print_usage(out);
      return kExitOk;
    }
    if (command == "--version") {
      out << "spikesim " << SPIKESIM_VERSION << "\n";
      return kExitOk;
    }
    if (command == "run") return run_command(rest, out, err, stop);
    if (command == "bench") return bench_command(rest, out);
    if (command == "models") return models_command(rest, out);
    if (command == "neuron") return neuron_command(rest, out, err);
    if (command == "fi") return fi_command(rest, out);
    if (command == "rheobase") return rheobase_command(rest, out);
    throw UsageError("unknown command '" + command + "'");
  } catch (const UsageError& error) {
    err << "spikesim: " << error.what() << " (see spikesim --help)\n";
    return kExitRefused;
  } catch (const ParameterError& error) {
    err << "spikesim: " << error.what() << "\n";
    return kExitRefused;
  } catch (const FileError& error) {
    err << "spikesim: " << error.what() << "\n";
    return kExitRefused;
  } catch (const std::exception& error) {
    err << "spikesim: failed: " << error.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace spikescope::cli
