// The network engine's graph (network/network.h): a spike found in step k of a projection's
// source arrives at step k + delay; pulse, exponential-current and exponential-conductance
// synapses add what synapse_channel.h says; loops and self-projections run in chunks no longer
// than their shortest delay; how a run is cut into advance() calls changes nothing. Every
// expectation is replayed by hand from the model's equations (network_support.h) or a closed
// form, never taken from the engine's own output.
#include <QTest>
#include <cmath>

#include "network/network.h"
#include "network_support.h"
#include "run/trial.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

constexpr double kDt = 0.1;

// Fires once, in iteration onset + 1 (the first driven step: 200 mA lifts V by 2 V), then stays
// refractory for the rest of the run.
LifParameters one_shot() {
  LifParameters p;
  p.refractory_ms = 1000.0;
  return p;
}
// Never reaches threshold.
LifParameters silent(double rm = 1.0, double cm = 10.0) {
  LifParameters p;
  p.threshold_v = 100.0;
  p.membrane_resistance_kohm = rm;
  p.membrane_capacitance_uf = cm;
  return p;
}

// Source "S" of `size` one-shot neurons firing in iterations onsets[j] + 1, target "T" of
// `size` neurons of the given method and parameters.
NetworkSpec source_and_target(const std::vector<std::int32_t>& onset_steps,
                              const std::string& target_method, const LifParameters& target) {
  NetworkSpec spec;
  spec.dt_ms = kDt;
  const std::uint64_t size = onset_steps.size();
  spec.populations = {lif_population("S", size, "notebook", one_shot()),
                      lif_population("T", size, target_method, target)};
  spec.inputs = {input("onsets", "S", onsets(200.0, onset_steps))};
  return spec;
}

RecordingConfig recording_for(std::int64_t steps, std::vector<Probe> probes) {
  RecordingConfig recording;
  recording.probes = std::move(probes);
  recording.capacity_steps = static_cast<std::size_t>(steps) + 1;
  recording.spike_events = true;
  return recording;
}

// The probe values of a run must be the replay's, step by step; the first difference fails.
#define COMPARE_TRACE(recorder, probe, stored_step, expected)                    \
  do {                                                                           \
    const double got_ = (recorder).probe_values().value((stored_step), (probe)); \
    if (got_ != (expected)) {                                                    \
      QFAIL(qPrintable(QString("probe %1, stored step %2: %3, expected %4")      \
                           .arg(probe)                                           \
                           .arg(stored_step)                                     \
                           .arg(got_, 0, 'g', 17)                                \
                           .arg((expected), 0, 'g', 17)));                       \
    }                                                                            \
  } while (false)

}  // namespace

class TestNetworkGraph : public QObject {
  Q_OBJECT
 private slots:
  void spikeArrivesAfterTheDelay_data();
  void spikeArrivesAfterTheDelay();
  void negativeWeightLowersTheTarget_data();
  void negativeWeightLowersTheTarget();
  void expCurrentFollowsClosedForm_data();
  void expCurrentFollowsClosedForm();
  void expConductanceDrivesTowardsReversal_data();
  void expConductanceDrivesTowardsReversal();
  void loopOfTwoPopulations_data();
  void loopOfTwoPopulations();
  void populationProjectingToItself_data();
  void populationProjectingToItself();
};

void TestNetworkGraph::spikeArrivesAfterTheDelay_data() {
  QTest::addColumn<int>("rule");
  QTest::addColumn<int>("delaySteps");  // 0: delay_ms is used
  QTest::addColumn<double>("delayMs");
  QTest::addColumn<int>("expected");
  const int one = static_cast<int>(ConnectorRule::kOneToOne);
  const int all = static_cast<int>(ConnectorRule::kAllToAll);
  for (const int rule : {one, all}) {
    const char* name = rule == one ? "one_to_one" : "all_to_all";
    for (const int d : {1, 2, 7}) {
      QTest::addRow("%s delay_steps %d", name, d) << rule << d << 0.0 << d;
    }
    // delay_ms rounded to the nearest step (dt 0.1 ms).
    QTest::addRow("%s 0.1 ms", name) << rule << 0 << 0.1 << 1;
    QTest::addRow("%s 0.149 ms", name) << rule << 0 << 0.149 << 1;
    QTest::addRow("%s 0.26 ms", name) << rule << 0 << 0.26 << 3;
    QTest::addRow("%s 0.34 ms", name) << rule << 0 << 0.34 << 3;
    QTest::addRow("%s 0.66 ms", name) << rule << 0 << 0.66 << 7;
  }
}

