#pragma once
// Shared by the GUI tests: waiting for the window to show the newest request, reading back what
// a graph plots, and what the core itself computes for an experiment, reduced the same way.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <vector>

#include "experiment/experiment.h"
#include "experiment/notebook_network.h"
#include "experiment/seed_experiment.h"
#include "main_window.h"
#include "parameter_panel.h"
#include "plot_snapshot.h"
#include "record/trace_reduction.h"

class QCPGraph;

namespace spikescope::testing {

// Waits until the plots show a frame of the newest request (for a trial: the finished trial).
bool wait_for_latest_frame(const MainWindow& window, int timeout_ms = 60000);

// What a graph plots.
struct GraphData {
  std::vector<double> keys;
  std::vector<double> values;
};
GraphData graph_data(const QCPGraph* graph);

// The core's min/max reduction of `series` (stored steps from first_step on) as plot points.
GraphData core_envelope(const std::vector<double>& series, std::int64_t first_step,
                        std::size_t bin_steps, double dt_ms);

// The core's own trial for `experiment` (run_trial, selected neuron probed, every layer-0 neuron
// advanced on its own), reduced with the core's reductions to what the plots must show at
// `geometry`.
struct CoreView {
  GraphData layer0_vm;
  GraphData layer0_sum;
  GraphData layer1_vm;
  std::int64_t layer0_spikes = 0;               // total over the trial
  std::vector<StepInterval> layer0_refractory;  // of the selected neuron, stored steps
};
// With steps_done >= 0, only that many iterations are run, binned as the whole trial is (what a
// partial frame of a running trial shows).
CoreView core_trial_view(const Experiment& experiment, const PlotGeometry& geometry,
                         std::int64_t steps_done = -1);

// The seed experiment (the notebook) with `layer0` neurons in its first population (onsets
// drawn, as the seed's are) and, when steps >= 0, that many steps.
Experiment notebook_experiment(std::uint64_t layer0, std::int64_t steps = -1);

// The experiment value a parameter control edits.
double field_value(const Experiment& experiment, ParameterField field);

// A file's bytes; empty if it cannot be read.
QByteArray read_all(const QString& path);

// The real spikescope executable run offscreen with `arguments` (exit code -1 if it crashed).
struct ProcessRun {
  int exit_code = -1;
  QString out;
  QString err;
};
ProcessRun run_spikescope(const QStringList& arguments);

}  // namespace spikescope::testing
