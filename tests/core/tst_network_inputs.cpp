// Inputs of a network (network_spec.h) as a neuron receives them: a DC current drives exactly
// the steps round(start/dt) <= k < round(stop/dt), current pulses add, a sine starts at its
// phase, noise repeats with its seed and has the stated mean and sd, and Poisson sources reach
// their targets through a projection. Expected traces are replayed from the notebook method's
// equations (network_support.h).
#include <QTest>
#include <cmath>
#include <numbers>

#include "common/parameter_error.h"
#include "model/model_registry.h"
#include "network/network.h"
#include "network_support.h"
#include "run/trial.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

constexpr double kDt = 0.1;

LifParameters silent(double cm = 10.0) {
  LifParameters p;
  p.threshold_v = 1e9;
  p.membrane_capacitance_uf = cm;
  return p;
}

NetworkSpec one_population(std::uint64_t size, const LifParameters& p,
                           std::vector<InputSpec> inputs) {
  NetworkSpec spec;
  spec.dt_ms = kDt;
  spec.populations = {lif_population("N", size, "notebook", p)};
  spec.inputs = std::move(inputs);
  return spec;
}

RecordingConfig probes_on(std::uint32_t population, std::uint32_t neurons, std::int64_t steps) {
  RecordingConfig recording;
  recording.probes.clear();
  for (std::uint32_t j = 0; j < neurons; ++j) recording.probes.push_back({population, j, 0});
  recording.capacity_steps = static_cast<std::size_t>(steps) + 1;
  recording.spike_events = true;
  return recording;
}

// Replays neuron 0 of a silent notebook population fed current(k) and returns the largest
// difference from the recorded trace of probe 0.
template <class Current>
double replay_difference(const Recorder& r, std::int64_t steps, Current current) {
  NotebookNeuron neuron(silent(), kDt);
  double worst = 0.0;
  for (std::int64_t k = 0; k < steps; ++k) {
    neuron.step(current(k));
    worst = std::max(worst, std::abs(r.probe_values().value(k + 1, 0) - neuron.v()));
  }
  return worst;
}

}  // namespace

class TestNetworkInputs : public QObject {
  Q_OBJECT
 private slots:
  void dcDrivesItsWindowOfSteps_data();
  void dcDrivesItsWindowOfSteps();
  void pulsesAndInputsAdd();
  void dcPerNeuronDrivesEachNeuronWithItsOwn();
  void dcPerNeuronAmplitudesAreChecked();
  void sineStartsAtItsPhase_data();
  void sineStartsAtItsPhase();
  void noiseRepeatsWithItsSeedAndHasItsMoments();
  void poissonSourcesDriveThroughAProjection_data();
  void poissonSourcesDriveThroughAProjection();
};

void TestNetworkInputs::dcDrivesItsWindowOfSteps_data() {
  QTest::addColumn<double>("start");
  QTest::addColumn<double>("stop");  // < 0: no stop
  QTest::addColumn<int>("first");
  QTest::addColumn<int>("end");
  QTest::newRow("whole run") << 0.0 << -1.0 << 0 << 40;
  QTest::newRow("0.32 to 0.87 ms: steps 3..8") << 0.32 << 0.87 << 3 << 9;
  QTest::newRow("0.51 to 3.49 ms: steps 5..34") << 0.51 << 3.49 << 5 << 35;
  QTest::newRow("1.04 to 1.06 ms: step 10 alone") << 1.04 << 1.06 << 10 << 11;
  QTest::newRow("start = stop: nothing") << 2.0 << 2.0 << 20 << 20;
  QTest::newRow("from 2.96 ms on") << 2.96 << -1.0 << 30 << 40;
}