void TestNetworkGraph::spikeArrivesAfterTheDelay() {
  QFETCH(int, rule);
  QFETCH(int, delaySteps);
  QFETCH(double, delayMs);
  QFETCH(int, expected);
  const std::vector<std::int32_t> onset_steps{3, 10, 21};
  NetworkSpec spec = source_and_target(onset_steps, "notebook", silent());
  const double w = 0.5;
  ProjectionSpec p = projection("S", "T", w, 1, ConnectorRule(rule));
  p.delay_steps.reset();
  if (delaySteps != 0) p.delay_steps = static_cast<std::uint32_t>(delaySteps);
  p.delay_ms = delayMs;
  spec.projections = {p};
  const std::int64_t steps = 80;
  const TrialResult trial =
      run_trial(spec, steps, recording_for(steps, {{1, 0, 0}, {1, 1, 0}, {1, 2, 0}}));
  const Recorder& r = trial.recorder;
  for (std::uint32_t j = 0; j < 3; ++j) {
    QCOMPARE(spike_iterations(r, 0, j), std::vector<std::int64_t>{onset_steps[j] + 1});
  }
  QCOMPARE(spike_iterations(r, 1, 0), std::vector<std::int64_t>{});
  const auto spiked = spike_table(r, 0, 3, steps);
  for (std::uint32_t j = 0; j < 3; ++j) {
    // Target j receives w per source spike of iteration i - delay that reaches it.
    NotebookNeuron neuron(silent(), kDt);
    for (std::int64_t i = 0; i < steps; ++i) {
      double arriving = 0.0;
      for (std::uint32_t s = 0; s < 3 && i >= expected; ++s) {
        const bool connected = ConnectorRule(rule) == ConnectorRule::kAllToAll || s == j;
        if (connected && spiked[i - expected][s]) arriving += w;
      }
      neuron.step(arriving);
      COMPARE_TRACE(r, j, i + 1, neuron.v());
    }
    // The first change is exactly at the arrival step: V = w Rm dt / tau_m from rest.
    const std::int64_t arrival = rule == static_cast<int>(ConnectorRule::kOneToOne)
                                     ? onset_steps[j] + 1 + expected
                                     : onset_steps[0] + 1 + expected;
    QCOMPARE(r.probe_values().value(arrival, j), 0.0);
    QCOMPARE(r.probe_values().value(arrival + 1, j), ((-(0.0 - 0.0) + w * 1.0) / 10.0) * kDt);
  }
}

void TestNetworkGraph::negativeWeightLowersTheTarget_data() {
  QTest::addColumn<double>("weight");
  QTest::newRow("-0.5") << -0.5;
  QTest::newRow("-3") << -3.0;
}

void TestNetworkGraph::negativeWeightLowersTheTarget() {
  QFETCH(double, weight);
  const double dc = 0.5;
  NetworkSpec spec = source_and_target({6}, "notebook", silent());
  spec.inputs.push_back(input("dc", "T", DcInput{dc, 0.0, std::nullopt}));
  NetworkSpec twin = spec;
  spec.projections = {projection("S", "T", weight, 4, ConnectorRule::kOneToOne)};
  const std::int64_t steps = 60;
  const TrialResult with = run_trial(spec, steps, recording_for(steps, {{1, 0, 0}}));
  const TrialResult without = run_trial(twin, steps, recording_for(steps, {{1, 0, 0}}));
  const std::int64_t arrival = 7 + 4;  // the spike of iteration 7, four steps late
  for (std::int64_t k = 0; k <= arrival; ++k) {
    QCOMPARE(with.recorder.probe_values().value(k, 0), without.recorder.probe_values().value(k, 0));
  }
  const double v = with.recorder.probe_values().value(arrival, 0);  // at the step's start
  QVERIFY(v > 0.04);                                                // on its way to 0.5 V
  const double lowered = v + ((-v + (dc + weight) * 1.0) / 10.0) * kDt;
  QCOMPARE(with.recorder.probe_values().value(arrival + 1, 0), lowered);
  // Lower than without the spike by w Rm dt / tau_m.
  const double difference = without.recorder.probe_values().value(arrival + 1, 0) - lowered;
  QVERIFY(std::abs(difference - (-weight) * kDt / 10.0) < 1e-15);
}

