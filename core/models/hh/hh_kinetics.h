#pragma once
// The Hodgkin-Huxley (1952) squid axon equations at 6.3 degrees C, in the units of the paper's
// modern convention (V in mV, t in ms, I in uA/cm^2, g in mS/cm^2, C in uF/cm^2):
//   Cm dV/dt = I - gNa m^3 h (V - ENa) - gK n^4 (V - EK) - gL (V - EL)
//   dx/dt    = alpha_x(V) (1 - x) - beta_x(V) x,   x = m, h, n
// The keys, ranges and defaults are declared once in hh_model.cpp; this is the typed view and
// the arithmetic of both methods. Every expression is written in the order of
// ../shared/models/hh.json (binary64, no FMA, glibc's exp), because that order is what makes the
// spike steps identical to Brian2's: do not "simplify" a product or a sum here.
#include <cmath>
#include <span>

namespace spikescope {

struct HhParameters {
  double Cm_uF_per_cm2 = 1.0;
  double gNa_mS_per_cm2 = 120.0;  // peak sodium conductance
  double gK_mS_per_cm2 = 36.0;    // peak potassium conductance
  double gL_mS_per_cm2 = 0.3;     // leak conductance
  double ENa_mV = 50.0;           // reversal potentials
  double EK_mV = -77.0;
  double EL_mV = -54.387;  // chosen by HH so that the resting potential is -65 mV
  bool operator==(const HhParameters&) const = default;
};

// The descriptor's values, in its order (hh_model.cpp), as the typed struct.
HhParameters hh_parameters_from(std::span<const double> values);

// The membrane potential every neuron starts from unless the setup says otherwise: the resting
// potential of the default parameters.
inline constexpr double kHhInitialV_mV = -65.0;

// The six rate functions (1/ms, V in mV). alpha_m and alpha_n are 0/0 at one potential; there
// they take their limits (1.0 at V = -40, 0.1 at V = -55). Only the exact point is special-cased
// so that every other V gets the reference's arithmetic.
struct GateRates {
  double alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n;
};

inline GateRates hh_gate_rates(double v) {
  GateRates r;
  r.alpha_m = v + 40 == 0 ? 1.0 : 0.1 * (v + 40) / (1 - std::exp(-(v + 40) / 10));
  r.beta_m = 4 * std::exp(-(v + 65) / 18);
  r.alpha_h = 0.07 * std::exp(-(v + 65) / 20);
  r.beta_h = 1 / (1 + std::exp(-(v + 35) / 10));
  r.alpha_n = v + 55 == 0 ? 0.1 : 0.01 * (v + 55) / (1 - std::exp(-(v + 55) / 10));
  r.beta_n = 0.125 * std::exp(-(v + 65) / 80);
  return r;
}

struct HhGates {
  double m, h, n;
};

// x_inf(V) = alpha_x / (alpha_x + beta_x): the gates of a neuron held at V.
inline HhGates hh_steady_gates(double v) {
  const GateRates r = hh_gate_rates(v);
  return {r.alpha_m / (r.alpha_m + r.beta_m), r.alpha_h / (r.alpha_h + r.beta_h),
          r.alpha_n / (r.alpha_n + r.beta_n)};
}

struct HhState {
  double v_mV, m, h, n;
};

// Exponential Euler (Brian2's exponential_euler; hh.json methods.exponential_euler): every rate
// and conductance from the state at the step's start; then V relaxes exactly towards V_inf for
// frozen conductances, and each gate exactly towards x_inf for frozen rates.
inline HhState hh_exponential_euler_step(const HhState& s, const HhParameters& p, double current,
                                         double dt_ms) {
  const GateRates r = hh_gate_rates(s.v_mV);
  const double gna = p.gNa_mS_per_cm2 * s.m * s.m * s.m * s.h;
  const double gk = p.gK_mS_per_cm2 * s.n * s.n * s.n * s.n;
  const double gsum = gna + gk + p.gL_mS_per_cm2;
  const double v_inf = (gna * p.ENa_mV + gk * p.EK_mV + p.gL_mS_per_cm2 * p.EL_mV + current) / gsum;
  HhState next;
  next.v_mV = v_inf + (s.v_mV - v_inf) * std::exp(-dt_ms * gsum / p.Cm_uF_per_cm2);
  auto relax = [dt_ms](double x, double alpha, double beta) {
    const double tx = alpha + beta;
    return alpha / tx + (x - alpha / tx) * std::exp(-dt_ms * tx);
  };
  next.m = relax(s.m, r.alpha_m, r.beta_m);
  next.h = relax(s.h, r.alpha_h, r.beta_h);
  next.n = relax(s.n, r.alpha_n, r.beta_n);
  return next;
}

// The right-hand side (dV/dt in mV/ms, dx/dt in 1/ms) for a current held over the step.
inline HhState hh_derivative(const HhState& s, const HhParameters& p, double current) {
  const GateRates r = hh_gate_rates(s.v_mV);
  HhState d;
  d.v_mV = (current - p.gNa_mS_per_cm2 * s.m * s.m * s.m * s.h * (s.v_mV - p.ENa_mV) -
            p.gK_mS_per_cm2 * s.n * s.n * s.n * s.n * (s.v_mV - p.EK_mV) -
            p.gL_mS_per_cm2 * (s.v_mV - p.EL_mV)) /
           p.Cm_uF_per_cm2;
  d.m = r.alpha_m * (1 - s.m) - r.beta_m * s.m;
  d.h = r.alpha_h * (1 - s.h) - r.beta_h * s.h;
  d.n = r.alpha_n * (1 - s.n) - r.beta_n * s.n;
  return d;
}

// Classic four-stage Runge-Kutta on (V, m, h, n) with the current held over the step
// (Brian2's rk4). Each stage: x + (0.5 dt) k; the update: x + (dt/6)(k1 + 2 k2 + 2 k3 + k4).
inline HhState hh_rk4_step(const HhState& s, const HhParameters& p, double current, double dt_ms) {
  auto along = [&s](const HhState& k, double h) {
    return HhState{s.v_mV + h * k.v_mV, s.m + h * k.m, s.h + h * k.h, s.n + h * k.n};
  };
  const HhState k1 = hh_derivative(s, p, current);
  const HhState k2 = hh_derivative(along(k1, 0.5 * dt_ms), p, current);
  const HhState k3 = hh_derivative(along(k2, 0.5 * dt_ms), p, current);
  const HhState k4 = hh_derivative(along(k3, dt_ms), p, current);
  const double sixth = dt_ms / 6;
  auto combine = [sixth](double x, double a, double b, double c, double d) {
    return x + sixth * (a + 2 * b + 2 * c + d);
  };
  return HhState{combine(s.v_mV, k1.v_mV, k2.v_mV, k3.v_mV, k4.v_mV),
                 combine(s.m, k1.m, k2.m, k3.m, k4.m), combine(s.h, k1.h, k2.h, k3.h, k4.h),
                 combine(s.n, k1.n, k2.n, k3.n, k4.n)};
}

}  // namespace spikescope