void TestNetworkInputs::dcDrivesItsWindowOfSteps() {
  QFETCH(double, start);
  QFETCH(double, stop);
  QFETCH(int, first);
  QFETCH(int, end);
  const double amplitude = 0.5;
  DcInput dc{amplitude, start, std::nullopt};
  if (stop >= 0) dc.stop_ms = stop;
  const std::int64_t steps = 40;
  const NetworkSpec spec = one_population(1, silent(), {input("dc", "N", dc)});
  const TrialResult trial = run_trial(spec, steps, probes_on(0, 1, steps));
  const double worst = replay_difference(trial.recorder, steps, [&](std::int64_t k) {
    return k >= first && k < end ? amplitude : 0.0;
  });
  QCOMPARE(worst, 0.0);
  // The first step that changes V is the first driven one (iteration 0 holds the notebook's
  // reset sample, so a window from 0 shows from iteration 1 on).
  const int visible = std::max(first, 1);
  if (first < end) {
    QCOMPARE(trial.recorder.probe_values().value(visible, 0), 0.0);
    QVERIFY(trial.recorder.probe_values().value(visible + 1, 0) > 0.0);
  } else {
    QCOMPARE(trial.recorder.probe_values().value(steps, 0), 0.0);
  }
}

void TestNetworkInputs::pulsesAndInputsAdd() {
  // [0.2, 0.6) ms: steps 2..5; [0.4, 0.9): 4..8; [1.5, 1.7): 15..16; a DC current throughout.
  PulsesInput pulses;
  pulses.pulses = {{0.2, 0.6, 0.5}, {0.4, 0.9, 0.25}, {1.5, 1.7, -0.125}};
  const double dc = 0.0625;
  const std::int64_t steps = 30;
  const NetworkSpec spec = one_population(
      1, silent(), {input("pulses", "N", pulses), input("dc", "N", DcInput{dc, 0.0, {}})});
  const TrialResult trial = run_trial(spec, steps, probes_on(0, 1, steps));
  auto pulse = [](std::int64_t k) {
    return (k >= 2 && k < 6 ? 0.5 : 0.0) + (k >= 4 && k < 9 ? 0.25 : 0.0) +
           (k >= 15 && k < 17 ? -0.125 : 0.0);
  };
  QCOMPARE(replay_difference(trial.recorder, steps, [&](std::int64_t k) { return dc + pulse(k); }),
           0.0);
  // Without the overlap's sum the trace differs.
  QVERIFY(replay_difference(trial.recorder, steps, [&](std::int64_t k) {
            return dc + (k >= 4 && k < 6 ? 0.5 : pulse(k));
          }) > 1e-4);
}

void TestNetworkInputs::dcPerNeuronDrivesEachNeuronWithItsOwn() {
  // Three neurons, three currents, a window of steps 5..24: each trace is what the neuron would
  // show alone under its uniform DC input; with a noise input too, per-neuron currents add.
  const std::vector<double> amplitudes = {0.0, 0.25, -0.5};
  const std::int64_t steps = 30;
  const NetworkSpec spec =
      one_population(3, silent(), {input("dc", "N", DcInput{amplitudes, 0.51, 2.49})});
  const TrialResult trial = run_trial(spec, steps, probes_on(0, 3, steps));
  for (std::uint32_t j = 0; j < 3; ++j) {
    const NetworkSpec alone =
        one_population(1, silent(), {input("dc", "N", DcInput{amplitudes[j], 0.51, 2.49})});
    const TrialResult single = run_trial(alone, steps, probes_on(0, 1, steps));
    for (std::int64_t k = 0; k <= steps; ++k) {
      QCOMPARE(trial.recorder.probe_values().value(k, j),
               single.recorder.probe_values().value(k, 0));
    }
  }
  QCOMPARE(trial.recorder.probe_values().value(steps, 0), 0.0);
  QVERIFY(trial.recorder.probe_values().value(steps, 1) > 0.0);
  QVERIFY(trial.recorder.probe_values().value(steps, 2) < 0.0);
  // A drawn amplitude is a column too: the same seed, the same currents.
  const NetworkSpec drawn =
      one_population(4, silent(), {input("dc", "N", DcInput{UniformDraw{0.0, 1.0, 7}, 0.0, {}})});
  const TrialResult a = run_trial(drawn, 10, probes_on(0, 4, 10));
  const TrialResult b = run_trial(drawn, 10, probes_on(0, 4, 10));
  QCOMPARE(a.recorder.probe_values().value(10, 3), b.recorder.probe_values().value(10, 3));
  QVERIFY(a.recorder.probe_values().value(10, 0) != a.recorder.probe_values().value(10, 1));
}

