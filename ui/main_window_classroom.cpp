// MainWindow's document and classroom parts: files, presets, undo, themes, presentation mode
// and the saved session. Export is in main_window_export.cpp, the composition in main_window.cpp.
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMimeData>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>

#include "about.h"
#include "equation_panel.h"
#include "experiment_document.h"
#include "experiment/experiment_file.h"
#include "live_controls_panel.h"
#include "main_window.h"
#include "parameter_panel.h"
#include "plot_panel.h"
#include "session_settings.h"

namespace spikescope {
namespace {

const QString kExperimentFilter = QObject::tr("Spikescope experiments (*.json);;All files (*)");

}  // namespace

void MainWindow::create_classroom_parts(const Experiment& experiment) {
  document_ = new ExperimentDocument(experiment, this);
  connect(document_, &ExperimentDocument::experimentReplaced, this, &MainWindow::show_experiment);
  connect(document_, &ExperimentDocument::modifiedChanged, this, &MainWindow::setWindowModified);
  connect(document_, &ExperimentDocument::filePathChanged, this, &MainWindow::update_title);
  presets_ = builtin_presets();
  base_font_ = font();

  equation_ = new EquationPanel;
  auto* dock = new QDockWidget(tr("Equation and notes"), this);
  dock->setObjectName("equationDock");
  dock->setWidget(equation_);
  dock->setFeatures(QDockWidget::DockWidgetMovable);  // View > Equation and notes hides it
  addDockWidget(Qt::BottomDockWidgetArea, dock);
  equation_dock_ = dock;
  // Spare height goes to the plots, not to the notes below them.
  centralWidget()->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);

  // One slider drag is one undo step: edits between press and release share a merge group.
  std::vector<QSlider*> sliders{live_controls_->speedSlider()->slider()};
  for (const ParameterField field :
       {ParameterField::kThreshold, ParameterField::kResistance, ParameterField::kCapacitance,
        ParameterField::kRefractory, ParameterField::kAmplitude, ParameterField::kOnsetSpread,
        ParameterField::kLayer0Size}) {
    sliders.push_back(parameters_->slider(field)->slider());
  }
  for (QSlider* slider : sliders) {
    connect(slider, &QSlider::sliderPressed, this, [this] { drag_group_ = ++drags_; });
    connect(slider, &QSlider::sliderReleased, this, [this] { drag_group_ = 0; });
  }
  setAcceptDrops(true);
  update_title();
}

void MainWindow::create_file_menu(QMenu* file) {
  QAction* open = file->addAction(tr("&Open…"), this, [this] {
    if (!maybe_save()) return;
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open experiment"), QString(), kExperimentFilter);
    if (!path.isEmpty()) openFile(path);
  });
  open->setShortcut(QKeySequence::Open);
  open->setToolTip(tr("Open an experiment file"));
  recent_menu_ = file->addMenu(tr("Open &Recent"));
  update_recent_menu();
  QAction* save_action = file->addAction(tr("&Save"), this, [this] { save(); });
  save_action->setShortcut(QKeySequence::Save);
  QAction* save_as_action = file->addAction(tr("Save &As…"), this, [this] { save_as(); });
  save_as_action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
  file->addSeparator();
  create_export_menu(file);

  file->addSeparator();
}

