#include "headless.h"

#include <sys/resource.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QImage>
#include <QSaveFile>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

#include "live_controls_panel.h"
#include "main_window.h"
#include "parameter_panel.h"
#include "plot_panel.h"
#include "simulation_session.h"

namespace spikescope {
namespace {

// Runs the event loop until `done` holds (checked after every shown frame and every 50 ms) or
// `timeout_ms` passes; returns whether `done` held.
bool run_until(const MainWindow& window, const std::function<bool()>& done, int timeout_ms) {
  if (done()) return true;
  QEventLoop loop;
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
    if (done()) loop.quit();
  });
  QObject::connect(window.plotPanel(), &PlotPanel::frameShown, &loop, [&] {
    if (done()) loop.quit();
  });
  QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
  poll.start(50);
  loop.exec();
  return done();
}

// The newest request has been shown, and in trial mode the trial is complete.
bool showing_latest(const MainWindow& window) {
  const auto& shown = window.plotPanel()->shownSnapshot();
  return shown && shown->generation == window.session().generation() &&
         (shown->run_mode == RunMode::kLive || shown->trial_complete);
}

double percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  const auto rank =
      static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

constexpr int kSettleTimeoutMs = 600'000;

// Layer-0 neurons with equal onsets share one trajectory unless --per-neuron asks the engine to
// advance each of them; the figures say which was measured.
void use_sharing_option(MainWindow& window, const AppOptions& options) {
  if (options.per_neuron) window.session().setNeuronSharing(NeuronSharing::kOff);
}

const char* sharing_field(const AppOptions& options) {
  return options.per_neuron ? "trajectories=per-neuron" : "trajectories=shared";
}

}  // namespace

int run_screenshot(const AppOptions& options) {
  // A trial runs to completion. Live mode runs at full speed until one window is filled, then
  // pauses: the picture is the oscilloscope view a user would see.
  Experiment experiment = options.experiment;
  const bool live = experiment.view.run_mode == RunMode::kLive;
  if (live) experiment.view.live_speed = 0.0;
  MainWindow window(experiment);
  window.resize(options.width, options.height);
  window.show();
  if (options.theme) window.setTheme(*options.theme);
  if (options.presentation) window.setPresentationMode(true);
  if (live) {
    const double window_ms = experiment.view.live_window_ms;
    const bool filled = run_until(
        window,
        [&] {
          const auto& shown = window.plotPanel()->shownSnapshot();
          return shown && shown->simulated_ms >= window_ms;
        },
        kSettleTimeoutMs);
    if (filled) window.liveControls()->playAction()->trigger();
  }
  if (!run_until(
          window, [&] { return showing_latest(window); }, kSettleTimeoutMs)) {
    std::fprintf(stderr, "spikescope: the run did not finish in time\n");
    return 1;
  }
  // Let pending layout requests (status bar texts set with the last frame) settle first.
  QCoreApplication::sendPostedEvents();
  QCoreApplication::processEvents();
  const QImage image = window.grab().toImage();
  QSaveFile file(options.screenshot_path);
  if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
    std::fprintf(stderr, "spikescope: cannot write %s: %s\n", qPrintable(options.screenshot_path),
                 qPrintable(file.errorString()));
    return 1;
  }
  return 0;
}

int run_bench_latency(const AppOptions& options) {
  Experiment experiment = options.experiment;
  experiment.view.run_mode = RunMode::kTrial;
  MainWindow window(experiment);
  use_sharing_option(window, options);
  window.show();
  if (!run_until(
          window, [&] { return showing_latest(window); }, kSettleTimeoutMs))
    return 1;

  const auto neurons = static_cast<std::uint32_t>(experiment.network.populations.front().size);
  const int changes = options.changes > 0 ? options.changes : (neurons <= 10'000 ? 60 : 20);
  QDoubleSpinBox* threshold =
      window.parameterPanel()->slider(ParameterField::kThreshold)->spinBox();
  const double base = threshold->value();
  std::vector<double> latencies;
  for (int i = 0; i < changes; ++i) {
    double measured = -1.0;
    const QMetaObject::Connection connection =
        QObject::connect(&window, &MainWindow::latencyMeasured, [&](double ms) { measured = ms; });
    // Through the spin box, as a user typing or a slider moving would: panel -> window ->
    // session -> worker -> plots.
    threshold->setValue(base + (i % 2 == 0 ? 0.01 : -0.01) * (1 + i % 3));
    const bool shown = run_until(
        window, [&] { return measured >= 0.0; }, kSettleTimeoutMs);
    QObject::disconnect(connection);
    if (!shown) {
      std::fprintf(stderr, "spikescope: change %d was never shown\n", i);
      return 1;
    }
    latencies.push_back(measured);
  }
  std::printf("neurons=%u steps=%lld changes=%d %s latency_ms_p50=%.2f latency_ms_p95=%.2f\n",
              neurons, static_cast<long long>(experiment.steps), changes, sharing_field(options),
              percentile(latencies, 0.50), percentile(latencies, 0.95));
  return 0;
}

int run_bench_live(const AppOptions& options) {
  Experiment experiment = options.experiment;
  experiment.view.run_mode = RunMode::kLive;
  experiment.view.live_speed = 0.0;  // as fast as the machine goes
  MainWindow window(experiment);
  use_sharing_option(window, options);
  window.show();
  if (!run_until(
          window, [&] { return showing_latest(window); }, kSettleTimeoutMs))
    return 1;

  int frames = 0;
  QObject::connect(window.plotPanel(), &PlotPanel::frameShown, &window, [&] { ++frames; });
  const std::int64_t first_iteration = window.plotPanel()->shownSnapshot()->iteration;
  QElapsedTimer clock;
  clock.start();
  frames = 0;
  QEventLoop loop;
  QTimer::singleShot(static_cast<int>(options.seconds * 1000.0), &loop, &QEventLoop::quit);
  loop.exec();
  const double seconds = static_cast<double>(clock.nsecsElapsed()) * 1e-9;
  const std::int64_t iterations = window.plotPanel()->shownSnapshot()->iteration - first_iteration;
  const double steps_per_s = static_cast<double>(iterations) / seconds;
  std::printf("neurons=%u %s fps=%.1f steps_per_s=%.0f realtime_factor=%.3f peak_rss_mb=%.1f\n",
              static_cast<unsigned>(experiment.network.populations.front().size),
              sharing_field(options), frames / seconds, steps_per_s,
              steps_per_s * experiment.network.dt_ms / 1000.0, peak_rss_mb());
  return 0;
}

}  // namespace spikescope
