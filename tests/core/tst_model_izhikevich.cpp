// The Izhikevich (2003) model (core/models/izhikevich) against Brian2 2.5.1
// (tests/data/models/izhikevich.json, a copy of ../shared/models/): spike steps, sampled v and
// final state bit for bit; the declaration against the file; and what a population adds to one
// neuron (per-neuron parameters, threads, reset, regrouping, initial values, synaptic channels,
// new parameters), each checked against single-neuron runs or a twin of the file's arithmetic.
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
#include "models/izhikevich/izhikevich_model.h"
#include "population_driver.h"
#include "run/single_neuron.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

const ModelDescriptor& model() {
  return izhikevich_model();
}

// Izhikevich (2003) Fig. 2: RS and FS as in the reference file, CH and LTS for variety.
struct Type {
  double a, b, c, d;
  std::vector<double> values() const { return {a, b, c, d, 30.0}; }  // the descriptor's order
  ParameterColumns columns() const {
    const std::vector<double> v = values();
    return {v.begin(), v.end()};
  }
};
const Type kRS{0.02, 0.2, -65.0, 8.0}, kFS{0.1, 0.2, -65.0, 2.0};
const Type kCH{0.02, 0.2, -50.0, 2.0}, kLTS{0.02, 0.25, -65.0, 2.0};

