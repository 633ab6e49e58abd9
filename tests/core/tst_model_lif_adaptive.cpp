// LIF with spike-frequency adaptation (core/models/lif_adaptive) against closed forms: every
// inter-spike interval against the continuous solution of the membrane driven by a decaying
// adaptation current (solved by bisection here), the propagator's limit at tau_a = tau_m; with
// no adaptation, the LIF exact method bit for bit. The population's contract is in
// tst_lif_adaptive_population.cpp.
#include <QTest>
#include <cmath>
#include <functional>

#include "common/parameter_error.h"
#include "lif_adaptive_support.h"
#include "model/model_registry.h"
#include "models/lif/lif_exact_population.h"
#include "models/lif/lif_model.h"
#include "models/lif_adaptive/lif_adaptive_model.h"
#include "models/lif_adaptive/lif_adaptive_parameters.h"
#include "run/single_neuron.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

// The continuous membrane from V(0) = v0 with the adaptation current a0 e^(-t/tau_a):
//   V(t) = V_inf + (v0 - V_inf) e^(-t/tau_m) - R a0 tau_a/(tau_a - tau_m) (e^(-t/tau_a) -
//   e^(-t/tau_m))
// (the last term R a0 (t/tau_m) e^(-t/tau_m) when tau_a = tau_m).
struct Membrane {
  double v_inf, v0, rm, a0, tau_m, tau_a;
  double at(double t) const {
    const double em = std::exp(-t / tau_m);
    const double adaptation = tau_a == tau_m
                                  ? rm * a0 * t / tau_m * em
                                  : rm * a0 * tau_a / (tau_a - tau_m) * (std::exp(-t / tau_a) - em);
    return v_inf + (v0 - v_inf) * em - adaptation;
  }
};

// The first t with V(t) = threshold, by bisection (V crosses the threshold upwards once: V_inf
// only rises as I_a decays); -1 when V never gets there.
double time_to_threshold(const Membrane& membrane, double threshold) {
  double hi = 1.0;
  while (membrane.at(hi) < threshold) {
    hi *= 2;
    if (hi > 1e7) return -1.0;
  }
  double lo = 0.0;
  for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (membrane.at(mid) < threshold ? lo : hi) = mid;
  }
  return hi;
}

// One row of the closed-form test.
struct IntervalCase {
  const char* name;
  double current, jump, tau_a, refractory, dt, rm, cm, threshold, reset, rest;
};

}  // namespace

Q_DECLARE_METATYPE(IntervalCase)

class TestModelLifAdaptive : public QObject {
  Q_OBJECT
 private slots:
  void declarationKeepsTheLifKeys();
  void propagatorHasItsClosedForm();
  void intervalsFollowTheClosedForm_data();
  void intervalsFollowTheClosedForm();
  void withoutAdaptationItIsTheLifExactMethod_data();
  void withoutAdaptationItIsTheLifExactMethod();
};

// A teacher switches "lif" to "lif_adaptive" and keeps the values: same keys, units, defaults.
void TestModelLifAdaptive::declarationKeepsTheLifKeys() {
  const ModelDescriptor& model = lif_adaptive_model();
  QCOMPARE(find_model("lif_adaptive"), &model);
  for (const ParameterDescriptor& lif : lif_model().parameters) {
    const std::size_t k = model.parameter_index(lif.key);
    QVERIFY2(k != ModelDescriptor::npos, lif.key.data());
    // In the same place too (the tests below hand the first seven values to the LIF model).
    QCOMPARE(k, lif_model().parameter_index(lif.key));
    QCOMPARE(model.parameters[k].unit, lif.unit);
    QCOMPARE(model.parameters[k].default_value, lif.default_value);
  }
  for (const ParameterDescriptor& parameter : model.parameters) {
    check_parameter_value(parameter, parameter.default_value, "default");  // must not throw
  }
  QCOMPARE(model.state[0].key, lif_model().state[0].key);
  QCOMPARE(model.mV_per_voltage_unit, lif_model().mV_per_voltage_unit);
  QCOMPARE(model.current_unit, lif_model().current_unit);
  QCOMPARE(model.methods[kLifAdaptiveExact].key, std::string_view("exact"));
}

