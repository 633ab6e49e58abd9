#include "parameter_panel.h"

#include <QKeyEvent>

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "experiment/notebook_network.h"

namespace spikescope {
namespace {

// Seeds are shown in a double spin box, which holds every integer up to 2^53 exactly.
constexpr double kMaxSeed = 9007199254740991.0;

}  // namespace

ParameterPanel::ParameterPanel(QWidget* parent)
    : QWidget(parent),
      tau_label_(new QLabel),
      seed_(new QDoubleSpinBox),
      integration_(new QComboBox),
      run_mode_(new QComboBox),
      shown_neuron_(new QSpinBox),
      synchronise_(new QAction(tr("&Synchronise onsets"), this)),
      new_draw_(new QAction(tr("&New random draw"), this)) {
  // The LIF controls come from the model's declaration (lif_model.cpp).
  const auto lif = [](LifParameter parameter) {
    return ParameterSlider::spec_of(lif_model().parameters[parameter]);
  };
  neuron_group_ = new QGroupBox(tr("Neuron (every LIF population)"));
  auto* neuron_layout = new QVBoxLayout(neuron_group_);
  neuron_layout->addWidget(add_slider(ParameterField::kThreshold, lif(kLifThreshold)));
  neuron_layout->addWidget(add_slider(ParameterField::kResistance, lif(kLifResistance)));
  neuron_layout->addWidget(add_slider(ParameterField::kCapacitance, lif(kLifCapacitance)));
  tau_label_->setToolTip(tr("Membrane time constant: how fast V follows its input."));
  neuron_layout->addWidget(tau_label_);
  neuron_layout->addWidget(add_slider(ParameterField::kRefractory, lif(kLifRefractory)));

  stimulus_group_ = new QGroupBox(tr("Stimulus (onsets of the first population)"));
  auto* stimulus_layout = new QVBoxLayout(stimulus_group_);
  stimulus_layout->addWidget(add_slider(
      ParameterField::kAmplitude, {tr("Input amplitude"), "mA",
                                   tr("Constant input current once a neuron's onset has passed; "
                                      "Rm * I is the voltage it drives V toward."),
                                   0.0, 3.0, 0.01, 2}));
  stimulus_layout->addWidget(
      add_slider(ParameterField::kOnsetSpread,
                 {tr("Onset spread"), tr("steps"),
                  tr("Each neuron's input switches on at a random step from 0 to this maximum."),
                  0.0, 1000.0, 1.0, 0}));
  seed_->setRange(0.0, kMaxSeed);
  seed_->setDecimals(0);
  seed_->setKeyboardTracking(false);
  seed_->setToolTip(tr("Seed of the onset draw: the same seed gives the same onsets."));
  synchronise_->setShortcut(Qt::Key_S);
  synchronise_->setToolTip(tr("Give every neuron onset 0 (S)"));
  new_draw_->setShortcut(Qt::Key_N);
  new_draw_->setToolTip(tr("Draw new onsets with a new seed (N)"));
  auto* seed_row = new QHBoxLayout;
  auto* seed_label = new QLabel(tr("Seed"));
  seed_label->setBuddy(seed_);
  seed_row->addWidget(seed_label);
  seed_row->addWidget(seed_, 1);
  for (QAction* action : {new_draw_, synchronise_}) {
    auto* button = new QToolButton;
    button->setDefaultAction(action);
    button->setFocusPolicy(Qt::StrongFocus);
    seed_row->addWidget(button);
  }
  stimulus_layout->addLayout(seed_row);

  auto* network = new QGroupBox(tr("Network and run"));
  auto* network_layout = new QVBoxLayout(network);
  network_layout->addWidget(
      add_slider(ParameterField::kLayer0Size,
                 {tr("First population"), tr("neurons"),
                  tr("Number of neurons of the first population (layer 0 of the notebook); their "
                     "summed spikes drive the next one."),
                  1.0, 1e6, 1.0, 0, true}));
  auto* form = new QFormLayout;
  integration_->addItem(tr("Notebook (Euler, bit-exact)"), int(IntegrationMode::kNotebook));
  integration_->addItem(tr("Exact (exponential, float)"), int(IntegrationMode::kExact));
  integration_->setToolTip(
      tr("Notebook: the SNN_0 forward-Euler update, bit for bit. "
         "Exact: the exponential solution, fast at large sizes."));
  run_mode_->addItem(tr("Trial (re-run on change)"), int(RunMode::kTrial));
  run_mode_->addItem(tr("Live (continuous)"), int(RunMode::kLive));
  run_mode_->setToolTip(
      tr("Trial re-runs the fixed-length experiment after every change; "
         "live runs on like an oscilloscope."));
  form->addRow(tr("&Integration"), integration_);
  form->addRow(tr("R&un mode"), run_mode_);
  shown_neuron_->setToolTip(
      tr("The layer-0 neuron whose membrane potential the top plot shows; "
         "clicking a raster row picks it too."));
  shown_neuron_->setKeyboardTracking(false);
  form->addRow(tr("Shown ne&uron"), shown_neuron_);
  network_layout->addLayout(form);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(neuron_group_);
  layout->addWidget(stimulus_group_);
  layout->addWidget(network);
  layout->setContentsMargins(4, 4, 4, 4);

  connect(seed_, &QDoubleSpinBox::valueChanged, this, [this](double seed) {
    OnsetStepInput* onsets = notebook_onsets(experiment_);
    if (onsets == nullptr) return;
    onsets->seed = static_cast<std::uint64_t>(seed);
    onsets->onset_steps.reset();
    edited();
  });
  connect(integration_, &QComboBox::currentIndexChanged, this, [this](int) {
    set_notebook_mode(experiment_,
                      static_cast<IntegrationMode>(integration_->currentData().toInt()));
    edited();
  });
  connect(shown_neuron_, &QSpinBox::valueChanged, this, [this](int neuron) {
    experiment_.view.selected_neuron = static_cast<std::uint32_t>(neuron);
    edited();
  });
  connect(run_mode_, &QComboBox::currentIndexChanged, this, [this](int) {
    experiment_.view.run_mode = static_cast<RunMode>(run_mode_->currentData().toInt());
    edited();
  });
  connect(synchronise_, &QAction::triggered, this, [this] {
    OnsetStepInput* onsets = notebook_onsets(experiment_);
    if (onsets == nullptr) return;
    onsets->onset_steps.reset();
    onsets->onset_max_steps = 0;
    setExperiment(experiment_);
    edited();
  });
  connect(new_draw_, &QAction::triggered, this, [this] {
    OnsetStepInput* onsets = notebook_onsets(experiment_);
    if (onsets == nullptr) return;
    onsets->onset_steps.reset();
    onsets->seed = QRandomGenerator::global()->bounded(quint64{1} << 53);
    if (onsets->onset_max_steps == 0) onsets->onset_max_steps = 100;
    setExperiment(experiment_);
    edited();
  });
  // A spin box keeps an undo history of its own keystrokes and claims Ctrl+Z for it: in a focused
  // box, undo would take back typing that was never applied instead of the last change to the
  // experiment. The panel's filter leaves those keys to the window's Undo and Redo.
  for (QAbstractSpinBox* box : findChildren<QAbstractSpinBox*>()) box->installEventFilter(this);
  setExperiment(experiment_);
}

bool ParameterPanel::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::ShortcutOverride) {
    const auto* key = static_cast<QKeyEvent*>(event);
    // Not accepted, so the shortcut goes to the window's action.
    if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) return true;
  }
  return QWidget::eventFilter(watched, event);
}

