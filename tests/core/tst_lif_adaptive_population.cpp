// The population's contract of LIF with adaptation (core/models/lif_adaptive): per-neuron
// parameters on two threads, reset(), gathered(), set_parameters() and check(), each against
// single-neuron runs or the declared refusals.
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

class TestLifAdaptivePopulation : public QObject {
  Q_OBJECT
 private slots:
  void perNeuronParametersGiveEachNeuronItsOwnRun();
  void resetReproducesTheRun();
  void gatheredContinuesIdentically();
  void setParametersKeepsTheState();
  void checkRefusesBadCombinations_data();
  void checkRefusesBadCombinations();
};

// 2100 neurons (three blocks) with their own threshold, refractory period, jump and adaptation
// time constant, on two threads: each must do exactly what one neuron with its values does alone.
void TestLifAdaptivePopulation::perNeuronParametersGiveEachNeuronItsOwnRun() {
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

void TestLifAdaptivePopulation::resetReproducesTheRun() {
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
void TestLifAdaptivePopulation::gatheredContinuesIdentically() {
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
void TestLifAdaptivePopulation::setParametersKeepsTheState() {
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

void TestLifAdaptivePopulation::checkRefusesBadCombinations_data() {
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

void TestLifAdaptivePopulation::checkRefusesBadCombinations() {
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

QTEST_APPLESS_MAIN(TestLifAdaptivePopulation)
#include "tst_lif_adaptive_population.moc"
