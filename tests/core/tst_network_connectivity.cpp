// Connectors as a Network builds them (Network::connectivity): exact synapse counts for
// all-to-all (none stored when dense) and one-to-one, the in-degree of fixed_in_degree, the mean
// of fixed_probability; the same seed gives the same synapses and spikes; spikes travel along
// exactly these synapses with their drawn weights; and how a run is cut into advance() calls
// changes none of what it records.
#include <QTest>
#include <cmath>

#include "common/onset_generator.h"
#include "model/model_registry.h"
#include "network/network.h"
#include "network_support.h"
#include "run/trial.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

constexpr double kDt = 0.1;

LifParameters silent() {
  LifParameters p;
  p.threshold_v = 100.0;
  return p;
}

// "A" (sources) and "B" (targets) with one projection A->B, or a projection B->B when `self`.
NetworkSpec pair(std::uint64_t sources, std::uint64_t targets, const ConnectorSpec& connector,
                 ValueSpec weight, bool self) {
  NetworkSpec spec;
  spec.dt_ms = kDt;
  spec.populations = {lif_population("A", sources, "exact"),
                      lif_population("B", targets, "exact", silent())};
  ProjectionSpec p = projection(self ? "B" : "A", "B", std::move(weight), 2);
  p.connector = connector;
  spec.projections = {p};
  return spec;
}

ConnectorSpec connector(ConnectorRule rule, double p = 1.0, std::uint64_t k = 1,
                        bool allow_self = true, std::uint64_t seed = 1) {
  return ConnectorSpec{rule, p, k, allow_self, seed};
}

RecordingConfig everything(std::int64_t steps, std::vector<Probe> probes) {
  RecordingConfig recording;
  recording.probes = std::move(probes);
  recording.capacity_steps = static_cast<std::size_t>(steps) + 1;
  recording.spike_events = true;
  return recording;
}

bool same_synapses(const Connectivity& a, const Connectivity& b) {
  return a.row_begin == b.row_begin && a.targets == b.targets;
}

}  // namespace

class TestNetworkConnectivity : public QObject {
  Q_OBJECT
 private slots:
  void exactCounts_data();
  void exactCounts();
  void fixedInDegree_data();
  void fixedInDegree();
  void fixedProbabilityMean();
  void sameSeedSameSynapsesAndSpikes();
  void spikesTravelAlongTheSynapses();
  void chunkingChangesNothing();
  void directDeliveryMatchesBuffers();
};

void TestNetworkConnectivity::exactCounts_data() {
  QTest::addColumn<int>("rule");
  QTest::addColumn<bool>("drawn");  // per-synapse weights
  QTest::addColumn<bool>("self");
  QTest::addColumn<bool>("allowSelf");
  QTest::addColumn<int>("expected");
  const int all = int(ConnectorRule::kAllToAll), one = int(ConnectorRule::kOneToOne);
  QTest::newRow("all_to_all, one weight: dense, none stored") << all << false << false << true << 0;
  QTest::newRow("all_to_all, drawn weights") << all << true << false << true << 30 * 20;
  QTest::newRow("all_to_all within B, itself included: dense") << all << false << true << true << 0;
  QTest::newRow("all_to_all within B, not itself") << all << false << true << false << 20 * 19;
  QTest::newRow("one_to_one") << one << false << false << true << 20;
  QTest::newRow("one_to_one, drawn weights") << one << true << false << true << 20;
}

void TestNetworkConnectivity::exactCounts() {
  QFETCH(int, rule);
  QFETCH(bool, drawn);
  QFETCH(bool, self);
  QFETCH(bool, allowSelf);
  QFETCH(int, expected);
  const std::uint64_t sources = rule == int(ConnectorRule::kOneToOne) ? 20 : 30;
  const ValueSpec weight = drawn ? ValueSpec(UniformDraw{0.0, 1.0, 5}) : ValueSpec(0.5);
  const NetworkSpec spec =
      pair(sources, 20, connector(ConnectorRule(rule), 1.0, 1, allowSelf), weight, self);
  const Network network(spec, everything(1, {}));
  const Connectivity& c = network.connectivity(0);
  QCOMPARE(c.synapse_count(), std::uint64_t(expected));
  if (expected == 0) return;
  const std::uint64_t rows = self ? 20 : sources;
  QCOMPARE(c.row_begin.size(), std::size_t(rows + 1));
  for (std::uint64_t i = 0; i < rows; ++i) {
    std::vector<std::uint32_t> want;
    for (std::uint32_t j = 0; j < 20; ++j) {
      const bool made = ConnectorRule(rule) == ConnectorRule::kOneToOne
                            ? j == i
                            : !(self && !allowSelf && j == i);
      if (made) want.push_back(j);
    }
    const std::vector<std::uint32_t> row(c.targets.begin() + c.row_begin[i],
                                         c.targets.begin() + c.row_begin[i + 1]);
    QCOMPARE(row, want);
  }
}