ParameterSlider* ParameterPanel::add_slider(ParameterField field,
                                            const ParameterSlider::Spec& spec) {
  auto* slider = new ParameterSlider(spec);
  sliders_[field] = slider;
  connect(slider, &ParameterSlider::valueChanged, this,
          [this, field](double value) { field_changed(field, value); });
  return slider;
}

void ParameterPanel::field_changed(ParameterField field, double value) {
  Experiment& e = experiment_;
  OnsetStepInput* onsets = notebook_onsets(e);
  switch (field) {
    case ParameterField::kThreshold:
      set_lif_value(e, kLifThreshold, value);
      break;
    case ParameterField::kResistance:
      set_lif_value(e, kLifResistance, value);
      break;
    case ParameterField::kCapacitance:
      set_lif_value(e, kLifCapacitance, value);
      break;
    case ParameterField::kRefractory:
      set_lif_value(e, kLifRefractory, value);
      break;
    case ParameterField::kAmplitude:
      if (onsets == nullptr) return;
      onsets->amplitude = value;
      break;
    case ParameterField::kOnsetSpread:
      if (onsets == nullptr) return;
      onsets->onset_steps.reset();
      onsets->onset_max_steps = static_cast<std::int32_t>(value);
      break;
    case ParameterField::kLayer0Size: {
      const auto size = static_cast<std::uint32_t>(value);
      PopulationSpec& first = e.network.populations.front();
      if (first.size == size) return;
      first.size = size;
      e.view.selected_neuron = std::min(e.view.selected_neuron, size - 1);
      if (onsets != nullptr && onsets->onset_steps && onsets->onset_steps->size() != size) {
        onsets->onset_steps.reset();  // listed onsets fit the old size only: draw instead
      }
      const QSignalBlocker block(shown_neuron_);
      shown_neuron_->setRange(0, static_cast<int>(size - 1));
      shown_neuron_->setValue(static_cast<int>(e.view.selected_neuron));
      break;
    }
  }
  show_tau();
  edited();
}

