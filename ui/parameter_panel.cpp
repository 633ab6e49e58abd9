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
  auto* neuron = new QGroupBox(tr("Neuron (both layers)"));
  auto* neuron_layout = new QVBoxLayout(neuron);
  neuron_layout->addWidget(add_slider(
      ParameterField::kThreshold,
      {tr("Threshold"), "V", tr("Membrane potential at which the neuron fires (V >= threshold)."),
       0.05, 2.0, 0.01, 2}));
  neuron_layout->addWidget(
      add_slider(ParameterField::kResistance,
                 {tr("Resistance Rm"), "kΩ", tr("Membrane resistance: the steady state is Rm * I."),
                  0.1, 10.0, 0.1, 1}));
  neuron_layout->addWidget(add_slider(
      ParameterField::kCapacitance,
      {tr("Capacitance Cm"), "µF", tr("Membrane capacitance: with Rm it sets tau_m = Rm * Cm."),
       0.5, 50.0, 0.5, 1}));
  tau_label_->setToolTip(tr("Membrane time constant: how fast V follows its input."));
  neuron_layout->addWidget(tau_label_);
  neuron_layout->addWidget(
      add_slider(ParameterField::kRefractory,
                 {tr("Refractory"), "ms", tr("After a spike, V is held at reset for this long."),
                  0.0, 20.0, 0.125, 3}));

  auto* stimulus = new QGroupBox(tr("Stimulus (layer 0)"));
  auto* stimulus_layout = new QVBoxLayout(stimulus);
  stimulus_layout->addWidget(add_slider(
      ParameterField::kAmplitude, {tr("Input amplitude"), "",
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
                 {tr("Layer-0 size"), tr("neurons"),
                  tr("Number of layer-0 neurons; their summed spikes drive the layer-1 neuron."),
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
  layout->addWidget(neuron);
  layout->addWidget(stimulus);
  layout->addWidget(network);
  layout->setContentsMargins(4, 4, 4, 4);

  connect(seed_, &QDoubleSpinBox::valueChanged, this, [this](double seed) {
    experiment_.onsets.seed = static_cast<std::uint64_t>(seed);
    experiment_.onsets.explicit_steps.reset();
    edited();
  });
  connect(integration_, &QComboBox::currentIndexChanged, this, [this](int) {
    experiment_.mode = static_cast<IntegrationMode>(integration_->currentData().toInt());
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
    experiment_.onsets.explicit_steps.reset();
    experiment_.onsets.max_steps = 0;
    setExperiment(experiment_);
    edited();
  });
  connect(new_draw_, &QAction::triggered, this, [this] {
    experiment_.onsets.explicit_steps.reset();
    experiment_.onsets.seed = QRandomGenerator::global()->bounded(quint64{1} << 53);
    if (experiment_.onsets.max_steps == 0) experiment_.onsets.max_steps = 100;
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
  switch (field) {
    case ParameterField::kThreshold:
      e.neuron.threshold_v = value;
      break;
    case ParameterField::kResistance:
      e.neuron.membrane_resistance_kohm = value;
      break;
    case ParameterField::kCapacitance:
      e.neuron.membrane_capacitance_uf = value;
      break;
    case ParameterField::kRefractory:
      e.neuron.refractory_ms = value;
      break;
    case ParameterField::kAmplitude:
      e.input_amplitude = value;
      break;
    case ParameterField::kOnsetSpread:
      e.onsets.explicit_steps.reset();
      e.onsets.max_steps = static_cast<std::int32_t>(value);
      break;
    case ParameterField::kLayer0Size: {
      const auto size = static_cast<std::uint32_t>(value);
      if (!e.layer_sizes.empty() && e.layer_sizes[0] == size) return;
      if (e.layer_sizes.empty()) e.layer_sizes.push_back(size);
      e.layer_sizes[0] = size;
      e.view.selected_neuron = std::min(e.view.selected_neuron, size - 1);
      if (e.onsets.explicit_steps && e.onsets.explicit_steps->size() != size) {
        e.onsets.explicit_steps.reset();  // listed onsets fit the old size only: draw instead
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
  slider(ParameterField::kThreshold)->setValue(e.neuron.threshold_v);
  slider(ParameterField::kResistance)->setValue(e.neuron.membrane_resistance_kohm);
  slider(ParameterField::kCapacitance)->setValue(e.neuron.membrane_capacitance_uf);
  slider(ParameterField::kRefractory)->setValue(e.neuron.refractory_ms);
  slider(ParameterField::kAmplitude)->setValue(e.input_amplitude);
  slider(ParameterField::kOnsetSpread)->setValue(e.onsets.max_steps);
  slider(ParameterField::kLayer0Size)->setValue(e.layer_sizes.empty() ? 1 : e.layer_sizes[0]);
  {
    const QSignalBlocker block_seed(seed_);
    const QSignalBlocker block_mode(integration_);
    const QSignalBlocker block_run(run_mode_);
    const QSignalBlocker block_neuron(shown_neuron_);
    seed_->setValue(static_cast<double>(e.onsets.seed));
    integration_->setCurrentIndex(integration_->findData(int(e.mode)));
    run_mode_->setCurrentIndex(run_mode_->findData(int(e.view.run_mode)));
    const std::uint32_t size = e.layer_sizes.empty() ? 1 : e.layer_sizes[0];
    shown_neuron_->setRange(0, static_cast<int>(size - 1));
    shown_neuron_->setValue(static_cast<int>(e.view.selected_neuron));
  }
  show_tau();
}

void ParameterPanel::show_tau() {
  tau_label_->setText(tr("tau_m = Rm * Cm = %1 ms").arg(experiment_.neuron.tau_m_ms(), 0, 'g', 4));
}

void ParameterPanel::edited() {
  emit experimentEdited(experiment_);
}

}  // namespace spikescope