void TestModelLifAdaptive::propagatorHasItsClosedForm() {
  const double dt = 0.1;
  const double tau_m = 10.0;
  for (const double tau_a : {3.0, 9.0, 11.0, 100.0, 1e4}) {
    const double plain = tau_a / (tau_a - tau_m) * (std::exp(-dt / tau_a) - std::exp(-dt / tau_m));
    QVERIFY(std::abs(adaptation_propagator(tau_m, tau_a, dt) / plain - 1) < 1e-12);
  }
  const double limit = dt / tau_m * std::exp(-dt / tau_m);
  QCOMPARE(adaptation_propagator(tau_m, tau_m, dt), limit);
  // Near the limit the plain form loses half its digits; the propagator must not.
  for (const double relative : {1e-6, 1e-9, -1e-12}) {
    const double tau_a = tau_m * (1 + relative);
    const double slope = dt * dt / (2 * tau_m * tau_m * tau_m) * std::exp(-dt / tau_m);
    const double expected = limit + slope * (tau_a - tau_m);  // first order in tau_a - tau_m
    QVERIFY(std::abs(adaptation_propagator(tau_m, tau_a, dt) - expected) < 1e-15);
  }
  // dt much longer than tau_m: no overflow.
  QVERIFY(std::isfinite(adaptation_propagator(0.01, 100.0, 50.0)));
}

void TestModelLifAdaptive::intervalsFollowTheClosedForm_data() {
  QTest::addColumn<IntervalCase>("c");
  constexpr IntervalCase kCases[] = {
      // current, jump, tau_a, refractory, dt, rm, cm, threshold, reset, rest
      {"defaults", 1.0, 0.1, 100.0, 4.0, 0.1, 1.0, 10.0, 0.75, 0.0, 0.0},
      {"strong", 1.5, 0.2, 50.0, 2.0, 0.125, 1.0, 10.0, 0.75, 0.0, 0.0},
      {"fine dt", 3.0, 0.05, 300.0, 0.0, 0.01, 1.0, 10.0, 0.75, 0.0, 0.0},
      {"tau_a = tau_m", 1.5, 0.5, 10.0, 1.0, 0.1, 1.0, 10.0, 0.75, 0.0, 0.0},
      {"tau_a near tau_m", 1.5, 0.5, 10.000001, 1.0, 0.1, 1.0, 10.0, 0.75, 0.0, 0.0},
      {"physiological volts", 0.03, 0.003, 200.0, 2.0, 0.05, 1.0, 20.0, -0.05, -0.065, -0.07},
      {"dt 1 ms", 1.2, 0.05, 80.0, 3.0, 1.0, 2.0, 5.0, 0.75, 0.1, 0.0},
      {"no adaptation", 1.0, 0.0, 100.0, 4.0, 0.1, 1.0, 10.0, 0.75, 0.0, 0.0},
  };
  for (const IntervalCase& c : kCases) QTest::newRow(c.name) << c;
}