void TestNetworkConnectivity::fixedInDegree_data() {
  QTest::addColumn<bool>("self");
  QTest::newRow("from A") << false;
  QTest::newRow("within B, not itself") << true;
}

void TestNetworkConnectivity::fixedInDegree() {
  QFETCH(bool, self);
  const std::uint64_t k = 7;
  const NetworkSpec spec =
      pair(50, 30, connector(ConnectorRule::kFixedInDegree, 1.0, k, false, 3), 0.1, self);
  const Network network(spec, everything(1, {}));
  const Connectivity& c = network.connectivity(0);
  QCOMPARE(c.synapse_count(), std::uint64_t{30 * k});
  for (std::uint32_t j = 0; j < 30; ++j) QCOMPARE(c.in_degree(j), k);
  if (self) {
    for (std::uint32_t i = 0; i < 30; ++i) {
      for (std::uint64_t s = c.row_begin[i]; s < c.row_begin[i + 1]; ++s) {
        QVERIFY(c.targets[s] != i);
      }
    }
  }
}

void TestNetworkConnectivity::fixedProbabilityMean() {
  const double p = 0.1;
  const std::uint64_t pairs = 400 * 300;
  std::vector<double> fractions;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const NetworkSpec spec =
        pair(400, 300, connector(ConnectorRule::kFixedProbability, p, 1, true, seed), 0.1, false);
    const Network network(spec, everything(1, {}));
    const double count = static_cast<double>(network.connectivity(0).synapse_count());
    // Binomial(pairs, p): within five standard deviations of the mean.
    QVERIFY2(std::abs(count - p * pairs) < 5 * std::sqrt(pairs * p * (1 - p)),
             qPrintable(QString::number(count)));
    fractions.push_back(count);
  }
  QVERIFY(fractions[0] != fractions[1] || fractions[1] != fractions[2]);  // seeds differ
}

void TestNetworkConnectivity::sameSeedSameSynapsesAndSpikes() {
  auto spec_with = [](std::uint64_t seed) {
    NetworkSpec spec = pair(
        200, 100, connector(ConnectorRule::kFixedProbability, 0.05, 1, true, seed), 40.0, false);
    // A spike lifts a target by 0.4 V.
    spec.populations[1].set_parameter("threshold_v", 0.75);
    ProjectionSpec degree = projection("B", "A", -0.5, 3, ConnectorRule::kFixedInDegree);
    degree.connector.k = 10;
    degree.connector.seed = seed + 100;
    spec.projections.push_back(degree);
    spec.inputs = {input("onsets", "A", [] {
      OnsetStepInput o;
      o.onset_max_steps = 200;
      o.seed = 11;
      return o;
    }())};
    return spec;
  };
  const std::int64_t steps = 1500;
  auto run = [&](std::uint64_t seed, std::vector<Connectivity>& synapses) {
    Network network(spec_with(seed), everything(steps, {{1, 0, 0}}));
    network.advance(steps);
    synapses = {network.connectivity(0), network.connectivity(1)};
    return events_of(network.recorder());
  };
  std::vector<Connectivity> a, b, c;
  const auto first = run(1, a);
  QVERIFY(first.size() > 500);
  QVERIFY(std::any_of(first.begin(), first.end(),
                      [](const SpikeEvent& e) { return e.population == 1; }));
  QCOMPARE(run(1, b), first);
  QVERIFY(same_synapses(a[0], b[0]) && same_synapses(a[1], b[1]));
  QVERIFY(run(2, c) != first);
  QVERIFY(!same_synapses(a[0], c[0]) && !same_synapses(a[1], c[1]));
}

