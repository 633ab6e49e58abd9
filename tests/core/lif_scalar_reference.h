#pragma once
// One LIF neuron at a time, as the model headers state the update (lif_notebook_population.h,
// lif_exact_population.h, model/synapse_channel.h), for tst_layers: the vectorised, blocked,
// threaded kernels must give these numbers bit for bit.
//
// The input current of a step is passed as its two parts, the one every neuron shares (`shared`:
// onset drive, uniform current, uniform pulse arrivals) and the neuron's own (`own`: noise,
// per-neuron pulse arrivals); the tests use dyadic values, so that their sums are exact whatever
// the order. One exponential current channel (tau_s) may add its I_syn.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "models/lif/lif_parameters.h"

namespace spikescope::testing {

enum class LifKind { kNotebook, kExactFloat, kExactDouble };

class LifScalarReference {
 public:
  // Every neuron at rest; tau_s_ms = 0: no synaptic channel.
  LifScalarReference(LifKind kind, std::size_t size, const LifParameters& p, double dt_ms,
                     double tau_s_ms)
      : kind_(kind), tau_s_ms_(tau_s_ms), vm_(size), t_rest_ms_(size), left_(size), i_syn_(size) {
    set_parameters(p, dt_ms);
    for (double& v : vm_) v = kind == LifKind::kExactFloat ? float(p.rest_v) : p.rest_v;
  }

  void set_parameters(const LifParameters& p, double dt_ms) {
    p_ = p;
    dt_ms_ = dt_ms;
    // floor(t_ref / dt): the notebook freezes that many iterations after a spike.
    refractory_steps_ = static_cast<std::uint16_t>(std::floor(p.refractory_ms / dt_ms + 1e-9));
    for (auto& left : left_) left = std::min(left, refractory_steps_);
    e_m_ = std::exp(-dt_ms / p.tau_m_ms());
    e_s_ = tau_s_ms_ > 0 ? std::exp(-dt_ms / tau_s_ms_) : 0.0;
    // Rm * tau_s/(tau_s - tau_m) * (exp(-dt/tau_s) - exp(-dt/tau_m)): what I_syn = 1 adds to V
    // over one step.
    coupling_ =
        p.membrane_resistance_kohm * (tau_s_ms_ / (tau_s_ms_ - p.tau_m_ms()) * (e_s_ - e_m_));
  }

  // One step of neuron j; `arriving` is what reaches its synaptic channel at this step.
  bool step(std::size_t j, double shared, double own, double arriving, double t_ms) {
    switch (kind_) {
      case LifKind::kNotebook:
        return notebook_step(j, shared + own, arriving, t_ms);
      case LifKind::kExactFloat:
        return exact_step<float>(j, shared + own, arriving);
      case LifKind::kExactDouble:
        return exact_step<double>(j, shared + own, arriving);
    }
    return false;
  }
  double vm(std::size_t j) const { return vm_[j]; }

 private:
  // V += ((-(V - V_rest) + I*Rm) / tau_m) * dt while t > t_rest; the channel's current is held
  // over the step: I_syn + arrivals, then it decays by exp(-dt/tau_s).
  bool notebook_step(std::size_t j, double input, double arriving, double t_ms) {
    if (tau_s_ms_ > 0) {
      const double current = i_syn_[j] + arriving;
      input += current;
      i_syn_[j] = current * e_s_;
    }
    if (!(t_ms > t_rest_ms_[j])) {
      vm_[j] = p_.reset_v;
      return false;
    }
    const double v = vm_[j];
    vm_[j] =
        v + ((-(v - p_.rest_v) + input * p_.membrane_resistance_kohm) / p_.tau_m_ms()) * dt_ms_;
    if (vm_[j] < p_.threshold_v) return false;
    t_rest_ms_[j] = t_ms + p_.refractory_ms;
    return true;
  }

  // V_inf - (V_inf - V) exp(-dt/tau_m) in Real; the channel adds coupling * I_syn and decays by
  // exp(-dt/tau_s), also while refractory.
  template <typename Real>
  bool exact_step(std::size_t j, double input, double arriving) {
    const Real decay = static_cast<Real>(e_m_);
    const Real v_inf = static_cast<Real>(p_.rest_v) +
                       static_cast<Real>(input) * static_cast<Real>(p_.membrane_resistance_kohm);
    Real v = v_inf - (v_inf - static_cast<Real>(vm_[j])) * decay;
    if (tau_s_ms_ > 0) {
      const Real current = static_cast<Real>(i_syn_[j]) + static_cast<Real>(arriving);
      v = v + static_cast<Real>(coupling_) * current;
      i_syn_[j] = current * static_cast<Real>(e_s_);
    }
    if (left_[j] > 0) {
      --left_[j];
      vm_[j] = static_cast<Real>(p_.reset_v);
      return false;
    }
    if (v >= static_cast<Real>(p_.threshold_v)) {
      vm_[j] = static_cast<Real>(p_.reset_v);
      left_[j] = refractory_steps_;
      return true;
    }
    vm_[j] = v;
    return false;
  }

  LifKind kind_;
  double tau_s_ms_;
  LifParameters p_;
  double dt_ms_ = 0;
  std::uint16_t refractory_steps_ = 0;
  double e_m_ = 0;          // exp(-dt/tau_m)
  double e_s_ = 0;          // exp(-dt/tau_s)
  double coupling_ = 0;     // see set_parameters
  std::vector<double> vm_;  // holds float values exactly in the float kind
  std::vector<double> t_rest_ms_;
  std::vector<std::uint16_t> left_;
  std::vector<double> i_syn_;  // holds Real values exactly
};

}  // namespace spikescope::testing
