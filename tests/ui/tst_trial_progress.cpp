// A long trial fills in while it runs: the worker hands the GUI partial frames (at most ten a
// second, through the latest-wins outbox), each equal to the core's own run up to that step and
// binned as the whole trial will be; the finished trial still arrives last.
#include <QTest>
#include <memory>
#include <vector>

#include "gui_test_support.h"
#include "simulation_session.h"

using namespace spikescope;
using namespace spikescope::testing;

class TestTrialProgress : public QObject {
  Q_OBJECT

 private slots:
  void longTrialShowsPartialFramesOfTheCoreRun() {
    Experiment e = notebook_experiment(20000, 200000);
    set_notebook_mode(
        e, IntegrationMode::kExact);  // 4e9 neuron updates: seconds, whatever the machine's load
    SimulationSession session;
    // Every neuron advanced: 101 shared trajectories would finish before any partial frame.
    session.setNeuronSharing(NeuronSharing::kOff);
    std::vector<std::shared_ptr<const PlotSnapshot>> frames;
    connect(&session, &SimulationSession::snapshotReady, this,
            [&](std::shared_ptr<const PlotSnapshot> frame) { frames.push_back(std::move(frame)); });
    session.setExperiment(e);
    QTRY_VERIFY_WITH_TIMEOUT(!frames.empty() && frames.back()->trial_complete, 300000);

    std::vector<std::shared_ptr<const PlotSnapshot>> partial;
    for (const auto& frame : frames) {
      if (!frame->trial_complete) partial.push_back(frame);
    }
    QVERIFY2(!partial.empty(), "no partial frame before the trial finished");
    std::int64_t previous = 0;
    for (const auto& frame : partial) {
      QCOMPARE(frame->generation, session.generation());
      QCOMPARE(frame->run_mode, RunMode::kTrial);
      QVERIFY(frame->iteration > previous);
      QVERIFY(frame->iteration < e.steps);
      QCOMPARE(frame->simulated_ms, static_cast<double>(frame->iteration) * e.network.dt_ms);
      QCOMPARE(frame->end_ms,
               static_cast<double>(e.steps) * e.network.dt_ms);  // the whole trial's axis
      previous = frame->iteration;
    }

    const PlotSnapshot& first = *partial.front();
    const CoreView core = core_trial_view(e, session.geometry(), first.iteration);
    QCOMPARE(first.layer0_vm.keys_ms, core.layer0_vm.keys);
    QCOMPARE(first.layer0_vm.values, core.layer0_vm.values);
    QCOMPARE(first.layer0_sum.keys_ms, core.layer0_sum.keys);
    QCOMPARE(first.layer0_sum.values, core.layer0_sum.values);
    QCOMPARE(first.layer1_vm.values, core.layer1_vm.values);
    QCOMPARE(frames.back()->iteration, e.steps);
  }
};

QTEST_MAIN(TestTrialProgress)
#include "tst_trial_progress.moc"
