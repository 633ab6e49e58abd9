#include "experiment_document.h"

#include "experiment_edit_command.h"
#include "experiment/experiment_file.h"

namespace spikescope {

ExperimentDocument::ExperimentDocument(const Experiment& experiment, QObject* parent)
    : QObject(parent), experiment_(experiment) {
  undo_stack_.setUndoLimit(kUndoLimit);
  connect(&undo_stack_, &QUndoStack::cleanChanged, this,
          [this](bool clean) { emit modifiedChanged(!clean); });
}

void ExperimentDocument::recordEdit(const Experiment& edited, quint64 merge_group) {
  if (edited == experiment_) return;
  undo_stack_.push(new ExperimentEditCommand(this, experiment_, edited, merge_group, true,
                                             tr("Change parameters")));
}

void ExperimentDocument::applyEdit(const Experiment& changed, const QString& description) {
  if (changed == experiment_) return;
  undo_stack_.push(new ExperimentEditCommand(this, experiment_, changed, 0, false, description));
}

QStringList ExperimentDocument::open(const QString& path) {
  LoadedExperiment loaded = load_experiment_file(path.toStdString());
  QStringList warnings;
  for (const std::string& warning : loaded.warnings) warnings << QString::fromStdString(warning);
  undo_stack_.clear();
  set_file_path(path);
  show(loaded.experiment);
  return warnings;
}

void ExperimentDocument::saveAs(const QString& path) {
  save_experiment_file(path.toStdString(), experiment_);
  set_file_path(path);
  undo_stack_.setClean();
}

void ExperimentDocument::reset(const Experiment& experiment) {
  undo_stack_.clear();
  set_file_path(QString());
  show(experiment);
}

void ExperimentDocument::show(const Experiment& experiment) {
  experiment_ = experiment;
  emit experimentReplaced(experiment_);
}

void ExperimentDocument::set_file_path(const QString& path) {
  if (path == file_path_) return;
  file_path_ = path;
  emit filePathChanged(file_path_);
}

}  // namespace spikescope