// Each parameter one value per neuron, neuron j of types[j % types.size()].
ParameterColumns per_neuron_columns(const std::vector<Type>& types, std::size_t size) {
  ParameterColumns columns(kIzhikevichParameterCount);
  for (std::size_t k = 0; k < columns.size(); ++k) {
    std::vector<double> column(size);
    for (std::size_t j = 0; j < size; ++j) column[j] = types[j % types.size()].values()[k];
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

// The file's "exact_arithmetic", written out once more: one step of (v, u) with current I.
void twin_step(const Type& p, double h, double I, double& v, double& u) {
  const double u_new = (h * (p.a * ((p.b * v) - u))) + u;
  const double v_new = (h * ((140.0 + ((I + (0.04 * (v * v))) + (5.0 * v))) - u)) + v;
  v = v_new >= 30.0 ? p.c : v_new;
  u = v_new >= 30.0 ? u_new + p.d : u_new;
}

}  // namespace

class TestModelIzhikevich : public QObject {
  Q_OBJECT
  QJsonObject reference_;

 private slots:
  void initTestCase() {
    QFile file(SPIKESCOPE_TEST_DATA_DIR "/models/izhikevich.json");
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QJsonParseError error;
    reference_ = QJsonDocument::fromJson(file.readAll(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
  }

  void declarationMatchesReference() {
    QCOMPARE(find_model("izhikevich"), &model());
    const QStringList keys = {"a", "b", "c_mV", "d", "v_peak_mV"};
    QCOMPARE(model().parameters.size(), std::size_t(keys.size()));
    for (qsizetype k = 0; k < keys.size(); ++k) {
      const ParameterDescriptor& p = model().parameters[k];
      QCOMPARE(text(p.key), keys[k]);
      QVERIFY(!p.label.empty() && !p.unit.empty() && !p.explanation.empty());
      QVERIFY(p.slider.min < p.slider.max && (!p.slider.logarithmic || p.slider.min > 0));
      QVERIFY2(p.default_value >= p.slider.min && p.default_value <= p.slider.max, p.key.data());
      QVERIFY2(text(model().equations).contains("{" + keys[k] + "}"), p.key.data());
      // No parameter has a sign of its own: Izhikevich (2004) uses a, b, d < 0.
      check_parameter_value(p, -1.0, "p");
      QVERIFY_THROWS_EXCEPTION(ParameterError, check_parameter_value(p, NAN, "p"));
    }
    // The defaults are the file's RS type, the cut-off its threshold ("v >= 30").
    for (const QJsonValue& type : reference_.value("types").toArray()) {
      if (type["name"].toString() != "RS") continue;
      for (const char* key : {"a", "b", "c_mV", "d"}) {
        QCOMPARE(model().parameters[model().parameter_index(key)].default_value,
                 type[key].toDouble());
      }
    }
    const QRegularExpressionMatch cut_off =
        QRegularExpression(R"(v >= (-?[0-9.]+))")
            .match(reference_.value("equations")["spike"].toString());
    QVERIFY(cut_off.hasMatch());
    QCOMPARE(model().parameters[kIzhikevichVPeak].default_value, cut_off.captured(1).toDouble());
    QCOMPARE(model().state.size(), std::size_t(2));
    QCOMPARE(text(model().state[kIzhikevichV].key), "v_mV");
    QCOMPARE(text(model().state[kIzhikevichU].key), "u");
    QCOMPARE(model().method_index("euler"), kIzhikevichEuler);
    QCOMPARE(text(model().current_unit), "mV/ms");
    QCOMPARE(text(model().conductance_unit), "1/ms");
    QCOMPARE(model().mV_per_voltage_unit, 1.0);
    QCOMPARE(model().state_bytes_per_neuron(kIzhikevichEuler), 2 * sizeof(double));
  }

  void referenceRun_data() {
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("type");
    const QJsonObject variants = reference_.value("variants").toObject();
    QCOMPARE(variants.keys(), QStringList({"euler_dt0.01", "euler_dt0.1"}));
    for (const QString& variant : variants.keys()) {
      const QStringList types = variants[variant]["types"].toObject().keys();
      QCOMPARE(types, QStringList({"FS", "RS"}));
      for (const QString& type : types) {
        QTest::addRow("%s %s", qPrintable(variant), qPrintable(type)) << variant << type;
      }
    }
  }

  void referenceRun() {
    QFETCH(QString, variant);
    QFETCH(QString, type);
    const QJsonObject run_spec = reference_.value("variants")[variant].toObject();
    const QJsonObject expected = run_spec["types"][type].toObject();
    std::vector<double> parameters = model().default_values();
    for (const QJsonValue& t : reference_.value("types").toArray()) {
      if (t["name"].toString() != type) continue;
      for (const char* key : {"a", "b", "c_mV", "d"}) {
        parameters[model().parameter_index(key)] = t[key].toDouble();
      }
    }
    const double dt = run_spec["dt_ms"].toDouble();
    const std::int64_t steps = run_spec["steps"].toInteger();
    QCOMPARE(steps * dt, reference_.value("duration_ms").toDouble());
    const SingleNeuronRun run = run_single_neuron(model(), parameters, kIzhikevichEuler, dt, steps,
                                                  reference_.value("I").toDouble(), 0.0, true);
    QCOMPARE(as_list(run.spike_steps), as_list(expected["spike_steps"].toArray()));
    QCOMPARE(qint64(run.spike_steps.size()), expected["count"].toInteger());
    const QJsonObject agreement = expected["agreement"].toObject();
    QVERIFY(agreement["v_samples_bit_identical"].toBool());
    QVERIFY(agreement["final_state_bit_identical"].toBool());
    const std::int64_t every = run_spec["sample_every_steps"].toInteger();
    const QJsonArray samples = expected["v_samples"].toArray();
    QCOMPARE(qint64(samples.size()), steps / every);
    for (qsizetype k = 0; k < samples.size(); ++k) {  // v at the start of step k * every
      const double actual = run.trace[kIzhikevichV][k * every];
      QVERIFY2(same_bits(actual, samples[k].toDouble()),
               differ("v", actual, samples[k].toDouble()));
    }
    const double final_v = run.trace[kIzhikevichV][steps], final_u = run.trace[kIzhikevichU][steps];
    QVERIFY2(same_bits(final_v, expected["final_v"].toDouble()),
             differ("final v", final_v, expected["final_v"].toDouble()));
    QVERIFY2(same_bits(final_u, expected["final_u"].toDouble()),
             differ("final u", final_u, expected["final_u"].toDouble()));
  }

  void populationWithPerNeuronParameters_data() {
    QTest::addColumn<int>("threads");
    QTest::addColumn<int>("chunk");
    QTest::addColumn<int>("raster_group");
    QTest::newRow("one thread") << 1 << 64 << 0;
    QTest::newRow("two threads, odd chunks") << 2 << 37 << 0;
    QTest::newRow("two threads, pooled raster") << 2 << 50 << 100;
    QTest::newRow("raster rows longer than a block") << 2 << 64 << 600;
  }

  // 1100 neurons (more than two blocks of the kernel) of four types in turn: each fires as its
  // type does alone and ends in the same state.
  void populationWithPerNeuronParameters() {
    QFETCH(int, threads);
    QFETCH(int, chunk);
    QFETCH(int, raster_group);
    const std::vector<Type> types = {kRS, kFS, kCH, kLTS};
    const std::size_t size = 1100;
    const std::int64_t steps = 3000;
    std::unique_ptr<NeuronPopulation> population =
        model().make(setup_of(per_neuron_columns(types, size), size, 0.1));
    const Drive d{.current = std::vector<double>(size, 10.0),
                  .chunk = chunk,
                  .threads = threads,
                  .raster_group = std::uint32_t(raster_group)};
    const Driven driven = drive(*population, 0, steps, d);
    std::vector<SingleNeuronRun> alone;
    for (const Type& type : types) {
      alone.push_back(
          run_single_neuron(model(), type.values(), kIzhikevichEuler, 0.1, steps, 10.0, 0.0, true));
    }
    QVERIFY(alone[0].spike_steps != alone[1].spike_steps &&
            alone[2].spike_steps != alone[3].spike_steps);
    for (std::uint32_t j = 0; j < size; ++j) {
      const SingleNeuronRun& expected = alone[j % types.size()];
      QCOMPARE(as_list(steps_of(driven.events, j)), as_list(expected.spike_steps));
      QVERIFY(
          same_bits(population->state_value(kIzhikevichV, j), expected.trace[kIzhikevichV][steps]));
      QVERIFY(
          same_bits(population->state_value(kIzhikevichU, j), expected.trace[kIzhikevichU][steps]));
    }
  }

  void resetAndInitialState_data() {
    QTest::addColumn<bool>("has_v");
    QTest::addColumn<bool>("has_u");
    QTest::newRow("model's default: v = -65, u = b*v") << false << false;
    QTest::newRow("v per neuron, u = b*v") << true << false;
    QTest::newRow("both given") << true << true;
  }

  // Three neurons of different b with an exponential synapse: they start as the setup says, and
  // reset() brings back that start (the channel emptied) and the same run.
  void resetAndInitialState() {
    QFETCH(bool, has_v);
    QFETCH(bool, has_u);
    const std::vector<Type> types = {kRS, kLTS, kFS};
    PopulationSetup setup =
        setup_of(per_neuron_columns(types, 3), 3, 0.1, {{SynapseKind::kExpCurrent, 5.0, 0.0}});
    const std::vector<double> v0 = {-70.0, -60.5, -75.25};
    setup.initial.resize(2);
    if (has_v) setup.initial[kIzhikevichV] = ValueColumn(v0);
    if (has_u) setup.initial[kIzhikevichU] = ValueColumn(-12.5);
    std::unique_ptr<NeuronPopulation> population = model().make(setup);
    auto check_initial = [&] {
      for (std::size_t j = 0; j < 3; ++j) {
        const double v = has_v ? v0[j] : -65.0;
        QCOMPARE(population->state_value(kIzhikevichV, j), v);
        QCOMPARE(population->state_value(kIzhikevichU, j), has_u ? -12.5 : types[j].b * v);
      }
    };
    check_initial();
    Drive d{.current = {10.0, 10.0, 10.0},
            .arrivals = {{100, 1, 20.0}, {400, 2, -15.0}},
            .channel = true,
            .probes = {0, 1, 2}};
    const Driven first = drive(*population, 0, 2000, d);
    QVERIFY(!first.events.empty());
    population->reset();
    check_initial();
    const Driven second = drive(*population, 0, 2000, d);
    QVERIFY(second.events == first.events && second.trace == first.trace);
    // Without the arrivals the run differs: the channel mattered, and reset() emptied it.
    population->reset();
    d.arrivals.clear();
    QVERIFY(drive(*population, 0, 2000, d).trace[2] != first.trace[2]);
  }

  // A regrouped population (neurons repeated and reordered, with their synaptic current in
  // flight) continues exactly as its source neurons do.
  void gatheredContinuesIdentically() {
    std::unique_ptr<NeuronPopulation> source = model().make(setup_of(
        per_neuron_columns({kRS, kFS, kCH}, 3), 3, 0.1, {{SynapseKind::kExpCurrent, 20.0, 0.0}}));
    Drive d{.current = {10.0, 10.0, 10.0},
            .arrivals = {{990, 0, 30.0}, {995, 1, -20.0}, {999, 2, 25.0}},
            .channel = true};
    drive(*source, 0, 1000, d);
    const std::vector<std::uint32_t> source_of = {2, 0, 0, 1};
    std::unique_ptr<NeuronPopulation> regrouped = source->gathered(source_of);
    QCOMPARE(regrouped->size(), source_of.size());
    double v = regrouped->state_value(kIzhikevichV, 0), u = regrouped->state_value(kIzhikevichU, 0);
    QCOMPARE(v, source->state_value(kIzhikevichV, 2));
    QCOMPARE(u, source->state_value(kIzhikevichU, 2));
    twin_step(kCH, 0.1, 10.0, v, u);  // neuron 2's next step without its synaptic current
    d.arrivals.clear();
    d.probes = {0, 1, 2};
    const Driven original = drive(*source, 1000, 1500, d);
    d.current.push_back(10.0);
    d.probes.push_back(3);
    const Driven continued = drive(*regrouped, 1000, 1500, d);
    for (std::uint32_t j = 0; j < source_of.size(); ++j) {
      const std::uint32_t i = source_of[j];
      QCOMPARE(as_list(steps_of(continued.events, j)), as_list(steps_of(original.events, i)));
      QVERIFY(continued.trace[2 * j] == original.trace[2 * i]);
      QVERIFY(continued.trace[2 * j + 1] == original.trace[2 * i + 1]);
    }
    QVERIFY(!same_bits(continued.trace[0][0], v));  // the current in flight came along
  }

  void checkAndDtWarning_data() {
    QTest::addColumn<double>("c_mV");
    QTest::addColumn<double>("v_peak_mV");
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("dt");
    QTest::addColumn<bool>("refused");     // by check, with a message naming c_mV
    QTest::addColumn<QString>("warning");  // what the dt warning must contain; empty: none
    QTest::newRow("RS at 0.01 ms") << -65.0 << 30.0 << 0.02 << 0.01 << false << "";
    QTest::newRow("FS at 0.1 ms") << -65.0 << 30.0 << 0.1 << 0.1 << false << "";
    QTest::newRow("reset just below the cut-off") << 29.5 << 30.0 << 0.02 << 0.1 << false << "";
    QTest::newRow("reset at the cut-off") << 30.0 << 30.0 << 0.02 << 0.1 << true << "";
    QTest::newRow("cut-off below the reset") << -65.0 << -70.0 << 0.02 << 0.1 << true << "";
    QTest::newRow("0.25 ms") << -65.0 << 30.0 << 0.02 << 0.25 << false << "upswing";
    QTest::newRow("net.m's 0.5 ms") << -65.0 << 30.0 << 0.02 << 0.5 << false << "upswing";
    QTest::newRow("a*dt > 1") << -65.0 << 30.0 << 12.0 << 0.1 << false << "a*dt";
  }

  void checkAndDtWarning() {
    QFETCH(double, c_mV);
    QFETCH(double, v_peak_mV);
    QFETCH(double, a);
    QFETCH(double, dt);
    QFETCH(bool, refused);
    QFETCH(QString, warning);
    const std::vector<double> values = {a, 0.2, c_mV, 8.0, v_peak_mV};
    try {
      model().check(values, kIzhikevichEuler, dt);
      QVERIFY2(!refused, "accepted");
    } catch (const ParameterError& error) {
      const QString message = error.what();
      QVERIFY2(refused && message.startsWith("c_mV: ") && message.contains("v_peak_mV"),
               error.what());
      return;
    }
    const QString actual = text(model().dt_warning(values, kIzhikevichEuler, dt));
    QVERIFY2(warning.isEmpty() ? actual.isEmpty() : actual.contains(warning), qPrintable(actual));
  }

  void synapticArrival_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("tau_ms");
    QTest::addColumn<double>("e_rev_mV");
    QTest::addColumn<double>("weight");  // mV/ms, or 1/ms for a conductance
    QTest::newRow("pulse") << int(SynapseKind::kPulse) << 0.0 << 0.0 << 20.0;
    QTest::newRow("exp_current") << int(SynapseKind::kExpCurrent) << 5.0 << 0.0 << 20.0;
    QTest::newRow("inhibitory exp_current") << int(SynapseKind::kExpCurrent) << 5.0 << 0.0 << -20.0;
    QTest::newRow("exp_conductance, E 0 mV")
        << int(SynapseKind::kExpConductance) << 5.0 << 0.0 << 0.3;
    QTest::newRow("exp_conductance, E -80 mV")
        << int(SynapseKind::kExpConductance) << 10.0 << -80.0 << 0.3;
  }

  // One arrival at step 150 onto neuron 1 of 2 (RS, between its first two spikes): that step is
  // the Euler step with I + I_syn, I_syn = w or g (E - v), so v rises by h I_syn; the whole
  // trajectory is the twin's with the channel's rule of model/synapse_channel.h.
  void synapticArrival() {
    QFETCH(int, kind);
    QFETCH(double, tau_ms);
    QFETCH(double, e_rev_mV);
    QFETCH(double, weight);
    const double dt = 0.1;
    const std::int64_t arrival = 150, steps = 400;
    const ChannelSpec channel{static_cast<SynapseKind>(kind), tau_ms, e_rev_mV};
    std::unique_ptr<NeuronPopulation> population =
        model().make(setup_of(kRS.columns(), 2, dt, {channel}));
    const Drive d{.current = {10.0, 10.0},
                  .arrivals = {{arrival, 1, weight}},
                  .channel = true,
                  .probes = {0, 1}};
    const Driven driven = drive(*population, 0, steps, d);
    const std::vector<double>&free_v = driven.trace[0], &v_trace = driven.trace[2];
    const double decay = std::exp(-dt / tau_ms);
    double v = -65.0, u = kRS.b * -65.0, state = 0.0, v_free = v, u_free = u;
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
      twin_step(kRS, dt, 10.0 + synaptic, v, u);
      twin_step(kRS, dt, 10.0, v_free, u_free);
      QVERIFY2(same_bits(v_trace[s], v), differ("v with the arrival", v_trace[s], v));
      QVERIFY2(same_bits(driven.trace[3][s], u),
               differ("u with the arrival", driven.trace[3][s], u));
      QVERIFY2(same_bits(free_v[s], v_free), differ("v without", free_v[s], v_free));
      if (s < arrival) QVERIFY(same_bits(v_trace[s], free_v[s]));
      if (s == arrival) {
        const double rise = v_trace[s] - free_v[s];
        QVERIFY2(std::abs(rise - dt * synaptic) < 1e-9, differ("rise", rise, dt * synaptic));
        QVERIFY(std::abs(rise) > 1e-3 && (rise > 0) == (synaptic > 0));
      }
    }
  }

  // v_new >= v_peak fires (the reference's threshold): a cut-off placed exactly on the first
  // step's v fires, one a hair above it does not.
  void thresholdIsInclusive() {
    double v = -65.0, u = kRS.b * -65.0;
    twin_step(kRS, 0.1, 10.0, v, u);
    QVERIFY(v < 30.0);  // no spike in the twin, so v is v_new
    ParameterColumns columns = kRS.columns();
    columns[kIzhikevichC] = -80.0;
    columns[kIzhikevichVPeak] = ValueColumn(std::vector<double>{v, std::nextafter(v, 100.0)});
    std::unique_ptr<NeuronPopulation> population = model().make(setup_of(columns, 2, 0.1));
    const Driven driven = drive(*population, 0, 1, Drive{.current = {10.0, 10.0}});
    QVERIFY((driven.events == std::vector<SpikeEvent>{{0, 0, 0}}));
    QCOMPARE(population->state_value(kIzhikevichV, 0), -80.0);
  }

  void setParametersKeepsState() {
    std::unique_ptr<NeuronPopulation> population = model().make(setup_of(kRS.columns(), 1, 0.1));
    const Drive d{.current = {10.0}, .probes = {0}};
    drive(*population, 0, 1000, d);
    double v = population->state_value(kIzhikevichV, 0),
           u = population->state_value(kIzhikevichU, 0);
    population->set_parameters(kFS.columns());
    QCOMPARE(population->state_value(kIzhikevichV, 0), v);
    QCOMPARE(population->state_value(kIzhikevichU, 0), u);
    const Driven after = drive(*population, 1000, 1000, d);
    for (std::size_t s = 0; s < after.trace[0].size(); ++s) {
      twin_step(kFS, 0.1, 10.0, v, u);
      QVERIFY2(same_bits(after.trace[0][s], v),
               differ("v after set_parameters", after.trace[0][s], v));
    }
    QVERIFY(!after.events.empty());
  }
};

QTEST_APPLESS_MAIN(TestModelIzhikevich)
#include "tst_model_izhikevich.moc"
