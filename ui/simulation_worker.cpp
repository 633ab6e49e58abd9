#include "simulation_worker.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/parameter_error.h"
#include "experiment/notebook_network.h"
#include "model/model_registry.h"
#include "snapshot_builder.h"
#include "record/trace_reduction.h"
#include "run/trial.h"

namespace spikescope {
namespace {

constexpr qint64 kNsPerMs = 1'000'000;
// Live mode records the raster in this many rows (at most) and pools them to the plot's height
// per frame, so that resizing the window does not restart the run.
constexpr std::uint32_t kLiveRasterRows = 1024;
// A pooled raster (trial or live window) may take at most this many counts (4 bytes each).
constexpr std::int64_t kMaxTrialRasterCells = std::int64_t{16} << 20;

// Everything a trial's picture depends on.
bool same_trial(const SimulationRequest& a, const SimulationRequest& b) {
  Experiment x = a.experiment;
  Experiment y = b.experiment;
  x.view.live_speed = y.view.live_speed;
  x.view.live_window_ms = y.view.live_window_ms;
  x.name = y.name;
  x.notes = y.notes;
  return x == y && a.geometry == b.geometry && a.sharing == b.sharing;
}

// Changes that a running live network cannot absorb even through Network::update: it has to
// be built anew.
bool needs_new_network(const SimulationRequest& a, const SimulationRequest& b) {
  const Experiment& x = a.experiment;
  const Experiment& y = b.experiment;
  return x.view.live_window_ms != y.view.live_window_ms || x.view.run_mode != y.view.run_mode ||
         x.network.populations.size() != y.network.populations.size() ||
         x.network.populations.front().size != y.network.populations.front().size ||
         a.sharing != b.sharing;
}

// Steps the shown neuron is held after a spike (LIF: floor(t_ref/dt)); 0 for other models.
std::int64_t refractory_steps(const Experiment& e) {
  if (e.network.populations.front().model != "lif") return 0;
  const double refractory = lif_value(e, kLifRefractory);
  if (!std::isfinite(refractory)) return 0;
  return static_cast<std::int64_t>(std::floor(refractory / e.network.dt_ms));
}

std::int64_t window_steps(const Experiment& e) {
  return std::max<std::int64_t>(
      2, static_cast<std::int64_t>(std::ceil(e.view.live_window_ms / e.network.dt_ms)));
}

RecordingConfig recording_for(const Experiment& e, std::uint32_t raster_rows,
                              std::size_t capacity_steps) {
  RecordingConfig recording;
  recording.probes = {Probe{0, e.view.selected_neuron, 0}};
  if (e.network.populations.size() > 1) recording.probes.push_back(Probe{1, 0, 0});
  recording.capacity_steps = capacity_steps;
  recording.raster_population = 0;
  recording.raster_rows = raster_rows;
  return recording;
}

SnapshotRequest snapshot_request(const Experiment& e, const PlotGeometry& geometry,
                                 const std::vector<std::int32_t>& onsets) {
  SnapshotRequest request;
  request.geometry = geometry;
  request.dt_ms = e.network.dt_ms;
  request.threshold_v = e.network.populations.front().model == "lif"
                            ? lif_value(e, kLifThreshold)
                            : std::numeric_limits<double>::quiet_NaN();
  request.refractory_steps = refractory_steps(e);
  // The probes watch state variable 0 of their model: its unit labels the Vm plots.
  const auto unit_of = [&](std::size_t p) {
    const ModelDescriptor* model =
        p < e.network.populations.size() ? find_model(e.network.populations[p].model) : nullptr;
    return model != nullptr && !model->state.empty() ? std::string(model->state[0].unit)
                                                     : std::string("V");
  };
  request.layer0_unit = unit_of(0);
  request.layer1_unit = unit_of(1);
  request.selected_neuron = e.view.selected_neuron;
  request.layer0_probe = 0;
  if (e.network.populations.size() > 1) request.layer1_probe = 1;
  request.layer0_size = static_cast<std::uint32_t>(e.network.populations.front().size);
  request.onset_steps = onsets.empty() ? nullptr : &onsets;
  return request;
}

// The whole trial's axes and bins, so that a partial frame shows the finished part exactly as
// the complete one will.
SnapshotRequest trial_frame(const Experiment& e, const PlotGeometry& geometry,
                            const std::vector<std::int32_t>& onsets) {
  SnapshotRequest frame = snapshot_request(e, geometry, onsets);
  frame.first_step = 0;
  frame.end_step = e.steps + 1;
  frame.bin_steps = bin_steps_for(frame.end_step, geometry.columns);
  frame.start_ms = 0.0;
  frame.end_ms = static_cast<double>(e.steps) * e.network.dt_ms;
  return frame;
}

}  // namespace

SimulationWorker::SimulationWorker(RequestBox& inbox, SnapshotBox& outbox,
                                   WorkerStatistics& statistics)
    : inbox_(inbox), outbox_(outbox), statistics_(statistics), live_timer_(new QTimer(this)) {
  live_timer_->setTimerType(Qt::PreciseTimer);
  connect(live_timer_, &QTimer::timeout, this, &SimulationWorker::liveTick);
  wall_clock_.start();
}

SimulationWorker::~SimulationWorker() = default;

void SimulationWorker::wake() {
  drainInbox();
  runTrials();
}

void SimulationWorker::drainInbox() {
  while (auto request = inbox_.take()) apply(std::move(*request));
}

void SimulationWorker::apply(SimulationRequest request) {
  if (request.quit) {
    quitting_ = true;
    live_timer_->stop();
    network_.reset();
    return;
  }
  if (quitting_) return;
  try {
    validate(request.experiment);
  } catch (const ParameterError& error) {
    emit requestRefused(QString::fromStdString(error.what()), request.generation);
    return;
  }
  const std::optional<SimulationRequest> previous = std::move(current_);
  current_ = std::move(request);
  if (current_->experiment.view.run_mode == RunMode::kTrial) {
    live_timer_->stop();
    network_.reset();
    if (!previous || !same_trial(*previous, *current_) || trial_pending_) {
      trial_pending_ = true;
    } else if (last_trial_) {
      // Nothing the picture depends on changed: show the same frame for the new request.
      auto same = std::make_shared<PlotSnapshot>(*last_trial_);
      same->generation = current_->generation;
      last_trial_ = same;
      post(std::move(same));
    }
    return;
  }
  trial_pending_ = false;
  try {
    applyLive(previous, *current_);
  } catch (const std::exception& error) {
    // validate() passed, so only a probe, a recording or memory could fail; start afresh.
    emit requestRefused(QString::fromStdString(error.what()), current_->generation);
    network_.reset();
  }
}

void SimulationWorker::runTrials() {
  while (current_ && trial_pending_ && !quitting_) {
    const SimulationRequest request = *current_;
    std::shared_ptr<const PlotSnapshot> snapshot;
    try {
      snapshot = runTrial(request);
    } catch (const std::exception& error) {  // e.g. out of memory: refuse, keep running
      emit requestRefused(QString::fromStdString(error.what()), request.generation);
      trial_pending_ = false;
      return;
    }
    if (!snapshot) {  // abandoned for a newer request
      drainInbox();
      continue;
    }
    trial_pending_ = false;
    last_trial_ = snapshot;
    post(std::move(snapshot));
    drainInbox();
  }
}

std::shared_ptr<const PlotSnapshot> SimulationWorker::runTrial(const SimulationRequest& request) {
  const Experiment& e = request.experiment;
  QElapsedTimer timer;
  timer.start();
  const std::vector<std::int32_t> onsets = resolve_notebook_onsets(e);
  RecordingConfig recording = recording_for(e, request.geometry.raster_rows, 0);
  const std::int64_t rows_fitting = std::max<std::int64_t>(1, kMaxTrialRasterCells / (e.steps + 1));
  recording.raster_rows =
      static_cast<std::uint32_t>(std::min<std::int64_t>(recording.raster_rows, rows_fitting));
  statistics_.trials_started.fetch_add(1, std::memory_order_relaxed);
  SnapshotRequest frame = trial_frame(e, request.geometry, onsets);
  const std::uint64_t history = ++history_;
  auto frame_of = [&](const Recorder& recorder, std::int64_t steps_done) {
    SnapshotRequest shown = frame;
    shown.end_step = steps_done + 1;
    auto snapshot = std::make_shared<PlotSnapshot>(build_snapshot(recorder, shown));
    snapshot->generation = request.generation;
    snapshot->run_mode = RunMode::kTrial;
    snapshot->trial_complete = steps_done == e.steps;
    snapshot->history = history;
    snapshot->iteration = steps_done;
    snapshot->simulated_ms = static_cast<double>(steps_done) * e.network.dt_ms;
    return snapshot;
  };
  // A long trial is shown as it fills in, at most every kPartialFrameIntervalMs, through the
  // same latest-wins outbox as every frame.
  qint64 last_partial_ms = 0;
  auto show_progress = [&](const Recorder& recorder, std::int64_t steps_done) {
    if (timer.elapsed() - last_partial_ms < kPartialFrameIntervalMs) return;
    if (inbox_.pending().load(std::memory_order_relaxed)) return;  // about to be abandoned
    auto partial = frame_of(recorder, steps_done);
    const double seconds = static_cast<double>(std::max<qint64>(1, timer.nsecsElapsed())) * 1e-9;
    partial->steps_per_second = static_cast<double>(steps_done) / seconds;
    post(std::move(partial));
    last_partial_ms = timer.elapsed();
  };
  const TrialResult result = run_trial(e.network, e.steps, recording,
                                       EngineOptions{0, request.sharing}, &inbox_.pending(),
                                       show_progress);
  if (!result.completed) {
    statistics_.trials_abandoned.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  statistics_.trials_completed.fetch_add(1, std::memory_order_relaxed);
  auto snapshot = frame_of(result.recorder, e.steps);
  snapshot->layer0_neurons = e.network.populations.front().size;
  snapshot->layer0_trajectories = result.trajectories.front();
  const double seconds = static_cast<double>(std::max<qint64>(1, timer.nsecsElapsed())) * 1e-9;
  snapshot->steps_per_second = static_cast<double>(e.steps) / seconds;
  return snapshot;
}

void SimulationWorker::applyLive(const std::optional<SimulationRequest>& previous,
                                 const SimulationRequest& next) {
  const Experiment& e = next.experiment;
  if (!network_ || !previous || needs_new_network(*previous, next)) {
    buildLiveNetwork();
  } else {
    const Experiment& before = previous->experiment;
    // Parameters, weights and inputs go in at the next step, the state kept; a change of
    // structure needs a new network.
    if (e.network != before.network) {
      if (network_->update(e.network)) {
        onsets_ = resolve_notebook_onsets(e);
      } else {
        buildLiveNetwork();
      }
    }
    if (e.view.selected_neuron != before.view.selected_neuron) {
      network_->set_probe_neuron(0, e.view.selected_neuron);
      probe_valid_from_ = network_->recorder().end_step();
      ++history_;
    }
    if (next.live.resets != previous->live.resets) {
      network_->reset();
      probe_valid_from_ = 0;
      ++history_;
    }
  }
  const std::uint64_t done = previous ? previous->live.single_steps : next.live.single_steps;
  if (next.live.single_steps > done) {
    network_->advance(static_cast<std::int64_t>(next.live.single_steps - done));
  }
  if (next.live.playing) {
    if (!live_timer_->isActive()) {
      last_tick_ns_ = wall_clock_.nsecsElapsed();
      owed_steps_ = 0.0;
    }
    live_timer_->start(e.view.live_speed == 0.0 ? 0 : 2);
  } else {
    live_timer_->stop();
    steps_per_second_ = 0.0;
  }
  publishLive();
}

void SimulationWorker::buildLiveNetwork() {
  const Experiment& e = current_->experiment;
  onsets_ = resolve_notebook_onsets(e);
  // One bin more than the window: the first bin shown starts up to a bin before the window.
  const std::int64_t window = window_steps(e);
  const auto capacity = static_cast<std::size_t>(window + window / 100 + 2);
  const auto rows = static_cast<std::uint32_t>(std::clamp<std::int64_t>(
      kMaxTrialRasterCells / static_cast<std::int64_t>(capacity), 1, kLiveRasterRows));
  network_ = std::make_unique<Network>(e.network, recording_for(e, rows, capacity),
                                       EngineOptions{0, current_->sharing});
  statistics_.network_builds.fetch_add(1, std::memory_order_relaxed);
  probe_valid_from_ = 0;
  owed_steps_ = 0.0;
  ++history_;
}

void SimulationWorker::liveTick() {
  if (!network_ || !current_ || !current_->live.playing) return;
  const Experiment& e = current_->experiment;
  const qint64 now = wall_clock_.nsecsElapsed();
  const double elapsed_s = static_cast<double>(now - last_tick_ns_) * 1e-9;
  last_tick_ns_ = now;
  // At most ~10 ms of computing per tick, so that new requests are seen promptly, and no more
  // than fits before the next frame is due, so that frames keep their pace.
  const qint64 frame_due_ns = last_frame_ns_ + kFrameIntervalMs * kNsPerMs - now;
  const double budget_s = std::clamp(static_cast<double>(frame_due_ns) * 1e-9, 0.002, 0.010);
  const double most = std::max(1.0, compute_rate_ * budget_s);
  double steps = 0.0;
  if (e.view.live_speed == 0.0) {
    steps = most;
  } else {
    owed_steps_ += elapsed_s * 1000.0 * e.view.live_speed / e.network.dt_ms;
    owed_steps_ = std::min(owed_steps_, 5.0 * most);  // a machine too slow falls behind, no more
    steps = std::min(std::floor(owed_steps_), most);
    owed_steps_ -= steps;
  }
  if (steps >= 1.0) {
    QElapsedTimer compute;
    compute.start();
    network_->advance(static_cast<std::int64_t>(steps));
    const double seconds =
        static_cast<double>(std::max<qint64>(1000, compute.nsecsElapsed())) * 1e-9;
    compute_rate_ = 0.8 * compute_rate_ + 0.2 * (steps / seconds);
    rate_steps_ += static_cast<std::int64_t>(steps);
  }
  if (now - rate_since_ns_ >= 500 * kNsPerMs) {
    steps_per_second_ =
        static_cast<double>(rate_steps_) * 1e9 / static_cast<double>(now - rate_since_ns_);
    rate_steps_ = 0;
    rate_since_ns_ = now;
  }
  // A frame when one is due and there is something new to show (slow motion runs many ticks
  // without a step).
  if (network_->iteration() != last_frame_iteration_ &&
      wall_clock_.nsecsElapsed() - last_frame_ns_ >= kFrameIntervalMs * kNsPerMs) {
    publishLive();
  }
}

void SimulationWorker::publishLive() {
  if (!network_ || !current_) return;
  last_frame_ns_ = wall_clock_.nsecsElapsed();
  last_frame_iteration_ = network_->iteration();
  const Experiment& e = current_->experiment;
  const Recorder& recorder = network_->recorder();
  const std::int64_t window = window_steps(e);
  const std::int64_t end = recorder.end_step();
  // Bins fixed by the window and aligned to absolute steps: finished bins never change while
  // the window scrolls, so the plots append instead of redrawing.
  const std::size_t bin = bin_steps_for(window, current_->geometry.columns);
  const auto bin64 = static_cast<std::int64_t>(bin);
  const std::int64_t window_first = std::max<std::int64_t>(0, end - window);
  SnapshotRequest frame = snapshot_request(e, current_->geometry, onsets_);
  frame.first_step = window_first / bin64 * bin64;
  frame.end_step = end;
  frame.bin_steps = bin;
  frame.start_ms = static_cast<double>(window_first) * e.network.dt_ms;
  frame.end_ms = static_cast<double>(window_first + window) * e.network.dt_ms;
  frame.layer0_probe_valid_from = probe_valid_from_;
  if (density_history_ != history_) {  // a new run or a reset: pooled bins are void
    density_.forget();
    density_history_ = history_;
  }
  frame.density = &density_;
  auto snapshot = std::make_shared<PlotSnapshot>(build_snapshot(recorder, frame));
  snapshot->generation = current_->generation;
  snapshot->run_mode = RunMode::kLive;
  snapshot->history = history_;
  snapshot->iteration = network_->iteration();
  snapshot->simulated_ms = static_cast<double>(network_->iteration()) * e.network.dt_ms;
  snapshot->steps_per_second = steps_per_second_;
  snapshot->layer0_neurons = e.network.populations.front().size;
  snapshot->layer0_trajectories = network_->trajectories(0);
  post(std::move(snapshot));
}

void SimulationWorker::post(std::shared_ptr<const PlotSnapshot> snapshot) {
  if (outbox_.post(std::move(snapshot))) emit snapshotPosted();
}

}  // namespace spikescope
