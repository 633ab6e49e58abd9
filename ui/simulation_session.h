#pragma once
// The GUI thread's handle on the simulation: owns the worker thread and both mailboxes, turns
// the GUI's wishes into complete requests, and hands finished frames to the GUI as a signal.
// Every call returns at once; nothing here ever waits on the worker, except the destructor,
// which cancels any work first and so returns promptly.
#include <QObject>
#include <QThread>
#include <memory>

#include "plot_snapshot.h"
#include "simulation_request.h"
#include "simulation_worker.h"

namespace spikescope {

class SimulationSession : public QObject {
  Q_OBJECT

 public:
  explicit SimulationSession(QObject* parent = nullptr);
  ~SimulationSession() override;

  const Experiment& experiment() const { return request_.experiment; }
  const PlotGeometry& geometry() const { return request_.geometry; }
  const LiveCommands& liveCommands() const { return request_.live; }
  // The generation of the newest request sent to the worker.
  std::uint64_t generation() const { return request_.generation; }
  const WorkerStatistics& statistics() const { return statistics_; }

  // Each of these sends a request (the experiment must be valid: validate() first).
  void setExperiment(const Experiment& experiment);
  void setGeometry(const PlotGeometry& geometry);
  void setPlaying(bool playing);
  void singleStep();
  void resetLive();
  void setNeuronSharing(NeuronSharing sharing);

 signals:
  void snapshotReady(std::shared_ptr<const PlotSnapshot> snapshot);
  void requestRefused(const QString& message, quint64 generation);

 private slots:
  void takeSnapshot();

 private:
  void send();

  RequestBox inbox_;
  SnapshotBox outbox_;
  WorkerStatistics statistics_;
  SimulationRequest request_;
  bool has_experiment_ = false;
  QThread thread_;
  SimulationWorker* worker_;  // lives on thread_, deleted when it finishes
};

}  // namespace spikescope