void TestNetworkInputs::dcPerNeuronAmplitudesAreChecked() {
  const auto refusal = [](const ValueSpec& amplitude) -> QString {
    try {
      Network network(one_population(3, silent(), {input("dc", "N", DcInput{amplitude, 0.0, {}})}),
                      probes_on(0, 1, 10));
    } catch (const ParameterError& error) {
      return QString::fromStdString(error.what());
    }
    return "accepted";
  };
  QCOMPARE(refusal(std::vector<double>{0.1, 0.2}),
           QString("inputs[\"dc\"].amplitude: 2 values given for 3; need one per element"));
  QCOMPARE(refusal(std::vector<double>{0.1, INFINITY, 0.3}),
           QString("inputs[\"dc\"].amplitude[1]: must be a finite number, got inf"));
  QCOMPARE(refusal(std::vector<double>{0.1, 0.2, 0.3}), QString("accepted"));
}

void TestNetworkInputs::sineStartsAtItsPhase_data() {
  QTest::addColumn<double>("phase");
  for (const double phase : {0.0, 90.0, 180.0, 270.0, 45.0}) {
    QTest::addRow("%g deg", phase) << phase;
  }
}

void TestNetworkInputs::sineStartsAtItsPhase() {
  QFETCH(double, phase);
  const SineInput sine{0.5, 50.0, phase, 0.25};
  const std::int64_t steps = 400;  // two periods of 20 ms
  const NetworkSpec spec = one_population(1, silent(), {input("sine", "N", sine)});
  const TrialResult trial = run_trial(spec, steps, probes_on(0, 1, steps));
  // offset + amplitude sin(2 pi f t + phase), t = k dt at the step's start.
  auto current = [&](double phase_deg, std::int64_t k) {
    const double t_s = static_cast<double>(k) * kDt / 1000.0;
    return 0.25 + 0.5 * std::sin(2.0 * std::numbers::pi * 50.0 * t_s +
                                 phase_deg / 180.0 * std::numbers::pi);
  };
  const double worst =
      replay_difference(trial.recorder, steps, [&](std::int64_t k) { return current(phase, k); });
  QVERIFY2(worst < 1e-13, qPrintable(QString::number(worst)));
  // A quarter period off is far off.
  QVERIFY(replay_difference(trial.recorder, steps,
                            [&](std::int64_t k) { return current(phase + 90.0, k); }) > 1e-3);
  // Iteration 1 (the first the notebook integrates) is driven by the sine at t = dt:
  // V = I Rm dt / tau_m from rest.
  QVERIFY(std::abs(trial.recorder.probe_values().value(2, 0) - current(phase, 1) * kDt / 10.0) <
          1e-16);
}

void TestNetworkInputs::noiseRepeatsWithItsSeedAndHasItsMoments() {
  // tau_m = dt: each step V becomes the step's input (V + (-V + I)), so V samples the noise.
  const double mean = 0.3, sd = 0.7;
  const std::uint32_t neurons = 200;
  const std::int64_t steps = 500;
  auto run = [&](std::uint64_t seed) {
    const NetworkSpec spec =
        one_population(neurons, silent(kDt), {input("noise", "N", NoiseInput{mean, sd, seed})});
    return run_trial(spec, steps, probes_on(0, neurons, steps)).recorder;
  };
  const Recorder a = run(7);
  const Recorder b = run(7);
  const Recorder c = run(8);
  std::vector<std::vector<double>> samples(neurons);  // [neuron][iteration - 1]
  bool same = true, other = false;
  for (std::int64_t k = 2; k <= steps; ++k) {  // iteration 0 is the notebook's reset sample
    for (std::uint32_t j = 0; j < neurons; ++j) {
      const double v = a.probe_values().value(k, j);
      same = same && v == b.probe_values().value(k, j);
      other = other || v != c.probe_values().value(k, j);
      samples[j].push_back(v);
    }
  }
  QVERIFY(same);
  QVERIFY(other);
  double sum = 0, squares = 0, within = 0, lag = 0, cross = 0;
  std::size_t n = 0, lag_n = 0, cross_n = 0;
  for (std::uint32_t j = 0; j < neurons; ++j) {
    for (std::size_t k = 0; k < samples[j].size(); ++k) {
      const double z = (samples[j][k] - mean) / sd;
      sum += samples[j][k];
      squares += (samples[j][k] - mean) * (samples[j][k] - mean);
      within += std::abs(z) < 1.0;
      ++n;
      if (k > 0) {
        lag += z * (samples[j][k - 1] - mean) / sd;
        ++lag_n;
      }
      if (j > 0) {
        cross += z * (samples[j - 1][k] - mean) / sd;
        ++cross_n;
      }
    }
  }
  const double m = sum / n, s = std::sqrt(squares / n);
  QVERIFY2(std::abs(m - mean) < 5 * sd / std::sqrt(n), qPrintable(QString("mean %1").arg(m)));
  QVERIFY2(std::abs(s - sd) < 5 * sd / std::sqrt(2.0 * n), qPrintable(QString("sd %1").arg(s)));
  // Normal: 68.27% within one sd. A new draw per step and per neuron: uncorrelated.
  const double p = 0.682689;
  QVERIFY2(std::abs(within / n - p) < 5 * std::sqrt(p * (1 - p) / n),
           qPrintable(QString::number(within / n)));
  QVERIFY2(std::abs(lag / lag_n) < 5 / std::sqrt(lag_n), qPrintable(QString::number(lag / lag_n)));
  QVERIFY2(std::abs(cross / cross_n) < 5 / std::sqrt(cross_n),
           qPrintable(QString::number(cross / cross_n)));
}

