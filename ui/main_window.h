#pragma once
// The window: composes the parameter panel, the live controls, the plots and the equation panel
// around a SimulationSession and an ExperimentDocument, puts every action into a menu, and
// reports speed and latency in the status bar. It forwards; it does not simulate. Files,
// presets, themes and the saved session are in main_window_classroom.cpp, export in
// main_window_export.cpp.
#include <QElapsedTimer>
#include <QLabel>
#include <QMainWindow>
#include <QMessageBox>
#include <memory>
#include <vector>

#include "data_export.h"
#include "experiment/experiment.h"
#include "experiment/seed_experiment.h"
#include "figure_export.h"
#include "plot_snapshot.h"
#include "presets.h"
#include "theme.h"

class QActionGroup;
class QCustomPlot;
class QDockWidget;
class QMenu;
class QSettings;

namespace spikescope {

class EquationPanel;
class ExperimentDocument;
class LiveControlsPanel;
class ParameterPanel;
class PlotPanel;
class SimulationSession;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(const Experiment& experiment = seed_experiment(), QWidget* parent = nullptr);
  ~MainWindow() override;

  SimulationSession& session() const { return *session_; }
  ParameterPanel* parameterPanel() const { return parameters_; }
  LiveControlsPanel* liveControls() const { return live_controls_; }
  PlotPanel* plotPanel() const { return plots_; }
  EquationPanel* equationPanel() const { return equation_; }
  ExperimentDocument& document() const { return *document_; }

  // Shows and runs `experiment` (validated by the caller) as a fresh document: no file, no
  // undo history.
  void setExperiment(const Experiment& experiment);

  // Files. Failures are shown (status bar and a non-blocking message box) and return false;
  // a failed open leaves the experiment as it was, a failed save leaves the old file intact.
  bool openFile(const QString& path);
  bool saveFile(const QString& path);
  const std::vector<Preset>& presets() const { return presets_; }
  // An undoable change to preset `index` (0-based; shortcut index + 1).
  void applyPreset(std::size_t index);

  // Export. `plot_index` -1 is all plots stacked, else an index into plotNames().
  QStringList plotNames() const;
  std::vector<QCustomPlot*> figurePlots(int plot_index) const;
  bool exportFigure(const QString& path, int plot_index, const FigureSize& size);
  // The data files run their trial on a pool thread, never on the GUI thread; exportFinished
  // tells the outcome. False if refused at once (nothing started).
  bool exportData(const QString& trace_csv_path);
  bool exportBundle(const QString& folder);
  void copyPlot(int plot_index);

  Theme theme() const { return theme_; }
  void setTheme(Theme theme);
  bool presentationMode() const { return presentation_; }
  void setPresentationMode(bool on);

  // Restores the last session from `settings` (the experiment only if `restore_experiment`) and
  // saves it there when the window closes. Damaged entries fall back to defaults, with a note
  // in the status bar.
  void restoreSession(QSettings* settings, bool restore_experiment);
  // Milliseconds from the last parameter change to the replot that showed it; < 0 if none yet.
  double lastLatencyMs() const { return last_latency_ms_; }

 signals:
  void latencyMeasured(double milliseconds);
  // An exportData or exportBundle has finished: what was written, or why it failed.
  void exportFinished(bool ok, const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  // Asked before unsaved changes would be lost: Save, Discard or Cancel.
  virtual QMessageBox::StandardButton askToSaveChanges();

 private:
  void create_menus();
  void create_classroom_parts(const Experiment& experiment);
  void create_file_menu(QMenu* file);
  void create_export_menu(QMenu* file);
  void create_classroom_menus();
  void show_experiment(const Experiment& experiment);
  void show_experiment_extras(const Experiment& experiment);
  bool save();
  bool save_as();
  bool maybe_save();
  void export_figure_dialog();
  void start_data_export(const DataExportPaths& paths, const QString& done_message);
  void save_session();
  void remember_recent_file(const QString& path);
  void update_recent_menu();
  void update_title();
  void report_error(const QString& title, const QString& message);
  void experiment_edited(const Experiment& experiment);
  void frame_shown(quint64 generation);
  void update_rates();
  QString speed_tooltip(const PlotSnapshot& shown) const;
  void show_run_mode(RunMode mode);
  // Notebook mode with dt/tau_m > 1 draws forward Euler's oscillation or blow-up: say so above
  // the plots rather than let it pass for the neuron's behaviour.
  void show_stability_warning(const Experiment& experiment);

  SimulationSession* session_;
  ParameterPanel* parameters_;
  LiveControlsPanel* live_controls_;
  PlotPanel* plots_;
  QLabel* stability_banner_;
  QLabel* time_label_;
  QLabel* speed_label_;
  QLabel* fps_label_;
  QLabel* latency_label_;

  ExperimentDocument* document_ = nullptr;
  EquationPanel* equation_ = nullptr;
  QDockWidget* equation_dock_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  QAction* presentation_action_ = nullptr;
  QActionGroup* theme_actions_ = nullptr;
  std::vector<Preset> presets_;
  QStringList recent_files_;
  QSettings* settings_ = nullptr;
  QFont base_font_;
  Theme theme_ = Theme::kSystem;
  bool presentation_ = false;
  bool was_maximized_ = false;
  quint64 drag_group_ = 0;  // non-zero while a slider is dragged
  quint64 drags_ = 0;

  QElapsedTimer since_change_;
  quint64 awaited_generation_ = 0;  // the change being timed; 0 = none
  double last_latency_ms_ = -1.0;
  int frames_ = 0;
  QElapsedTimer rate_clock_;
};

}  // namespace spikescope
