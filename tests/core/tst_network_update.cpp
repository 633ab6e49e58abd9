// What a running Network takes and refuses: neurons that differ only by onset share trajectories
// (the same results with NeuronSharing::kAlways and kOff, also beside other inputs) except where
// sharing would be wrong; Network::update() takes weights, parameters and onsets without a reset
// (replayed by hand), refuses structural changes (false) and invalid specs (ParameterError),
// changing nothing then; per-neuron parameter values reach their neurons.
#include <QTest>
#include <set>

#include "common/onset_generator.h"
#include "common/parameter_error.h"
#include "model/model_registry.h"
#include "network/network.h"
#include "network_support.h"
#include "run/trial.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

constexpr double kDt = 0.1;

RecordingConfig everything(std::int64_t steps, std::vector<Probe> probes) {
  RecordingConfig recording;
  recording.probes = std::move(probes);
  recording.capacity_steps = static_cast<std::size_t>(steps) + 1;
  recording.spike_events = true;
  return recording;
}

// "L" (300 LIF neurons, onset input and a DC input) projecting to "M" (2 neurons).
NetworkSpec onset_network(const std::string& method, const std::vector<std::int32_t>& onset_steps) {
  NetworkSpec spec;
  spec.dt_ms = kDt;
  spec.populations = {lif_population("L", onset_steps.size(), method),
                      lif_population("M", 2, method)};
  spec.projections = {projection("L", "M", 2.0, 2)};
  spec.inputs = {input("onsets", "L", onsets(0.8, onset_steps)),
                 input("dc", "L", DcInput{0.3, 1.0, 20.0}),
                 input("sine", "L", SineInput{0.1, 30.0, 0.0, 0.0})};
  return spec;
}

std::size_t distinct(const std::vector<std::int32_t>& values) {
  return std::set<std::int32_t>(values.begin(), values.end()).size();
}

QString difference(const Recorder& a, const Recorder& b) {
  return QString::fromStdString(first_difference(a, b));
}

// The notebook chain "S" (20 neurons, onsets) -> "T" (1 neuron), all-to-all, two steps late,
// for the update tests.
struct History {
  std::vector<std::int32_t> onsets = draw_onsets(20, 40, 5);
  double amplitude = 1.0;
  double weight = 10.0;
  LifParameters neuron;
};
NetworkSpec chain_of(const History& h) {
  NetworkSpec spec;
  spec.dt_ms = kDt;
  spec.populations = {lif_population("S", 20, "notebook", h.neuron),
                      lif_population("T", 1, "notebook", h.neuron)};
  spec.projections = {projection("S", "T", h.weight, 2)};
  spec.inputs = {input("onsets", "S", onsets(h.amplitude, h.onsets))};
  return spec;
}

}  // namespace

class TestNetworkUpdate : public QObject {
  Q_OBJECT
 private slots:
  void sharingGivesTheSameResults_data();
  void sharingGivesTheSameResults();
  void sharingIsRefusedWhereNeuronsDiffer_data();
  void sharingIsRefusedWhereNeuronsDiffer();
  void updateTakesChangesWithoutReset_data();
  void updateTakesChangesWithoutReset();
  void structuralChangeIsRefused_data();
  void structuralChangeIsRefused();
  void invalidUpdateThrowsAndChangesNothing_data();
  void invalidUpdateThrowsAndChangesNothing();
  void perNeuronParametersReachTheirNeurons_data();
  void perNeuronParametersReachTheirNeurons();
};

void TestNetworkUpdate::sharingGivesTheSameResults_data() {
  QTest::addColumn<QString>("method");
  QTest::newRow("notebook") << "notebook";
  QTest::newRow("exact") << "exact";
}

void TestNetworkUpdate::sharingGivesTheSameResults() {
  QFETCH(QString, method);
  const std::vector<std::int32_t> onset_steps = draw_onsets(300, 30, 9);
  const NetworkSpec spec = onset_network(method.toStdString(), onset_steps);
  const std::int64_t steps = 800;
  RecordingConfig recording = everything(steps, {{0, 0, 0}, {0, 150, 0}, {0, 299, 0}, {1, 0, 0}});
  recording.raster_rows = 16;
  Network each(spec, recording, EngineOptions{0, NeuronSharing::kOff});
  Network shared(spec, recording, EngineOptions{0, NeuronSharing::kAlways});
  QCOMPARE(each.trajectories(0), std::size_t{300});
  QCOMPARE(shared.trajectories(0), distinct(onset_steps));
  QCOMPARE(shared.trajectories(1), std::size_t{2});  // a projection's target never shares
  each.advance(steps);
  shared.advance(steps);
  QVERIFY(each.recorder().events().size() > 300);
  QVERIFY(std::any_of(each.recorder().events().begin(), each.recorder().events().end(),
                      [](const SpikeEvent& e) { return e.population == 1; }));
  QCOMPARE(difference(each.recorder(), shared.recorder()), QString());
}

