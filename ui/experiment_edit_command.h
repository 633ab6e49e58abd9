#pragma once
// One undoable change of the experiment: the whole experiment before and after, so that undo
// restores it exactly, whichever fields changed.
#include <QUndoCommand>

#include "experiment/experiment.h"

namespace spikescope {

class ExperimentDocument;

class ExperimentEditCommand : public QUndoCommand {
 public:
  // `already_shown`: the panels show `after` already (a user's edit), so the first redo only
  // records it; otherwise the first redo shows it too.
  ExperimentEditCommand(ExperimentDocument* document, Experiment before, Experiment after,
                        quint64 merge_group, bool already_shown, const QString& text);

  void undo() override;
  void redo() override;
  int id() const override { return kId; }
  // Merges a later edit of the same slider drag into this one.
  bool mergeWith(const QUndoCommand* other) override;

 private:
  static constexpr int kId = 0x5e7;
  ExperimentDocument* document_;
  Experiment before_;
  Experiment after_;
  quint64 merge_group_;
  bool skip_redo_;
};

}  // namespace spikescope
