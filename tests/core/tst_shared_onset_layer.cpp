// Layer-0 neurons that share a trajectory (shared_onset_layer.h) give exactly what advancing
// every neuron gives: sums, probes, pooled raster and every single spike, in both modes, through
// trials and through the changes a live run makes (new onsets, parameters, probes, resets).
#include <QTest>
#include <set>

#include "common/onset_generator.h"
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
  const std::int64_t first = each.layer_sums().first_step();
  for (std::int64_t k = first; k < each.end_step(); ++k) {
    for (std::size_t l = 0; l < each.layer_sums().width(); ++l) {
      if (shared.layer_sums().value(k, l) != each.layer_sums().value(k, l)) {
        QFAIL(qPrintable(QString("layer %1 sum differs at step %2").arg(l).arg(k)));
      }
    }
    for (std::size_t p = 0; p < each.probe_vm().width(); ++p) {
      if (shared.probe_vm().value(k, p) != each.probe_vm().value(k, p) ||
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

NetworkConfig network(IntegrationMode mode, std::uint32_t size, std::int32_t spread,
                      NeuronSharing sharing) {
  NetworkConfig config;
  config.mode = mode;
  config.layer_sizes = {size, 2};
  config.stimulus.onset_steps = draw_onsets(size, spread, 7);
  config.sharing = sharing;
  return config;
}

RecordingConfig recording_of(std::uint32_t size, std::uint32_t raster_rows, std::size_t capacity) {
  RecordingConfig recording;
  recording.probes = {{0, 0}, {0, size / 2}, {0, size - 1}, {1, 1}};
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
  const NetworkConfig each = network(IntegrationMode(mode), n, spread, NeuronSharing::kOff);
  const NetworkConfig shared = network(IntegrationMode(mode), n, spread, NeuronSharing::kAlways);

  const TrialResult a = run_trial(each, steps, recording);
  const TrialResult b = run_trial(shared, steps, recording);
  QVERIFY(a.recorder.events().size() > n);  // every neuron had its onset; most fired
  compare_recorders(a.recorder, b.recorder);

  // The work really shrank to one trajectory per onset.
  QCOMPARE(Network(each, recording).layer0_trajectories(), std::size_t(n));
  QCOMPARE(Network(shared, recording).layer0_trajectories(), distinct(shared.stimulus.onset_steps));
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
  Network each(network(IntegrationMode(mode), n, 100, NeuronSharing::kOff), recording);
  Network shared(network(IntegrationMode(mode), n, 100, NeuronSharing::kAutomatic), recording);
  const std::size_t onsets_at_start = distinct(each.config().stimulus.onset_steps);
  QCOMPARE(shared.layer0_trajectories(), onsets_at_start);

  auto both = [&](auto&& change) {
    change(each);
    change(shared);
  };
  both([](Network& net) { net.advance(300); });

  // New onsets mid-run: neurons split by (old onset, new onset); still the same results.
  Stimulus redrawn{1.0, draw_onsets(n, 3, 99)};
  both([&](Network& net) { net.set_stimulus(redrawn); });
  const std::size_t split = shared.layer0_trajectories();
  QVERIFY(split > onsets_at_start);
  QVERIFY(split <= n / kMinNeuronsPerTrajectory);
  both([](Network& net) { net.advance(400); });

  LifParameters faster = each.config().neuron;
  faster.membrane_capacitance_uf = 4.0;
  faster.refractory_ms = 2.5;
  both([&](Network& net) { net.set_neuron_parameters(faster, net.config().dt_ms); });
  both([](Network& net) { net.set_probe_neuron(1, 1234); });
  both([](Network& net) { net.advance(300); });

  // So many classes that sharing no longer pays: layer 0 goes on neuron by neuron, unbroken.
  Stimulus scattered{1.5, draw_onsets(n, 1000, 5)};
  both([&](Network& net) { net.set_stimulus(scattered); });
  QCOMPARE(shared.layer0_trajectories(), std::size_t(n));
  both([](Network& net) { net.advance(500); });
  compare_recorders(each.recorder(), shared.recorder());

  // At rest again, neurons with equal onsets agree again: back to one trajectory per onset.
  Stimulus narrow{1.0, draw_onsets(n, 50, 3)};
  both([&](Network& net) {
    net.set_stimulus(narrow);
    net.reset();
  });
  QCOMPARE(shared.layer0_trajectories(), distinct(narrow.onset_steps));
  both([](Network& net) { net.advance(900); });
  compare_recorders(each.recorder(), shared.recorder());
}

QTEST_APPLESS_MAIN(TestSharedOnsetLayer)
#include "tst_shared_onset_layer.moc"