void ParameterPanel::setExperiment(const Experiment& experiment) {
  experiment_ = experiment;
  const Experiment& e = experiment_;
  // The notebook's knobs, where the network has them (notebook_network.h).
  const bool lif = !lif_populations(e).empty();
  const OnsetStepInput* onsets = notebook_onsets(e);
  neuron_group_->setEnabled(lif);
  integration_->setEnabled(lif);
  stimulus_group_->setEnabled(onsets != nullptr);
  if (lif) {
    slider(ParameterField::kThreshold)->setValue(lif_value(e, kLifThreshold));
    slider(ParameterField::kResistance)->setValue(lif_value(e, kLifResistance));
    slider(ParameterField::kCapacitance)->setValue(lif_value(e, kLifCapacitance));
    slider(ParameterField::kRefractory)->setValue(lif_value(e, kLifRefractory));
  }
  if (onsets != nullptr) {
    slider(ParameterField::kAmplitude)->setValue(onsets->amplitude);
    slider(ParameterField::kOnsetSpread)->setValue(onsets->onset_max_steps);
  }
  const std::uint64_t size = e.network.populations.empty() ? 1 : e.network.populations.front().size;
  slider(ParameterField::kLayer0Size)->setValue(static_cast<double>(size));
  {
    const QSignalBlocker block_seed(seed_);
    const QSignalBlocker block_mode(integration_);
    const QSignalBlocker block_run(run_mode_);
    const QSignalBlocker block_neuron(shown_neuron_);
    if (onsets != nullptr) seed_->setValue(static_cast<double>(onsets->seed));
    integration_->setCurrentIndex(integration_->findData(int(notebook_mode(e))));
    run_mode_->setCurrentIndex(run_mode_->findData(int(e.view.run_mode)));
    shown_neuron_->setRange(0, static_cast<int>(size - 1));
    shown_neuron_->setValue(static_cast<int>(e.view.selected_neuron));
  }
  show_tau();
}

void ParameterPanel::show_tau() {
  const double tau = lif_value(experiment_, kLifResistance) * lif_value(experiment_, kLifCapacitance);
  tau_label_->setText(std::isfinite(tau) ? tr("tau_m = Rm * Cm = %1 ms").arg(tau, 0, 'g', 4)
                                         : tr("tau_m: no LIF population"));
}

void ParameterPanel::edited() {
  emit experimentEdited(experiment_);
}

}  // namespace spikescope
