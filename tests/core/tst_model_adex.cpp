// The AdEx model (core/models/adex) against the Brian2 2.5.1 reference
// (tests/data/models/adex.json): spike steps, sampled V and final state bit for bit for the
// three firing patterns; the declaration against the file; and what a population adds to one
// neuron (per-neuron parameters and currents, threads, reset, regrouping, initial values,
// synaptic channels, new parameters), each checked against single-neuron runs or a twin of the
// file's arithmetic written here.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <bit>
#include <cmath>

#include "common/parameter_error.h"
#include "model/model_registry.h"
#include "models/adex/adex_model.h"
#include "population_driver.h"
#include "run/single_neuron.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

const ModelDescriptor& model() {
  return adex_model();
}

// A pattern of the file: its parameters in the descriptor's order (V_peak the default) and I.
struct Pattern {
  std::vector<double> values;
  double current_pA = 0.0;
};
Pattern pattern_of(const QJsonObject& pattern) {
  const QJsonObject params = pattern["params"].toObject();
  Pattern p{model().default_values(), params["I_pA"].toDouble()};
  for (const QString& key : params.keys()) {
    if (key == "I_pA") continue;
    const std::size_t k = model().parameter_index(key.toStdString());
    if (k != ModelDescriptor::npos) p.values[k] = params[key].toDouble();
  }
  return p;
}
ParameterColumns uniform_columns(const std::vector<double>& values) {
  return ParameterColumns(values.begin(), values.end());
}
// Each parameter one value per neuron, neuron j with patterns[j % patterns.size()].
ParameterColumns per_neuron_columns(const std::vector<Pattern>& patterns, std::size_t size) {
  ParameterColumns columns(kAdexParameterCount);
  for (std::size_t k = 0; k < columns.size(); ++k) {
    std::vector<double> column(size);
    for (std::size_t j = 0; j < size; ++j) column[j] = patterns[j % patterns.size()].values[k];
    columns[k] = ValueColumn(std::move(column));
  }
  return columns;
}
PopulationSetup setup_of(ParameterColumns columns, std::size_t size, double dt_ms,
                         std::vector<ChannelSpec> channels = {}) {
  PopulationSetup setup;
  setup.size = size;
  setup.parameters = std::move(columns);
  setup.dt_ms = dt_ms;
  setup.channels = std::move(channels);
  return setup;
}

// The file's arithmetic ("exact_arithmetic"), written out once more: one step of (V, w).
void twin_step(std::span<const double> p, double h, double I, double& v, double& w) {
  const double C = p[kAdexCapacitance], gL = p[kAdexLeakConductance], EL = p[kAdexLeakReversal];
  const double VT = p[kAdexThresholdSlope], DT = p[kAdexSlopeFactor];
  const double v_new =
      v + ((h * (((((DT * gL) * std::exp(((-VT) + v) / DT)) + I) + (gL * (EL - v))) - w)) / C);
  const double w_new =
      ((h * ((p[kAdexSubthresholdAdaptation] * ((-EL) + v)) - w)) / p[kAdexAdaptationTau]) + w;
  v = v_new;
  w = w_new;
  if (v > p[kAdexPeak]) {
    v = p[kAdexReset];
    w = w + p[kAdexSpikeAdaptation];
  }
}

}  // namespace

class TestModelAdex : public QObject {
  Q_OBJECT
  QJsonObject reference_;
  std::vector<Pattern> patterns_;  // tonic spiking, adaptation, initial burst
  double dt_ms_ = 0.0;
  std::int64_t steps_ = 0;

