#include "soak.h"

#include <unistd.h>

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <vector>

#include "experiment_file.h"
#include "live_controls_panel.h"
#include "main_window.h"
#include "parameter_panel.h"
#include "plot_panel.h"
#include "simulation_session.h"

namespace spikescope {
namespace {

// Large enough to exercise the threaded and pooled paths, small enough that memory at any moment
// does not depend on which size the storm happened to end on.
constexpr double kMaxSoakNeurons = 20'000;
constexpr int kActionIntervalMs = 15;

double resident_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0;
  long pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}

class RandomUser {
 public:
  RandomUser(MainWindow& window, std::uint64_t seed, const QString& directory)
      : window_(window), random_(seed), file_(directory + "/soak.json") {}

  void act() {
    ++actions_;
    const int choice = pick(0, 99);
    if (choice < 70) {
      move_slider();
    } else if (choice < 76) {
      toggle(window_.parameterPanel()->integrationBox());
    } else if (choice < 80) {
      toggle(window_.parameterPanel()->runModeBox());
    } else if (choice < 84) {
      window_.liveControls()->playAction()->trigger();
    } else if (choice < 88) {
      window_.liveControls()->stepAction()->trigger();
    } else if (choice < 92) {
      window_.liveControls()->resetAction()->trigger();
    } else if (choice < 95) {
      (pick(0, 1) ? window_.parameterPanel()->newDrawAction()
                  : window_.parameterPanel()->synchroniseAction())
          ->trigger();
    } else {
      save_and_load();
    }
  }

  // Back to the starting experiment, playing, so that memory is compared in the same state.
  void restore(const Experiment& experiment) {
    window_.setExperiment(experiment);
    if (!window_.liveControls()->playAction()->isChecked()) {
      window_.liveControls()->playAction()->trigger();
    }
  }

  long actions() const { return actions_; }
  long file_mismatches() const { return file_mismatches_; }

 private:
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

  void move_slider() {
    static constexpr ParameterField kFields[] = {
        ParameterField::kThreshold,  ParameterField::kResistance, ParameterField::kCapacitance,
        ParameterField::kRefractory, ParameterField::kAmplitude,  ParameterField::kOnsetSpread,
        ParameterField::kLayer0Size};
    const ParameterField field = kFields[pick(0, static_cast<int>(std::size(kFields)) - 1)];
    QDoubleSpinBox* box = window_.parameterPanel()->slider(field)->spinBox();
    const double maximum = field == ParameterField::kLayer0Size ? kMaxSoakNeurons : box->maximum();
    // A storm: several values in a row without returning to the event loop, as a dragged slider
    // delivers them; only the last may be simulated.
    for (int burst = pick(1, 8); burst > 0; --burst) {
      box->setValue(std::uniform_real_distribution<double>(box->minimum(), maximum)(random_));
    }
  }

  void toggle(QComboBox* box) { box->setCurrentIndex((box->currentIndex() + 1) % box->count()); }

  void save_and_load() {
    const Experiment& shown = window_.session().experiment();
    try {
      save_experiment_file(file_.toStdString(), shown);
      const LoadedExperiment loaded = load_experiment_file(file_.toStdString());
      if (!(loaded.experiment == shown)) ++file_mismatches_;
      window_.setExperiment(loaded.experiment);
    } catch (const ParameterError& error) {
      std::fprintf(stderr, "soak: %s\n", error.what());
      ++file_mismatches_;
    }
  }