void TestNetworkUpdate::sharingIsRefusedWhereNeuronsDiffer_data() {
  QTest::addColumn<QString>("change");
  QTest::newRow("a projection enters") << "projection";
  QTest::newRow("noise") << "noise";
  QTest::newRow("per-neuron parameter") << "parameter";
  QTest::newRow("per-neuron initial state") << "initial";
}

void TestNetworkUpdate::sharingIsRefusedWhereNeuronsDiffer() {
  QFETCH(QString, change);
  const std::vector<std::int32_t> onset_steps = draw_onsets(300, 30, 9);
  NetworkSpec spec = onset_network("exact", onset_steps);
  if (change == "projection") spec.projections.push_back(projection("M", "L", 0.5, 3));
  if (change == "noise") spec.inputs.push_back(input("noise", "L", NoiseInput{0.0, 0.1, 4}));
  if (change == "parameter") {
    // LIF takes one value per parameter; Izhikevich neurons may differ.
    if (find_model("izhikevich") == nullptr) QSKIP("model izhikevich is not registered");
    PopulationSpec izhikevich;
    izhikevich.name = "L";
    izhikevich.model = "izhikevich";
    izhikevich.size = 300;
    izhikevich.set_parameter("a", UniformDraw{0.01, 0.03, 2});
    spec.populations[0] = izhikevich;
  }
  if (change == "initial") spec.populations[0].initial = {{"vm_v", UniformDraw{0.0, 0.5, 3}}};
  const std::int64_t steps = 500;
  const RecordingConfig recording = everything(steps, {{0, 7, 0}});
  Network shared(spec, recording, EngineOptions{0, NeuronSharing::kAlways});
  QCOMPARE(shared.trajectories(0), std::size_t{300});  // every neuron its own
  Network each(spec, recording, EngineOptions{0, NeuronSharing::kOff});
  shared.advance(steps);
  each.advance(steps);
  QCOMPARE(difference(each.recorder(), shared.recorder()), QString());
  // Without the change, the same population shares.
  QCOMPARE(Network(onset_network("exact", onset_steps), recording,
                   EngineOptions{0, NeuronSharing::kAlways})
               .trajectories(0),
           distinct(onset_steps));
}

void TestNetworkUpdate::updateTakesChangesWithoutReset_data() {
  QTest::addColumn<int>("sharing");
  QTest::newRow("every neuron") << int(NeuronSharing::kOff);
  QTest::newRow("shared trajectories") << int(NeuronSharing::kAlways);
}

