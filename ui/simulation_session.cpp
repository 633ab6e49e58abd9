#include "simulation_session.h"

namespace spikescope {

SimulationSession::SimulationSession(QObject* parent)
    : QObject(parent), worker_(new SimulationWorker(inbox_, outbox_, statistics_)) {
  thread_.setObjectName("spikescope simulation");
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &SimulationWorker::snapshotPosted, this, &SimulationSession::takeSnapshot,
          Qt::QueuedConnection);
  connect(worker_, &SimulationWorker::requestRefused, this, &SimulationSession::requestRefused,
          Qt::QueuedConnection);
  thread_.start();
}

SimulationSession::~SimulationSession() {
  // The quit request raises the inbox's pending flag, which also cancels a running trial.
  SimulationRequest quit;
  quit.quit = true;
  if (inbox_.post(std::move(quit))) {
    QMetaObject::invokeMethod(worker_, &SimulationWorker::wake, Qt::QueuedConnection);
  }
  thread_.quit();
  thread_.wait();
}

void SimulationSession::setExperiment(const Experiment& experiment) {
  request_.experiment = experiment;
  has_experiment_ = true;
  send();
}

void SimulationSession::setGeometry(const PlotGeometry& geometry) {
  if (geometry == request_.geometry) return;
  request_.geometry = geometry;
  send();
}

void SimulationSession::setPlaying(bool playing) {
  request_.live.playing = playing;
  send();
}

void SimulationSession::singleStep() {
  ++request_.live.single_steps;
  send();
}

void SimulationSession::resetLive() {
  ++request_.live.resets;
  send();
}

void SimulationSession::setNeuronSharing(NeuronSharing sharing) {
  if (sharing == request_.sharing) return;
  request_.sharing = sharing;
  send();
}

void SimulationSession::send() {
  // Until the window names an experiment, geometry and transport changes are only remembered:
  // otherwise the first trial would run on a default experiment that nobody asked for.
  if (!has_experiment_) return;
  ++request_.generation;
  if (inbox_.post(request_)) {
    QMetaObject::invokeMethod(worker_, &SimulationWorker::wake, Qt::QueuedConnection);
  }
}

void SimulationSession::takeSnapshot() {
  if (auto snapshot = outbox_.take()) emit snapshotReady(std::move(*snapshot));
}

}  // namespace spikescope
