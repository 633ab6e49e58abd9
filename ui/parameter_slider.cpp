#include "parameter_slider.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QSignalBlocker>
#include <algorithm>
#include <cmath>

namespace spikescope {

bool KeySlider::event(QEvent* event) {
  if (event->type() == QEvent::ShortcutOverride) {
    const auto* key = static_cast<QKeyEvent*>(event);
    switch (key->key()) {
      case Qt::Key_Left:
      case Qt::Key_Right:
      case Qt::Key_Up:
      case Qt::Key_Down:
      case Qt::Key_PageUp:
      case Qt::Key_PageDown:
      case Qt::Key_Home:
      case Qt::Key_End:
        if (key->modifiers() == Qt::NoModifier) {
          event->accept();
          return true;
        }
        break;
      default:
        break;
    }
  }
  return QSlider::event(event);
}

namespace {

// Units as people write them: the keys spell them in ASCII.
QString pretty_unit(std::string_view unit) {
  QString text = QString::fromUtf8(unit.data(), static_cast<qsizetype>(unit.size()));
  text.replace("kOhm", "kΩ").replace("Ohm", "Ω").replace("uF", "µF").replace("uA", "µA");
  text.replace("uS", "µS").replace("_per_", "/").replace("cm2", "cm²");
  return text;
}

// Enough decimals to show the step exactly (0.125 needs 3), at most 6.
int decimals_for(double step) {
  for (int decimals = 0; decimals < 6; ++decimals) {
    const double scaled = step * std::pow(10.0, decimals);
    if (std::abs(scaled - std::round(scaled)) < 1e-9) return decimals;
  }
  return 6;
}

}  // namespace

ParameterSlider::Spec ParameterSlider::spec_of(const ParameterDescriptor& parameter) {
  Spec spec;
  spec.label = QString::fromUtf8(parameter.label.data(), static_cast<qsizetype>(parameter.label.size()));
  spec.unit = pretty_unit(parameter.unit);
  spec.tooltip = QString::fromUtf8(parameter.explanation.data(),
                                   static_cast<qsizetype>(parameter.explanation.size()));
  spec.minimum = parameter.slider.min;
  spec.maximum = parameter.slider.max;
  spec.step = parameter.slider.step > 0 ? parameter.slider.step
                                        : (parameter.slider.max - parameter.slider.min) / 100.0;
  spec.decimals = decimals_for(spec.step);
  spec.logarithmic = parameter.slider.logarithmic;
  // The spin box reaches every valid value it can show (an open bound: one last digit inside).
  constexpr double kFarOut = 1e9;
  const double digit = std::pow(10.0, -spec.decimals);
  const ValidRange& valid = parameter.valid;
  spec.value_minimum = std::isfinite(valid.min) ? valid.min + (valid.min_inclusive ? 0.0 : digit)
                                                : -kFarOut;
  spec.value_maximum = std::isfinite(valid.max) ? valid.max - (valid.max_inclusive ? 0.0 : digit)
                                                : kFarOut;
  spec.value_minimum = std::min(spec.value_minimum, spec.minimum);
  spec.value_maximum = std::max(spec.value_maximum, spec.maximum);
  return spec;
}

ParameterSlider::ParameterSlider(const Spec& spec, QWidget* parent)
    : QWidget(parent),
      spec_(spec),
      slider_(new KeySlider(Qt::Horizontal)),
      spin_box_(new QDoubleSpinBox) {
  auto* label = new QLabel(spec.label);
  label->setBuddy(spin_box_);
  label->setMinimumWidth(100);
  slider_->setRange(0,
                    spec.logarithmic
                        ? kLogPositions
                        : static_cast<int>(std::lround((spec.maximum - spec.minimum) / spec.step)));
  slider_->setSingleStep(1);
  slider_->setPageStep(spec.logarithmic ? kLogPositions / 20 : 10);
  slider_->setFocusPolicy(Qt::StrongFocus);
  spin_box_->setRange(std::isnan(spec.value_minimum) ? spec.minimum : spec.value_minimum,
                      std::isnan(spec.value_maximum) ? spec.maximum : spec.value_maximum);
  spin_box_->setDecimals(spec.decimals);
  spin_box_->setSingleStep(spec.step);
  spin_box_->setKeyboardTracking(false);
  if (!spec.unit.isEmpty()) spin_box_->setSuffix(" " + spec.unit);
  spin_box_->setMinimumWidth(105);
  slider_->setMinimumWidth(80);
  for (QWidget* widget : {static_cast<QWidget*>(label), static_cast<QWidget*>(slider_),
                          static_cast<QWidget*>(spin_box_)}) {
    widget->setToolTip(spec.tooltip);
  }
  slider_->setAccessibleName(spec.label);
  spin_box_->setAccessibleName(spec.label);

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(label);
  layout->addWidget(slider_, 1);
  layout->addWidget(spin_box_);

  connect(slider_, &QSlider::valueChanged, this, &ParameterSlider::slider_moved);
  connect(spin_box_, &QDoubleSpinBox::valueChanged, this, &ParameterSlider::spin_box_changed);
}

double ParameterSlider::value() const {
  return spin_box_->value();
}

void ParameterSlider::setValue(double value) {
  const QSignalBlocker block_spin(spin_box_);
  const QSignalBlocker block_slider(slider_);
  spin_box_->setValue(value);
  slider_->setValue(position_for(spin_box_->value()));
}

int ParameterSlider::position_for(double value) const {
  // Beyond the slider's range (the spin box may go further) the slider rests at its end.
  value = std::clamp(value, spec_.minimum, spec_.maximum);
  if (spec_.logarithmic) {
    const double ratio = std::log(value / spec_.minimum) / std::log(spec_.maximum / spec_.minimum);
    return static_cast<int>(std::lround(ratio * kLogPositions));
  }
  return static_cast<int>(std::lround((value - spec_.minimum) / spec_.step));
}

double ParameterSlider::value_at(int position) const {
  if (spec_.logarithmic) {
    const double exact = spec_.minimum * std::pow(spec_.maximum / spec_.minimum,
                                                  static_cast<double>(position) / kLogPositions);
    return std::round(exact / spec_.step) * spec_.step;
  }
  return spec_.minimum + position * spec_.step;
}

void ParameterSlider::slider_moved(int position) {
  {
    const QSignalBlocker block(spin_box_);
    spin_box_->setValue(value_at(position));
  }
  emit valueChanged(spin_box_->value());
}

void ParameterSlider::spin_box_changed(double value) {
  {
    const QSignalBlocker block(slider_);
    slider_->setValue(position_for(value));
  }
  emit valueChanged(value);
}

}  // namespace spikescope
