#pragma once
// The numbers behind a figure, and the experiment that makes them again: the experiment's trial
// run by the core (run_trial, as trial mode shows it) and written as CSV with the core's writers
// (trace_csv.h), beside the experiment file. Every file is written atomically; input is checked
// before the first file is touched.
#include <QString>
#include <vector>

#include "experiment/experiment.h"
#include "figure_export.h"

class QCustomPlot;

namespace spikescope {

struct DataExportPaths {
  QString trace_csv;   // step, Vm and spikes of neuron 0 of populations 0 and 1, summed spikes
  QString spikes_csv;  // every spike: step, time_ms, population, neuron (trace_csv.h)
  QString shown_neuron_csv;  // step, time_ms, Vm and spikes of the neuron plot 1 shows
  QString experiment_file;   // the experiment, as File > Open reads it
};

// For "out.csv": out.csv, out_spikes.csv, out_shown_neuron.csv and out.experiment.json in the
// same folder.
DataExportPaths data_export_paths(const QString& trace_csv_path);

// Validates the experiment (ParameterError) and that the folder exists (ExportError), then runs
// the trial and writes the four files. Throws ExportError on I/O failure.
void export_data(const Experiment& experiment, const DataExportPaths& paths);

// What export_bundle writes into its folder.
struct BundlePaths {
  QString figure_png;
  QString figure_pdf;
  DataExportPaths data;
};
BundlePaths bundle_paths(const QString& folder);

// The bundle's first half, on the GUI thread (the plots are widgets): checks the experiment
// (ParameterError), creates `folder` if missing and writes the figure as PNG and PDF (throws
// ExportError). The second half is export_data(experiment, paths.data), which may run anywhere.
BundlePaths write_bundle_figures(const QString& folder, const std::vector<QCustomPlot*>& plots,
                                 const FigureSize& size, const Experiment& experiment);

}  // namespace spikescope