void TestNetworkConnectivity::spikesTravelAlongTheSynapses() {
  // 20 sources fire once each, at staggered steps; 15 silent targets each receive 4 of them
  // through synapses with drawn weights, two steps late.
  const std::uint32_t sources = 20, targets = 15, delay = 2;
  LifParameters once;
  once.refractory_ms = 1000.0;
  NetworkSpec spec;
  spec.dt_ms = kDt;
  spec.populations = {lif_population("A", sources, "notebook", once),
                      lif_population("B", targets, "notebook", silent())};
  const UniformDraw weights{0.1, 0.5, 4};
  ProjectionSpec p = projection("A", "B", weights, delay, ConnectorRule::kFixedInDegree);
  p.connector.k = 4;
  p.connector.seed = 8;
  spec.projections = {p};
  std::vector<std::int32_t> onset_steps;
  for (std::uint32_t j = 0; j < sources; ++j)
    onset_steps.push_back(static_cast<std::int32_t>(j % 7) * 5);
  spec.inputs = {input("onsets", "A", onsets(200.0, onset_steps))};
  const std::int64_t steps = 100;
  std::vector<Probe> probes;
  for (std::uint32_t j = 0; j < targets; ++j) probes.push_back({1, j, 0});
  Network network(spec, everything(steps, probes));
  network.advance(steps);
  const Connectivity& c = network.connectivity(0);
  // The weights, drawn in synapse order (source by source, targets ascending).
  const std::vector<double> w = resolve_values(weights, c.synapse_count(), "w").per_neuron;
  const auto spiked = spike_table(network.recorder(), 0, sources, steps);
  for (std::uint32_t j = 0; j < sources; ++j) {
    QCOMPARE(spike_iterations(network.recorder(), 0, j),
             std::vector<std::int64_t>{onset_steps[j] + 1});
  }
  for (std::uint32_t j = 0; j < targets; ++j) {
    NotebookNeuron neuron(silent(), kDt);
    for (std::int64_t i = 0; i < steps; ++i) {
      double arriving = 0.0;
      for (std::uint32_t s = 0; s < sources && i >= delay; ++s) {
        if (!spiked[i - delay][s]) continue;
        for (std::uint64_t k = c.row_begin[s]; k < c.row_begin[s + 1]; ++k) {
          if (c.targets[k] == j) arriving += w[k] * 1.0;
        }
      }
      neuron.step(arriving);
      QCOMPARE(network.recorder().probe_values().value(i + 1, j), neuron.v());
    }
    QVERIFY(network.recorder().probe_values().value(steps, j) > 0.0);  // it received something
  }
}

void TestNetworkConnectivity::chunkingChangesNothing() {
  // Three populations of both methods, a loop E->I->E (delays 3 and 4), E onto itself (5),
  // onset, DC, noise and sine inputs, every synapse type and connector; Poisson sources when
  // the model is registered.
  NetworkSpec spec;
  spec.dt_ms = kDt;
  LifParameters p;
  p.refractory_ms = 2.0;
  spec.populations = {lif_population("O", 100, "notebook", p), lif_population("E", 200, "exact", p),
                      lif_population("I", 50, "notebook", p)};
  auto link = [&](const char* from, const char* to, ValueSpec weight, std::uint32_t delay,
                  ConnectorSpec c, ChannelSpec synapse) {
    ProjectionSpec x = projection(from, to, std::move(weight), delay);
    x.connector = c;
    x.synapse = synapse;
    spec.projections.push_back(x);
  };
  link("O", "E", 0.5, 2, connector(ConnectorRule::kFixedProbability, 0.1, 1, true, 3),
       {SynapseKind::kExpCurrent, 2.0, 0.0});
  link("E", "I", 5.0, 3, connector(ConnectorRule::kFixedInDegree, 1.0, 20, true, 4), {});
  link("I", "E", 0.002, 4, connector(ConnectorRule::kAllToAll),
       {SynapseKind::kExpConductance, 5.0, -80.0});
  link("E", "E", UniformDraw{0.0, 0.2, 6}, 5,
       connector(ConnectorRule::kFixedProbability, 0.05, 1, false, 5), {});
  spec.inputs = {input("onsets", "O", onsets(1.0, draw_onsets(100, 50, 1))),
                 input("dc", "E", DcInput{0.6, 0.0, {}}),
                 input("noise", "E", NoiseInput{0.0, 0.5, 2}),
                 input("sine", "I", SineInput{0.3, 40.0, 0.0, 0.6})};
  if (find_model("poisson") != nullptr) {
    PopulationSpec sources;
    sources.name = "P";
    sources.model = "poisson";
    sources.size = 30;
    sources.parameters = {{"rate_hz", 50.0}};
    spec.populations.push_back(sources);
    link("P", "I", 0.05, 1, connector(ConnectorRule::kAllToAll), {});
  }
  const std::int64_t steps = 1000;
  RecordingConfig recording = everything(steps, {{0, 0, 0}, {1, 0, 0}, {1, 199, 0}, {2, 49, 0}});
  recording.raster_population = 1;
  recording.raster_rows = 16;
  Network whole(spec, recording);
  QCOMPARE(whole.chunk_steps(), 3);  // the loop's shortest delay
  whole.advance(steps);
  Network stepwise(spec, recording);
  for (std::int64_t i = 0; i < steps; ++i) stepwise.advance(1);
  Network odd(spec, recording);
  const int pieces[] = {7, 13, 1, 64, 2, 100, 5};
  for (std::int64_t done = 0, k = 0; done < steps; ++k) {
    const std::int64_t n = std::min<std::int64_t>(pieces[k % 7], steps - done);
    odd.advance(n);
    done += n;
  }
  const auto events = events_of(whole.recorder());
  for (std::uint32_t population = 0; population < 3; ++population) {
    const auto count = std::count_if(events.begin(), events.end(), [&](const SpikeEvent& e) {
      return e.population == population;
    });
    QVERIFY2(count > 50, qPrintable(QString("population %1: %2").arg(population).arg(count)));
  }
  QCOMPARE(QString::fromStdString(first_difference(whole.recorder(), stepwise.recorder())),
           QString());
  QCOMPARE(QString::fromStdString(first_difference(whole.recorder(), odd.recorder())), QString());
  // And the same again after a reset.
  odd.reset();
  odd.advance(steps);
  QCOMPARE(QString::fromStdString(first_difference(whole.recorder(), odd.recorder())), QString());
}