 private slots:
  void initTestCase() {
    QFile file(SPIKESCOPE_TEST_DATA_DIR "/models/adex.json");
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QJsonParseError error;
    reference_ = QJsonDocument::fromJson(file.readAll(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    // "forward Euler, simultaneous (Brian2 method=euler), dt = 0.01 ms, 50000 steps"
    const QRegularExpressionMatch method =
        QRegularExpression(R"(dt = ([0-9.]+) ms, ([0-9]+) steps)")
            .match(reference_.value("method").toString());
    QVERIFY(method.hasMatch());
    dt_ms_ = method.captured(1).toDouble();
    steps_ = method.captured(2).toLongLong();
    const QJsonObject patterns = reference_.value("patterns").toObject();
    for (const char* name : {"tonic spiking", "adaptation", "initial burst"}) {
      QVERIFY2(patterns.contains(name), name);
      patterns_.push_back(pattern_of(patterns[name].toObject()));
    }
  }

  void declarationMatchesReference() {
    QCOMPARE(find_model("adex"), &model());
    const QStringList keys = {"C_pF", "gL_nS",   "EL_mV", "VT_mV", "DeltaT_mV",
                              "a_nS", "tauw_ms", "b_pA",  "Vr_mV", "Vpeak_mV"};
    QCOMPARE(model().parameters.size(), std::size_t(keys.size()));
    for (qsizetype k = 0; k < keys.size(); ++k) {
      const ParameterDescriptor& p = model().parameters[k];
      QCOMPARE(text(p.key), keys[k]);
      QVERIFY(!p.label.empty() && !p.unit.empty() && !p.explanation.empty());
      QVERIFY(p.slider.min < p.slider.max && (!p.slider.logarithmic || p.slider.min > 0));
      QVERIFY2(p.default_value >= p.slider.min && p.default_value <= p.slider.max, p.key.data());
      check_parameter_value(p, p.default_value, std::string(p.key));
      QVERIFY2(text(model().equations).contains("{" + keys[k] + "}"), p.key.data());
    }
    // The defaults are the file's tonic spiking, V_peak its cut-off ("V > Vpeak = 0 mV").
    const QRegularExpressionMatch cut_off =
        QRegularExpression(R"(Vpeak = (-?[0-9.]+) mV)")
            .match(reference_.value("equations")["spike"].toString());
    QVERIFY(cut_off.hasMatch());
    QCOMPARE(model().parameters[kAdexPeak].default_value, cut_off.captured(1).toDouble());
    const QJsonObject tonic = reference_.value("patterns")["tonic spiking"]["params"].toObject();
    QCOMPARE(tonic.size(), keys.size());  // every parameter but V_peak, and I_pA
    for (const QString& key : tonic.keys()) {
      if (key == "I_pA") continue;
      const std::size_t k = model().parameter_index(key.toStdString());
      QVERIFY2(k != ModelDescriptor::npos, qPrintable(key));
      QCOMPARE(model().parameters[k].default_value, tonic[key].toDouble());
    }
    // A capacitance, leak, slope factor and time constant must be positive, and say why.
    for (const auto& [index, reason] : {std::pair{kAdexCapacitance, "a capacitance is positive"},
                                        {kAdexLeakConductance, "leak conductance is positive"},
                                        {kAdexSlopeFactor, "DeltaT divides V - VT"},
                                        {kAdexAdaptationTau, "a time constant is positive"}}) {
      for (const double bad : {0.0, -1.0}) {
        try {
          check_parameter_value(model().parameters[index], bad, "p");
          QFAIL(qPrintable(keys[qsizetype(index)] + " accepted " + QString::number(bad)));
        } catch (const ParameterError& error) {
          QVERIFY2(std::string(error.what()).find(reason) != std::string::npos, error.what());
        }
      }
    }
    check_parameter_value(model().parameters[kAdexSubthresholdAdaptation], -11.0, "a_nS");  // Naud
    QCOMPARE(text(model().state[kAdexV].key), "v_mV");
    QCOMPARE(text(model().state[kAdexW].key), "w_pA");
    QCOMPARE(model().state.size(), std::size_t(2));
    QCOMPARE(model().method_index("euler"), kAdexEuler);
    QCOMPARE(text(model().current_unit), "pA");
    QCOMPARE(text(model().conductance_unit), "nS");
    QCOMPARE(model().mV_per_voltage_unit, 1.0);
    QCOMPARE(model().state_bytes_per_neuron(kAdexEuler), 2 * sizeof(double));
  }

  void referenceRun_data() {
    QTest::addColumn<QString>("name");
    for (const QString& name : reference_.value("patterns").toObject().keys()) {
      QTest::newRow(qPrintable(name)) << name;
    }
  }

  void referenceRun() {
    QFETCH(QString, name);
    const QJsonObject expected = reference_.value("patterns")[name].toObject();
    const Pattern p = pattern_of(expected);
    const SingleNeuronRun run =
        run_single_neuron(model(), p.values, kAdexEuler, dt_ms_, steps_, p.current_pA, 0.0, true);
    QCOMPARE(as_list(run.spike_steps), as_list(expected["spike_steps"].toArray()));
    QCOMPARE(qint64(run.spike_steps.size()), expected["count"].toInteger());
    // The file's values are its twin's (glibc exp): bit for bit unless marked rounding-sensitive.
    QVERIFY(!expected["rounding_sensitive"].toBool());
    const QJsonArray samples = expected["v_samples_every_1000_steps"].toArray();
    QCOMPARE(qint64(samples.size()) * 1000, steps_);
    for (qsizetype k = 0; k < samples.size(); ++k) {
      const double actual = run.trace[kAdexV][k * 1000];
      QVERIFY2(same_bits(actual, samples[k].toDouble()),
               differ("V", actual, samples[k].toDouble()));
    }
    const double final_v = run.trace[kAdexV][steps_], final_w = run.trace[kAdexW][steps_];
    QVERIFY2(same_bits(final_v, expected["final_v"].toDouble()),
             differ("final V", final_v, expected["final_v"].toDouble()));
    QVERIFY2(same_bits(final_w, expected["final_w"].toDouble()),
             differ("final w", final_w, expected["final_w"].toDouble()));
  }

  void populationWithPerNeuronParameters_data() {
    QTest::addColumn<int>("threads");
    QTest::addColumn<int>("chunk");
    QTest::addColumn<int>("raster_group");
    QTest::newRow("one thread") << 1 << 64 << 0;
    QTest::newRow("two threads, odd chunks") << 2 << 37 << 0;
    QTest::newRow("two threads, pooled raster") << 2 << 50 << 30;
  }

  // 600 neurons, more than two blocks of kBlockNeurons, the three patterns in turn with each
  // its own current: each neuron fires as its pattern does alone and ends in the same state.
  void populationWithPerNeuronParameters() {
    QFETCH(int, threads);
    QFETCH(int, chunk);
    QFETCH(int, raster_group);
    const std::size_t size = 600;
    const std::int64_t steps = 15000;
    std::unique_ptr<NeuronPopulation> population =
        model().make(setup_of(per_neuron_columns(patterns_, size), size, dt_ms_));
    Drive d{.chunk = chunk, .threads = threads, .raster_group = std::uint32_t(raster_group)};
    for (std::size_t j = 0; j < size; ++j) d.current.push_back(patterns_[j % 3].current_pA);
    const Driven driven = drive(*population, 0, steps, d);
    std::vector<SingleNeuronRun> alone;
    for (const Pattern& p : patterns_) {
      alone.push_back(
          run_single_neuron(model(), p.values, kAdexEuler, dt_ms_, steps, p.current_pA, 0.0, true));
    }
    QVERIFY(alone[0].spike_steps != alone[1].spike_steps &&
            alone[1].spike_steps != alone[2].spike_steps);
    for (std::uint32_t j = 0; j < size; ++j) {
      const SingleNeuronRun& expected = alone[j % 3];
      QCOMPARE(as_list(steps_of(driven.events, j)), as_list(expected.spike_steps));
      QVERIFY(same_bits(population->state_value(kAdexV, j), expected.trace[kAdexV][steps]));
      QVERIFY(same_bits(population->state_value(kAdexW, j), expected.trace[kAdexW][steps]));
    }
  }

  void resetAndInitialState_data() {
    QTest::addColumn<bool>("has_v");
    QTest::addColumn<bool>("has_w");
    QTest::newRow("model's default: V = E_L, w = 0") << false << false;
    QTest::newRow("V per neuron") << true << false;
    QTest::newRow("both given") << true << true;
  }

  // Three neurons of the three patterns (E_L -70, -70, -58 mV) with an exponential synapse: they
  // start as the setup says, and reset() brings back that start and the same run.
  void resetAndInitialState() {
    QFETCH(bool, has_v);
    QFETCH(bool, has_w);
    PopulationSetup setup = setup_of(per_neuron_columns(patterns_, 3), 3, dt_ms_,
                                     {{SynapseKind::kExpConductance, 5.0, 0.0}});
    const std::vector<double> v0 = {-65.0, -55.5, -60.25};
    setup.initial.resize(2);
    if (has_v) setup.initial[kAdexV] = ValueColumn(v0);
    if (has_w) setup.initial[kAdexW] = ValueColumn(40.0);
    std::unique_ptr<NeuronPopulation> population = model().make(setup);
    auto check_initial = [&] {
      for (std::size_t j = 0; j < 3; ++j) {
        QCOMPARE(population->state_value(kAdexV, j),
                 has_v ? v0[j] : patterns_[j].values[kAdexLeakReversal]);
        QCOMPARE(population->state_value(kAdexW, j), has_w ? 40.0 : 0.0);
      }
    };
    check_initial();
    Drive d{.current = {500.0, 500.0, 400.0},
            .arrivals = {{300, 0, 2.0}, {900, 2, 3.0}},
            .channel = true,
            .probes = {0, 1, 2}};
    const Driven first = drive(*population, 0, 3000, d);
    QVERIFY(!first.events.empty());
    population->reset();
    check_initial();
    const Driven second = drive(*population, 0, 3000, d);
    QVERIFY(second.events == first.events);
    QVERIFY(second.trace == first.trace);
    // Without the arrivals the run differs: the channel mattered, and reset() emptied it.
    population->reset();
    d.arrivals.clear();
    QVERIFY(drive(*population, 0, 3000, d).trace[0] != first.trace[0]);
  }

  // A regrouped population (neurons repeated and reordered, with their synaptic conductance in
  // flight) continues exactly as its source neurons do.
  void gatheredContinuesIdentically() {
    std::unique_ptr<NeuronPopulation> source = model().make(setup_of(
        per_neuron_columns(patterns_, 3), 3, dt_ms_, {{SynapseKind::kExpCurrent, 5.0, 0.0}}));
    Drive d{.current = {500.0, 500.0, 400.0},
            .arrivals = {{1995, 0, 300.0}, {1999, 2, 200.0}},
            .channel = true};
    drive(*source, 0, 2000, d);
    const std::vector<std::uint32_t> source_of = {2, 0, 1};
    std::unique_ptr<NeuronPopulation> regrouped = source->gathered(source_of);
    QCOMPARE(regrouped->size(), source_of.size());
    double v = regrouped->state_value(kAdexV, 0), w = regrouped->state_value(kAdexW, 0);
    QCOMPARE(v, source->state_value(kAdexV, 2));
    QCOMPARE(w, source->state_value(kAdexW, 2));
    twin_step(patterns_[2].values, dt_ms_, 400.0, v, w);  // neuron 2's next step without synapse
    d.arrivals.clear();
    d.probes = {0, 1, 2};
    const Driven original = drive(*source, 2000, 5000, d);
    d.current = {400.0, 500.0, 500.0, 500.0};
    d.probes = {0, 1, 2, 3};
    const Driven continued = drive(*regrouped, 2000, 5000, d);
    for (std::uint32_t j = 0; j < source_of.size(); ++j) {
      QCOMPARE(as_list(steps_of(continued.events, j)),
               as_list(steps_of(original.events, source_of[j])));
      QVERIFY(continued.trace[2 * j] == original.trace[2 * source_of[j]]);
      QVERIFY(continued.trace[2 * j + 1] == original.trace[2 * source_of[j] + 1]);
    }
    QVERIFY(!same_bits(continued.trace[0][0], v));  // the current in flight came along
  }

  void checkRefusesCutOffBelowResetOrThreshold_data() {
    QTest::addColumn<double>("Vr_mV");
    QTest::addColumn<double>("VT_mV");
    QTest::addColumn<double>("Vpeak_mV");
    QTest::addColumn<QString>("refused_key");  // empty: accepted
    QTest::newRow("tonic spiking") << -58.0 << -50.0 << 0.0 << "";
    QTest::newRow("Naud's V_peak = VT + 5 DeltaT") << -58.0 << -50.0 << -40.0 << "";
    QTest::newRow("reset at the cut-off") << 0.0 << -50.0 << 0.0 << "Vr_mV";
    QTest::newRow("reset above the cut-off") << 5.0 << -50.0 << 0.0 << "Vr_mV";
    QTest::newRow("slope point at the cut-off") << -58.0 << -45.0 << -45.0 << "VT_mV";
  }

  void checkRefusesCutOffBelowResetOrThreshold() {
    QFETCH(double, Vr_mV);
    QFETCH(double, VT_mV);
    QFETCH(double, Vpeak_mV);
    QFETCH(QString, refused_key);
    std::vector<double> values = model().default_values();
    values[kAdexReset] = Vr_mV;
    values[kAdexThresholdSlope] = VT_mV;
    values[kAdexPeak] = Vpeak_mV;
    try {
      model().check(values, kAdexEuler, dt_ms_);
      QVERIFY2(refused_key.isEmpty(), "accepted");
    } catch (const ParameterError& error) {
      const QString message = error.what();
      QVERIFY2(!refused_key.isEmpty() && message.startsWith(refused_key + ": "), error.what());
      QVERIFY2(message.contains("Vpeak_mV"), error.what());
    }
  }

  void dtWarning_data() {
    QTest::addColumn<double>("dt");
    QTest::addColumn<double>("C_pF");
    QTest::addColumn<double>("tauw_ms");
    QTest::addColumn<QString>("warning");  // what the warning must contain; empty: none
    QTest::newRow("reference 0.01 ms") << 0.01 << 200.0 << 30.0 << "";
    QTest::newRow("0.1 ms, tau_m 20 ms") << 0.1 << 200.0 << 30.0 << "";
    QTest::newRow("0.5 ms: upswing") << 0.5 << 200.0 << 30.0 << "upswing";
    QTest::newRow("0.1 ms, tau_m 5 ms") << 0.1 << 50.0 << 30.0 << "upswing";
    QTest::newRow("dt > tau_m") << 25.0 << 200.0 << 30.0 << "overshoots the leak";
    QTest::newRow("dt > tau_w") << 10.0 << 20000.0 << 5.0 << "adaptation";
  }

  void dtWarning() {
    QFETCH(double, dt);
    QFETCH(double, C_pF);
    QFETCH(double, tauw_ms);
    QFETCH(QString, warning);
    std::vector<double> values = model().default_values();
    values[kAdexCapacitance] = C_pF;
    values[kAdexAdaptationTau] = tauw_ms;
    const QString actual = QString::fromStdString(model().dt_warning(values, kAdexEuler, dt));
    QVERIFY2(warning.isEmpty() ? actual.isEmpty() : actual.contains(warning), qPrintable(actual));
  }

  void synapticArrival_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("tau_ms");
    QTest::addColumn<double>("e_rev_mV");
    QTest::addColumn<double>("weight");  // pA, or nS for a conductance
    QTest::newRow("pulse") << int(SynapseKind::kPulse) << 0.0 << 0.0 << 2000.0;
    QTest::newRow("exp_current") << int(SynapseKind::kExpCurrent) << 5.0 << 0.0 << 200.0;
    QTest::newRow("inhibitory exp_current")
        << int(SynapseKind::kExpCurrent) << 5.0 << 0.0 << -200.0;
    QTest::newRow("exp_conductance, E 0 mV")
        << int(SynapseKind::kExpConductance) << 5.0 << 0.0 << 4.0;
    QTest::newRow("exp_conductance, E -80 mV")
        << int(SynapseKind::kExpConductance) << 10.0 << -80.0 << 4.0;
  }

  // One arrival at step 500 onto neuron 1 of 2 (tonic spiking, before its first spike): the step
  // after it is the Euler step with I + I_syn, I_syn = w or g (E - V), so V rises by h I_syn / C;
  // the whole trajectory is the twin's with the channel's rule of model/synapse_channel.h.
  void synapticArrival() {
    QFETCH(int, kind);
    QFETCH(double, tau_ms);
    QFETCH(double, e_rev_mV);
    QFETCH(double, weight);
    const std::int64_t arrival = 500, steps = 3000;
    const ChannelSpec channel{static_cast<SynapseKind>(kind), tau_ms, e_rev_mV};
    const Pattern& tonic = patterns_[0];
    std::unique_ptr<NeuronPopulation> population =
        model().make(setup_of(uniform_columns(tonic.values), 2, dt_ms_, {channel}));
    Drive d{.current = {500.0, 500.0},
            .arrivals = {{arrival, 1, weight}},
            .channel = true,
            .probes = {0, 1}};
    const Driven driven = drive(*population, 0, steps, d);
    const double decay = std::exp(-dt_ms_ / tau_ms);
    const double EL = tonic.values[kAdexLeakReversal];
    double v = EL, w = 0.0, state = 0.0, v_free = EL, w_free = 0.0;
    for (std::int64_t s = 0; s < steps; ++s) {
      const double arriving = s == arrival ? weight : 0.0;
      double synaptic = arriving;  // pulse
      if (channel.kind == SynapseKind::kExpCurrent) {
        synaptic = state + arriving;
        state = synaptic * decay;
      } else if (channel.kind == SynapseKind::kExpConductance) {
        synaptic = (state + arriving) * (e_rev_mV - v);
        state = (state + arriving) * decay;
      }
      twin_step(tonic.values, dt_ms_, 500.0 + synaptic, v, w);
      twin_step(tonic.values, dt_ms_, 500.0, v_free, w_free);
      QVERIFY2(same_bits(driven.trace[2][s], v),
               differ("V with the arrival", driven.trace[2][s], v));
      QVERIFY2(same_bits(driven.trace[3][s], w),
               differ("w with the arrival", driven.trace[3][s], w));
      QVERIFY2(same_bits(driven.trace[0][s], v_free),
               differ("V without", driven.trace[0][s], v_free));
      if (s < arrival) QVERIFY(same_bits(driven.trace[2][s], driven.trace[0][s]));
      if (s == arrival) {
        const double rise = driven.trace[2][s] - driven.trace[0][s];
        const double expected_rise = dt_ms_ * synaptic / tonic.values[kAdexCapacitance];
        QVERIFY2(std::abs(rise - expected_rise) < 1e-9, differ("rise", rise, expected_rise));
        QVERIFY(std::abs(rise) > 1e-3 && (rise > 0) == (synaptic > 0));
      }
    }
    QVERIFY(driven.trace[2] != driven.trace[0]);
  }

  // V_new > V_peak fires, strictly (the reference's threshold): a cut-off placed exactly on the
  // first step's V does not fire, one a hair below it does.
  void thresholdIsStrict() {
    std::vector<double> values = patterns_[0].values;
    values[kAdexThresholdSlope] = -60.0;
    values[kAdexReset] = -70.0;
    double v = -55.0, w = 0.0;
    twin_step(values, dt_ms_, 500.0, v, w);
    QVERIFY(v < values[kAdexPeak]);  // no spike in the twin, so v is V_new
    ParameterColumns columns = uniform_columns(values);
    columns[kAdexPeak] = ValueColumn(std::vector<double>{v, std::nextafter(v, -100.0)});
    PopulationSetup setup = setup_of(columns, 2, dt_ms_);
    setup.initial = {ValueColumn(-55.0), std::nullopt};
    std::unique_ptr<NeuronPopulation> population = model().make(setup);
    const Driven driven = drive(*population, 0, 1, Drive{.current = {500.0, 500.0}});
    QVERIFY((driven.events == std::vector<SpikeEvent>{{0, 0, 1}}));
    QCOMPARE(population->state_value(kAdexV, 1), -70.0);
  }

  void setParametersKeepsState() {
    std::unique_ptr<NeuronPopulation> population =
        model().make(setup_of(uniform_columns(patterns_[0].values), 1, dt_ms_));
    Drive d{.current = {500.0}, .probes = {0}};
    drive(*population, 0, 5000, d);
    double v = population->state_value(kAdexV, 0), w = population->state_value(kAdexW, 0);
    // Adaptation with a DeltaT whose reciprocal is inexact: the file's division by DeltaT, not a
    // multiplication (every reference pattern has DeltaT = 2, where both give the same bits).
    std::vector<double> adaptation = patterns_[1].values;
    adaptation[kAdexSlopeFactor] = 2.5;
    population->set_parameters(uniform_columns(adaptation));
    QCOMPARE(population->state_value(kAdexV, 0), v);
    QCOMPARE(population->state_value(kAdexW, 0), w);
    const Driven after = drive(*population, 5000, 20000, d);
    for (std::size_t s = 0; s < after.trace[0].size(); ++s) {
      twin_step(adaptation, dt_ms_, 500.0, v, w);
      QVERIFY2(same_bits(after.trace[0][s], v),
               differ("V after set_parameters", after.trace[0][s], v));
    }
    QVERIFY(!after.events.empty());
  }
};

QTEST_APPLESS_MAIN(TestModelAdex)
#include "tst_model_adex.moc"