void TestNetworkGraph::expCurrentFollowsClosedForm_data() {
  QTest::addColumn<double>("tauS");
  QTest::addColumn<int>("rule");
  for (const double tau_s : {2.0, 5.0, 10.0, 20.0}) {  // 10 = tau_m: the limit form
    QTest::addRow("tau_s %g one_to_one", tau_s) << tau_s << int(ConnectorRule::kOneToOne);
    QTest::addRow("tau_s %g all_to_all", tau_s) << tau_s << int(ConnectorRule::kAllToAll);
  }
}

void TestNetworkGraph::expCurrentFollowsClosedForm() {
  QFETCH(double, tauS);
  QFETCH(int, rule);
  const double rm = 2.0, cm = 5.0, tau_m = rm * cm, w = 0.3;
  NetworkSpec spec = source_and_target({5}, "exact", silent(rm, cm));
  ProjectionSpec p = projection("S", "T", w, 2, ConnectorRule(rule));
  p.synapse = ChannelSpec{SynapseKind::kExpCurrent, tauS, 0.0};
  spec.projections = {p};
  const std::int64_t steps = 400;
  const TrialResult trial = run_trial(spec, steps, recording_for(steps, {{1, 0, 0}}));
  const Recorder& r = trial.recorder;
  const std::int64_t arrival = 6 + 2;
  for (std::int64_t k = 0; k <= arrival; ++k) QCOMPARE(r.probe_values().value(k, 0), 0.0);
  // V after the step that ends t after the arrival's start:
  //   R w tau_s/(tau_s - tau_m) (e^{-t/tau_s} - e^{-t/tau_m}), or R w t/tau_m e^{-t/tau_m}.
  auto closed = [&](double t) {
    if (tauS == tau_m) return rm * w * t / tau_m * std::exp(-t / tau_m);
    return rm * w * tauS / (tauS - tau_m) * (std::exp(-t / tauS) - std::exp(-t / tau_m));
  };
  double peak = 0.0;
  for (std::int64_t n = 0; arrival + 1 + n <= steps; ++n)
    peak = std::max(peak, closed((n + 1) * kDt));
  double worst = 0.0;
  for (std::int64_t n = 0; arrival + 1 + n <= steps; ++n) {
    const double v = r.probe_values().value(arrival + 1 + n, 0);
    worst = std::max(worst, std::abs(v - closed((n + 1) * kDt)));
  }
  QVERIFY(peak > 0.01);
  // The float state rounds each step: a few parts per million of the peak.
  QVERIFY2(worst < 5e-6 * peak,
           qPrintable(QString("max |V - closed form| = %1 of peak %2").arg(worst).arg(peak)));
}

void TestNetworkGraph::expConductanceDrivesTowardsReversal_data() {
  QTest::addColumn<QString>("method");
  QTest::addColumn<double>("eRevMv");
  for (const char* method : {"notebook", "exact"}) {
    QTest::addRow("%s excitatory 500 mV", method) << QString(method) << 500.0;
    QTest::addRow("%s inhibitory -200 mV", method) << QString(method) << -200.0;
  }
}