void TestNetworkConnectivity::directDeliveryMatchesBuffers() {
  // E and I in loops of one step's delay (chunks of one step): every projection may add its
  // weights straight into the targets' I_syn (Network::choose_direct_delivery). In-degree 1
  // gives each neuron at most one arrival per channel and step, so that the direct sum and the
  // buffered one are the same binary32 numbers. An all-to-all projection of weight 0 into every
  // channel keeps the second network on its buffers: both must agree to the bit.
  NetworkSpec spec;
  spec.dt_ms = kDt;
  LifParameters p;
  p.refractory_ms = 2.0;
  spec.populations = {lif_population("E", 300, "exact", p), lif_population("I", 100, "exact", p)};
  const ChannelSpec excitatory{SynapseKind::kExpCurrent, 5.0, 0.0};
  const ChannelSpec inhibitory{SynapseKind::kExpCurrent, 10.0, 0.0};
  auto link = [&](NetworkSpec& net, const char* from, const char* to, double weight,
                  ConnectorSpec c, ChannelSpec synapse, const char* name) {
    ProjectionSpec x = projection(from, to, weight, 1);
    x.name = name;
    x.connector = c;
    x.synapse = synapse;
    net.projections.push_back(x);
  };
  const ConnectorSpec one = connector(ConnectorRule::kFixedInDegree, 1.0, 1, false, 7);
  link(spec, "E", "E", 4.0, one, excitatory, "EE");
  link(spec, "E", "I", 4.0, one, excitatory, "EI");
  link(spec, "I", "E", -8.0, one, inhibitory, "IE");
  link(spec, "I", "I", -8.0, one, inhibitory, "II");
  spec.inputs = {input("dc", "E", DcInput{1.02, 0.0, {}}),
                 input("noise", "I", NoiseInput{0.9, 0.4, 3})};
  NetworkSpec buffered = spec;
  const ConnectorSpec all = connector(ConnectorRule::kAllToAll);
  link(buffered, "E", "E", 0.0, all, excitatory, "EE0");
  link(buffered, "E", "I", 0.0, all, excitatory, "EI0");
  link(buffered, "I", "E", 0.0, all, inhibitory, "IE0");
  link(buffered, "I", "I", 0.0, all, inhibitory, "II0");
  const std::int64_t steps = 2000;
  const RecordingConfig recording = everything(steps, {{0, 0, 0}, {0, 299, 0}, {1, 50, 0}});
  Network direct_network(spec, recording);
  Network buffered_network(buffered, recording);
  QCOMPARE(direct_network.chunk_steps(), 1);
  direct_network.advance(steps);
  buffered_network.advance(steps);
  const auto events = events_of(direct_network.recorder());
  for (std::uint32_t population = 0; population < 2; ++population) {
    const auto count = std::count_if(events.begin(), events.end(), [&](const SpikeEvent& e) {
      return e.population == population;
    });
    QVERIFY2(count > 100, qPrintable(QString("population %1: %2").arg(population).arg(count)));
  }
  QCOMPARE(QString::fromStdString(
               first_difference(direct_network.recorder(), buffered_network.recorder())),
           QString());
  // And the arrivals do reach: without the loops the same neurons fire otherwise.
  NetworkSpec unconnected = spec;
  unconnected.projections.clear();
  Network alone(unconnected, recording);
  alone.advance(steps);
  QVERIFY(events_of(alone.recorder()) != events);
}

QTEST_GUILESS_MAIN(TestNetworkConnectivity)
#include "tst_network_connectivity.moc"
