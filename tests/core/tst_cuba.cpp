// The CUBA benchmark network (Brette et al. 2007, as Brian2's examples/CUBA.py builds it) fires
// at Brian2's rate, and its connectivity is what the paper describes.
#include <QTest>

#include <cmath>

#include "experiment/experiment_file.h"
#include "network/network.h"
#include "run/cuba_network.h"

using namespace spikescope;

class TestCuba : public QObject {
  Q_OBJECT
 private slots:
  void firesAtBrian2sRate();
  void eachNeuronHasAboutEightyInputs();
  void sameSeedSameSpikes();
  void presetIsTheBenchmarkNetwork();
};

namespace {

struct Rates {
  double excitatory_hz;
  double inhibitory_hz;
  double all_hz;
};

Rates run_rates(const NetworkSpec& spec, double duration_ms, int threads = 1) {
  RecordingConfig recording;
  recording.probes.clear();
  recording.capacity_steps = 1;
  Network network(spec, recording, EngineOptions{threads, NeuronSharing::kOff});
  network.advance(static_cast<std::int64_t>(std::llround(duration_ms / spec.dt_ms)));
  const double seconds = duration_ms * 1e-3;
  const double e = double(network.spike_count(0));
  const double i = double(network.spike_count(1));
  const double ne = double(spec.populations[0].size);
  const double ni = double(spec.populations[1].size);
  return Rates{e / ne / seconds, i / ni / seconds, (e + i) / (ne + ni) / seconds};
}

}  // namespace

void TestCuba::firesAtBrian2sRate() {
  // Brian2 2.5.1 runs CUBA.py at about 5.6 Hz (../shared/toolchain.md); within 10 %.
  const Rates rates = run_rates(cuba_network(kCubaNeurons), 1000.0);
  QVERIFY2(std::abs(rates.all_hz - 5.6) <= 0.56, qPrintable(QString::number(rates.all_hz)));
  // The same inputs reach both populations, so they fire alike.
  QVERIFY(std::abs(rates.excitatory_hz - rates.inhibitory_hz) < 0.25 * rates.all_hz);
}

void TestCuba::eachNeuronHasAboutEightyInputs() {
  const NetworkSpec spec = cuba_network(kCubaNeurons);
  RecordingConfig recording;
  recording.probes.clear();
  Network network(spec, recording);
  QCOMPARE(spec.populations[0].size, std::uint64_t{3200});
  QCOMPARE(spec.populations[1].size, std::uint64_t{800});
  double synapses = 0;
  for (std::size_t k = 0; k < spec.projections.size(); ++k) {
    synapses += double(network.connectivity(k).synapse_count());
  }
  // 4000 * 4000 * 0.02 = 320,000 expected, binomial sd ~ 560.
  QVERIFY2(std::abs(synapses - 320000.0) < 3000.0, qPrintable(QString::number(synapses)));
}

void TestCuba::sameSeedSameSpikes() {
  const NetworkSpec spec = cuba_network(2000);
  const Rates one = run_rates(spec, 200.0, 1);
  const Rates two = run_rates(spec, 200.0, 2);
  QCOMPARE(one.excitatory_hz, two.excitatory_hz);
  QCOMPARE(one.inhibitory_hz, two.inhibitory_hz);
  const Rates other = run_rates(cuba_network(2000, 99), 200.0);
  QVERIFY(other.all_hz != one.all_hz);
}

void TestCuba::presetIsTheBenchmarkNetwork() {
  // The shipped preset is what cuba_experiment() builds (regenerate it with
  // `experiment_tool cuba > resources/presets/10-cuba.json` after changing the builder).
  const LoadedExperiment preset =
      load_experiment_file(SPIKESCOPE_SOURCE_DIR "/resources/presets/10-cuba.json");
  QVERIFY(preset.warnings.empty());
  QVERIFY(preset.experiment == normalized(cuba_experiment()));
  QCOMPARE(preset.experiment.network, normalized(cuba_experiment()).network);
}

QTEST_GUILESS_MAIN(TestCuba)
#include "tst_cuba.moc"