void TestNetworkUpdate::updateTakesChangesWithoutReset() {
  QFETCH(int, sharing);
  // The history of specs: at iteration 200 a new weight, at 350 new parameters of both
  // populations, at 500 new onsets and amplitude; each taken at the next step, the state kept.
  std::vector<std::pair<std::int64_t, History>> history(4);
  history[1].first = 200;
  history[1].second.weight = 30.0;
  history[2] = {350, history[1].second};
  history[2].second.neuron.threshold_v = 0.6;
  history[2].second.neuron.membrane_capacitance_uf = 8.0;
  history[3] = {500, history[2].second};
  history[3].second.amplitude = 1.25;
  // Onsets after the change: the input goes off again until each neuron's new onset.
  history[3].second.onsets = draw_onsets(20, 60, 6);
  for (std::int32_t& onset : history[3].second.onsets) onset += 500;
  const std::int64_t steps = 800;
  std::vector<Probe> probes;
  for (std::uint32_t j = 0; j < 20; ++j) probes.push_back({0, j, 0});
  probes.push_back({1, 0, 0});
  Network network(chain_of(history[0].second), everything(steps, probes),
                  EngineOptions{0, NeuronSharing(sharing)});
  for (std::size_t h = 1; h < history.size(); ++h) {
    network.advance(history[h].first - network.iteration());
    QVERIFY(network.update(chain_of(history[h].second)));
    QVERIFY(network.spec() == chain_of(history[h].second));
  }
  network.advance(steps - network.iteration());
  QCOMPARE(network.iteration(), steps);  // never reset

  // The replay: the values in force at each iteration; a spike carries the weight of the step
  // it was sent in (it was delivered into the delay buffer then).
  std::vector<NotebookNeuron> sources(20, NotebookNeuron(history[0].second.neuron, kDt));
  NotebookNeuron target(history[0].second.neuron, kDt);
  std::vector<std::size_t> sent(steps, 0);
  std::vector<double> weight_of(steps, 0.0);
  std::vector<SpikeEvent> expected;
  std::size_t h = 0;
  for (std::int64_t i = 0; i < steps; ++i) {
    if (h + 1 < history.size() && history[h + 1].first == i) {
      ++h;
      for (auto& s : sources) s.set_parameters(history[h].second.neuron);
      target.set_parameters(history[h].second.neuron);
    }
    const History& now = history[h].second;
    for (std::uint32_t j = 0; j < 20; ++j) {
      if (sources[j].step(i - 1 >= now.onsets[j] ? now.amplitude : 0.0)) {
        ++sent[i];
        expected.push_back({i, 0, j});
      }
      QCOMPARE(network.recorder().probe_values().value(i + 1, j), sources[j].v());
    }
    weight_of[i] = now.weight;
    const double arriving =
        i >= 2 && sent[i - 2] != 0 ? weight_of[i - 2] * static_cast<double>(sent[i - 2]) : 0.0;
    if (target.step(arriving)) expected.push_back({i, 1, 0});
    QCOMPARE(network.recorder().probe_values().value(i + 1, 20), target.v());
  }
  QCOMPARE(events_of(network.recorder()), expected);
  // The target fired under each weight, and after the new onsets.
  for (const auto& [from, to] : {std::pair{0, 200}, {200, 500}, {500, 800}}) {
    QVERIFY2(std::any_of(expected.begin(), expected.end(),
                         [&](const SpikeEvent& e) {
                           return e.population == 1 && e.iteration >= from && e.iteration < to;
                         }),
             qPrintable(QString("no target spike in [%1, %2)").arg(from).arg(to)));
  }
}

void TestNetworkUpdate::structuralChangeIsRefused_data() {
  QTest::addColumn<QString>("change");
  for (const char* change : {"size", "connector", "delay", "model", "method", "synapse", "name",
                             "input kind", "dt", "projection added"}) {
    QTest::newRow(change) << QString(change);
  }
}

void TestNetworkUpdate::structuralChangeIsRefused() {
  QFETCH(QString, change);
  const NetworkSpec spec = chain_of(History{});
  NetworkSpec next = spec;
  if (change == "size") {
    next.populations[1].size = 2;
  } else if (change == "connector") {
    next.projections[0].connector.rule = ConnectorRule::kFixedInDegree;
    next.projections[0].connector.k = 5;
  } else if (change == "delay") {
    next.projections[0].delay_steps = 3;
  } else if (change == "model") {
    if (find_model("izhikevich") == nullptr) QSKIP("model izhikevich is not registered");
    next.populations[1] = PopulationSpec{};
    next.populations[1].name = "T";
    next.populations[1].model = "izhikevich";
  } else if (change == "method") {
    next.populations[1].method = "exact";
  } else if (change == "synapse") {
    next.projections[0].synapse = ChannelSpec{SynapseKind::kExpCurrent, 2.0, 0.0};
  } else if (change == "name") {
    next.populations[1].name = "U";
    next.projections[0].target = "U";
  } else if (change == "input kind") {
    next.inputs[0].kind = DcInput{1.0, 0.0, {}};
  } else if (change == "dt") {
    next.dt_ms = 0.05;
  } else if (change == "projection added") {
    next.projections.push_back(projection("T", "S", 0.1, 2));
  }
  validate(next);  // a valid spec, only not the same structure
  const RecordingConfig recording = everything(600, {{0, 3, 0}, {1, 0, 0}});
  Network network(spec, recording);
  Network untouched(spec, recording);
  network.advance(250);
  untouched.advance(250);
  QVERIFY(!network.update(next));
  QVERIFY(network.spec() == spec);
  QCOMPARE(network.iteration(), std::int64_t{250});
  network.advance(350);
  untouched.advance(350);
  QCOMPARE(difference(untouched.recorder(), network.recorder()), QString());
}

void TestNetworkUpdate::invalidUpdateThrowsAndChangesNothing_data() {
  QTest::addColumn<QString>("change");
  QTest::addColumn<QString>("field");
  QTest::newRow("negative capacitance") << "cm"
                                        << "populations[\"S\"].parameters.membrane_capacitance_uf:";
  QTest::newRow("NaN weight") << "weight"
                              << "projections[\"S->T\"].weight:";
  QTest::newRow("onsets for fewer neurons") << "onsets"
                                            << "inputs[\"onsets\"].onset_steps:";
  QTest::newRow("missing target") << "target"
                                  << "projections[\"S->T\"].target:";
  QTest::newRow("reset above threshold") << "reset"
                                         << "populations[\"S\"].parameters.reset_v:";
}

