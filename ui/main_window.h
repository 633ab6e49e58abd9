#pragma once
// The window: composes the parameter panel, the live controls and the plots around a
// SimulationSession, puts every action into a menu, and reports speed and latency in the status
// bar. It forwards; it does not simulate.
#include <QElapsedTimer>
#include <QLabel>
#include <QMainWindow>
#include <memory>

#include "experiment.h"
#include "plot_snapshot.h"

namespace spikescope {

class LiveControlsPanel;
class ParameterPanel;
class PlotPanel;
class SimulationSession;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(const Experiment& experiment = Experiment{}, QWidget* parent = nullptr);
  ~MainWindow() override;

  SimulationSession& session() const { return *session_; }
  ParameterPanel* parameterPanel() const { return parameters_; }
  LiveControlsPanel* liveControls() const { return live_controls_; }
  PlotPanel* plotPanel() const { return plots_; }

  // Shows and runs `experiment` (validated by the caller).
  void setExperiment(const Experiment& experiment);
  // Milliseconds from the last parameter change to the replot that showed it; < 0 if none yet.
  double lastLatencyMs() const { return last_latency_ms_; }

 signals:
  void latencyMeasured(double milliseconds);

 private:
  void create_menus();
  void experiment_edited(const Experiment& experiment);
  void frame_shown(quint64 generation);
  void update_rates();
  void show_run_mode(RunMode mode);

  SimulationSession* session_;
  ParameterPanel* parameters_;
  LiveControlsPanel* live_controls_;
  PlotPanel* plots_;
  QLabel* time_label_;
  QLabel* speed_label_;
  QLabel* fps_label_;
  QLabel* latency_label_;

  QElapsedTimer since_change_;
  quint64 awaited_generation_ = 0;  // the change being timed; 0 = none
  double last_latency_ms_ = -1.0;
  int frames_ = 0;
  QElapsedTimer rate_clock_;
};

}  // namespace spikescope