void TestNetworkInputs::poissonSourcesDriveThroughAProjection_data() {
  QTest::addColumn<int>("rule");
  QTest::newRow("one_to_one") << int(ConnectorRule::kOneToOne);
  QTest::newRow("all_to_all") << int(ConnectorRule::kAllToAll);
}

void TestNetworkInputs::poissonSourcesDriveThroughAProjection() {
  QFETCH(int, rule);
  if (find_model("poisson") == nullptr) QSKIP("model poisson is not registered");
  const std::uint32_t n = 50;
  const double rate_hz = 200.0, w = 0.25;
  const std::uint32_t delay = 2;
  NetworkSpec spec;
  spec.dt_ms = kDt;
  PopulationSpec sources;
  sources.name = "P";
  sources.model = "poisson";
  sources.size = n;
  sources.seed = 3;
  sources.parameters = {{"rate_hz", rate_hz}};
  spec.populations = {sources, lif_population("T", n, "notebook", silent())};
  spec.projections = {projection("P", "T", w, delay, ConnectorRule(rule))};
  const std::int64_t steps = 2000;
  const TrialResult trial = run_trial(spec, steps, probes_on(1, n, steps));
  const Recorder& r = trial.recorder;
  const auto spiked = spike_table(r, 0, n, steps);
  // A spike in each step with probability rate dt: 50 * 2000 * 0.02 = 2000 expected.
  std::size_t count = 0;
  for (const auto& row : spiked) count += std::count(row.begin(), row.end(), true);
  const double expected = n * steps * rate_hz * kDt * 1e-3;
  QVERIFY2(std::abs(count - expected) < 5 * std::sqrt(expected),
           qPrintable(QString::number(count)));
  for (std::uint32_t j = 0; j < n; ++j) {
    NotebookNeuron neuron(silent(), kDt);
    for (std::int64_t i = 0; i < steps; ++i) {
      double arriving = 0.0;
      if (i >= delay) {
        if (ConnectorRule(rule) == ConnectorRule::kOneToOne) {
          if (spiked[i - delay][j]) arriving = w * 1.0;
        } else {
          // Dense: weight * (the height 1 added count times).
          arriving = w * static_cast<double>(
                             std::count(spiked[i - delay].begin(), spiked[i - delay].end(), true));
        }
      }
      neuron.step(arriving);
      if (r.probe_values().value(i + 1, j) != neuron.v()) {
        QFAIL(qPrintable(QString("target %1, iteration %2: %3 vs %4")
                             .arg(j)
                             .arg(i)
                             .arg(r.probe_values().value(i + 1, j))
                             .arg(neuron.v())));
      }
    }
  }
}

QTEST_GUILESS_MAIN(TestNetworkInputs)
#include "tst_network_inputs.moc"
