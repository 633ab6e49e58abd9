#include "headless_export.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <cstdio>

#include "data_export.h"
#include "figure_export.h"
#include "main_window.h"
#include "plot_panel.h"
#include "simulation_session.h"

namespace spikescope {
namespace {

constexpr int kTrialTimeoutMs = 600'000;

// The newest request's trial is complete and on screen.
bool trial_shown(const MainWindow& window) {
  const auto& shown = window.plotPanel()->shownSnapshot();
  return shown && shown->generation == window.session().generation() && shown->trial_complete;
}

int export_plots(const AppOptions& options) {
  Experiment experiment = options.experiment;
  experiment.view.run_mode = RunMode::kTrial;  // a figure shows the whole trial
  MainWindow window(experiment);
  window.resize(options.width, options.height);
  window.show();
  if (options.theme) window.setTheme(*options.theme);
  // Presentation mode's large fonts and thick lines, at the figure's size (not full screen).
  if (options.presentation) window.setPresentationMode(true);
  QElapsedTimer clock;
  clock.start();
  while (!trial_shown(window) && clock.elapsed() < kTrialTimeoutMs) {
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
  }
  if (!trial_shown(window)) {
    std::fprintf(stderr, "spikescope: the trial did not finish in time\n");
    return 1;
  }
  QCoreApplication::sendPostedEvents();
  QCoreApplication::processEvents();
  export_figure(options.export_plots_path, window.figurePlots(-1),
                FigureSize{options.width, options.height, options.scale});
  return 0;
}

}  // namespace

int run_export(const AppOptions& options) {
  try {
    if (!options.export_csv_path.isEmpty()) {
      export_data(options.experiment, data_export_paths(options.export_csv_path));
    }
    if (!options.export_plots_path.isEmpty()) return export_plots(options);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "spikescope: %s\n", error.what());
    return 1;
  }
  return 0;
}

}  // namespace spikescope
