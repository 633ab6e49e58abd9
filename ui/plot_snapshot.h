#pragma once
// What the worker hands the GUI for one frame: every series already reduced to what the plots
// draw (a few points per pixel column, a density image of at most one row per pixel), with
// times in ms of simulated time (stored step * dt). Immutable once built; shared between the
// threads as std::shared_ptr<const PlotSnapshot>, so neither side ever waits on the other.
#include <cstdint>
#include <string>
#include <vector>

#include "experiment/experiment.h"
#include "record/trace_reduction.h"

namespace spikescope {

// Plot geometry the worker reduces for, from the GUI's plot sizes.
struct PlotGeometry {
  std::uint32_t columns = 1200;     // pixel columns of the time axis
  std::uint32_t raster_rows = 300;  // pixel rows of the raster plot
  bool operator==(const PlotGeometry&) const = default;
};

// A line: keys (ms) ascending, one value per key.
struct PlotSeries {
  std::vector<double> keys_ms;
  std::vector<double> values;
};

struct TimeInterval {
  double begin_ms;
  double end_ms;
};

struct PlotSnapshot {
  std::uint64_t generation = 0;  // of the newest request this frame reflects
  RunMode run_mode = RunMode::kTrial;
  bool trial_complete = false;  // trial mode: the whole trial is shown

  double start_ms = 0.0;  // x range of every plot
  double end_ms = 0.0;
  double dt_ms = 0.125;
  std::int64_t iteration = 0;     // iterations simulated so far
  double simulated_ms = 0.0;      // iteration * dt
  double steps_per_second = 0.0;  // recent simulation speed
  // Layer-0 neurons and the trajectories simulated for them (fewer when neurons with equal
  // onsets share one, network.h); 0 while a trial is still running.
  std::size_t layer0_neurons = 0;
  std::size_t layer0_trajectories = 0;
  // Frames of one history (same run, no reset, same probe) share this number; within it, points
  // before settled_before_ms never change, so a view may keep them and append the rest.
  std::uint64_t history = 0;
  double settled_before_ms = 0.0;

  // Plot 1: the selected layer-0 neuron.
  std::uint32_t selected_neuron = 0;
  double threshold_v = 0.0;
  std::string layer0_unit = "V";  // of the Vm plots: the models' membrane potential unit
  std::string layer1_unit = "V";
  PlotSeries layer0_vm;                  // min/max per pixel column
  std::vector<double> layer0_spike_ms;   // at most one per column
  std::vector<TimeInterval> refractory;  // merged refractory periods
  // Plot 2: summed layer-0 spikes, the input of layer 1: counts per bin of bin_steps steps,
  // keyed by the bin's first step; drawn as a step line.
  std::size_t bin_steps = 1;
  PlotSeries layer0_sum;
  // Plot 3: the layer-1 neuron (empty in a one-layer network).
  PlotSeries layer1_vm;
  std::vector<double> layer1_spike_ms;
  // Plot 4: layer-0 raster as spike counts per (row, time bin); row r holds neurons
  // [r * neurons_per_row, (r + 1) * neurons_per_row).
  DensityImage raster;
  std::uint32_t layer0_size = 0;
  std::uint32_t neurons_per_row = 1;
  std::vector<double> row_onset_ms;  // per raster row: the earliest onset of its neurons
};

}  // namespace spikescope
