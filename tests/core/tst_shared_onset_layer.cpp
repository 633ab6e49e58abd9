// Layer-0 neurons that share a trajectory (network/shared_onset_population.h) give exactly what
// advancing every neuron gives: sums, probes, pooled raster and every single spike, in both
// modes, through trials and through the changes a live run makes with Network::update() (new
// onsets, parameters), set_probe_neuron() and reset().
#include <QTest>
#include <set>

#include "common/onset_generator.h"
#include "experiment/notebook_network.h"
#include "run/trial.h"

using namespace spikescope;

namespace {

std::size_t distinct(const std::vector<std::int32_t>& onsets) {
  return std::set<std::int32_t>(onsets.begin(), onsets.end()).size();
}

// Every recorded value of `shared` equals that of `each`; the first difference fails the test.
void compare_recorders(const Recorder& each, const Recorder& shared) {
  QCOMPARE(shared.end_step(), each.end_step());
  QCOMPARE(shared.raster_rows(), each.raster_rows());
  const std::int64_t first = each.population_sums().first_step();
  for (std::int64_t k = first; k < each.end_step(); ++k) {
    for (std::size_t l = 0; l < each.population_sums().width(); ++l) {
      if (shared.population_sums().value(k, l) != each.population_sums().value(k, l)) {
        QFAIL(qPrintable(QString("layer %1 sum differs at step %2").arg(l).arg(k)));
      }
    }
    for (std::size_t p = 0; p < each.probe_values().width(); ++p) {
      if (shared.probe_values().value(k, p) != each.probe_values().value(k, p) ||
          shared.probe_spiked().value(k, p) != each.probe_spiked().value(k, p)) {
        QFAIL(qPrintable(QString("probe %1 differs at step %2").arg(p).arg(k)));
      }
    }
    for (std::uint32_t row = 0; row < each.raster_rows(); ++row) {
      if (shared.raster().value(k, row) != each.raster().value(k, row)) {
        QFAIL(qPrintable(QString("raster row %1 differs at step %2").arg(row).arg(k)));
      }
    }
  }
  QCOMPARE(shared.events().size(), each.events().size());
  QVERIFY(shared.events() == each.events());
}

NetworkSpec network(IntegrationMode mode, std::uint32_t size, std::int32_t spread) {
  NotebookChain chain;
  chain.mode = mode;
  chain.layer_sizes = {size, 2};
  chain.onset_steps = draw_onsets(size, spread, 7);
  return notebook_chain_network(chain);
}

const std::vector<std::int32_t>& onsets_of(const NetworkSpec& spec) {
  return *std::get<OnsetStepInput>(spec.inputs.front().kind).onset_steps;
}
NetworkSpec with_onsets(NetworkSpec spec, double amplitude, std::vector<std::int32_t> onsets) {
  auto& input = std::get<OnsetStepInput>(spec.inputs.front().kind);
  input.amplitude = amplitude;
  input.onset_steps = std::move(onsets);
  return spec;
}

RecordingConfig recording_of(std::uint32_t size, std::uint32_t raster_rows, std::size_t capacity) {
  RecordingConfig recording;
  recording.probes = {{0, 0, 0}, {0, size / 2, 0}, {0, size - 1, 0}, {1, 1, 0}};
  recording.spike_events = true;
  recording.raster_rows = raster_rows;
  recording.capacity_steps = capacity;
  return recording;
}

}  // namespace

class TestSharedOnsetLayer : public QObject {
  Q_OBJECT
 private slots:
  void trialEqualsEveryNeuron_data();
  void trialEqualsEveryNeuron();
  void liveChangesEqualEveryNeuron_data();
  void liveChangesEqualEveryNeuron();
};

void TestSharedOnsetLayer::trialEqualsEveryNeuron_data() {
  QTest::addColumn<int>("mode");
  QTest::addColumn<int>("size");
  QTest::addColumn<int>("spread");
  QTest::addColumn<int>("rasterRows");
  for (const auto mode : {IntegrationMode::kNotebook, IntegrationMode::kExact}) {
    const char* name = mode == IntegrationMode::kNotebook ? "notebook" : "exact";
    const int m = static_cast<int>(mode);
    QTest::addRow("%s seed-like 1000 in 37 rows", name) << m << 1000 << 100 << 37;
    QTest::addRow("%s 20000 in 100 rows", name) << m << 20000 << 100 << 100;
    QTest::addRow("%s 20000 in 16 long rows", name) << m << 20000 << 100 << 16;
    QTest::addRow("%s synchronised 5000", name) << m << 5000 << 0 << 64;
    QTest::addRow("%s wide spread 3000", name) << m << 3000 << 2000 << 1000;
    QTest::addRow("%s one row per neuron", name) << m << 300 << 20 << 300;
  }
}

