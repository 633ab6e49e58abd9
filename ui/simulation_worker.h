#pragma once
// The simulation side of the Mandelbrot pattern. Lives on its own QThread and owns the Network.
// At every chunk boundary it looks in the inbox for the newest request; a trial made obsolete by
// a newer request is abandoned mid-way (the inbox's pending flag is run_trial's cancel flag).
// Finished frames go to the outbox, replacing one the GUI has not taken yet; the GUI is told by
// a queued signal only when the outbox was empty, so a slow GUI costs the worker nothing.
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>
#include <memory>
#include <optional>

#include "common/latest_mailbox.h"
#include "network/network.h"
#include "plot_snapshot.h"
#include "record/scrolling_density.h"
#include "simulation_request.h"

namespace spikescope {

using RequestBox = LatestMailbox<SimulationRequest>;
using SnapshotBox = LatestMailbox<std::shared_ptr<const PlotSnapshot>>;

class SimulationWorker : public QObject {
  Q_OBJECT

 public:
  SimulationWorker(RequestBox& inbox, SnapshotBox& outbox, WorkerStatistics& statistics);
  ~SimulationWorker() override;

  // Live mode draws at most this often.
  static constexpr int kFrameIntervalMs = 16;
  // A running trial shows what it has at most this often (trial_complete false until the end).
  static constexpr int kPartialFrameIntervalMs = 100;

 public slots:
  // A request waits in the inbox.
  void wake();

 signals:
  // The outbox was empty and now holds a frame.
  void snapshotPosted();
  // The request could not be run (an invalid parameter set); the previous state is kept.
  void requestRefused(const QString& message, quint64 generation);

 private:
  void drainInbox();
  void apply(SimulationRequest request);
  void runTrials();
  // The finished trial's frame, or nullptr if a newer request made it obsolete.
  std::shared_ptr<const PlotSnapshot> runTrial(const SimulationRequest& request);
  void applyLive(const std::optional<SimulationRequest>& previous, const SimulationRequest& next);
  void buildLiveNetwork();
  void liveTick();
  void publishLive();
  void post(std::shared_ptr<const PlotSnapshot> snapshot);

  RequestBox& inbox_;
  SnapshotBox& outbox_;
  WorkerStatistics& statistics_;
  std::optional<SimulationRequest> current_;
  bool trial_pending_ = false;  // the current request's trial has not been shown yet
  bool quitting_ = false;
  std::shared_ptr<const PlotSnapshot> last_trial_;

  // Live mode.
  std::unique_ptr<Network> network_;
  std::vector<std::int32_t> onsets_;
  std::int64_t probe_valid_from_ = 0;
  std::uint64_t history_ = 0;  // see PlotSnapshot::history
  ScrollingDensity density_;
  std::uint64_t density_history_ = 0;
  QTimer* live_timer_;
  QElapsedTimer wall_clock_;
  qint64 last_tick_ns_ = 0;
  qint64 last_frame_ns_ = 0;
  std::int64_t last_frame_iteration_ = -1;
  double owed_steps_ = 0.0;
  double steps_per_second_ = 0.0;  // measured over recent ticks
  double compute_rate_ = 1e5;      // steps per second of compute, for sizing max-speed chunks
  std::int64_t rate_steps_ = 0;
  qint64 rate_since_ns_ = 0;
};

}  // namespace spikescope