void TestNetworkUpdate::invalidUpdateThrowsAndChangesNothing() {
  QFETCH(QString, change);
  QFETCH(QString, field);
  const NetworkSpec spec = chain_of(History{});
  NetworkSpec next = spec;
  // A valid change alongside the invalid one must not be taken either.
  next.projections[0].weight = 0.9;
  if (change == "cm") next.populations[0].set_parameter("membrane_capacitance_uf", -1.0);
  if (change == "weight") next.projections[0].weight = std::numeric_limits<double>::quiet_NaN();
  if (change == "onsets") std::get<OnsetStepInput>(next.inputs[0].kind).onset_steps->pop_back();
  if (change == "target") next.projections[0].target = "X";
  if (change == "reset") next.populations[0].set_parameter("reset_v", 0.8);
  const RecordingConfig recording = everything(600, {{0, 3, 0}, {1, 0, 0}});
  Network network(spec, recording);
  Network untouched(spec, recording);
  network.advance(250);
  untouched.advance(250);
  QString message;
  try {
    network.update(next);
  } catch (const ParameterError& error) {
    message = error.what();
  }
  QVERIFY2(message.startsWith(field), qPrintable(message));
  QVERIFY(network.spec() == spec);
  network.advance(350);
  untouched.advance(350);
  QCOMPARE(difference(untouched.recorder(), network.recorder()), QString());
}

void TestNetworkUpdate::perNeuronParametersReachTheirNeurons_data() {
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("key");
  QTest::addColumn<double>("current");
  QTest::newRow("izhikevich a") << "izhikevich"
                                << "a" << 10.0;
  QTest::newRow("izhikevich d") << "izhikevich"
                                << "d" << 10.0;
  QTest::newRow("lif threshold_v") << "lif"
                                   << "threshold_v" << 1.0;
}

void TestNetworkUpdate::perNeuronParametersReachTheirNeurons() {
  QFETCH(QString, model);
  QFETCH(QString, key);
  QFETCH(double, current);
  const ModelDescriptor* descriptor = find_model(model.toStdString());
  if (descriptor == nullptr) QSKIP("model not registered");
  const std::size_t k = descriptor->parameter_index(key.toStdString());
  QVERIFY(k != ModelDescriptor::npos);
  const double base = descriptor->parameters[k].default_value;
  const std::uint32_t n = 8;
  const ValueSpec draw = UniformDraw{0.5 * base, 1.5 * base, 21};
  auto network_of = [&](std::uint64_t size, const ValueSpec& value) {
    NetworkSpec spec;
    spec.dt_ms = kDt;
    PopulationSpec population;
    population.name = "N";
    population.model = model.toStdString();
    population.size = size;
    population.set_parameter(key.toStdString(), value);
    spec.populations = {population};
    spec.inputs = {input("dc", "N", DcInput{current, 0.0, {}})};
    return spec;
  };
  const std::int64_t steps = 3000;
  std::vector<Probe> probes;
  for (std::uint32_t j = 0; j < n; ++j) probes.push_back({0, j, 0});
  const NetworkSpec spec = network_of(n, draw);
  if (!descriptor->per_neuron_parameters) {
    QVERIFY_THROWS_EXCEPTION(ParameterError, validate(spec));
    return;
  }
  const TrialResult together = run_trial(spec, steps, everything(steps, probes));
  // Each neuron as a population of one with its drawn value.
  const ValueColumn values = resolve_values(draw, n, "values");
  std::set<std::size_t> spike_counts;
  for (std::uint32_t j = 0; j < n; ++j) {
    const TrialResult alone =
        run_trial(network_of(1, values[j]), steps, everything(steps, {{0, 0, 0}}));
    for (std::int64_t i = 0; i <= steps; ++i) {
      if (together.recorder.probe_values().value(i, j) !=
          alone.recorder.probe_values().value(i, 0)) {
        QFAIL(qPrintable(QString("neuron %1 (%2 = %3) differs at stored step %4")
                             .arg(j)
                             .arg(key)
                             .arg(values[j])
                             .arg(i)));
      }
    }
    const auto spikes = spike_iterations(together.recorder, 0, j);
    QCOMPARE(spikes, spike_iterations(alone.recorder, 0, 0));
    spike_counts.insert(spikes.size());
  }
  QVERIFY(spike_counts.size() > 1);  // the values made a difference
}

QTEST_GUILESS_MAIN(TestNetworkUpdate)
#include "tst_network_update.moc"
