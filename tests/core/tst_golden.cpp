// The four golden scenarios of the SNN_0 notebook, reproduced bit for bit by the library.
#include <QTest>

#include "golden_data.h"
#include "run/trial.h"

using namespace spikescope;
using namespace spikescope::testing;

class TestGolden : public QObject {
  Q_OBJECT
 private slots:
  void reproducesNotebook_data();
  void reproducesNotebook();
  void sameResultInOneChunkOrStepByStep();
};

void TestGolden::reproducesNotebook_data() {
  QTest::addColumn<QString>("scenario");
  QTest::addColumn<int>("sharing");
  for (const QString& name : golden_scenario_names()) {
    QTest::addRow("%s", qPrintable(name)) << name << static_cast<int>(NeuronSharing::kOff);
    // Layer-0 neurons with equal onsets advanced once (shared_onset_layer.h): the same bits.
    QTest::addRow("%s shared", qPrintable(name))
        << name << static_cast<int>(NeuronSharing::kAlways);
  }
}

void TestGolden::reproducesNotebook() {
  QFETCH(QString, scenario);
  QFETCH(int, sharing);
  const GoldenScenario golden = load_golden_scenario(scenario);
  QCOMPARE(golden.rows.size(), std::size_t(golden.steps + 1));

  // Through the general network: populations layer0 and layer1, an onset input, an all-to-all
  // pulse projection two steps late.
  const NetworkSpec network = notebook_chain_network(golden.config);
  RecordingConfig recording = trial_recording(network, golden.steps);
  recording.spike_events = true;
  const TrialResult trial = run_trial(network, golden.steps, recording,
                                      EngineOptions{0, NeuronSharing(sharing)});
  QVERIFY(trial.completed);
  const Recorder& r = trial.recorder;
  QCOMPARE(r.end_step(), golden.steps + 1);
  const double height = golden.config.neuron.spike_height_v;
  for (const GoldenRow& row : golden.rows) {
    const long k = row.step;
    // Exact equality: the notebook's binary64 arithmetic, reproduced to the last bit.
    if (r.probe_values().value(k, 0) != row.vm_l0_n0 || r.probe_values().value(k, 1) != row.vm_l1_n0 ||
        r.population_sums().value(k, 0) != row.layer_spikes ||
        r.probe_spiked().value(k, 0) * height != row.spikes_l0_n0 ||
        r.probe_spiked().value(k, 1) * height != row.spikes_l1_n0) {
      QFAIL(qPrintable(QString("step %1: vm_l0 %2 vs %3, layer %4 vs %5, vm_l1 %6 vs %7")
                           .arg(k)
                           .arg(r.probe_values().value(k, 0), 0, 'g', 17)
                           .arg(row.vm_l0_n0, 0, 'g', 17)
                           .arg(r.population_sums().value(k, 0))
                           .arg(row.layer_spikes)
                           .arg(r.probe_values().value(k, 1), 0, 'g', 17)
                           .arg(row.vm_l1_n0, 0, 'g', 17)));
    }
  }
  // Every layer-0 neuron's spike count, from the event list.
  std::vector<int> counts(golden.l0_spike_counts.size());
  int layer1 = 0;
  for (const SpikeEvent& e : r.events()) {
    if (e.population == 0) ++counts[e.neuron];
    if (e.population == 1 && e.iteration + 1 <= golden.steps) ++layer1;
  }
  QCOMPARE(counts, golden.l0_spike_counts);
  QCOMPARE(layer1, golden.l1_spike_count_in_main_csv);
}

void TestGolden::sameResultInOneChunkOrStepByStep() {
  const GoldenScenario golden = load_golden_scenario("c_seed42");
  const NetworkSpec network = notebook_chain_network(golden.config);
  const RecordingConfig recording = trial_recording(network, golden.steps);
  Network stepwise(network, recording);
  for (long i = 0; i < golden.steps; ++i) stepwise.advance(1);
  const TrialResult whole = run_trial(network, golden.steps, recording);
  for (long k = 0; k <= golden.steps; ++k) {
    QCOMPARE(stepwise.recorder().probe_values().value(k, 1),
             whole.recorder.probe_values().value(k, 1));
    QCOMPARE(stepwise.recorder().population_sums().value(k, 0),
             whole.recorder.population_sums().value(k, 0));
  }
}

QTEST_GUILESS_MAIN(TestGolden)
#include "tst_golden.moc"
