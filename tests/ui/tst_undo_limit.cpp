// The undo history is bounded: a window left running with sliders moving must not grow without
// limit (the 10-minute soak grew by a third before this). The newest kUndoLimit steps stay
// undoable and restore their exact values.
#include <QTest>

#include "experiment/notebook_network.h"
#include "experiment/seed_experiment.h"
#include "experiment_document.h"

using namespace spikescope;

class TestUndoLimit : public QObject {
  Q_OBJECT
 private slots:
  void historyKeepsTheNewestSteps();
};

void TestUndoLimit::historyKeepsTheNewestSteps() {
  ExperimentDocument document{seed_experiment()};
  const int edits = ExperimentDocument::kUndoLimit + 500;
  const auto threshold_at = [](int edit) { return 0.5 + 1e-4 * edit; };
  for (int i = 0; i < edits; ++i) {
    Experiment e = document.experiment();
    set_lif_value(e, kLifThreshold, threshold_at(i));
    document.recordEdit(e);
  }
  QCOMPARE(document.undoStack()->count(), ExperimentDocument::kUndoLimit);
  QCOMPARE(lif_value(document.experiment(), kLifThreshold), threshold_at(edits - 1));
  document.undoStack()->undo();
  QCOMPARE(lif_value(document.experiment(), kLifThreshold), threshold_at(edits - 2));
  while (document.undoStack()->canUndo()) document.undoStack()->undo();
  // The oldest step kept undoes to the value before it; older ones are gone.
  QCOMPARE(lif_value(document.experiment(), kLifThreshold),
           threshold_at(edits - ExperimentDocument::kUndoLimit - 1));
}

QTEST_MAIN(TestUndoLimit)
#include "tst_undo_limit.moc"