void TestNetworkGraph::expConductanceDrivesTowardsReversal() {
  QFETCH(QString, method);
  QFETCH(double, eRevMv);
  const bool notebook = method == "notebook";
  const double dc = 0.4, g0 = 0.02, tau_s = 3.0;
  NetworkSpec spec = source_and_target({6}, method.toStdString(), silent());
  spec.inputs.push_back(input("dc", "T", DcInput{dc, 0.0, std::nullopt}));
  const NetworkSpec twin = spec;
  ProjectionSpec p = projection("S", "T", g0, 3, ConnectorRule::kOneToOne);
  p.synapse = ChannelSpec{SynapseKind::kExpConductance, tau_s, eRevMv};
  spec.projections = {p};
  const std::int64_t steps = 200;
  const TrialResult with = run_trial(spec, steps, recording_for(steps, {{1, 0, 0}}));
  const TrialResult without = run_trial(twin, steps, recording_for(steps, {{1, 0, 0}}));
  const Recorder& r = with.recorder;
  const std::int64_t arrival = 7 + 3;
  // The LIF model works in volts: E_rev = e_rev_mV / 1000.
  const double e_rev = eRevMv / 1000.0;
  const double decay = std::exp(-kDt / tau_s);
  // From the arrival on: I_syn = g (E_rev - V), V at the step's start; then g decays.
  double g = g0;
  for (std::int64_t i = arrival; i < steps; ++i) {
    const double v = r.probe_values().value(i, 0);
    const double current = dc + g * (e_rev - v);
    double next;
    if (notebook) {
      next = v + ((-v + current * 1.0) / 10.0) * kDt;
    } else {
      const float v_inf = 0.0f + static_cast<float>(current) * 1.0f;
      next = v_inf - (v_inf - static_cast<float>(v)) * static_cast<float>(std::exp(-kDt / 10.0));
    }
    COMPARE_TRACE(r, 0, i + 1, next);
    g *= decay;
  }
  for (std::int64_t k = 0; k <= arrival; ++k) {
    QCOMPARE(r.probe_values().value(k, 0), without.recorder.probe_values().value(k, 0));
  }
  // Towards E_rev: up for 500 mV, down for -200 mV, with V near 0.04 V at the arrival.
  const double change = r.probe_values().value(arrival + 1, 0) -
                        without.recorder.probe_values().value(arrival + 1, 0);
  const double v = r.probe_values().value(arrival, 0);
  QVERIFY(v > 0.02 && v < 0.1);
  // Rm g (E_rev - V) times dt/tau_m (Euler) or 1 - exp(-dt/tau_m) (the exact propagator).
  const double gain = notebook ? kDt / 10.0 : 1.0 - std::exp(-kDt / 10.0);
  const double expected_change = g0 * (e_rev - v) * gain;
  // (The float state of the exact method resolves the change to about 1e-3.)
  const double tolerance = notebook ? 1e-6 : 1e-3;
  QVERIFY2(std::abs(change - expected_change) < tolerance * std::abs(expected_change),
           qPrintable(QString("V moved by %1, expected %2").arg(change).arg(expected_change)));
}

void TestNetworkGraph::loopOfTwoPopulations_data() {
  QTest::addColumn<int>("delay");
  QTest::newRow("delay 1") << 1;
  QTest::newRow("delay 5") << 5;
}

