#pragma once
// The model in words for a lecture: the membrane equation with the experiment's values filled
// in, what threshold and refractory period do, and the experiment's "what to notice" note.
// Displays the experiment it is given; computes nothing about the model.
#include <QLabel>
#include <QWidget>

#include "experiment/experiment.h"

namespace spikescope {

class EquationPanel : public QWidget {
  Q_OBJECT

 public:
  explicit EquationPanel(QWidget* parent = nullptr);

  void setExperiment(const Experiment& experiment);

  QLabel* equationLabel() const { return equation_; }
  QLabel* notesLabel() const { return notes_; }

 protected:
  // Wrapped text is as tall as its width makes it; the dock would otherwise keep the height of
  // a narrow guess and take it from the plots.
  void resizeEvent(QResizeEvent* event) override;

 private:
  // A model other than the notebook's LIF: its declared equations with the values filled in.
  void showDeclaredEquations(const Experiment& experiment);

  QLabel* equation_;
  QLabel* rules_;
  QLabel* notes_;
};

}  // namespace spikescope
