#include "soak.h"

#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define SPIKESCOPE_SOAK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SPIKESCOPE_SOAK_ASAN 1
#endif
#endif
#if SPIKESCOPE_SOAK_ASAN
#include <cstddef>
// Public interface of the sanitizer runtime (sanitizer/allocator_interface.h, which GCC does not
// ship).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
extern "C" std::size_t __sanitizer_get_heap_size();
extern "C" void __sanitizer_purge_allocator();
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <vector>

#include "experiment/experiment_file.h"
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

// The heap in MB, from ASan's allocator under ASan, otherwise from glibc: what the program holds
// (in use) and what the allocator has taken from the system for it, free blocks included.
struct HeapFigures {
  double in_use_mb = 0.0;
  double footprint_mb = 0.0;
};
HeapFigures heap_figures() {
  constexpr double kMb = 1024.0 * 1024.0;
#if SPIKESCOPE_SOAK_ASAN
  return {static_cast<double>(__sanitizer_get_current_allocated_bytes()) / kMb,
          static_cast<double>(__sanitizer_get_heap_size()) / kMb};
#elif defined(__GLIBC__)
  const struct mallinfo2 info = ::mallinfo2();
  return {static_cast<double>(info.uordblks + info.hblkhd) / kMb,
          static_cast<double>(info.arena + info.hblkhd) / kMb};
#else
  return {};
#endif
}

// ASan's allocator keeps freed blocks in its quarantine and thread caches and returns free pages
// only of size classes that see frees: memory of the sanitizer, not of the program. Given back
// before each memory sample (at both ends alike). glibc's heap is measured as users get it.
void release_sanitizer_caches() {
#if SPIKESCOPE_SOAK_ASAN
  __sanitizer_purge_allocator();
#endif
}

class RandomUser {
 public:
  RandomUser(MainWindow& window, std::uint64_t seed, const QString& directory)
      : window_(window), random_(seed), file_(directory + "/soak.json") {}

  // What the user did, for the count of each kind; the warm-up lasts until each has happened.
  enum Kind {
    kSlider,
    kIntegration,
    kRunMode,
    kPlay,
    kStep,
    kReset,
    kNewDraw,
    kSynchronise,
    kFile
  };
  static constexpr std::size_t kKinds = kFile + 1;

  void act() {
    ++actions_;
    const int choice = pick(0, 99);
    const Kind kind = choice < 70   ? kSlider
                      : choice < 76 ? kIntegration
                      : choice < 80 ? kRunMode
                      : choice < 84 ? kPlay
                      : choice < 88 ? kStep
                      : choice < 92 ? kReset
                      : choice < 95 ? (pick(0, 1) ? kNewDraw : kSynchronise)
                                    : kFile;
    ++kind_counts_[kind];
    switch (kind) {
      case kSlider:
        move_slider();
        break;
      case kIntegration:
        toggle(window_.parameterPanel()->integrationBox());
        break;
      case kRunMode:
        toggle(window_.parameterPanel()->runModeBox());
        break;
      case kPlay:
        window_.liveControls()->playAction()->trigger();
        break;
      case kStep:
        window_.liveControls()->stepAction()->trigger();
        break;
      case kReset:
        window_.liveControls()->resetAction()->trigger();
        break;
      case kNewDraw:
        window_.parameterPanel()->newDrawAction()->trigger();
        break;
      case kSynchronise:
        window_.parameterPanel()->synchroniseAction()->trigger();
        break;
      case kFile:
        save_and_load();
        break;
    }
  }

  bool every_kind_happened() const {
    return std::all_of(kind_counts_.begin(), kind_counts_.end(), [](long n) { return n > 0; });
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
  std::array<long, kKinds> kind_counts_{};
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
  struct Memory {
    double resident_mb;
    double heap_mb;
  };
  const auto memory_in_start_state = [&] {
    user.restore(start);
    settled = settle(window, 60'000) && settled;
    release_sanitizer_caches();
    std::vector<double> resident;
    std::vector<double> heap;
    for (int i = 0; i < 10; ++i) {
      drive(nullptr, 1000);
      resident.push_back(resident_mb());
      heap.push_back(heap_figures().in_use_mb);
    }
    return Memory{median(resident), median(heap)};
  };
  // The warm-up lasts at least a minute, until every kind of action has happened (whatever each
  // allocates for good is then there) and the allocator's footprint has set no new high for a
  // minute: under ASan the shadow memory of the allocator's regions follows that high-water mark
  // and is never given back (21 -> 29 MB in a 10-minute run, most of it in the first
  // 5 minutes). At most half the run.
  const int warm_up_min_s = std::min(60, total_s / 10);
  int warm_up_s = 0;
  int footprint_high_at_s = 0;
  double footprint_high_mb = 0.0;
  while (warm_up_s < total_s / 2 && (warm_up_s < warm_up_min_s || !user.every_kind_happened() ||
                                     warm_up_s - footprint_high_at_s < warm_up_min_s)) {
    drive(&user, 1000);
    ++warm_up_s;
    if (const double footprint = heap_figures().footprint_mb; footprint > footprint_high_mb) {
      footprint_high_mb = footprint;
      footprint_high_at_s = warm_up_s;
    }
  }
  const Memory start_memory = memory_in_start_state();
  const double rss_start = start_memory.resident_mb;
  std::printf("soak start state after a %d s warm-up: heap_mb=%.1f rss_mb=%.1f\n", warm_up_s,
              start_memory.heap_mb, rss_start);
  std::fflush(stdout);
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
  const Memory end_memory = memory_in_start_state();
  const double rss_end = end_memory.resident_mb;
  std::printf(
      "soak seconds=%d seed=%llu actions=%ld frames=%d file_mismatches=%ld rss_first_frame_mb=%.1f "
      "rss_min_mb=%.1f rss_max_mb=%.1f heap_start_mb=%.1f heap_end_mb=%.1f rss_start_mb=%.1f "
      "rss_end_mb=%.1f growth_pct=%.2f (start state after a %d s warm-up and at the end)\n",
      total_s, static_cast<unsigned long long>(seed), user.actions(), frames,
      user.file_mismatches(), rss_first_frame, rss_min, rss_max, start_memory.heap_mb,
      end_memory.heap_mb, rss_start, rss_end, 100.0 * (rss_end - rss_start) / rss_start, warm_up_s);
  if (!settled) {
    std::fprintf(stderr, "spikescope: the window stopped showing the newest request\n");
    return 1;
  }
  return user.file_mismatches() == 0 ? 0 : 1;
}

}  // namespace spikescope
