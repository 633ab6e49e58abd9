#pragma once
// One numeric control: a label, a slider and a spin box showing the same value with its unit.
// The slider moves in whole steps (linear) or in equal ratios (logarithmic, for quantities
// spanning decades); the spin box takes exact values. Both are reachable from the keyboard.
#include <QDoubleSpinBox>
#include <QSlider>
#include <QString>
#include <QWidget>
#include <limits>

#include "model/parameter_descriptor.h"

namespace spikescope {

// A slider that keeps its navigation keys even when the window has shortcuts on them (Right is
// "single step" there): the focused slider is what the user means.
class KeySlider : public QSlider {
  Q_OBJECT
 public:
  using QSlider::QSlider;

 protected:
  bool event(QEvent* event) override;
};

class ParameterSlider : public QWidget {
  Q_OBJECT

 public:
  struct Spec {
    QString label;
    QString unit;  // shown as the spin box suffix, e.g. "V"
    QString tooltip;
    double minimum = 0.0;
    double maximum = 1.0;
    double step = 0.01;  // spin box step; linear sliders move by it
    int decimals = 2;
    bool logarithmic = false;
    // What the spin box takes, when wider than the slider's range (a model's valid range: CUBA's
    // threshold of -0.05 V lies far below the notebook's slider). NaN: the slider's range.
    double value_minimum = std::numeric_limits<double>::quiet_NaN();
    double value_maximum = std::numeric_limits<double>::quiet_NaN();
  };

  // The control a model declares for one of its parameters (label, unit, range, log scale,
  // explanation as the tooltip): the window makes no parameter control of its own design.
  static Spec spec_of(const ParameterDescriptor& parameter);

  explicit ParameterSlider(const Spec& spec, QWidget* parent = nullptr);

  double value() const;
  // Shows `value` without emitting valueChanged.
  void setValue(double value);
  QSlider* slider() const { return slider_; }
  QDoubleSpinBox* spinBox() const { return spin_box_; }
  const Spec& spec() const { return spec_; }

 signals:
  void valueChanged(double value);

 private:
  int position_for(double value) const;
  double value_at(int position) const;
  void slider_moved(int position);
  void spin_box_changed(double value);

  static constexpr int kLogPositions = 1000;
  Spec spec_;
  KeySlider* slider_;
  QDoubleSpinBox* spin_box_;
};

}  // namespace spikescope
