#include "command_line.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <cmath>

#include "experiment/experiment_file.h"
#include "experiment/notebook_network.h"
#include "experiment/settings.h"
#include "network/validate_network.h"
#include "figure_export.h"

namespace spikescope {
namespace {

// Accepts "100000" and "1e5"; whole numbers in [minimum, maximum] only.
double whole_number(const QString& option, const QString& text, double minimum, double maximum) {
  bool ok = false;
  const double value = text.toDouble(&ok);
  if (!ok || !std::isfinite(value) || value != std::floor(value) || value < minimum ||
      value > maximum) {
    throw CommandLineError(QString("--%1: expected a whole number from %2 to %3, got \"%4\"")
                               .arg(option)
                               .arg(minimum, 0, 'g', 12)
                               .arg(maximum, 0, 'g', 12)
                               .arg(text)
                               .toStdString());
  }
  return value;
}

// Refused before anything runs, so that a bad path writes nothing.
void check_export_paths(const AppOptions& options, bool plots, bool csv) {
  const auto check_folder = [](const char* option, const QString& path) {
    if (path.isEmpty()) {
      throw CommandLineError(std::string(option) + ": needs a file name, got an empty one");
    }
    if (!QFileInfo(path).absoluteDir().exists()) {
      throw CommandLineError(std::string(option) + ": no such directory: " +
                             QFileInfo(path).absolutePath().toStdString());
    }
  };
  if (plots) {
    check_folder("--export-plots", options.export_plots_path);
    if (!figure_format_for(options.export_plots_path)) {
      throw CommandLineError("--export-plots: unknown format \"" +
                             QFileInfo(options.export_plots_path).suffix().toStdString() +
                             "\" (use .png, .jpg, .pdf or .svg)");
    }
  }
  if (csv) check_folder("--export-csv", options.export_csv_path);
}

}  // namespace

AppOptions parse_command_line(const QStringList& arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription("Spikescope: watch spiking neural networks work.");
  const QCommandLineOption help_option({"h", "help"}, "Show this help.");
  const QCommandLineOption version_option("version", "Show the version.");
  const QCommandLineOption experiment_option("experiment", "Start with this experiment file.",
                                             "file");
  const QCommandLineOption set_option("set",
                                      "Set one experiment parameter by its name in the file, e.g. "
                                      "populations.layer0.parameters.threshold_v=0.8 (repeatable).",
                                      "name=value");
  const QCommandLineOption screenshot_option(
      "screenshot", "Run the trial offscreen, write the window as PNG and exit.", "out.png");
  const QCommandLineOption export_plots_option(
      "export-plots", "Run the trial offscreen and write its plots as PNG, JPG, PDF or SVG.",
      "out.{png,jpg,pdf,svg}");
  const QCommandLineOption export_csv_option(
      "export-csv",
      "Run the trial and write its trace as CSV, its spikes as <out>_spikes.csv, the shown "
      "neuron's trace as <out>_shown_neuron.csv and the experiment as <out>.experiment.json.",
      "out.csv");
  const QCommandLineOption scale_option(
      "scale", "--export-plots: pixels per figure pixel in PNG and JPG (0.25 to 4).", "S", "1");
  const QCommandLineOption width_option("width", "Screenshot or figure width in pixels.", "pixels",
                                        "1400");
  const QCommandLineOption height_option("height", "Screenshot or figure height in pixels.",
                                         "pixels", "900");
  const QCommandLineOption latency_option(
      "bench-latency",
      "Measure slider-to-replot latency offscreen; prints latency_ms_p50 and p95.");
  const QCommandLineOption live_option(
      "bench-live",
      "Run live mode offscreen at full speed; prints fps, steps_per_s, "
      "realtime_factor and peak_rss_mb.");
  const QCommandLineOption soak_option(
      "soak", "Drive live mode offscreen with random input for this long; prints resident memory.",
      "seconds");
  const QCommandLineOption theme_option("theme", "Colours: system, light or dark (high contrast).",
                                        "name");
  const QCommandLineOption presentation_option(
      "presentation", "Start in presentation mode: full screen, large fonts, thick lines.");
  const QCommandLineOption neurons_option("neurons", "Benchmarks: layer-0 size.", "N");
  const QCommandLineOption steps_option("steps", "Trial length in steps.", "S");
  const QCommandLineOption seconds_option("seconds", "--bench-live: how long.", "seconds", "10");
  const QCommandLineOption changes_option("changes", "--bench-latency: how many changes.", "K");
  const QCommandLineOption per_neuron_option(
      "per-neuron",
      "--bench-latency, --bench-live: advance every layer-0 neuron instead of one per distinct "
      "onset (same results; measures the per-neuron engine).");
  parser.addOptions(
      {help_option,       version_option,      experiment_option,   set_option,
       screenshot_option, export_plots_option, export_csv_option,   scale_option,
       width_option,      height_option,       latency_option,      live_option,
       soak_option,       neurons_option,      steps_option,        seconds_option,
       changes_option,    theme_option,        presentation_option, per_neuron_option});
  if (!parser.parse(arguments)) throw CommandLineError(parser.errorText().toStdString());
  if (!parser.positionalArguments().isEmpty()) {
    throw CommandLineError("unexpected argument \"" +
                           parser.positionalArguments().front().toStdString() + "\"");
  }

  AppOptions options;
  options.help_text = parser.helpText();
  if (parser.isSet(help_option)) {
    options.mode = AppMode::kHelp;
    return options;
  }
  if (parser.isSet(version_option)) {
    options.mode = AppMode::kVersion;
    return options;
  }
  const bool exporting = parser.isSet(export_plots_option) || parser.isSet(export_csv_option);
  const int modes = int(parser.isSet(screenshot_option)) + int(parser.isSet(latency_option)) +
                    int(parser.isSet(live_option)) + int(parser.isSet(soak_option)) +
                    int(exporting);
  if (modes > 1) {
    throw CommandLineError(
        "choose one of --screenshot, --bench-latency, --bench-live, --soak and --export-plots/"
        "--export-csv");
  }
  if (parser.isSet(screenshot_option)) {
    options.mode = AppMode::kScreenshot;
    options.screenshot_path = parser.value(screenshot_option);
    // Refused now rather than after the whole trial has run.
    if (options.screenshot_path.isEmpty()) {
      throw CommandLineError("--screenshot: needs a file name, got an empty one");
    }
    if (!QFileInfo(options.screenshot_path).absoluteDir().exists()) {
      throw CommandLineError("--screenshot: no such directory: " +
                             QFileInfo(options.screenshot_path).absolutePath().toStdString());
    }
  } else if (exporting) {
    options.mode = AppMode::kExport;
    options.export_plots_path = parser.value(export_plots_option);
    options.export_csv_path = parser.value(export_csv_option);
    check_export_paths(options, parser.isSet(export_plots_option), parser.isSet(export_csv_option));
  } else if (parser.isSet(latency_option)) {
    options.mode = AppMode::kBenchLatency;
  } else if (parser.isSet(live_option)) {
    options.mode = AppMode::kBenchLive;
  }
  options.per_neuron = parser.isSet(per_neuron_option);
  if (options.per_neuron && options.mode != AppMode::kBenchLatency &&
      options.mode != AppMode::kBenchLive) {
    throw CommandLineError("--per-neuron: only with --bench-latency or --bench-live");
  }
  options.width = int(whole_number("width", parser.value(width_option), 200, 8000));
  options.height = int(whole_number("height", parser.value(height_option), 200, 8000));
  if (parser.isSet(theme_option)) {
    options.theme = theme_from_key(parser.value(theme_option));
    if (!options.theme) {
      throw CommandLineError("--theme: expected system, light or dark, got \"" +
                             parser.value(theme_option).toStdString() + "\"");
    }
  }
  options.presentation = parser.isSet(presentation_option);
  bool scale_ok = false;
  options.scale = parser.value(scale_option).toDouble(&scale_ok);
  if (!scale_ok || !(options.scale >= 0.25 && options.scale <= 4.0)) {
    throw CommandLineError("--scale: expected a number from 0.25 to 4, got \"" +
                           parser.value(scale_option).toStdString() + "\"");
  }
  options.seconds = parser.value(seconds_option).toDouble();
  if (!(options.seconds > 0.0 && options.seconds <= 3600.0)) {
    throw CommandLineError("--seconds: expected a number of seconds from 0 to 3600, got \"" +
                           parser.value(seconds_option).toStdString() + "\"");
  }
  if (parser.isSet(soak_option)) {
    options.mode = AppMode::kSoak;
    options.seconds = whole_number("soak", parser.value(soak_option), 1, 86400);
  }
  if (parser.isSet(changes_option)) {
    options.changes = int(whole_number("changes", parser.value(changes_option), 1, 10000));
  }

  options.experiment_given = parser.isSet(experiment_option) || parser.isSet(set_option) ||
                             parser.isSet(neurons_option) || parser.isSet(steps_option);
  try {
    if (parser.isSet(experiment_option)) {
      if (parser.value(experiment_option).isEmpty()) {
        throw CommandLineError("--experiment: needs a file name, got an empty one");
      }
      LoadedExperiment loaded = load_experiment_file(parser.value(experiment_option).toStdString());
      options.experiment = std::move(loaded.experiment);
      for (const std::string& warning : loaded.warnings) {
        options.warnings << QString::fromStdString(warning);
      }
    }
    // Settings apply together, so that e.g. a new layer size and its onset list agree.
    std::vector<Setting> settings;
    for (const QString& setting : parser.values(set_option)) {
      const qsizetype equals = setting.indexOf('=');
      if (equals <= 0) {
        throw CommandLineError("--set: expected name=value, got \"" + setting.toStdString() + "\"");
      }
      settings.push_back(
          Setting{setting.left(equals).toStdString(), setting.mid(equals + 1).toStdString()});
    }
    if (parser.isSet(neurons_option)) {
      const auto neurons = static_cast<std::int64_t>(
          whole_number("neurons", parser.value(neurons_option), 1, double(kMaxPopulationSize)));
      const Experiment& e = options.experiment;
      settings.push_back(Setting{"populations[0].size", std::to_string(neurons)});
      // Listed onsets fit only the old size; draw them instead.
      const OnsetStepInput* onsets = notebook_onsets(e);
      if (onsets != nullptr && onsets->onset_steps) {
        settings.push_back(Setting{"inputs." + notebook_onset_input_name(e) + ".onset_max_steps",
                                   std::to_string(onsets->onset_max_steps)});
      }
    }
    if (parser.isSet(steps_option)) {
      const auto steps = static_cast<std::int64_t>(
          whole_number("steps", parser.value(steps_option), 1, double(kMaxTrialSteps)));
      settings.push_back(Setting{"simulation.steps", std::to_string(steps)});
    }
    apply_settings(options.experiment, settings);
    validate(options.experiment);
  } catch (const ParameterError& error) {
    throw CommandLineError(error.what());
  }
  return options;
}

}  // namespace spikescope
