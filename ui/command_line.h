#pragma once
// spikescope's command line: which mode to run in and the experiment to start with. Parsed
// without a QApplication, so that headless modes can choose the platform first, and callable
// from tests.
#include <QString>
#include <QStringList>
#include <optional>
#include <stdexcept>

#include "experiment/experiment.h"
#include "experiment/seed_experiment.h"
#include "theme.h"

namespace spikescope {

// A refused command line or experiment; the process exits with code 2 and this message.
class CommandLineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class AppMode {
  kWindow,
  kScreenshot,
  kBenchLatency,
  kBenchLive,
  kSoak,
  kExport,
  kHelp,
  kVersion
};

struct AppOptions {
  AppMode mode = AppMode::kWindow;
  // The seed experiment, or the file; --set and --neurons/--steps applied.
  Experiment experiment = seed_experiment();
  bool experiment_given = false;  // --experiment, --set, --neurons or --steps was used
  QStringList warnings;           // e.g. unknown keys in the experiment file
  QString screenshot_path;
  QString export_plots_path;   // --export-plots: .png, .jpg, .pdf or .svg
  QString export_csv_path;     // --export-csv (spikes and experiment file beside it)
  double scale = 1.0;          // --scale: pixels per figure pixel in PNG and JPG
  std::optional<Theme> theme;  // --theme, else the saved one
  bool presentation = false;   // --presentation: start in presentation mode
  int width = 1400;
  int height = 900;
  double seconds = 10.0;  // --bench-live and --soak duration
  int changes = 0;        // --bench-latency parameter changes; 0 = by size
  bool per_neuron = false;  // --per-neuron: benchmarks advance every layer-0 neuron
  QString help_text;
};

// `arguments` includes the program name. Throws CommandLineError.
AppOptions parse_command_line(const QStringList& arguments);

// True for the modes that need no screen (the caller selects the offscreen platform).
inline bool is_headless(AppMode mode) {
  return mode == AppMode::kScreenshot || mode == AppMode::kBenchLatency ||
         mode == AppMode::kBenchLive || mode == AppMode::kSoak || mode == AppMode::kExport;
}

}  // namespace spikescope