// Each interval from the reset to the next threshold crossing, in continuous time, with the
// adaptation current left from all earlier spikes: the discrete spike must come in the step that
// contains the crossing (the exact propagator samples the continuous solution).
void TestModelLifAdaptive::intervalsFollowTheClosedForm() {
  QFETCH(IntervalCase, c);
  const auto [name, current, jump, tau_a, refractory, dt, rm, cm, threshold, reset, rest] = c;
  const std::vector<double> values = with({{kLifAdaptiveResistance, rm},
                                           {kLifAdaptiveCapacitance, cm},
                                           {kLifAdaptiveRefractory, refractory},
                                           {kLifAdaptiveThreshold, threshold},
                                           {kLifAdaptiveReset, reset},
                                           {kLifAdaptiveRest, rest},
                                           {kLifAdaptiveJump, jump},
                                           {kLifAdaptiveTau, tau_a}});
  const auto steps = static_cast<std::int64_t>(std::llround(1000.0 / dt));
  const std::vector<std::int64_t> spikes =
      run_single_neuron(lif_adaptive_model(), values, kLifAdaptiveExact, dt, steps, current, 0.0,
                        false)
          .spike_steps;
  QVERIFY(spikes.size() >= 5);

  const double tau_m = rm * cm;
  const double held_steps = std::floor(refractory / dt + 1e-9);  // whole steps at reset
  const double slack = 1e-9 * dt;
  double start_ms = 0.0;  // where the membrane starts integrating towards the next spike
  double v0 = rest;
  for (std::size_t i = 0; i < spikes.size(); ++i) {
    // I_a at start_ms: each earlier spike k added `jump` at the end of its step, (k + 1) dt.
    double a0 = 0.0;
    for (std::size_t p = 0; p < i; ++p) {
      a0 += jump * std::exp(-(start_ms - (spikes[p] + 1) * dt) / tau_a);
    }
    const Membrane membrane{rest + rm * current, v0, rm, a0, tau_m, tau_a};
    const double crossing_ms = start_ms + time_to_threshold(membrane, threshold);
    QVERIFY(crossing_ms > start_ms);
    // Spike step k: V(k dt) < threshold <= V((k + 1) dt).
    const double end_of_step_ms = (spikes[i] + 1) * dt;
    QVERIFY2(end_of_step_ms >= crossing_ms - slack && end_of_step_ms < crossing_ms + dt + slack,
             qPrintable(QString("spike %1 at step %2, continuous crossing at %3 ms")
                            .arg(i)
                            .arg(spikes[i])
                            .arg(crossing_ms, 0, 'g', 12)));
    start_ms = (spikes[i] + 1 + held_steps) * dt;
    v0 = reset;
  }
  std::vector<std::int64_t> intervals;
  for (std::size_t i = 1; i < spikes.size(); ++i) intervals.push_back(spikes[i] - spikes[i - 1]);
  if (jump > 0) {
    // Adaptation: the steady interval is longer than the first.
    QVERIFY(intervals.back() > intervals.front());
  } else {
    QVERIFY(std::all_of(intervals.begin(), intervals.end(),
                        [&](std::int64_t k) { return k == intervals.front(); }));
  }
}

void TestModelLifAdaptive::withoutAdaptationItIsTheLifExactMethod_data() {
  QTest::addColumn<double>("current");
  QTest::addColumn<double>("dt");
  QTest::addColumn<double>("refractory");
  QTest::addColumn<double>("cm");
  QTest::addColumn<double>("rest");
  QTest::addColumn<int>("onset");
  QTest::newRow("notebook") << 1.0 << 0.125 << 4.0 << 10.0 << 0.0 << 30;
  QTest::newRow("fast") << 3.0 << 0.01 << 2.0 << 5.0 << 0.0 << 0;
  QTest::newRow("coarse") << 1.3 << 0.5 << 1.7 << 10.0 << 0.1 << 7;
  QTest::newRow("no refractoriness") << 2.0 << 0.1 << 0.0 << 3.0 << -0.2 << 1;
}

void TestModelLifAdaptive::withoutAdaptationItIsTheLifExactMethod() {
  QFETCH(double, current);
  QFETCH(double, dt);
  QFETCH(double, refractory);
  QFETCH(double, cm);
  QFETCH(double, rest);
  QFETCH(int, onset);
  const std::vector<double> values = with({{kLifAdaptiveRefractory, refractory},
                                           {kLifAdaptiveCapacitance, cm},
                                           {kLifAdaptiveRest, rest},
                                           {kLifAdaptiveJump, 0.0}});
  const std::vector<double> lif_values(values.begin(), values.begin() + kLifParameterCount);
  const int steps = 20000;
  ExactLifPopulation<double> lif(setup_of(1, uniform_columns(lif_values), dt));
  const Recorded expected = drive(lif, 0, steps, current, 1, onset);
  const auto adaptive = lif_adaptive_model().make(setup_of(1, uniform_columns(values), dt));
  const Recorded got = drive(*adaptive, 0, steps, current, 1, onset);
  QVERIFY(expected.spikes[0].size() > 10);
  QCOMPARE(got.spikes[0], expected.spikes[0]);
  QVERIFY(same_bits(got.trace[kLifAdaptiveV], expected.trace[0]));
}

QTEST_APPLESS_MAIN(TestModelLifAdaptive)
#include "tst_model_lif_adaptive.moc"
