#include "main_window.h"

#include <algorithm>

#include <QApplication>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

#include "about.h"
#include "experiment_document.h"
#include "live_controls_panel.h"
#include "common/parameter_error.h"
#include "network/validate_network.h"
#include "parameter_panel.h"
#include "plot_panel.h"
#include "simulation_session.h"

namespace spikescope {

MainWindow::MainWindow(const Experiment& experiment, QWidget* parent)
    : QMainWindow(parent),
      session_(new SimulationSession(this)),
      parameters_(new ParameterPanel),
      live_controls_(new LiveControlsPanel),
      plots_(new PlotPanel),
      stability_banner_(new QLabel),
      time_label_(new QLabel),
      speed_label_(new QLabel),
      fps_label_(new QLabel),
      latency_label_(new QLabel) {
  setWindowTitle(tr("Spikescope"));

  // Left: what the user sets (parameters, then the live transport); right: what it does.
  auto* controls = new QWidget;
  auto* controls_layout = new QVBoxLayout(controls);
  controls_layout->setContentsMargins(0, 0, 0, 0);
  controls_layout->addWidget(parameters_);
  auto* live_box = new QGroupBox(tr("Live mode"));
  auto* live_layout = new QVBoxLayout(live_box);
  live_layout->setContentsMargins(4, 4, 4, 4);
  live_layout->addWidget(live_controls_);
  controls_layout->addWidget(live_box);
  controls_layout->addStretch(1);
  auto* scroll = new QScrollArea;
  scroll->setWidget(controls);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumWidth(controls->minimumSizeHint().width() + 20);
  stability_banner_->setObjectName("stabilityBanner");
  stability_banner_->setWordWrap(true);
  stability_banner_->setStyleSheet(
      "QLabel { background: #fff3cd; color: #664d03; border: 1px solid #e0b000; padding: 4px; }");
  stability_banner_->hide();
  auto* plot_side = new QWidget;
  auto* plot_layout = new QVBoxLayout(plot_side);
  plot_layout->setContentsMargins(0, 0, 0, 0);
  plot_layout->setSpacing(2);
  plot_layout->addWidget(stability_banner_);
  plot_layout->addWidget(plots_, 1);
  auto* splitter = new QSplitter;
  splitter->addWidget(scroll);
  splitter->addWidget(plot_side);
  splitter->setStretchFactor(1, 1);
  splitter->setChildrenCollapsible(false);
  setCentralWidget(splitter);

  // Wide enough for their longest texts, so that the bar does not jitter as numbers change.
  const QFontMetrics metrics = fontMetrics();
  time_label_->setMinimumWidth(metrics.horizontalAdvance("t = 00000000.0 ms"));
  speed_label_->setMinimumWidth(metrics.horizontalAdvance("0.00e+00 steps/s"));
  fps_label_->setMinimumWidth(metrics.horizontalAdvance("000.0 fps"));
  latency_label_->setMinimumWidth(metrics.horizontalAdvance("latency 00000.0 ms"));
  for (QLabel* label : {time_label_, speed_label_, fps_label_, latency_label_}) {
    statusBar()->addPermanentWidget(label);
  }
  time_label_->setToolTip(tr("Simulated time"));
  speed_label_->setToolTip(tr("Simulation steps per wall-clock second."));
  speed_label_->setObjectName("speedLabel");
  fps_label_->setToolTip(tr("Plot frames drawn per second"));
  latency_label_->setToolTip(tr("From the last parameter change to the redrawn plots"));
  create_classroom_parts(experiment);
  create_menus();

  connect(parameters_, &ParameterPanel::experimentEdited, this, &MainWindow::experiment_edited);
  connect(live_controls_, &LiveControlsPanel::playingChanged, session_,
          &SimulationSession::setPlaying);
  connect(live_controls_, &LiveControlsPanel::stepRequested, session_,
          &SimulationSession::singleStep);
  connect(live_controls_, &LiveControlsPanel::resetRequested, session_,
          &SimulationSession::resetLive);
  connect(live_controls_, &LiveControlsPanel::speedChanged, this, [this](double speed) {
    Experiment e = parameters_->experiment();
    e.view.live_speed = speed;
    parameters_->setExperiment(e);
    experiment_edited(e);
  });
  connect(plots_, &PlotPanel::neuronSelected, this, [this](std::uint32_t neuron) {
    Experiment e = parameters_->experiment();
    e.view.selected_neuron = neuron;
    parameters_->setExperiment(e);
    experiment_edited(e);
  });
  connect(plots_, &PlotPanel::geometryChanged, session_, &SimulationSession::setGeometry);
  connect(session_, &SimulationSession::snapshotReady, plots_, &PlotPanel::showSnapshot);
  connect(plots_, &PlotPanel::frameShown, this, &MainWindow::frame_shown);
  connect(session_, &SimulationSession::requestRefused, this,
          [this](const QString& message) { statusBar()->showMessage(message, 10000); });

  auto* rate_timer = new QTimer(this);
  connect(rate_timer, &QTimer::timeout, this, &MainWindow::update_rates);
  rate_timer->start(500);
  rate_clock_.start();

  resize(1400, 900);
  session_->setGeometry(plots_->plotGeometry());
  show_experiment(experiment);
}

MainWindow::~MainWindow() = default;

void MainWindow::create_menus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  create_file_menu(file);
  QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* simulation = menuBar()->addMenu(tr("&Simulation"));
  simulation->addAction(live_controls_->playAction());
  simulation->addAction(live_controls_->stepAction());
  simulation->addAction(live_controls_->resetAction());
  simulation->addSeparator();
  QAction* faster = simulation->addAction(tr("&Faster"), this, [this] {
    const double speed = live_controls_->speed();
    if (speed != 0.0) live_controls_->speedSlider()->spinBox()->setValue(speed * 2.0);
  });
  faster->setShortcut(Qt::Key_Plus);
  QAction* slower = simulation->addAction(tr("S&lower"), this, [this] {
    const double speed = live_controls_->speed();
    if (speed != 0.0) live_controls_->speedSlider()->spinBox()->setValue(speed / 2.0);
  });
  slower->setShortcut(Qt::Key_Minus);
  simulation->addSeparator();
  QAction* trial = simulation->addAction(tr("&Trial mode"), this, [this] {
    parameters_->runModeBox()->setCurrentIndex(int(RunMode::kTrial));
  });
  trial->setShortcut(Qt::CTRL | Qt::Key_T);
  QAction* live = simulation->addAction(tr("L&ive mode"), this, [this] {
    parameters_->runModeBox()->setCurrentIndex(int(RunMode::kLive));
  });
  live->setShortcut(Qt::CTRL | Qt::Key_L);

