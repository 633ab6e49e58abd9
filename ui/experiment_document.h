#pragma once
// The experiment being worked on as a document: its file, whether it has unsaved changes, and
// the undo history of every change. The panels show and edit; the document remembers. Undo,
// redo and opening a file hand the window a whole experiment to show (experimentReplaced).
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUndoStack>

#include "experiment/experiment.h"

namespace spikescope {

class ExperimentDocument : public QObject {
  Q_OBJECT

 public:
  // Undo steps kept: enough for any lesson, and a window left running for days with sliders
  // moving does not grow without bound (found by the soak run: 34,000 edits in 10 minutes).
  static constexpr int kUndoLimit = 1000;

  explicit ExperimentDocument(const Experiment& experiment, QObject* parent = nullptr);

  const Experiment& experiment() const { return experiment_; }
  const QString& filePath() const { return file_path_; }  // empty: never saved
  bool isModified() const { return !undo_stack_.isClean(); }
  QUndoStack* undoStack() { return &undo_stack_; }

  // An edit the panels already show, recorded as one undo step. Consecutive edits with the same
  // non-zero `merge_group` (one slider drag) become a single step.
  void recordEdit(const Experiment& edited, quint64 merge_group = 0);
  // A change the window has yet to show (a preset): one undo step, shown at once.
  void applyEdit(const Experiment& changed, const QString& description);

  // Reads and validates `path`; on success it becomes the document (history cleared, not
  // modified) and the warnings (unknown keys) are returned. Throws ExperimentFileError, and
  // then nothing has changed.
  QStringList open(const QString& path);
  // Writes atomically (the old file stays intact on failure; throws ParameterError/FileError);
  // on success the document is unmodified and belongs to `path`.
  void saveAs(const QString& path);
  // Starts over with `experiment` (restored session): no file, no history.
  void reset(const Experiment& experiment);

 signals:
  // The window must show this experiment (undo, redo, open, preset).
  void experimentReplaced(const Experiment& experiment);
  void modifiedChanged(bool modified);
  void filePathChanged(const QString& path);

 private:
  friend class ExperimentEditCommand;
  void show(const Experiment& experiment);
  void set_file_path(const QString& path);

  Experiment experiment_;
  QString file_path_;
  QUndoStack undo_stack_;
};

}  // namespace spikescope