void TestNetworkGraph::loopOfTwoPopulations() {
  QFETCH(int, delay);
  // A fires regularly on a DC current; each spike of A makes B fire `delay` steps later (100 mA
  // lifts B by 1 V), and each spike of B lowers A `delay` steps after that.
  const double dc = 1.0, w_ab = 100.0, w_ba = -5.0;
  NetworkSpec spec;
  spec.dt_ms = kDt;
  spec.populations = {lif_population("A", 1, "notebook"), lif_population("B", 1, "notebook")};
  spec.projections = {projection("A", "B", w_ab, delay), projection("B", "A", w_ba, delay)};
  spec.inputs = {input("dc", "A", DcInput{dc, 0.0, std::nullopt})};
  const std::int64_t steps = 2000;
  const RecordingConfig recording = recording_for(steps, {{0, 0, 0}, {1, 0, 0}});
  Network whole(spec, recording);
  QCOMPARE(whole.chunk_steps(), delay);
  whole.advance(steps);
  Network stepwise(spec, recording);
  for (std::int64_t i = 0; i < steps; ++i) stepwise.advance(1);
  QCOMPARE(events_of(stepwise.recorder()), events_of(whole.recorder()));

  const Recorder& r = whole.recorder();
  NotebookNeuron a(LifParameters{}, kDt), b(LifParameters{}, kDt);
  std::vector<bool> a_spiked, b_spiked;
  std::vector<SpikeEvent> expected;
  for (std::int64_t i = 0; i < steps; ++i) {
    const bool a_in = i >= delay && b_spiked[i - delay];
    const bool b_in = i >= delay && a_spiked[i - delay];
    a_spiked.push_back(a.step(dc + (a_in ? w_ba : 0.0)));
    b_spiked.push_back(b.step(b_in ? w_ab * 1.0 : 0.0));
    COMPARE_TRACE(r, 0, i + 1, a.v());
    COMPARE_TRACE(r, 1, i + 1, b.v());
    COMPARE_TRACE(stepwise.recorder(), 0, i + 1, a.v());
    if (a_spiked.back()) expected.push_back({i, 0, 0});
    if (b_spiked.back()) expected.push_back({i, 1, 0});
  }
  QCOMPARE(events_of(r), expected);
  // Each spike of A caused one of B exactly `delay` steps later.
  const auto a_times = spike_iterations(r, 0), b_times = spike_iterations(r, 1);
  QVERIFY(a_times.size() >= 8);
  QCOMPARE(b_times.size(), a_times.size() - (a_times.back() + delay >= steps ? 1 : 0));
  for (std::size_t k = 0; k < b_times.size(); ++k) QCOMPARE(b_times[k], a_times[k] + delay);
}

void TestNetworkGraph::populationProjectingToItself_data() {
  QTest::addColumn<int>("size");
  QTest::newRow("one neuron, itself included") << 1;
  QTest::newRow("three neurons, each to the others") << 3;
}

void TestNetworkGraph::populationProjectingToItself() {
  QFETCH(int, size);
  const auto n = static_cast<std::uint32_t>(size);
  const std::uint32_t delay = 3;
  const double w = n == 1 ? -0.3 : 0.2;
  NetworkSpec spec;
  spec.dt_ms = kDt;
  spec.populations = {lif_population("P", n, "notebook")};
  ProjectionSpec self = projection("P", "P", w, delay);
  self.connector.allow_self = n == 1;
  spec.projections = {self};
  const std::vector<std::int32_t> onset_steps =
      n == 1 ? std::vector<std::int32_t>{0} : std::vector<std::int32_t>{0, 30, 60};
  spec.inputs = {input("onsets", "P", onsets(1.0, onset_steps))};
  const std::int64_t steps = 1500;
  std::vector<Probe> probes;
  for (std::uint32_t j = 0; j < n; ++j) probes.push_back({0, j, 0});
  Network network(spec, recording_for(steps, probes));
  QCOMPARE(network.chunk_steps(), int(delay));
  // Itself included: one number for all (nothing stored); else n (n - 1) synapses.
  QCOMPARE(network.connectivity(0).synapse_count(), std::uint64_t{n == 1 ? 0u : n * (n - 1)});
  network.advance(steps);
  const Recorder& r = network.recorder();
  std::vector<NotebookNeuron> neurons(n, NotebookNeuron(LifParameters{}, kDt));
  std::vector<std::vector<bool>> spiked;
  for (std::int64_t i = 0; i < steps; ++i) {
    spiked.emplace_back(n, false);
    for (std::uint32_t j = 0; j < n; ++j) {
      double arriving = 0.0;
      for (std::uint32_t s = 0; s < n && i >= delay; ++s) {
        if ((n == 1 || s != j) && spiked[i - delay][s]) arriving += w;
      }
      const double onset = i - 1 >= onset_steps[j] ? 1.0 : 0.0;
      spiked[i][j] = neurons[j].step(onset + arriving);
      COMPARE_TRACE(r, j, i + 1, neurons[j].v());
    }
  }
  for (std::uint32_t j = 0; j < n; ++j) {
    std::vector<std::int64_t> expected;
    for (std::int64_t i = 0; i < steps; ++i) {
      if (spiked[i][j]) expected.push_back(i);
    }
    QVERIFY(expected.size() >= 5);
    QCOMPARE(spike_iterations(r, 0, j), expected);
  }
}

QTEST_GUILESS_MAIN(TestNetworkGraph)
#include "tst_network_graph.moc"
