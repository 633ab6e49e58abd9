#include "experiment_edit_command.h"

#include "experiment_document.h"

namespace spikescope {

ExperimentEditCommand::ExperimentEditCommand(ExperimentDocument* document, Experiment before,
                                             Experiment after, quint64 merge_group,
                                             bool already_shown, const QString& text)
    : QUndoCommand(text),
      document_(document),
      before_(std::move(before)),
      after_(std::move(after)),
      merge_group_(merge_group),
      skip_redo_(already_shown) {}

void ExperimentEditCommand::undo() {
  document_->show(before_);
}

void ExperimentEditCommand::redo() {
  if (skip_redo_) {
    skip_redo_ = false;
    document_->experiment_ = after_;
    return;
  }
  document_->show(after_);
}

bool ExperimentEditCommand::mergeWith(const QUndoCommand* other) {
  const auto* edit = static_cast<const ExperimentEditCommand*>(other);
  if (merge_group_ == 0 || edit->merge_group_ != merge_group_) return false;
  after_ = edit->after_;
  // A drag that ends where it began changed nothing.
  setObsolete(after_ == before_);
  return true;
}

}  // namespace spikescope