void MainWindow::create_classroom_menus() {
  QMenu* edit = new QMenu(tr("&Edit"), this);
  menuBar()->insertMenu(menuBar()->actions().value(1), edit);
  QAction* undo = document_->undoStack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = document_->undoStack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcuts(
      {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
  edit->addAction(undo);
  edit->addAction(redo);

  QMenu* view = new QMenu(tr("&View"), this);
  menuBar()->insertMenu(menuBar()->actions().value(2), view);
  presentation_action_ = view->addAction(tr("&Presentation mode"));
  presentation_action_->setCheckable(true);
  presentation_action_->setShortcut(Qt::Key_F11);
  presentation_action_->setToolTip(tr("Full screen, large fonts, thick lines (F11)"));
  connect(presentation_action_, &QAction::toggled, this, &MainWindow::setPresentationMode);
  QMenu* themes = view->addMenu(tr("&Theme"));
  auto* theme_group = new QActionGroup(this);
  const std::pair<Theme, QString> theme_names[] = {{Theme::kSystem, tr("&System colours")},
                                                   {Theme::kLight, tr("High-contrast &light")},
                                                   {Theme::kDark, tr("High-contrast &dark")}};
  int key = Qt::Key_1;
  for (const auto& [theme, name] : theme_names) {
    QAction* action = themes->addAction(name, this, [this, theme = theme] { setTheme(theme); });
    action->setCheckable(true);
    action->setChecked(theme == theme_);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | key++));
    action->setData(static_cast<int>(theme));
    theme_group->addAction(action);
  }
  theme_actions_ = theme_group;
  view->addAction(equation_dock_->toggleViewAction());
  equation_dock_->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));

  QMenu* presets = new QMenu(tr("&Presets"), this);
  menuBar()->insertMenu(menuBar()->actions().value(menuBar()->actions().size() - 1), presets);
  for (std::size_t i = 0; i < presets_.size(); ++i) {
    const QString name = QString::fromStdString(presets_[i].experiment.name);
    QAction* action = presets->addAction(i < 9 ? QString("&%1 %2").arg(i + 1).arg(name) : name,
                                         this, [this, i] { applyPreset(i); });
    if (i < 9) action->setShortcut(QKeySequence(Qt::Key_1 + static_cast<int>(i)));
    action->setToolTip(QString::fromStdString(presets_[i].experiment.notes));
    addAction(action);
  }
  for (QMenu* menu : {edit, view, themes}) addActions(menu->actions());
}

void MainWindow::show_experiment_extras(const Experiment& experiment) {
  equation_->setExperiment(experiment);
}

bool MainWindow::openFile(const QString& path) {
  QStringList warnings;
  try {
    warnings = document_->open(path);
  } catch (const ParameterError& error) {
    report_error(tr("Cannot open the experiment"), QString::fromStdString(error.what()));
    return false;
  }
  remember_recent_file(path);
  statusBar()->showMessage(warnings.isEmpty() ? tr("Opened %1").arg(path)
                                              : tr("Opened %1: %2").arg(path, warnings.join("; ")),
                           10000);
  return true;
}

bool MainWindow::saveFile(const QString& path) {
  try {
    document_->saveAs(path);
  } catch (const std::exception& error) {  // ParameterError or FileError; the old file is kept
    report_error(tr("Cannot save the experiment"), QString::fromStdString(error.what()));
    return false;
  }
  remember_recent_file(path);
  statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
  return true;
}

bool MainWindow::save() {
  if (document_->filePath().isEmpty()) return save_as();
  return saveFile(document_->filePath());
}

bool MainWindow::save_as() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save experiment"),
                                                    document_->filePath(), kExperimentFilter);
  return !path.isEmpty() && saveFile(path);
}

void MainWindow::applyPreset(std::size_t index) {
  if (index >= presets_.size()) return;
  document_->applyEdit(
      presets_[index].experiment,
      tr("Preset %1").arg(QString::fromStdString(presets_[index].experiment.name)));
}

void MainWindow::setTheme(Theme theme) {
  // The platform's own look stays untouched until a high-contrast theme is first chosen.
  if (theme != theme_ || theme != Theme::kSystem) apply_application_theme(theme);
  theme_ = theme;
  style_plots(*plots_, {theme_, presentationMode()}, base_font_);
  for (QAction* action : theme_actions_->actions()) {
    action->setChecked(action->data().toInt() == static_cast<int>(theme));
  }
}

