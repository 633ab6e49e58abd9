// LIF with spike-frequency adaptation (core/models/lif_adaptive) against closed forms: every
// inter-spike interval against the continuous solution of the membrane driven by a decaying
// adaptation current (solved by bisection here), the propagator's limit at tau_a = tau_m; with
// no adaptation, the LIF exact method bit for bit; and the population's contract: per-neuron
// parameters, threads, reset(), gathered(), set_parameters(), check.
#include <QTest>
#include <cmath>
#include <functional>

#include "common/parameter_error.h"
#include "model/model_registry.h"
#include "models/lif/lif_exact_population.h"
#include "models/lif/lif_model.h"
#include "models/lif_adaptive/lif_adaptive_model.h"
#include "models/lif_adaptive/lif_adaptive_parameters.h"
#include "run/single_neuron.h"

using namespace spikescope;

namespace {

std::vector<double> defaults() {
  return lif_adaptive_model().default_values();
}

// The defaults with some values changed: {{kLifAdaptiveJump, 0.0}, ...}.
std::vector<double> with(std::initializer_list<std::pair<LifAdaptiveParameter, double>> changes) {
  std::vector<double> values = defaults();
  for (const auto& [parameter, value] : changes) values[parameter] = value;
  return values;
}

PopulationSetup setup_of(std::size_t size, ParameterColumns parameters, double dt_ms) {
  PopulationSetup setup;
  setup.size = size;
  setup.parameters = std::move(parameters);
  setup.dt_ms = dt_ms;
  return setup;
}

ParameterColumns uniform_columns(const std::vector<double>& values) {
  return ParameterColumns(values.begin(), values.end());
}

// What a population did: every spike per neuron (iterations from the drive's first) and V and
// I_a (or only V, for a model with one variable) of every neuron after each step.
struct Recorded {
  std::vector<std::vector<std::int64_t>> spikes;  // [neuron]
  std::vector<std::vector<double>> trace;         // [neuron * variables + variable][step]
};

// Drives `population` for `steps` steps from iteration `first`: the current from iteration
// `onset` on, and on each channel c the uniform arrivals arriving(c, iteration). Chunks of 77
// steps, so that chunk boundaries fall anywhere.
Recorded drive(NeuronPopulation& population, std::int64_t first, int steps, double current,
               int threads, std::int64_t onset = 0, std::size_t channels = 0,
               const std::function<double(std::size_t, std::int64_t)>& arriving = {}) {
  constexpr int kChunk = 77;
  const std::size_t size = population.size();
  const std::size_t variables = population.model().state.size();
  Recorded recorded;
  recorded.spikes.resize(size);
  recorded.trace.resize(size * variables);
  std::vector<std::uint32_t> probe_neurons;
  std::vector<std::uint32_t> probe_variables;
  for (std::uint32_t j = 0; j < size; ++j) {
    for (std::uint32_t v = 0; v < variables; ++v) {
      probe_neurons.push_back(j);
      probe_variables.push_back(v);
    }
  }
  for (int done = 0; done < steps; done += kChunk) {
    const int n = std::min(kChunk, steps - done);
    std::vector<double> drive(n);
    for (int s = 0; s < n; ++s) drive[s] = first + done + s >= onset ? current : 0.0;
    std::vector<std::vector<double>> arrivals(channels, std::vector<double>(n, 0.0));
    std::vector<ChannelArrivals> channel_input(channels);
    for (std::size_t c = 0; c < channels; ++c) {
      for (int s = 0; s < n; ++s) arrivals[c][s] = arriving(c, first + done + s);
      channel_input[c].uniform = arrivals[c].data();
    }
    ChunkInput in;
    in.first_iteration = first + done;
    in.steps = n;
    in.uniform_current = drive.data();
    in.channels = channel_input;
    std::vector<std::uint32_t> counts(n, 0);
    std::vector<double> values(probe_neurons.size() * n);
    std::vector<std::uint8_t> spiked(probe_neurons.size() * n);
    std::vector<SpikeEvent> events;
    ChunkOutput out;
    out.spike_counts = counts.data();
    out.probe_neurons = probe_neurons;
    out.probe_variables = probe_variables;
    out.probe_values = values.data();
    out.probe_spiked = spiked.data();
    out.events = &events;
    population.advance(in, out, threads);
    for (const SpikeEvent& event : events) {
      recorded.spikes[event.neuron].push_back(event.iteration - first);
    }
    for (std::size_t p = 0; p < probe_neurons.size(); ++p) {
      for (int s = 0; s < n; ++s) recorded.trace[p].push_back(values[p * n + s]);
    }
  }
  return recorded;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

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
  void perNeuronParametersGiveEachNeuronItsOwnRun();
  void resetReproducesTheRun();
  void gatheredContinuesIdentically();
  void setParametersKeepsTheState();
  void checkRefusesBadCombinations_data();
  void checkRefusesBadCombinations();
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

// 2100 neurons (three blocks) with their own threshold, refractory period, jump and adaptation
// time constant, on two threads: each must do exactly what one neuron with its values does alone.
void TestModelLifAdaptive::perNeuronParametersGiveEachNeuronItsOwnRun() {
  constexpr std::size_t kSize = 2100;
  constexpr int kSteps = 3000;
  constexpr double kDt = 0.1;
  ParameterColumns columns = uniform_columns(defaults());
  std::vector<std::vector<double>> values(kSize, defaults());
  std::vector<double> threshold(kSize), refractory(kSize), jump(kSize), tau(kSize);
  for (std::size_t j = 0; j < kSize; ++j) {
    values[j][kLifAdaptiveThreshold] = threshold[j] = 0.6 + 0.05 * static_cast<double>(j % 5);
    values[j][kLifAdaptiveRefractory] = refractory[j] = 1.0 + 0.5 * static_cast<double>(j % 7);
    values[j][kLifAdaptiveJump] = jump[j] = 0.03 * static_cast<double>(j % 4);
    values[j][kLifAdaptiveTau] = tau[j] = 20.0 + 40.0 * static_cast<double>(j % 3);
  }
  columns[kLifAdaptiveThreshold] = ValueColumn(threshold);
  columns[kLifAdaptiveRefractory] = ValueColumn(refractory);
  columns[kLifAdaptiveJump] = ValueColumn(jump);
  columns[kLifAdaptiveTau] = ValueColumn(tau);
  const auto population = lif_adaptive_model().make(setup_of(kSize, columns, kDt));
  const Recorded together = drive(*population, 0, kSteps, 1.2, 2);
  for (std::size_t j = 0; j < kSize; j += 3) {
    const SingleNeuronRun alone = run_single_neuron(lif_adaptive_model(), values[j],
                                                    kLifAdaptiveExact, kDt, kSteps, 1.2, 0.0, true);
    QCOMPARE(together.spikes[j], alone.spike_steps);
    QVERIFY(together.trace[2 * j + kLifAdaptiveCurrent].back() ==
            alone.trace[kLifAdaptiveCurrent].back());
  }
  QVERIFY(together.spikes[0] != together.spikes[1]);
}

void TestModelLifAdaptive::resetReproducesTheRun() {
  PopulationSetup setup = setup_of(3, uniform_columns(defaults()), 0.1);
  setup.initial.resize(kLifAdaptiveStateCount);
  setup.initial[kLifAdaptiveV] = ValueColumn(std::vector<double>{0.7, 0.2, -0.3});
  setup.initial[kLifAdaptiveCurrent] = ValueColumn(0.4);
  setup.channels = {ChannelSpec{SynapseKind::kExpCurrent, 5.0, 0.0}};
  const auto population = lif_adaptive_model().make(setup);
  auto arriving = [](std::size_t, std::int64_t iteration) {
    return iteration % 400 == 0 ? 0.3 : 0.0;
  };
  const Recorded first = drive(*population, 0, 5000, 1.1, 1, 0, 1, arriving);
  population->reset();
  QCOMPARE(population->state_value(kLifAdaptiveV, 2), -0.3);
  QCOMPARE(population->state_value(kLifAdaptiveCurrent, 1), 0.4);
  const Recorded second = drive(*population, 0, 5000, 1.1, 1, 0, 1, arriving);
  QCOMPARE(second.spikes, first.spikes);
  for (std::size_t p = 0; p < first.trace.size(); ++p) {
    QVERIFY(same_bits(second.trace[p], first.trace[p]));
  }
  QVERIFY(first.spikes[0].size() > 5);
  // Without a given V, a neuron starts at rest_v.
  const auto at_rest = lif_adaptive_model().make(
      setup_of(1, uniform_columns(with({{kLifAdaptiveRest, -0.25}})), 0.1));
  QCOMPARE(at_rest->state_value(kLifAdaptiveV, 0), -0.25);
  QCOMPARE(at_rest->state_value(kLifAdaptiveCurrent, 0), 0.0);
}

// Regrouped mid-run, some neurons refractory and the synaptic currents still decaying: each new
// neuron continues exactly as its source does.
void TestModelLifAdaptive::gatheredContinuesIdentically() {
  ParameterColumns columns = uniform_columns(defaults());
  columns[kLifAdaptiveJump] = ValueColumn(std::vector<double>{0.0, 0.05, 0.1, 0.2});
  PopulationSetup setup = setup_of(4, columns, 0.1);
  setup.channels = {ChannelSpec{SynapseKind::kExpCurrent, 5.0, 0.0},
                    ChannelSpec{SynapseKind::kExpConductance, 3.0, 0.0}};
  const auto population = lif_adaptive_model().make(setup);
  auto arriving = [](std::size_t channel, std::int64_t iteration) {
    return iteration % 300 == 0 ? (channel == 0 ? 0.5 : 0.02) : 0.0;
  };
  const Recorded before = drive(*population, 0, 2011, 1.2, 1, 0, 2, arriving);
  const std::vector<std::uint32_t> source_of = {3, 1, 1, 0, 2};
  const auto regrouped = population->gathered(source_of);
  const Recorded original = drive(*population, 2011, 4000, 1.2, 1, 0, 2, arriving);
  const Recorded gathered = drive(*regrouped, 2011, 4000, 1.2, 2, 0, 2, arriving);
  for (std::size_t j = 0; j < source_of.size(); ++j) {
    QCOMPARE(gathered.spikes[j], original.spikes[source_of[j]]);
    for (std::size_t v = 0; v < kLifAdaptiveStateCount; ++v) {
      QVERIFY(same_bits(gathered.trace[j * kLifAdaptiveStateCount + v],
                        original.trace[source_of[j] * kLifAdaptiveStateCount + v]));
    }
  }
  QVERIFY(!before.spikes[3].empty() && !original.spikes[3].empty());
}

// New parameters act from the next step on the state reached: the same as a fresh population
// with the new parameters started from that state. Below threshold until the change, so that no
// refractory countdown (which a setup cannot give) is running.
void TestModelLifAdaptive::setParametersKeepsTheState() {
  PopulationSetup setup = setup_of(1, uniform_columns(defaults()), 0.1);
  setup.initial = {std::nullopt, ValueColumn(0.3)};
  const auto population = lif_adaptive_model().make(setup);
  QVERIFY(drive(*population, 0, 1234, 0.7, 1).spikes[0].empty());
  PopulationSetup fresh_setup = setup_of(1, uniform_columns(defaults()), 0.1);
  fresh_setup.parameters[kLifAdaptiveThreshold] = ValueColumn(0.5);
  fresh_setup.parameters[kLifAdaptiveTau] = ValueColumn(30.0);
  std::vector<double> reached;
  for (std::size_t v = 0; v < kLifAdaptiveStateCount; ++v) {
    reached.push_back(population->state_value(v, 0));
    fresh_setup.initial.push_back(ValueColumn(reached.back()));
  }
  QVERIFY(reached[kLifAdaptiveCurrent] > 0.0);
  population->set_parameters(fresh_setup.parameters);
  for (std::size_t v = 0; v < kLifAdaptiveStateCount; ++v) {
    QVERIFY(population->state_value(v, 0) == reached[v]);
  }
  const auto fresh = lif_adaptive_model().make(fresh_setup);
  const Recorded changed = drive(*population, 1234, 3000, 0.7, 1);
  const Recorded expected = drive(*fresh, 1234, 3000, 0.7, 1);
  QVERIFY(!changed.spikes[0].empty());
  QCOMPARE(changed.spikes, expected.spikes);
  QVERIFY(same_bits(changed.trace[kLifAdaptiveV], expected.trace[kLifAdaptiveV]));
}

void TestModelLifAdaptive::checkRefusesBadCombinations_data() {
  QTest::addColumn<double>("threshold");
  QTest::addColumn<double>("reset");
  QTest::addColumn<double>("refractory");
  QTest::addColumn<double>("dt");
  QTest::addColumn<double>("rm");
  QTest::addColumn<QString>("key");  // empty: accepted
  QTest::newRow("defaults") << 0.75 << 0.0 << 4.0 << 0.1 << 1.0 << "";
  QTest::newRow("reset at threshold") << 0.75 << 0.75 << 4.0 << 0.1 << 1.0 << "reset_v";
  QTest::newRow("reset above threshold") << -0.05 << 0.0 << 4.0 << 0.1 << 1.0 << "reset_v";
  QTest::newRow("refractory fits") << 0.75 << 0.0 << 655.35 << 0.01 << 1.0 << "";
  QTest::newRow("refractory too long") << 0.75 << 0.0 << 700.0 << 0.01 << 1.0 << "refractory_ms";
  QTest::newRow("tau_m overflows")
      << 0.75 << 0.0 << 4.0 << 0.1 << 1e308 << "membrane_capacitance_uf";
}

void TestModelLifAdaptive::checkRefusesBadCombinations() {
  QFETCH(double, threshold);
  QFETCH(double, reset);
  QFETCH(double, refractory);
  QFETCH(double, dt);
  QFETCH(double, rm);
  QFETCH(QString, key);
  const std::vector<double> values = with({{kLifAdaptiveThreshold, threshold},
                                           {kLifAdaptiveReset, reset},
                                           {kLifAdaptiveRefractory, refractory},
                                           {kLifAdaptiveResistance, rm}});
  try {
    lif_adaptive_model().check(values, kLifAdaptiveExact, dt);
    QVERIFY2(key.isEmpty(), "accepted");
  } catch (const ParameterError& error) {
    QVERIFY2(!key.isEmpty(), error.what());
    QVERIFY2(QString(error.what()).startsWith(key + ": "), error.what());
  }
  // Adaptation opposes firing: a negative jump is out of range.
  QVERIFY_THROWS_EXCEPTION(
      ParameterError, check_parameter_value(lif_adaptive_model().parameters[kLifAdaptiveJump], -0.1,
                                            "adaptation_jump_ma"));
}

QTEST_APPLESS_MAIN(TestModelLifAdaptive)
#include "tst_model_lif_adaptive.moc"