  MainWindow& window_;
  std::mt19937_64 random_;
  QString file_;
  long actions_ = 0;
  long file_mismatches_ = 0;
};

// Runs the event loop for `ms` milliseconds, letting `user` act every kActionIntervalMs.
void drive(RandomUser* user, int ms) {
  QEventLoop loop;
  QTimer actions;
  if (user != nullptr) QObject::connect(&actions, &QTimer::timeout, &loop, [user] { user->act(); });
  QTimer::singleShot(ms, &loop, &QEventLoop::quit);
  actions.start(kActionIntervalMs);
  loop.exec();
}

bool shows_latest(const MainWindow& window) {
  const auto& shown = window.plotPanel()->shownSnapshot();
  return shown && shown->generation == window.session().generation();
}

// Waits up to `ms` for the newest request to be shown.
bool settle(const MainWindow& window, int ms) {
  QElapsedTimer clock;
  clock.start();
  while (!shows_latest(window) && clock.elapsed() < ms) drive(nullptr, 50);
  return shows_latest(window);
}

}  // namespace

int run_soak(const AppOptions& options) {
  Experiment start = options.experiment;
  start.view.run_mode = RunMode::kLive;
  start.view.live_speed = 0.0;  // as fast as the machine goes: the most work per second
  QTemporaryDir directory;
  if (!directory.isValid()) {
    std::fprintf(stderr, "spikescope: cannot create a temporary directory\n");
    return 1;
  }
  MainWindow window(start);
  window.show();
  int frames = 0;
  QObject::connect(window.plotPanel(), &PlotPanel::frameShown, &window, [&] { ++frames; });
  if (!settle(window, 60'000)) {
    std::fprintf(stderr, "spikescope: the first frame never came\n");
    return 1;
  }
  const double rss_first_frame = resident_mb();

  const std::uint64_t seed = std::random_device{}();
  RandomUser user(window, seed, directory.path());
  const int total_s = static_cast<int>(options.seconds);
  // Memory is compared in the same state at both ends: the starting experiment, settled, its
  // resident size the median of 10 one-second samples. Allocator pools and the sanitizer's
  // quarantine fill during the warm-up first.
  const auto median = [](std::vector<double> values) {
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    return values[values.size() / 2];
  };
  bool settled = true;
  const auto resident_in_start_state = [&] {
    user.restore(start);
    settled = settle(window, 60'000) && settled;
    std::vector<double> samples;
    for (int i = 0; i < 10; ++i) {
      drive(nullptr, 1000);
      samples.push_back(resident_mb());
    }
    return median(samples);
  };
  const int warm_up_s = std::min(60, total_s / 10);
  drive(&user, warm_up_s * 1000);
  const double rss_start = resident_in_start_state();
  double rss_min = rss_start;
  double rss_max = rss_start;
  for (int second = warm_up_s; second < total_s; ++second) {
    drive(&user, 1000);
    const double rss = resident_mb();
    rss_min = std::min(rss_min, rss);
    rss_max = std::max(rss_max, rss);
    if ((second + 1) % 60 == 0 || second + 1 == total_s) {
      std::printf("soak t=%d s actions=%ld frames=%d rss_mb=%.1f\n", second + 1, user.actions(),
                  frames, rss);
      std::fflush(stdout);
    }
  }
  const double rss_end = resident_in_start_state();
  std::printf(
      "soak seconds=%d seed=%llu actions=%ld frames=%d file_mismatches=%ld rss_first_frame_mb=%.1f "
      "rss_min_mb=%.1f rss_max_mb=%.1f rss_start_mb=%.1f rss_end_mb=%.1f growth_pct=%.2f "
      "(start state after a %d s warm-up and at the end)\n",
      total_s, static_cast<unsigned long long>(seed), user.actions(), frames,
      user.file_mismatches(), rss_first_frame, rss_min, rss_max, rss_start, rss_end,
      100.0 * (rss_end - rss_start) / rss_start, warm_up_s);
  if (std::getenv("SOAK_DIAG_QUICK_EXIT") != nullptr) { std::fflush(stdout); std::_Exit(0); }
  if (!settled) {
    std::fprintf(stderr, "spikescope: the window stopped showing the newest request\n");
    return 1;
  }
  return user.file_mismatches() == 0 ? 0 : 1;
}

}  // namespace spikescope