  QMenu* stimulus = menuBar()->addMenu(tr("S&timulus"));
  stimulus->addAction(parameters_->synchroniseAction());
  stimulus->addAction(parameters_->newDrawAction());

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About Spikescope"), this,
                  [this] { QMessageBox::about(this, tr("About Spikescope"), about_html()); });
  // The actions must work wherever the focus is in the window, also with no menu open.
  for (QMenu* menu : {file, simulation, stimulus, help}) addActions(menu->actions());
  create_classroom_menus();
}

void MainWindow::setExperiment(const Experiment& experiment) {
  document_->reset(experiment);
}

void MainWindow::show_experiment(const Experiment& experiment) {
  show_experiment_extras(experiment);
  parameters_->setExperiment(experiment);
  live_controls_->setSpeed(experiment.view.live_speed);
  live_controls_->setPlaying(session_->liveCommands().playing);
  show_run_mode(experiment.view.run_mode);
  show_stability_warning(experiment);
  since_change_.start();
  session_->setExperiment(experiment);
  awaited_generation_ = session_->generation();
}

void MainWindow::experiment_edited(const Experiment& experiment) {
  try {
    validate(experiment);
  } catch (const ParameterError& error) {
    statusBar()->showMessage(QString::fromStdString(error.what()), 10000);
    return;
  }
  statusBar()->clearMessage();
  document_->recordEdit(experiment, drag_group_);
  show_experiment_extras(experiment);
  show_run_mode(experiment.view.run_mode);
  show_stability_warning(experiment);
  since_change_.start();
  session_->setExperiment(experiment);
  awaited_generation_ = session_->generation();
}

void MainWindow::show_run_mode(RunMode mode) {
  live_controls_->setEnabled(mode == RunMode::kLive);
}

void MainWindow::show_stability_warning(const Experiment& experiment) {
  // Every population's method warnings at this dt (forward Euler oscillating, ...), as the
  // core words them.
  std::string warning;
  try {
    for (const ResolvedPopulation& population : resolve_network(experiment.network).populations) {
      for (const std::string& text : population.warnings) {
        warning += (warning.empty() ? "" : " ") + text;
      }
    }
  } catch (const ParameterError&) {
    // The worker refuses an invalid experiment with its own message.
  }
  stability_banner_->setText(tr("Warning: %1").arg(QString::fromStdString(warning)));
  stability_banner_->setVisible(!warning.empty());
}

void MainWindow::frame_shown(quint64 generation) {
  ++frames_;
  const auto& shown = plots_->shownSnapshot();
  // A running trial's partial frames show progress; the change is answered by the whole trial.
  const bool answers_change = !shown || shown->run_mode == RunMode::kLive || shown->trial_complete;
  if (awaited_generation_ != 0 && generation >= awaited_generation_ && answers_change) {
    last_latency_ms_ = static_cast<double>(since_change_.nsecsElapsed()) * 1e-6;
    awaited_generation_ = 0;
    latency_label_->setText(tr("latency %1 ms").arg(last_latency_ms_, 0, 'f', 1));
    emit latencyMeasured(last_latency_ms_);
  }
  if (shown) {
    live_controls_->setSimulatedTime(shown->simulated_ms);
    const bool running_trial = shown->run_mode == RunMode::kTrial && !shown->trial_complete;
    const double end_ms = std::max(shown->end_ms, shown->dt_ms);
    time_label_->setText(running_trial
                             ? tr("t = %1 ms (trial %2%)")
                                   .arg(shown->simulated_ms, 0, 'f', 1)
                                   .arg(static_cast<int>(100.0 * shown->simulated_ms / end_ms))
                             : tr("t = %1 ms").arg(shown->simulated_ms, 0, 'f', 1));
    speed_label_->setText(tr("%1 steps/s").arg(shown->steps_per_second, 0, 'g', 3));
    if (shown->layer0_trajectories != 0) speed_label_->setToolTip(speed_tooltip(*shown));
  }
}

QString MainWindow::speed_tooltip(const PlotSnapshot& shown) const {
  const QString speed = tr("Simulation steps per wall-clock second.");
  if (shown.layer0_trajectories >= shown.layer0_neurons) return speed;
  return speed + "\n" +
         tr("Layer 0: neurons with the same onset are identical, so its %L1 neurons follow %L2 "
            "distinct trajectories, each simulated once.")
             .arg(shown.layer0_neurons)
             .arg(shown.layer0_trajectories);
}

void MainWindow::update_rates() {
  const double seconds = static_cast<double>(rate_clock_.restart()) * 1e-3;
  if (seconds <= 0.0) return;
  fps_label_->setText(tr("%1 fps").arg(frames_ / seconds, 0, 'f', 1));
  frames_ = 0;
}

}  // namespace spikescope