void MainWindow::setPresentationMode(bool on) {
  if (on == presentation_) return;
  presentation_ = on;
  const QSignalBlocker block(presentation_action_);
  presentation_action_->setChecked(on);
  QFont font = base_font_;
  if (on) font.setPointSizeF(base_font_.pointSizeF() * kPresentationFontScale);
  setFont(font);
  // The controls column was sized for the normal font; refit it to the new one.
  if (auto* splitter = qobject_cast<QSplitter*>(centralWidget())) {
    if (auto* scroll = qobject_cast<QScrollArea*>(splitter->widget(0))) {
      scroll->setMinimumWidth(scroll->widget()->minimumSizeHint().width() +
                              scroll->verticalScrollBar()->sizeHint().width() + 4);
    }
  }
  style_plots(*plots_, {theme_, on}, base_font_);
  if (on) {
    was_maximized_ = isMaximized();
    showFullScreen();
  } else if (was_maximized_) {
    showMaximized();
  } else {
    showNormal();
  }
}

void MainWindow::restoreSession(QSettings* settings, bool restore_experiment) {
  settings_ = settings;
  const SessionState state = read_session(*settings);
  if (restore_experiment && state.experiment) document_->reset(*state.experiment);
  QStringList problems = state.problems;
  if (!state.geometry.isEmpty() && !restoreGeometry(state.geometry)) {
    problems << tr("window/geometry damaged; using the default size");
  }
  if (!state.window_state.isEmpty() && !restoreState(state.window_state)) {
    problems << tr("window/state damaged; using the default layout");
  }
  recent_files_ = state.recent_files;
  update_recent_menu();
  setTheme(state.theme);
  if (!problems.isEmpty()) {
    statusBar()->showMessage(tr("Settings: %1").arg(problems.join("; ")), 20000);
  }
}

void MainWindow::save_session() {
  if (!settings_) return;
  SessionState state;
  state.experiment = document_->experiment();
  state.geometry = saveGeometry();
  state.window_state = saveState();
  state.theme = theme_;
  state.recent_files = recent_files_;
  write_session(*settings_, state);
}

void MainWindow::remember_recent_file(const QString& path) {
  recent_files_ = with_recent_file(recent_files_, QFileInfo(path).absoluteFilePath());
  update_recent_menu();
}

void MainWindow::update_recent_menu() {
  if (!recent_menu_) return;
  recent_menu_->clear();
  for (const QString& path : recent_files_) {
    recent_menu_
        ->addAction(QFileInfo(path).fileName(), this,
                    [this, path] {
                      if (maybe_save()) openFile(path);
                    })
        ->setToolTip(path);
  }
  recent_menu_->setEnabled(!recent_files_.isEmpty());
}

void MainWindow::update_title() {
  const QString path = document_->filePath();
  setWindowTitle(
      tr("%1[*] — Spikescope").arg(path.isEmpty() ? tr("Untitled") : QFileInfo(path).fileName()));
}

void MainWindow::report_error(const QString& title, const QString& message) {
  statusBar()->showMessage(message, 20000);
  // Window-modal but not blocking: the event loop, the worker and tests carry on.
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setObjectName("errorBox");
  box->open();
}

QMessageBox::StandardButton MainWindow::askToSaveChanges() {
  return QMessageBox::question(
      this, tr("Unsaved changes"), tr("The experiment has unsaved changes. Save them first?"),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
}

bool MainWindow::maybe_save() {
  if (!document_->isModified()) return true;
  switch (askToSaveChanges()) {
    case QMessageBox::Save:
      return save();
    case QMessageBox::Discard:
      return true;
    default:
      return false;
  }
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!maybe_save()) {
    event->ignore();
    return;
  }
  save_session();
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.size() == 1 && urls.front().isLocalFile()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.size() != 1 || !urls.front().isLocalFile()) return;
  event->acceptProposedAction();
  if (maybe_save()) openFile(urls.front().toLocalFile());
}

}  // namespace spikescope
