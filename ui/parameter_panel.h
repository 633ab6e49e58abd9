#pragma once
// The experiment's parameters as controls. Holds the experiment being edited and emits it whole
// after every edit; computes nothing about the model.
#include <QAction>
#include <QComboBox>
#include <QGroupBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QWidget>
#include <map>

#include "experiment/experiment.h"
#include "experiment/seed_experiment.h"
#include "parameter_slider.h"

namespace spikescope {

enum class ParameterField {
  kThreshold,
  kResistance,
  kCapacitance,
  kRefractory,
  kAmplitude,
  kOnsetSpread,
  kLayer0Size,
};

class ParameterPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ParameterPanel(QWidget* parent = nullptr);

  const Experiment& experiment() const { return experiment_; }
  // Shows `experiment` without emitting experimentEdited.
  void setExperiment(const Experiment& experiment);

  ParameterSlider* slider(ParameterField field) const { return sliders_.at(field); }
  QComboBox* integrationBox() const { return integration_; }
  QComboBox* runModeBox() const { return run_mode_; }
  QSpinBox* shownNeuronBox() const { return shown_neuron_; }
  QDoubleSpinBox* seedBox() const { return seed_; }
  QAction* synchroniseAction() const { return synchronise_; }
  QAction* newDrawAction() const { return new_draw_; }

 signals:
  void experimentEdited(const Experiment& experiment);

 protected:
  // Hands Undo and Redo from a focused spin box to the window (see the constructor).
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  ParameterSlider* add_slider(ParameterField field, const ParameterSlider::Spec& spec);
  void field_changed(ParameterField field, double value);
  void edited();
  void show_tau();

  // Until the window gives it one: the seed experiment (a default Experiment has no population).
  Experiment experiment_ = seed_experiment();
  std::map<ParameterField, ParameterSlider*> sliders_;
  QGroupBox* neuron_group_ = nullptr;    // disabled without a LIF population
  QGroupBox* stimulus_group_ = nullptr;  // disabled without an onset input
  QLabel* tau_label_;
  QDoubleSpinBox* seed_;
  QComboBox* integration_;
  QComboBox* run_mode_;
  QSpinBox* shown_neuron_;
  QAction* synchronise_;
  QAction* new_draw_;
};

}  // namespace spikescope