void TestSharedOnsetLayer::trialEqualsEveryNeuron() {
  QFETCH(int, mode);
  QFETCH(int, size);
  QFETCH(int, spread);
  QFETCH(int, rasterRows);
  const auto n = static_cast<std::uint32_t>(size);
  const std::int64_t steps = 1500;
  const RecordingConfig recording = recording_of(n, static_cast<std::uint32_t>(rasterRows), 0);
  const NetworkSpec spec = network(IntegrationMode(mode), n, spread);
  const EngineOptions each{0, NeuronSharing::kOff};
  const EngineOptions shared{0, NeuronSharing::kAlways};

  const TrialResult a = run_trial(spec, steps, recording, each);
  const TrialResult b = run_trial(spec, steps, recording, shared);
  QVERIFY(a.recorder.events().size() > n);  // every neuron had its onset; most fired
  compare_recorders(a.recorder, b.recorder);

  // The work really shrank to one trajectory per onset; layer 1 (a projection's target) never
  // shares.
  QCOMPARE(a.trajectories, (std::vector<std::size_t>{n, 2}));
  QCOMPARE(b.trajectories, (std::vector<std::size_t>{distinct(onsets_of(spec)), 2}));
}

void TestSharedOnsetLayer::liveChangesEqualEveryNeuron_data() {
  QTest::addColumn<int>("mode");
  QTest::newRow("notebook") << static_cast<int>(IntegrationMode::kNotebook);
  QTest::newRow("exact") << static_cast<int>(IntegrationMode::kExact);
}

void TestSharedOnsetLayer::liveChangesEqualEveryNeuron() {
  QFETCH(int, mode);
  const std::uint32_t n = 2000;
  const RecordingConfig recording = recording_of(n, 50, 20000);
  NetworkSpec spec = network(IntegrationMode(mode), n, 100);
  Network each(spec, recording, EngineOptions{0, NeuronSharing::kOff});
  Network shared(spec, recording, EngineOptions{0, NeuronSharing::kAutomatic});
  const std::size_t onsets_at_start = distinct(onsets_of(spec));
  QCOMPARE(shared.trajectories(0), onsets_at_start);
  QCOMPARE(each.trajectories(0), std::size_t(n));

  auto both = [&](auto&& change) {
    change(each);
    change(shared);
  };
  // A change of the spec taken by both without a rebuild.
  auto update = [&](const NetworkSpec& next) {
    spec = next;
    both([&](Network& net) { QVERIFY(net.update(next)); });
  };
  both([](Network& net) { net.advance(300); });

  // New onsets mid-run: neurons split by (old onset, new onset); still the same results.
  update(with_onsets(spec, 1.0, draw_onsets(n, 3, 99)));
  const std::size_t split = shared.trajectories(0);
  QVERIFY(split > onsets_at_start);
  QVERIFY(split <= n / kMinNeuronsPerTrajectory);
  both([](Network& net) { net.advance(400); });

  NetworkSpec faster = spec;
  for (PopulationSpec& population : faster.populations) {
    population.set_parameter("membrane_capacitance_uf", 4.0);
    population.set_parameter("refractory_ms", 2.5);
  }
  update(faster);
  QCOMPARE(shared.trajectories(0), split);  // a parameter change keeps the classes
  both([](Network& net) { net.set_probe_neuron(1, 1234); });
  both([](Network& net) { net.advance(300); });

  // So many classes that sharing no longer pays: layer 0 goes on neuron by neuron, unbroken.
  update(with_onsets(spec, 1.5, draw_onsets(n, 1000, 5)));
  QCOMPARE(shared.trajectories(0), std::size_t(n));
  both([](Network& net) { net.advance(500); });
  compare_recorders(each.recorder(), shared.recorder());

  // At rest again, neurons with equal onsets agree again: back to one trajectory per onset.
  const std::vector<std::int32_t> narrow = draw_onsets(n, 50, 3);
  update(with_onsets(spec, 1.0, narrow));
  both([](Network& net) { net.reset(); });
  QCOMPARE(shared.trajectories(0), distinct(narrow));
  both([](Network& net) { net.advance(900); });
  compare_recorders(each.recorder(), shared.recorder());
  // After the reset, both equal a network built afresh from the last spec.
  RecordingConfig fresh_recording = recording;
  fresh_recording.probes[1].neuron = 1234;
  Network fresh(spec, fresh_recording, EngineOptions{0, NeuronSharing::kOff});
  fresh.advance(900);
  compare_recorders(fresh.recorder(), shared.recorder());
}

QTEST_APPLESS_MAIN(TestSharedOnsetLayer)
#include "tst_shared_onset_layer.moc"
